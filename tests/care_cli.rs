//! `madoguchi providers import FILE.csv [--dry-run] [--json]` as scripts use it.

mod common;

use common::*;
use madoguchi::demo::DEMO_PASSWORD;

#[test]
fn providers_import_dry_run_then_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(run(&db, &["demo"], None).status.success());
    let csv = dir.path().join("providers.csv");
    std::fs::write(
        &csv,
        "number,name,service_kinds,valid_from\n1371000090,試験ヘルパー,11,2020-04-01\n13B7100010,試験総合,A6,2021-04-01\n",
    )
    .unwrap();
    let f = csv.to_str().unwrap();
    let out = run_as(
        &db,
        "med1",
        DEMO_PASSWORD,
        &["providers", "import", f, "--dry-run", "--json"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["dry_run"], true);
    assert_eq!(r["applied"], false);
    assert_eq!(r["new"], 2);
    assert_eq!(r["warnings"], 1);

    let out = run_as(&db, "med1", DEMO_PASSWORD, &["providers", "import", f]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("取り込みました: 新規 2件"), "{said}");
    assert!(said.contains("注意: 事業所区分が英字"), "{said}");

    // A broken line: exit code 1, nothing written.
    std::fs::write(
        &csv,
        "number,name,service_kinds,valid_from\n1371000018,番号違い,11,2020-04-01\n",
    )
    .unwrap();
    let out = run_as(&db, "med1", DEMO_PASSWORD, &["providers", "import", f]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("検証番号"));
    // A read-only account is refused in Japanese.
    let out = run_as(
        &db,
        "ro1",
        DEMO_PASSWORD,
        &["providers", "import", f, "--dry-run"],
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(!text(&out.stderr).is_empty());
}
