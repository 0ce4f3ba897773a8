//! `providers import`: the care-provider register from a CSV (contract in docs/commands.md and
//! docs/care-aid.md).

use std::path::PathBuf;

use clap::Subcommand;

use super::{print_json, read_register_csv, CliError};
use crate::domain::care_aid::provider::ProviderImportAction;
use crate::service::App;

#[derive(Subcommand, Debug)]
pub enum ProvidersAction {
    /// 指定介護機関・居宅介護支援事業者の CSV（UTF-8）を取り込む。--dry-run は新規・変更・エラーの行を
    /// 一覧するだけで何も書き込まない。エラーの行が1つでもあれば何も取り込まない（終了コード 1）
    Import {
        /// CSV ファイル（見出し: 事業所番号,事業所名,カナ,サービス種類,郵便番号,所在地,電話番号,指定年月日,指定終了日
        /// または number,name,kana,service_kinds,postal_code,address,phone,valid_from,valid_to）
        file: PathBuf,
        /// 確認のみ（書き込まない）
        #[arg(long)]
        dry_run: bool,
        /// 結果を JSON で出力する
        #[arg(long)]
        json: bool,
    },
}

pub(super) fn providers(app: &mut App, action: &ProvidersAction) -> Result<i32, CliError> {
    let ProvidersAction::Import {
        file,
        dry_run,
        json,
    } = action;
    let text = read_register_csv("介護機関の一覧", file)?;
    let report = app.care_providers_import(&text, *dry_run)?;
    if *json {
        print_json(&report)?;
    } else {
        for l in &report.lines {
            if l.action == ProviderImportAction::Unchanged && l.warning.is_none() {
                continue;
            }
            let what = if l.number.is_empty() {
                String::new()
            } else {
                format!(" {} {}", l.number, l.name)
            };
            let msg = if l.message.is_empty() {
                String::new()
            } else {
                format!("（{}）", l.message)
            };
            println!("{}行目: {}{what}{msg}", l.line, l.action_label);
            if let Some(w) = &l.warning {
                println!("  注意: {w}");
            }
        }
        let head = if report.applied {
            "取り込みました"
        } else if report.invalid > 0 {
            "エラーの行があるため、取り込んでいません"
        } else {
            "確認のみ（書き込んでいません）"
        };
        println!(
            "{head}: 新規 {}件・変更 {}件・変更なし {}件・エラー {}件（検証番号を照合できない番号 {}件）",
            report.new, report.changed, report.unchanged, report.invalid, report.warnings
        );
    }
    Ok(if report.invalid > 0 { 1 } else { 0 })
}
