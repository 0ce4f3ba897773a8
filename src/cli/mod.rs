//! The `madoguchi` command line, used by operators and scripts. Its flags and outputs are a
//! contract (README): keep them stable. Every subcommand is a thin call into `service`; errors go
//! to stderr in Japanese with a non-zero exit code, never as a panic trace.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod care;
mod medical;

use crate::domain::role::Role;
use crate::service::{self, App, ServiceError};

/// Exit code when `audit verify` finds tampering (distinct from ordinary errors).
pub const EXIT_AUDIT_BROKEN: i32 = 3;

#[derive(Parser, Debug)]
#[command(name = "madoguchi", version = crate::VERSION, about = "窓口 — 生活保護業務システム（コマンドライン）")]
pub struct Cli {
    /// データベースファイル（省略時はこのPCのデータフォルダ）
    #[arg(long, global = true, env = "MADOGUCHI_DB")]
    pub db: Option<PathBuf>,
    /// ログインするユーザーID（パスワードは MADOGUCHI_PASSWORD か端末から）
    #[arg(long, global = true)]
    pub user: Option<String>,
    /// 変更するコマンドで、アプリがデータベースを使用中のとき終了を待つ秒数（0: 待たずに中止）
    #[arg(long, global = true, default_value_t = 0)]
    pub wait: u64,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 新しい事務所のデータベースと最初の管理者を作成する
    Init {
        /// 管理者のユーザーID
        #[arg(long)]
        admin: String,
        /// 管理者の氏名
        #[arg(long)]
        name: String,
    },
    /// ユーザーの追加・パスワード再設定・無効化
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// 試用のデモ用データベースを作成する（架空の50世帯。ユーザー demo / パスワード madoguchi-demo）
    Demo,
    /// 自己診断（暗号化データベース・帳票フォントがこのPCで使えるか。事務所のデータには触れない）
    SelfCheck,
    /// 窓口検索（ケース番号・氏名・カナ・生年月日・電話番号）
    Search {
        query: String,
        /// JSON で出力する
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// バックアップ: --out FILE に1つのファイル（暗号化されたデータベース・鍵ファイル・目録とチェックサム）を作る。
    /// backup verify FILE で検査する
    #[command(args_conflicts_with_subcommands = true)]
    Backup {
        /// 作成するバックアップファイル（既にあれば作りません）
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(subcommand)]
        action: Option<BackupAction>,
    },
    /// バックアップを検査してから新しい場所（--to、既にあれば中止）へ復元する。--user は管理者
    Restore {
        file: PathBuf,
        #[arg(long)]
        to: PathBuf,
    },
    /// 保存期間: plan（削除予定の一覧）/ run（一覧を表示して削除を実行）
    Retention {
        #[command(subcommand)]
        action: RetentionAction,
    },
    /// データベースの鍵を更新する（新しい鍵で暗号化し直し、すべての鍵スロットを作り直す）。
    /// 鍵が漏れたおそれがあるとき（パスワードを知る職員の退職など）。他の画面・PCは閉じておく
    Rekey,
    /// 操作ログ
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    /// 個人番号鍵（個人番号を暗号化する第二の鍵）
    RevealKey {
        #[command(subcommand)]
        action: RevealKeyAction,
    },
    /// 基準額表の取込・一覧
    Rates {
        #[command(subcommand)]
        action: RatesAction,
    },
    /// 世帯の最低生活費・収入認定額・保護費を計算して、各行の根拠とともに表示する
    /// （--input: 登録していない世帯をファイルで渡して試算する。書式は docs/rate-tables.md §9）
    Calc {
        /// 世帯ID またはケース番号
        #[arg(long, required_unless_present = "input", conflicts_with = "input")]
        household: Option<String>,
        /// 計算日（西暦 2025-10-01 または 和暦 R7.10.1）
        #[arg(long, required_unless_present = "input", conflicts_with = "input")]
        date: Option<String>,
        /// 試算する世帯を書いた JSON ファイル（登録も保存もしない）
        #[arg(long)]
        input: Option<PathBuf>,
        /// JSON で出力する
        #[arg(long)]
        json: bool,
    },
    /// 帳票を作成して PDF に書き出す（証明書は印刷キューにも登録）
    Print {
        #[command(subcommand)]
        action: PrintAction,
    },
    /// 指定医療機関の一括取込
    Institutions {
        #[command(subcommand)]
        action: medical::InstitutionsAction,
    },
    /// 医療券・調剤券の月次発行
    Vouchers {
        #[command(subcommand)]
        action: medical::VouchersAction,
    },
    /// 指定介護機関・居宅介護支援事業者の一括取込
    Providers {
        #[command(subcommand)]
        action: care::ProvidersAction,
    },
    /// 中間サーバー連携（送信待ちの状況・媒体への出力・結果の取込・再送・媒体管理簿）
    Exchange {
        #[command(subcommand)]
        action: ExchangeAction,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExchangeAction {
    /// 連携の種類ごとの状況（未送信・送信済・受付済・エラーの件数、最も古い未送信）
    Status {
        /// JSON で出力する
        #[arg(long)]
        json: bool,
    },
    /// 送信待ちの記録を1つのバッチとして媒体のフォルダに出力する（中断した出力はここで再開）
    Export {
        /// medical（医療扶助資格確認）/ fukuhon（副本）/ inquiry（情報照会）
        #[arg(long)]
        channel: String,
        /// 媒体ID（媒体管理簿に登録済みのもの）
        #[arg(long)]
        medium: String,
        /// 出力先のフォルダ（媒体上）
        #[arg(long)]
        to: PathBuf,
    },
    /// 中断したままの出力を取り消す（媒体上のファイルも消す）
    Cancel {
        #[arg(long)]
        channel: String,
    },
    /// フォルダ内の結果ファイルを取り込む（形式・事務所・順番・SHA-256 を検査。拒否したら終了コード 1）
    Import { dir: PathBuf },
    /// 連携エラーの一覧（対象者と誤りの項目）
    Errors {
        #[arg(long)]
        channel: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 元のデータを直したあと、エラーの記録を再送待ちにする
    Requeue {
        /// 記録ID（errors の id）。複数指定可
        ids: Vec<i64>,
        /// 直した内容のメモ
        #[arg(long)]
        note: Option<String>,
    },
    /// バッチの一覧
    Batches {
        #[arg(long)]
        json: bool,
    },
    /// 結果取込済みのバッチのファイルを媒体から消去し、媒体管理簿に記録する
    Erase {
        /// バッチID（batches の id）
        #[arg(long)]
        batch: i64,
    },
    /// 媒体（登録・廃棄・一覧）
    Media {
        #[command(subcommand)]
        action: MediaAction,
    },
    /// 媒体管理簿（出力・取込・消去の記録）
    Register {
        #[arg(long)]
        json: bool,
    },
    /// 確認リスト（個人番号の変更・空白など）。--pdf で印刷用 PDF を書き出す
    Checks {
        /// 確認済みも含める
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        pdf: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum MediaAction {
    /// 媒体を登録する（システム管理者）
    Add {
        medium_id: String,
        /// 媒体の名前（種類・保管場所など）
        #[arg(long)]
        label: String,
    },
    /// 媒体を廃棄済みにする
    Retire { medium_id: String },
    /// 登録済みの媒体の一覧
    List,
}

#[derive(Subcommand, Debug)]
pub enum PrintAction {
    /// その月の交付済みの券（医療券・調剤券、介護券）を医療機関・介護機関順に PDF に書き出す（印刷キューに登録）
    Vouchers {
        /// 券の種類: medical（医療券・調剤券）・care（介護券）
        #[arg(long)]
        kind: String,
        /// 診療年月 YYYY-MM
        #[arg(long)]
        month: String,
        /// 書き出す PDF ファイル（既にあれば上書き）
        #[arg(long)]
        out: PathBuf,
    },
    /// その月の交付処理簿（医療券交付処理簿・介護券交付処理簿）を PDF に書き出す（印刷キューに登録）
    VoucherLedger {
        /// 券の種類: medical（医療券・調剤券）・care（介護券）
        #[arg(long)]
        kind: String,
        /// 診療年月 YYYY-MM
        #[arg(long)]
        month: String,
        /// 書き出す PDF ファイル（既にあれば上書き）
        #[arg(long)]
        out: PathBuf,
    },
    /// 保護受給証明書を作成して PDF に書き出す
    Certificate {
        /// 世帯員のID（search --json の person_id）
        #[arg(long)]
        person: i64,
        /// 書き出す PDF ファイル（既にあれば上書き）
        #[arg(long)]
        out: PathBuf,
        /// 扶助の種類（繰り返し指定で絞り込み。省略すると、発行日に効力のある決裁済みの決定の
        /// 扶助すべて）: living / education / housing / medical / long_term_care / maternity /
        /// occupational / funeral（生活扶助 などの日本語名も可）。決定にない種類は拒否されます
        #[arg(long = "aid")]
        aids: Vec<String>,
        /// 用途（任意。証明書に印字し、発行簿と操作ログに残る）
        #[arg(long)]
        purpose: Option<String>,
    },
    /// 決定通知書（開始・変更・停止・廃止・却下）を PDF に書き出す（決裁済みの決定のみ）
    Notice {
        /// 決定ID
        #[arg(long)]
        decision: i64,
        /// 書き出す PDF ファイル（既にあれば上書き）
        #[arg(long)]
        out: PathBuf,
        /// 文書番号（例: 窓福第123号。省略時は「第　　　　号」で手書き欄）
        #[arg(long)]
        number: Option<String>,
        /// 通知日（省略時は今日。西暦・和暦とも可）
        #[arg(long)]
        date: Option<String>,
        /// 支給方法（例: 口座振込（毎月5日））
        #[arg(long)]
        payment_method: Option<String>,
        /// 決裁前の決定を確認用に「案」として印刷する（送付不可）
        #[arg(long)]
        draft: bool,
    },
    /// 保護決定調書を PDF に書き出す（決裁前は「案」の表示付き）
    CalcSheet {
        /// 決定ID
        #[arg(long)]
        decision: i64,
        /// 書き出す PDF ファイル（既にあれば上書き）
        #[arg(long)]
        out: PathBuf,
        /// 作成日（省略時は今日）
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum RatesAction {
    /// 基準額表のフォルダ（manifest.toml と各表の CSV）を取り込む
    Import {
        dir: PathBuf,
        /// 試験用（実在しない）の数字を含む表も取り込む（テスト・デモ専用）
        #[arg(long)]
        allow_test_figures: bool,
    },
    /// 取り込み済みの基準額表の一覧
    List {
        /// JSON で出力する
        #[arg(long)]
        json: bool,
    },
    /// 国の基準額表（プログラムに同梱）をこのデータベースで使い始める（国の表なしで作ったデータベース用）
    InstallNational,
    /// 基準改定: プログラムの更新で入った国の基準額表のうち、一括認定がまだのもの
    Revisions {
        /// JSON で出力する
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserAction {
    /// ユーザーを追加する（初回ログイン時にパスワード変更）
    Add {
        user_id: String,
        #[arg(long)]
        name: String,
        /// caseworker / medical_clerk / supervisor / approver / admin / readonly（日本語名も可）
        #[arg(long)]
        role: String,
        /// 仮パスワード（省略時は自動生成して表示）
        #[arg(long, env = "MADOGUCHI_TEMP_PASSWORD")]
        temp_password: Option<String>,
    },
    /// 仮パスワードを再設定する（ロックも解除）
    Reset {
        user_id: String,
        #[arg(long, env = "MADOGUCHI_TEMP_PASSWORD")]
        temp_password: Option<String>,
    },
    /// ユーザーを無効にする（鍵スロットを削除）
    Disable { user_id: String },
    /// 自分のパスワードを変更する（そのアカウントの鍵スロットだけを作り直す。個人番号鍵は保たれる）。
    /// --user を省略するとこの ID でログイン。現在のパスワードは MADOGUCHI_PASSWORD か端末から、
    /// 新しいパスワードは MADOGUCHI_NEW_PASSWORD か端末から（2回）
    Password { user_id: String },
}

#[derive(Subcommand, Debug)]
pub enum BackupAction {
    /// バックアップファイルを検査する（長さ・チェックサム・目録）。--user を付けると、
    /// そのパスワードで中身を開き、整合性と操作ログを目録の控えと照合する（管理者）
    Verify { file: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum RetentionAction {
    /// 保存期間を過ぎた記録（削除予定）を一覧にする
    Plan,
    /// 削除予定を表示し、すべてを1つの処理で削除する（削除の記録が残る）。
    /// 端末では確認を求める。スクリプトからは --yes
    Run {
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum RevealKeyAction {
    /// --user のアカウントに、鍵を持つ職員（--by）から個人番号鍵を付与する。
    /// 付与する職員のパスワードは MADOGUCHI_HOLDER_PASSWORD か端末から（その場で本人が入力）
    Grant {
        #[arg(long)]
        by: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditAction {
    /// 操作ログのハッシュチェーンを検査する（改ざんがあれば終了コード 3）。
    /// データベースの横の控え（.anchors）と、--anchor で指定したファイルの控えの最新のものと照合する
    Verify {
        /// 控えを含むファイル（送付ファイル・バックアップの目録・日次要約）。複数指定できます
        #[arg(long)]
        anchor: Vec<PathBuf>,
    },
    /// 操作ログ日次要約（その日の操作別・職員別の件数と、この時点の控え）を表示する
    Summary {
        /// 日付（西暦 2026-04-01 または和暦。省略時は今日）
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error("{0}")]
    Usage(String),
    #[error("出力に失敗しました: {0}")]
    Output(String),
}

impl CliError {
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Service(e) => e.code(),
            CliError::Usage(_) => "CLI_USAGE",
            CliError::Output(_) => "CLI_OUTPUT",
        }
    }
}

/// The database this PC's first-run setup chose (its local configuration), else
/// `madoguchi.db` in the platform's data folder.
pub fn default_db_path() -> PathBuf {
    use crate::service::firstrun::LocalConfig;
    if let Some(c) = LocalConfig::default_path().and_then(|p| LocalConfig::load(&p).ok().flatten())
    {
        return c.database;
    }
    directories::ProjectDirs::from("jp", "madoguchi", "madoguchi")
        .map(|d| d.data_dir().join("madoguchi.db"))
        .unwrap_or_else(|| PathBuf::from("madoguchi.db"))
}

fn password(prompt: &str) -> Result<String, CliError> {
    if let Ok(p) = std::env::var("MADOGUCHI_PASSWORD") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "パスワードを環境変数 MADOGUCHI_PASSWORD で渡すか、端末から実行してください".into(),
        ));
    }
    rpassword::prompt_password(prompt)
        .map_err(|e| CliError::Usage(format!("パスワードを読めません: {e}")))
}

/// Log in for one command, keeping the session in `session` so that [`run`] can log a refusal
/// by the rules after the command failed (as the UI's door does).
fn login<'a>(
    cli: &Cli,
    db: &std::path::Path,
    session: &'a mut Option<App>,
) -> Result<&'a mut App, CliError> {
    let mut app = login_app(cli, db)?;
    let (what, target) = call_of(&cli.command);
    app.set_call_context(&what, target);
    Ok(session.insert(app))
}

/// End the session [`login`] began.
fn logout(session: &mut Option<App>) -> Result<(), CliError> {
    if let Some(app) = session.take() {
        app.logout()?;
    }
    Ok(())
}

/// What a command is, for the audit entry of a refusal: its name as typed, and its target.
fn call_of(c: &Command) -> (String, Option<(String, String)>) {
    let id = |kind: &str, id: i64| Some((kind.to_string(), id.to_string()));
    match c {
        Command::Print { action } => {
            let what = format!("print {}", variant_name(action));
            let target = match action {
                PrintAction::Certificate { person, .. } => id("person", *person),
                PrintAction::Notice { decision, .. } | PrintAction::CalcSheet { decision, .. } => {
                    id("decision", *decision)
                }
                _ => None,
            };
            (what, target)
        }
        // A trial (`--input`) is of nobody: its use is audited without a target.
        Command::Calc { household, .. } => (
            variant_name(c),
            household.clone().map(|h| ("household".to_string(), h)),
        ),
        _ => (variant_name(c), None),
    }
}

/// A subcommand's name as clap spells it (`CalcSheet` → `calc-sheet`), from the variant's
/// name only — never its fields (a temporary password is one).
fn variant_name(v: &impl std::fmt::Debug) -> String {
    let mut name = String::new();
    for ch in format!("{v:?}")
        .chars()
        .take_while(|ch| ch.is_ascii_alphanumeric())
    {
        if ch.is_ascii_uppercase() && !name.is_empty() {
            name.push('-');
        }
        name.push(ch.to_ascii_lowercase());
    }
    name
}

fn login_app(cli: &Cli, db: &std::path::Path) -> Result<App, CliError> {
    let user = cli
        .user
        .clone()
        .or_else(|| std::env::var("MADOGUCHI_USER").ok())
        .ok_or_else(|| CliError::Usage("--user でユーザーIDを指定してください".into()))?;
    let pw = password(&format!("{user} のパスワード: "))?;
    Ok(App::login(db, &user, &pw)?)
}

/// A temporary password that passes the rules, for an operator who did not give one.
fn generated_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    let part = |rng: &mut rand::rngs::OsRng| -> String {
        (0..4)
            .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
            .collect()
    };
    format!("kari-{}-{}", part(&mut rng), part(&mut rng))
}

/// A register CSV (`institutions import`, `providers import`): its length checked against the
/// core's bound before it is read, then UTF-8 or a message saying how to fix it.
fn read_register_csv(what: &str, file: &std::path::Path) -> Result<String, CliError> {
    let cannot = |e: std::io::Error| {
        CliError::Usage(format!("ファイル {} を読めません: {e}", file.display()))
    };
    let len = std::fs::metadata(file).map_err(cannot)?.len();
    service::register_import::check_size(what, len)?;
    let bytes = std::fs::read(file).map_err(cannot)?;
    String::from_utf8(bytes).map_err(|_| {
        CliError::Usage(format!(
            "ファイル {} は UTF-8 ではありません（Shift_JIS の場合は UTF-8 で保存し直してください）",
            file.display()
        ))
    })
}

fn print_json<T: serde::Serialize>(v: &T) -> Result<(), CliError> {
    let s = serde_json::to_string_pretty(v).map_err(|e| CliError::Output(e.to_string()))?;
    println!("{s}");
    Ok(())
}

pub fn run(cli: Cli) -> Result<i32, CliError> {
    let mut session = None;
    let r = run_command(&cli, &mut session);
    // Refused by the rules inside the use case: logged like a refusal through the screen.
    if let (Err(CliError::Service(e)), Some(app)) = (&r, session.as_mut()) {
        app.record_if_rule_refusal(e.code(), &e.to_string());
    }
    r
}

fn run_command(cli: &Cli, session: &mut Option<App>) -> Result<i32, CliError> {
    let db = cli.db.clone().unwrap_or_else(default_db_path);
    let clock = service::system_clock();
    // Commands that change records or keys wait for (or refuse beside) the desktop app.
    let writes = matches!(
        &cli.command,
        Command::User { .. }
            | Command::Rekey
            | Command::Print { .. }
            | Command::RevealKey { .. }
            | Command::Rates {
                action: RatesAction::Import { .. }
            }
            | Command::Retention {
                action: RetentionAction::Run { .. }
            }
    );
    let _instance = if writes && db.exists() {
        Some(
            crate::store::instance::claim_cli(
                &db,
                std::time::Duration::from_secs(cli.wait),
                || {
                    eprintln!(
                        "アプリがこのデータベースを使用中です。終了を待っています（最長 {} 秒）…",
                        cli.wait
                    )
                },
            )
            .map_err(ServiceError::from)?,
        )
    } else {
        None
    };
    if let Command::User {
        action: UserAction::Password { user_id },
    } = &cli.command
    {
        return change_own_password(cli, &db, user_id);
    }
    match &cli.command {
        Command::Init { admin, name } => {
            let pw = password(&format!("{admin} の新しいパスワード: "))?;
            if std::env::var("MADOGUCHI_PASSWORD").is_err() {
                let again = password("もう一度入力してください: ")?;
                if again != pw {
                    return Err(CliError::Usage("パスワードが一致しません".into()));
                }
            }
            service::setup::create_office_database(&db, admin, name, &pw, &clock)?;
            println!("データベースを作成しました: {}", db.display());
            println!(
                "鍵ファイル: {}（データベースと一緒にバックアップしてください）",
                crate::store::side_file_path(&db).display()
            );
            Ok(0)
        }
        Command::SelfCheck => {
            let (text, ok) = crate::selfcheck::report(&crate::selfcheck::run());
            print!("{text}");
            Ok(if ok { 0 } else { 1 })
        }
        Command::Demo => {
            crate::demo::create_demo(&db, &clock)?;
            println!("デモ用データベースを作成しました: {}", db.display());
            println!(
                "ユーザー {} / パスワード {}（試用専用。実データには使わないでください）",
                crate::demo::DEMO_ADMIN,
                crate::demo::DEMO_PASSWORD
            );
            Ok(0)
        }
        Command::User { action } => {
            let app = login(cli, &db, session)?;
            match action {
                UserAction::Add {
                    user_id,
                    name,
                    role,
                    temp_password,
                } => {
                    let role: Role =
                        role.parse()
                            .map_err(|e: crate::domain::role::UnknownRole| {
                                CliError::Usage(e.to_string())
                            })?;
                    let (pw, generated) = match temp_password {
                        Some(p) => (p.clone(), false),
                        None => (generated_password(), true),
                    };
                    let u = app.add_user(user_id, name, role, &pw)?;
                    println!(
                        "ユーザーを追加しました: {}（{}・{}）",
                        u.user_id, u.display_name, u.role_label
                    );
                    if generated {
                        println!("仮パスワード: {pw}（初回ログイン時に変更が必要です）");
                    }
                }
                UserAction::Reset {
                    user_id,
                    temp_password,
                } => {
                    let (pw, generated) = match temp_password {
                        Some(p) => (p.clone(), false),
                        None => (generated_password(), true),
                    };
                    app.reset_password(user_id, &pw)?;
                    println!("パスワードを再設定しました: {user_id}");
                    if generated {
                        println!("仮パスワード: {pw}（次回ログイン時に変更が必要です）");
                    }
                }
                UserAction::Disable { user_id } => {
                    app.set_user_disabled(user_id, true, None)?;
                    println!("ユーザーを無効にしました: {user_id}");
                }
                UserAction::Password { .. } => unreachable!("handled before login"),
            }
            logout(session)?;
            Ok(0)
        }
        Command::Search { query, json, limit } => {
            let app = login(cli, &db, session)?;
            let hits = app.search(query, *limit, true)?;
            if *json {
                #[derive(serde::Serialize)]
                struct Row<'a> {
                    household_id: i64,
                    case_number: &'a str,
                    person_id: i64,
                    name: &'a str,
                    kana: &'a str,
                    birth_date: &'a str,
                }
                let rows: Vec<Row> = hits
                    .iter()
                    .map(|h| Row {
                        household_id: h.household_id,
                        case_number: &h.case_number,
                        person_id: h.person_id,
                        name: &h.name,
                        kana: &h.kana,
                        birth_date: &h.birth_date,
                    })
                    .collect();
                print_json(&rows)?;
            } else if hits.is_empty() {
                println!("該当なし");
            } else {
                for h in &hits {
                    let line = format!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        h.case_number,
                        h.name,
                        h.kana,
                        h.birth_date_wareki,
                        h.relationship,
                        h.household_status_label
                    );
                    // Names are data: a stored escape sequence must not act on the terminal.
                    println!("{}", terminal_safe(&line.replace('\n', " ")));
                }
                println!("{} 件", hits.len());
            }
            logout(session)?;
            Ok(0)
        }
        Command::Rates { action } => {
            let app = login(cli, &db, session)?;
            match action {
                RatesAction::Import {
                    dir,
                    allow_test_figures,
                } => {
                    let files = read_rate_dir(dir)?;
                    let s = app.import_rates(&files, *allow_test_figures)?;
                    println!("基準額表を取り込みました: {}（{}）", s.version, s.title);
                    println!(
                        "適用期間: {}〜{}",
                        s.effective_from,
                        s.effective_to.clone().unwrap_or_default()
                    );
                    println!("SHA-256: {}", s.sha256);
                    if s.test_figures {
                        println!("注意: 試験用（実在しない）の数字を含みます。実際の決定には使わないでください");
                    }
                    print_missing(&s);
                }
                RatesAction::InstallNational => {
                    let list = app.install_national_rates()?;
                    if list.is_empty() {
                        println!("国の基準額表はすべて取り込み済みです");
                    }
                    for s in &list {
                        println!(
                            "国の基準額表を取り込みました: {}（{}）{}〜{}",
                            s.version,
                            s.title,
                            s.effective_from,
                            s.effective_to.clone().unwrap_or_default()
                        );
                        print_missing(s);
                    }
                }
                RatesAction::Revisions { json } => {
                    let list = app.rate_revisions()?;
                    if *json {
                        print_json(&list)?;
                    } else if list.is_empty() {
                        println!("一括認定を待っている基準改定はありません");
                    } else {
                        for r in &list {
                            println!("{}", r.message);
                            println!(
                                "  一括認定の試算: 基準額表 {} / 適用日 {}",
                                r.version, r.effective_from
                            );
                        }
                    }
                }
                RatesAction::List { json } => {
                    let list = app.list_rates()?;
                    if *json {
                        print_json(&list)?;
                    } else if list.is_empty() {
                        println!("取り込み済みの基準額表はありません");
                    } else {
                        for s in &list {
                            let state = if s.missing.is_empty() {
                                "決定に使用可"
                            } else {
                                "不完全"
                            };
                            let test = if s.test_figures {
                                "（試験用）"
                            } else {
                                ""
                            };
                            println!(
                                "{}\t{}〜{}\t{}{}\t{}\t{}",
                                s.version,
                                s.effective_from,
                                s.effective_to.clone().unwrap_or_default(),
                                state,
                                test,
                                &s.sha256[..12],
                                s.title
                            );
                        }
                    }
                }
            }
            logout(session)?;
            Ok(0)
        }
        Command::Calc {
            input: Some(path),
            json,
            ..
        } => {
            let trial = read_trial(path)?;
            let app = login(cli, &db, session)?;
            let v = app.calc_trial(&trial)?;
            if *json {
                print_json(&v)?;
            } else {
                print_calc(&v);
            }
            logout(session)?;
            Ok(0)
        }
        Command::Calc {
            household,
            date,
            json,
            ..
        } => {
            let (Some(household), Some(date)) = (household, date) else {
                return Err(CliError::Usage("--household と --date を指定するか、--input で試算する世帯のファイルを指定してください".into()));
            };
            let app = login(cli, &db, session)?;
            let id = match household.trim().parse::<i64>() {
                Ok(id) => id,
                Err(_) => crate::store::households::id_by_case_number(
                    app.store().conn(),
                    household.trim(),
                )
                .map_err(ServiceError::from)?
                .ok_or_else(|| {
                    CliError::Usage(format!("ケース番号「{household}」の世帯はありません"))
                })?,
            };
            let v = app.calc_household_view(id, date)?;
            if *json {
                print_json(&v)?;
            } else {
                print_calc(&v);
            }
            logout(session)?;
            Ok(0)
        }
        Command::Print {
            action:
                PrintAction::Certificate {
                    person,
                    out,
                    aids,
                    purpose,
                },
        } => {
            let aids = aids
                .iter()
                .map(|a| {
                    crate::domain::aid::AidKind::from_code(a).ok_or_else(|| {
                        CliError::Usage(format!(
                            "扶助の種類「{a}」はありません（living / education / housing / medical / long_term_care / maternity / occupational / funeral）"
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let app = login(cli, &db, session)?;
            let aids = if aids.is_empty() {
                app.certificate_options(*person)?
                    .aids
                    .into_iter()
                    .map(|a| a.aid)
                    .collect()
            } else {
                aids
            };
            let job = app.print_certificate_to(*person, &aids, purpose.as_deref(), out)?;
            println!(
                "{}を作成しました: 番号 {}（発行簿 ID {}）→ {}",
                job.title,
                job.issue_number.as_deref().unwrap_or("-"),
                job.id,
                out.display()
            );
            logout(session)?;
            Ok(0)
        }
        Command::Institutions { action } => {
            let app = login(cli, &db, session)?;
            let code = medical::institutions(app, action)?;
            logout(session)?;
            Ok(code)
        }
        Command::Vouchers { action } => {
            let app = login(cli, &db, session)?;
            let code = medical::vouchers(app, action)?;
            logout(session)?;
            Ok(code)
        }
        Command::Print {
            action: action @ (PrintAction::Vouchers { .. } | PrintAction::VoucherLedger { .. }),
        } => {
            let app = login(cli, &db, session)?;
            medical::print(app, action)?;
            logout(session)?;
            Ok(0)
        }
        Command::Print { action } => {
            let app = login(cli, &db, session)?;
            let (doc, out) = match action {
                PrintAction::Notice {
                    decision,
                    out,
                    number,
                    date,
                    payment_method,
                    draft,
                } => {
                    let opts = service::notices::NoticeOptions {
                        number: number.clone(),
                        date: date.clone(),
                        payment_method: payment_method.clone(),
                        allow_draft: *draft,
                    };
                    (app.print_decision_notice(*decision, &opts)?, out)
                }
                PrintAction::CalcSheet {
                    decision,
                    out,
                    date,
                } => (
                    app.print_calculation_sheet(*decision, date.as_deref())?,
                    out,
                ),
                PrintAction::Certificate { .. }
                | PrintAction::Vouchers { .. }
                | PrintAction::VoucherLedger { .. } => unreachable!("handled above"),
            };
            write_private(out, &doc.pages_pdf)?;
            let mark = if doc.draft {
                "（案・決裁前）"
            } else {
                ""
            };
            println!(
                "{}{}を書き出しました: 決定ID {} → {}",
                doc.title,
                mark,
                doc.decision_id,
                out.display()
            );
            logout(session)?;
            Ok(0)
        }
        Command::Providers { action } => {
            let app = login(cli, &db, session)?;
            let code = care::providers(app, action)?;
            logout(session)?;
            Ok(code)
        }
        Command::Exchange { action } => {
            let app = login(cli, &db, session)?;
            let code = run_exchange(app, action)?;
            logout(session)?;
            Ok(code)
        }
        Command::Audit {
            action: AuditAction::Verify { anchor },
        } => {
            let mut extra = vec![];
            for f in anchor {
                let bytes = std::fs::read(f).map_err(|e| {
                    CliError::Usage(format!("控えのファイル {} を読めません: {e}", f.display()))
                })?;
                let found = crate::audit::Anchor::find_in(&String::from_utf8_lossy(&bytes));
                if found.is_empty() {
                    return Err(CliError::Usage(format!(
                        "ファイル {} に操作ログの控えがありません",
                        f.display()
                    )));
                }
                extra.extend(found);
            }
            let app = login(cli, &db, session)?;
            let r = app.verify_audit_with(&extra)?;
            logout(session)?;
            if r.ok {
                println!("{}", r.message);
                Ok(0)
            } else {
                eprintln!("{}", r.message);
                Ok(EXIT_AUDIT_BROKEN)
            }
        }
        Command::Audit {
            action: AuditAction::Summary { date },
        } => audit_summary(cli, &db, date.as_deref()),
        Command::Backup { out, action } => match (out, action) {
            (Some(out), None) => {
                let app = login(cli, &db, session)?;
                let v = app.backup_to(out)?;
                logout(session)?;
                println!("バックアップを作成しました: {}", v.path);
                print_manifest(&v.manifest);
                Ok(0)
            }
            (None, Some(BackupAction::Verify { file })) => {
                let user = cli
                    .user
                    .clone()
                    .or_else(|| std::env::var("MADOGUCHI_USER").ok());
                match user {
                    None => {
                        let m = service::backup::verify_file(file)?;
                        println!(
                            "バックアップファイルは完全です（長さ・チェックサム・目録）: {}",
                            file.display()
                        );
                        print_manifest(&m);
                        println!("中身（整合性・操作ログ）も確かめるには --user 管理者ID を付けてください");
                    }
                    Some(u) => {
                        let pw =
                            password(&format!("{u} のパスワード（バックアップ作成時のもの）: "))?;
                        let r = service::backup::verify_deep(file, &u, &pw, clock)?;
                        println!("バックアップを検査しました。ファイル・整合性・操作ログとも問題ありません: {}", file.display());
                        print_manifest(&r.manifest);
                        println!("操作ログ: {}", r.audit.message);
                    }
                }
                Ok(0)
            }
            _ => Err(CliError::Usage(
                "backup --out ファイル または backup verify ファイル で指定してください".into(),
            )),
        },
        Command::Restore { file, to } => {
            let user = cli
                .user
                .clone()
                .or_else(|| std::env::var("MADOGUCHI_USER").ok())
                .ok_or_else(|| CliError::Usage("--user で管理者のユーザーIDを指定してください（バックアップ作成時に有効だったパスワードで開きます）".into()))?;
            let pw = password(&format!(
                "{user} のパスワード（バックアップ作成時のもの）: "
            ))?;
            let r = service::backup::restore(file, to, &user, &pw, clock)?;
            println!("バックアップを検査して復元しました: {}", r.restored_to);
            print_manifest(&r.manifest);
            println!("操作ログ: {}", r.audit.message);
            Ok(0)
        }
        Command::Retention { action } => {
            let app = login(cli, &db, session)?;
            let v = app.retention_view()?;
            for r in &v.rules {
                println!("規則: {}", r.label);
            }
            if v.plan.is_empty() {
                println!("保存期間を過ぎた記録はありません");
            } else {
                println!(
                    "削除予定 {} 件（確認番号 {}）:",
                    v.plan.len(),
                    v.plan_digest
                );
                for i in &v.plan {
                    println!(
                        "{}\t{}\t{}\t起算日 {}\t満了 {}\t{}",
                        i.record_type.code(),
                        i.record_id,
                        terminal_safe(&i.label),
                        i.event_date,
                        i.due_date,
                        i.rule
                    );
                }
            }
            if let RetentionAction::Run { yes } = action {
                if !v.plan.is_empty() {
                    if !yes {
                        if !std::io::stdin().is_terminal() {
                            return Err(CliError::Usage(
                                "削除を実行するには --yes を付けるか、端末から実行して確認してください".into(),
                            ));
                        }
                        eprint!(
                            "上の {} 件を削除します。よろしければ「削除」と入力してください: ",
                            v.plan.len()
                        );
                        let mut line = String::new();
                        std::io::stdin()
                            .read_line(&mut line)
                            .map_err(|e| CliError::Usage(e.to_string()))?;
                        if line.trim() != "削除" {
                            println!("中止しました（何も削除していません）");
                            logout(session)?;
                            return Ok(1);
                        }
                    }
                    let r = app.retention_run(&v.plan_digest)?;
                    println!("{} 件を削除しました（{} 行）。削除の記録は保存期間の画面と操作ログにあります", r.deleted.len(), r.rows);
                }
            }
            logout(session)?;
            Ok(0)
        }
        Command::Rekey => {
            let app = login(cli, &db, session)?;
            let r = app.rekey()?;
            println!(
                "データベースの鍵を更新しました。{} 人の鍵スロットを新しい鍵で作り直しました（各自の次のログインで完了）",
                r.rewrapped.len()
            );
            if !r.dropped.is_empty() {
                println!(
                    "次のアカウントは古い形式の鍵スロットのため作り直せませんでした。パスワードの再設定（user reset）が必要です: {}",
                    r.dropped.join(", ")
                );
            }
            logout(session)?;
            Ok(0)
        }
        Command::RevealKey {
            action: RevealKeyAction::Grant { by },
        } => {
            let app = login(cli, &db, session)?;
            let holder_pw = match std::env::var("MADOGUCHI_HOLDER_PASSWORD") {
                Ok(p) => p,
                Err(_) if std::io::stdin().is_terminal() => rpassword::prompt_password(format!("{by} のパスワード: "))
                    .map_err(|e| CliError::Usage(format!("パスワードを読めません: {e}")))?,
                Err(_) => {
                    return Err(CliError::Usage(
                        "付与する職員のパスワードを MADOGUCHI_HOLDER_PASSWORD で渡すか、端末から実行してください".into(),
                    ))
                }
            };
            app.grant_reveal_key_from(by, &holder_pw)?;
            println!(
                "{} に個人番号鍵を付与しました（付与した職員: {}）",
                app.user().user_id,
                by
            );
            logout(session)?;
            Ok(0)
        }
    }
}

fn print_manifest(m: &crate::store::backup::Manifest) {
    println!(
        "作成: {}（{}{}）",
        m.created_at,
        m.created_by,
        if m.automatic { "・自動" } else { "" }
    );
    println!("データベース: {} バイト  SHA-256 {}", m.db_len, m.db_sha256);
    println!("操作ログの控え: {}", m.anchor);
}

/// `user password ID`: the account's own password change (only its slot is rewrapped).
fn change_own_password(cli: &Cli, db: &std::path::Path, user_id: &str) -> Result<i32, CliError> {
    let who = cli
        .user
        .clone()
        .or_else(|| std::env::var("MADOGUCHI_USER").ok())
        .unwrap_or_else(|| user_id.to_string());
    if who != user_id {
        return Err(CliError::Usage(format!(
            "パスワードの変更は本人だけができます（{user_id} として --user {user_id} でログインしてください）。ほかの人のパスワードは user reset で再設定します"
        )));
    }
    let old = password(&format!("{user_id} の現在のパスワード: "))?;
    let new = match std::env::var("MADOGUCHI_NEW_PASSWORD") {
        Ok(p) => p,
        Err(_) if std::io::stdin().is_terminal() => {
            let a = rpassword::prompt_password("新しいパスワード: ")
                .map_err(|e| CliError::Usage(format!("パスワードを読めません: {e}")))?;
            let b = rpassword::prompt_password("もう一度入力してください: ")
                .map_err(|e| CliError::Usage(format!("パスワードを読めません: {e}")))?;
            if a != b {
                return Err(CliError::Usage("パスワードが一致しません".into()));
            }
            a
        }
        Err(_) => {
            return Err(CliError::Usage(
                "新しいパスワードを MADOGUCHI_NEW_PASSWORD で渡すか、端末から実行してください"
                    .into(),
            ))
        }
    };
    let mut app = App::login(db, user_id, &old)?;
    let info = app.change_password(&old, &new)?;
    println!("パスワードを変更しました: {user_id}");
    if info.holds_reveal_key {
        println!("個人番号鍵は新しいパスワードでも使えます");
    }
    app.logout()?;
    Ok(0)
}

fn channel_arg(s: &str) -> Result<crate::exchange::Channel, CliError> {
    crate::exchange::Channel::from_code(s.trim()).ok_or_else(|| {
        CliError::Usage(format!(
            "連携の種類「{s}」はありません（medical / fukuhon / inquiry）"
        ))
    })
}

fn run_exchange(app: &mut App, action: &ExchangeAction) -> Result<i32, CliError> {
    match action {
        ExchangeAction::Status { json } => {
            let st = app.exchange_status()?;
            if *json {
                print_json(&st)?;
            } else {
                for s in &st {
                    let oldest = match (&s.oldest_pending, s.oldest_pending_days) {
                        (Some(t), Some(d)) => format!("最も古い未送信 {t}（{d}日）"),
                        _ => "未送信なし".into(),
                    };
                    println!(
                        "{}\t{}\t未送信 {}\t送信済 {}\t受付済 {}\tエラー {}\t{}{}",
                        s.channel.code(),
                        s.label,
                        s.pending,
                        s.sent,
                        s.accepted,
                        s.errors,
                        oldest,
                        if s.interrupted_export {
                            "\t中断した出力あり"
                        } else {
                            ""
                        }
                    );
                }
            }
            Ok(0)
        }
        ExchangeAction::Export {
            channel,
            medium,
            to,
        } => {
            let c = channel_arg(channel)?;
            let e = app.exchange_export(c, medium, to, &mut |_| true)?;
            let resumed = if e.resumed {
                "（中断していた出力を完了）"
            } else {
                ""
            };
            println!(
                "{}のバッチ {} を出力しました{}: {} 件 → 媒体 {}（{}）",
                c.label(),
                e.seq,
                resumed,
                e.records,
                e.medium_id,
                e.dir
            );
            for f in &e.files {
                println!("  {f}");
            }
            println!("SHA-256: {}", e.data_sha256);
            Ok(0)
        }
        ExchangeAction::Cancel { channel } => {
            let c = channel_arg(channel)?;
            let seq = app.exchange_cancel_export(c)?;
            println!(
                "{}の中断した出力（バッチ {seq}）を取り消しました",
                c.label()
            );
            Ok(0)
        }
        ExchangeAction::Import { dir } => {
            let r = app.exchange_import(dir)?;
            for i in &r.imported {
                println!(
                    "{}のバッチ {} の結果を取り込みました（{}）: 受付 {} 件、エラー {} 件、結果なし {} 件{}{}",
                    i.channel_label,
                    i.seq,
                    i.file,
                    i.accepted,
                    i.errors,
                    i.missing,
                    if i.answers > 0 { format!("、照会回答 {} 件", i.answers) } else { String::new() },
                    if i.checks > 0 { format!("、確認リスト {} 件", i.checks) } else { String::new() },
                );
            }
            match &r.refused_message {
                Some(m) => {
                    eprintln!("エラー: {m}");
                    Ok(1)
                }
                None => Ok(0),
            }
        }
        ExchangeAction::Errors { channel, json } => {
            let c = channel.as_deref().map(channel_arg).transpose()?;
            let list = app.exchange_errors(c)?;
            if *json {
                print_json(&list)?;
            } else if list.is_empty() {
                println!("エラーの記録はありません");
            } else {
                for e in &list {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t直す場所: {}",
                        e.id,
                        e.channel_label,
                        e.case_number.clone().unwrap_or_default(),
                        e.person_name.clone().unwrap_or_default(),
                        e.result_code.clone().unwrap_or_default(),
                        e.result_field_label.clone().unwrap_or_default(),
                        e.result_message.clone().unwrap_or_default(),
                        e.correction_place.clone().unwrap_or_default()
                    );
                }
                println!("{} 件", list.len());
            }
            Ok(0)
        }
        ExchangeAction::Requeue { ids, note } => {
            if ids.is_empty() {
                return Err(CliError::Usage("再送する記録のIDを指定してください".into()));
            }
            for id in ids {
                let v = app.exchange_requeue(*id, note.as_deref())?;
                println!(
                    "記録 {} を再送待ちにしました（版 {}）: {} {}",
                    v.id,
                    v.revision,
                    v.kind_label,
                    v.person_name.unwrap_or_default()
                );
            }
            Ok(0)
        }
        ExchangeAction::Batches { json } => {
            let list = app.exchange_batches(200)?;
            if *json {
                print_json(&list)?;
            } else {
                for b in &list {
                    println!(
                        "{}\t{}\tバッチ {}\t{}\t{} 件\t媒体 {}\t{}",
                        b.id,
                        b.channel_label,
                        b.seq,
                        b.state_label,
                        b.record_count,
                        b.medium_id,
                        b.dir
                    );
                }
            }
            Ok(0)
        }
        ExchangeAction::Erase { batch } => {
            let e = app.exchange_erase_batch(*batch)?;
            println!(
                "バッチ {} のファイルを媒体から消去しました（{} 件）",
                e.seq,
                e.removed.len()
            );
            for f in &e.removed {
                println!("  {f}");
            }
            for f in &e.absent {
                println!("  （既になし）{f}");
            }
            Ok(0)
        }
        ExchangeAction::Media { action } => {
            match action {
                MediaAction::Add { medium_id, label } => {
                    let m = app.exchange_register_medium(medium_id, label)?;
                    println!("媒体を登録しました: {}（{}）", m.medium_id, m.label);
                }
                MediaAction::Retire { medium_id } => {
                    let m = app.exchange_retire_medium(medium_id)?;
                    println!("媒体を廃棄済みにしました: {}", m.medium_id);
                }
                MediaAction::List => {
                    for m in app.exchange_media()? {
                        let state = if m.retired_at.is_some() {
                            "廃棄済"
                        } else {
                            "使用可"
                        };
                        println!(
                            "{}\t{}\t{}\t登録 {} {}",
                            m.medium_id, m.label, state, m.registered_at, m.registered_by
                        );
                    }
                }
            }
            Ok(0)
        }
        ExchangeAction::Register { json } => {
            let list = app.exchange_media_register(1000)?;
            if *json {
                print_json(&list)?;
            } else {
                for r in &list {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\tバッチ {}\t{} 件\t{}",
                        r.at,
                        r.medium_id,
                        r.action_label,
                        r.user_id,
                        r.channel_label,
                        r.seq,
                        r.record_count,
                        r.files.join(" ")
                    );
                }
            }
            Ok(0)
        }
        ExchangeAction::Checks { all, json, pdf } => {
            let list = app.exchange_checks(!*all)?;
            if let Some(out) = pdf {
                let doc = app.exchange_check_list_pdf(!*all)?;
                write_private(out, &doc)?;
                println!(
                    "確認リストを書き出しました: {}（{} 件）",
                    out.display(),
                    list.len()
                );
            } else if *json {
                print_json(&list)?;
            } else if list.is_empty() {
                println!("確認が必要な項目はありません");
            } else {
                for c in &list {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        c.id,
                        c.kind_label,
                        c.case_number.clone().unwrap_or_default(),
                        c.person_name.clone().unwrap_or_default(),
                        c.detail
                    );
                }
            }
            Ok(0)
        }
    }
}

/// Write a file holding personal data: readable by its owner only (on Unix).
fn audit_summary(cli: &Cli, db: &std::path::Path, date: Option<&str>) -> Result<i32, CliError> {
    let mut app = login_app(cli, db)?;
    let date = match date {
        Some(d) => crate::domain::era::parse_date(d).map_err(|e| CliError::Usage(e.to_string()))?,
        None => app.today(),
    };
    let s = app.audit_daily_summary(date)?;
    app.logout()?;
    for l in s.lines() {
        println!("{l}");
    }
    Ok(0)
}

fn write_private(path: &std::path::Path, bytes: &[u8]) -> Result<(), CliError> {
    // A new private file renamed over the target: a symlink at --out is replaced, never followed,
    // and the result is 0600 whatever mode an existing file had.
    crate::fsutil::write_atomic_private(path, bytes)
        .map_err(|e| CliError::Output(format!("{}: {e}", path.display())))
}

/// A trial household from a JSON file (docs/rate-tables.md §9): UTF-8, at most 1 MB, every
/// problem said in Japanese with its line — never the parser's own text.
fn read_trial(path: &std::path::Path) -> Result<crate::domain::trial::TrialInput, CliError> {
    use std::io::Read;
    let shown = path
        .display()
        .to_string()
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect::<String>();
    let meta = std::fs::metadata(path)
        .map_err(|_| CliError::Usage(format!("{shown}: ファイルが見つからないか、読めません")))?;
    if !meta.is_file() || meta.len() > 1024 * 1024 {
        return Err(CliError::Usage(format!(
            "{shown}: 試算の世帯を書いた JSON ファイル（1 MB まで）を指定してください"
        )));
    }
    let mut bytes = vec![];
    std::fs::File::open(path)
        .and_then(|f| f.take(1024 * 1024 + 1).read_to_end(&mut bytes))
        .map_err(|_| CliError::Usage(format!("{shown}: 読めません")))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        CliError::Usage(format!(
            "{shown}: 文字コードが UTF-8 ではありません。UTF-8 で保存し直してください"
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    serde_json::from_str(text).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                "JSON として読めません（括弧・引用符・カンマを確認してください）".to_string()
            }
            _ => {
                let msg = e.to_string();
                let name = |prefix: &str| {
                    msg.split(prefix).nth(1).and_then(|r| r.split('`').next()).filter(|n| n.len() <= 40 && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).map(str::to_string)
                };
                if let Some(n) = name("unknown field `") {
                    format!("「{n}」という項目は使えません（項目は docs/rate-tables.md §9）")
                } else if let Some(n) = name("missing field `") {
                    format!("必須の項目「{n}」がありません")
                } else {
                    "項目の値の形が違います（数は数字、日付は \"2027-01-15\" の形、種類は docs/rate-tables.md §9 の名前）".to_string()
                }
            }
        };
        CliError::Usage(format!("{shown} {}行目: {what}", e.line()))
    })
}

/// The set's files, read as the core reads them (no symlinks, UTF-8 checked, Japanese errors).
fn read_rate_dir(dir: &std::path::Path) -> Result<Vec<(String, String)>, CliError> {
    crate::calc::rates::read_set_dir(dir).map_err(|e| CliError::Service(ServiceError::Rates(e)))
}

fn print_missing(s: &crate::service::views::RateSetSummary) {
    if s.missing.is_empty() {
        println!("級地 {} の決定に必要な表はそろっています", s.office_grade);
        if !s.to_import.is_empty() {
            println!("次の表は含まれていません（該当する世帯は、事務所で表を追加するまで計算できません）:");
            for m in &s.to_import {
                println!("  - {m}");
            }
        }
    } else {
        println!(
            "級地 {} の決定にはまだ使えません（不足 {} 件）:",
            s.office_grade,
            s.missing.len()
        );
        for m in &s.missing {
            println!("  - {m}");
        }
    }
}

/// A line's table by its title, then where it is in the set's files (for the auditor).
fn cited_table(l: &crate::service::views::CalcLineView) -> String {
    [l.table_title.as_deref(), l.table_ref.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

fn print_calc(v: &crate::service::views::CalcView) {
    use crate::domain::money::yen;
    if v.household_id == 0 {
        println!(
            "試算（登録していない世帯。保存しません）  計算日 {}（{}）  {}",
            v.date_wareki, v.date, v.grade_label
        );
    } else {
        println!(
            "世帯 {}（ID {}）  計算日 {}（{}）  {}",
            v.case_number, v.household_id, v.date_wareki, v.date, v.grade_label
        );
    }
    println!("基準額表 {}  SHA-256 {}", v.rate_version, v.rate_sha256);
    if v.test_figures {
        println!("注意: 試験用（実在しない）の基準額表です");
    }
    println!(
        "世帯員: {}",
        v.members
            .iter()
            .map(|m| format!("{}（{}歳）", m.name, m.age))
            .collect::<Vec<_>>()
            .join("、")
    );
    println!();
    println!("【最低生活費】");
    for l in &v.lines {
        let mark = if l.counted { " " } else { "*" };
        println!(
            "{mark} {:<8}\t{}\t{}\t{}\t{:>10} 円\t{}",
            l.kind_of_aid_label,
            l.label,
            l.member_name.clone().unwrap_or_default(),
            cited_table(l),
            yen(l.amount_yen),
            l.note
        );
    }
    println!("  （* は計算過程の行で、合計には含めません）");
    println!();
    println!("【収入認定】");
    if v.income_lines.is_empty() {
        println!("  収入なし");
    }
    for l in &v.income_lines {
        println!(
            "  {}\t{}\t{}\t{:>10} 円\t{}",
            l.label,
            l.member_name.clone().unwrap_or_default(),
            cited_table(l),
            yen(l.amount_yen),
            l.note
        );
    }
    println!();
    println!("【扶助別】");
    for k in &v.by_kind {
        println!(
            "  {}\t最低生活費 {:>10} 円\t収入充当 {:>10} 円\t扶助額 {:>10} 円",
            k.label,
            yen(k.minimum_yen),
            yen(k.income_applied_yen),
            yen(k.aid_yen)
        );
    }
    println!();
    println!("最低生活費   {:>10} 円", yen(v.minimum_total_yen));
    println!("収入認定額   {:>10} 円", yen(v.income_recognised_yen));
    println!(
        "保護費       {:>10} 円（うち金銭給付 {} 円）",
        yen(v.benefit_yen),
        yen(v.cash_benefit_yen)
    );
    if v.own_payment_care_yen + v.own_payment_medical_yen > 0 {
        println!(
            "本人支払額   介護 {} 円 / 医療 {} 円",
            yen(v.own_payment_care_yen),
            yen(v.own_payment_medical_yen)
        );
    }
    println!(
        "{}",
        if v.needed {
            "要保護（収入が最低生活費に満たない）"
        } else {
            "要保護でない（収入が最低生活費以上）"
        }
    );
}

/// The whole program: parse, run, report. Returns the process exit code.
/// Text safe for a terminal: control characters (escape sequences, carriage returns, bells)
/// from names, IDs or files become visible `\u{..}` escapes instead of acting on the terminal.
pub fn terminal_safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

pub fn main() -> i32 {
    // `madoguchi calc … | head`: a closed pipe ends the program quietly, as it does any Unix tool,
    // instead of a panic on the next write.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of one signal at start-up, before any thread.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "エラー: 予期しない問題が起きました。操作は完了していません（{}）",
            terminal_safe(&info.to_string())
        );
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("エラー: {}", terminal_safe(&e.to_string()));
            1
        }
    }
}
