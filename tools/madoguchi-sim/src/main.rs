//! `madoguchi-sim --in DIR --out DIR [--reject N[,N…]] [--drop N[,N…]] [--corrupt]`
//! — see the library's documentation. Exit 0: results written; 1: usage or I/O; 2: a batch was
//! refused (no result written for it).

use std::path::PathBuf;

use clap::Parser;

/// 中間サーバーのシミュレーター（テスト・デモ用。配布しません）
#[derive(Parser, Debug)]
#[command(name = "madoguchi-sim", version, about)]
struct Args {
    /// 出力された一括データのフォルダ
    #[arg(long = "in")]
    input: PathBuf,
    /// 結果ファイルを書くフォルダ
    #[arg(long = "out")]
    output: PathBuf,
    /// 受け付けない記録の番号（バッチ内の位置）。 番号[:コード[:項目]] をカンマ区切りで
    #[arg(long)]
    reject: Option<String>,
    /// 結果を返さない記録の番号（カンマ区切り）
    #[arg(long)]
    drop: Option<String>,
    /// 結果ファイルを壊して書く（SHA-256 が合わなくなる）
    #[arg(long)]
    corrupt: bool,
    /// サーバーの日付（照会の回答日。省略時は今日）
    #[arg(long)]
    date: Option<String>,
}

fn main() {
    let args = Args::parse();
    // The server answers on Japan's date, like the office (madoguchi::clock).
    let now = madoguchi::clock::system_clock()();
    let run = || -> Result<Vec<madoguchi_sim::Summary>, madoguchi_sim::SimError> {
        let date = match &args.date {
            Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                madoguchi_sim::SimError::Usage(format!("--date「{d}」は YYYY-MM-DD です"))
            })?,
            None => now.date_naive(),
        };
        let opts = madoguchi_sim::Options {
            input: args.input.clone(),
            output: args.output.clone(),
            reject: args
                .reject
                .as_deref()
                .map(madoguchi_sim::parse_rejects)
                .transpose()?
                .unwrap_or_default(),
            drop: args
                .drop
                .as_deref()
                .map(madoguchi_sim::parse_numbers)
                .transpose()?
                .unwrap_or_default(),
            corrupt: args.corrupt,
            date,
            now: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        };
        madoguchi_sim::run(&opts)
    };
    match run() {
        Ok(list) => {
            for s in list {
                println!(
                    "{} バッチ {}: {} 件 → 受付 {} / エラー {} / 回答 {} / 結果なし {}{} → {}",
                    s.channel.code(),
                    s.seq,
                    s.records,
                    s.accepted,
                    s.errors,
                    s.answered,
                    s.dropped,
                    if s.corrupted {
                        "（壊したファイル）"
                    } else {
                        ""
                    },
                    s.result_file.display()
                );
            }
        }
        Err(e) => {
            eprintln!("エラー: {e}");
            std::process::exit(if matches!(e, madoguchi_sim::SimError::Batch { .. }) {
                2
            } else {
                1
            });
        }
    }
}
