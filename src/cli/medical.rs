//! `institutions import`, `vouchers run`, `print vouchers`, `print voucher-ledger`: the commands
//! operators script the month with (contract in docs/commands.md).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Subcommand;

use super::{print_json, read_register_csv, CliError, PrintAction};
use crate::domain::medical_aid::institution::ImportAction;
use crate::service::App;

#[derive(Subcommand, Debug)]
pub enum InstitutionsAction {
    /// 指定医療機関の CSV（UTF-8）を取り込む。--dry-run は新規・変更・エラーの行を一覧するだけで何も書き込まない。
    /// エラーの行が1つでもあれば何も取り込まない（終了コード 1）
    Import {
        /// CSV ファイル（見出し: code,name,kana,kind,postal_code,address,phone,valid_from,valid_to）
        file: PathBuf,
        /// 確認のみ（書き込まない）
        #[arg(long)]
        dry_run: bool,
        /// 結果を JSON で出力する
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum VouchersAction {
    /// その月に発行すべき券を確認して発行する（再実行しても重複しない。中断された発行は続きから）
    Run {
        /// 券の種類: medical（医療券・調剤券）・care（介護券）
        #[arg(long)]
        kind: String,
        /// 診療年月 YYYY-MM
        #[arg(long)]
        month: String,
        /// 発行した券を1行に1件の JSON で出力する
        #[arg(long)]
        json: bool,
    },
}

pub(super) fn institutions(app: &mut App, action: &InstitutionsAction) -> Result<i32, CliError> {
    let InstitutionsAction::Import {
        file,
        dry_run,
        json,
    } = action;
    let text = read_register_csv("指定医療機関の一覧", file)?;
    let report = app.institutions_import(&text, *dry_run)?;
    if *json {
        print_json(&report)?;
    } else {
        for l in &report.lines {
            if l.action == ImportAction::Unchanged {
                continue;
            }
            let what = if l.code.is_empty() {
                String::new()
            } else {
                format!(" {} {}", l.code, l.name)
            };
            let msg = if l.message.is_empty() {
                String::new()
            } else {
                format!("（{}）", l.message)
            };
            println!("{}行目: {}{what}{msg}", l.line, l.action_label);
        }
        let head = if report.applied {
            "取り込みました"
        } else if report.invalid > 0 {
            "エラーの行があるため、取り込んでいません"
        } else {
            "確認のみ（書き込んでいません）"
        };
        println!(
            "{head}: 新規 {}件・変更 {}件・変更なし {}件・エラー {}件",
            report.new, report.changed, report.unchanged, report.invalid
        );
    }
    Ok(if report.invalid > 0 { 1 } else { 0 })
}

pub(super) fn vouchers(app: &mut App, action: &VouchersAction) -> Result<i32, CliError> {
    let VouchersAction::Run { kind, month, json } = action;
    let tty = std::io::stderr().is_terminal();
    let result = app.vouchers_run(kind, month, &mut |done, total| {
        if tty && total > 0 {
            eprint!("\r発行中 {done}/{total}");
            let _ = std::io::stderr().flush();
        }
    })?;
    if tty {
        eprintln!();
    }
    if *json {
        let mut out = std::io::stdout().lock();
        for v in &result.issued {
            let line = serde_json::to_string(v).map_err(|e| CliError::Output(e.to_string()))?;
            writeln!(out, "{line}").map_err(|e| CliError::Output(e.to_string()))?;
        }
    } else {
        if result.resumed {
            println!("前回中断された発行の続きを行いました。");
        }
        println!(
            "{}分: 発行 {}件・発行済み {}件・保留 {}件・除外 {}件・取消済み {}件",
            result.month,
            result.issued.len(),
            result.already_issued,
            result.held,
            result.excluded,
            result.voided
        );
    }
    Ok(0)
}

pub(super) fn print(app: &mut App, action: &PrintAction) -> Result<(), CliError> {
    let (job, out) = match action {
        PrintAction::Vouchers { kind, month, out } => (app.print_vouchers(kind, month, None)?, out),
        PrintAction::VoucherLedger { kind, month, out } => {
            (app.print_voucher_ledger(kind, month)?, out)
        }
        _ => unreachable!("only the voucher forms come here"),
    };
    app.print_job_save_to(job.id, out)?;
    println!(
        "{}を書き出しました（{}ページ、印刷キュー ID {}）→ {}",
        job.title,
        job.pages,
        job.id,
        out.display()
    );
    Ok(())
}
