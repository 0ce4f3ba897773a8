//! `madoguchi exchange …` as operators and scripts use it: status --json (the contract fields),
//! export to a registered medium, import with a non-zero exit and a Japanese message on a refused
//! file, the error list, requeue, the 媒体管理簿 and the printable 確認リスト.

mod common;

use common::*;

#[test]
fn status_export_import_errors_requeue_register_and_checks() {
    let db = TestDb::new();
    queued_inquiries(&db, 3);
    let p = &db.path;

    let st: Vec<serde_json::Value> = serde_json::from_str(&ok(&run_as(
        p,
        "med",
        STAFF_PW,
        &["exchange", "status", "--json"],
    )))
    .unwrap();
    assert_eq!(st.len(), 3);
    for s in &st {
        for k in [
            "channel",
            "pending",
            "sent",
            "accepted",
            "errors",
            "oldest_pending",
        ] {
            assert!(s.get(k).is_some(), "missing {k} in {s}");
        }
    }
    let inquiry = st.iter().find(|s| s["channel"] == "inquiry").unwrap();
    assert_eq!(inquiry["pending"], 3);
    assert!(inquiry["oldest_pending"].is_string());
    let medical = st.iter().find(|s| s["channel"] == "medical").unwrap();
    assert_eq!(
        (
            medical["pending"].as_i64(),
            medical["oldest_pending"].is_null()
        ),
        (Some(0), true)
    );

    // An unregistered medium and an unknown channel are refused in Japanese.
    let usb = db.dir.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    let usb_s = usb.to_str().unwrap();
    let bad = run_as(
        p,
        "med",
        STAFF_PW,
        &[
            "exchange",
            "export",
            "--channel",
            "inquiry",
            "--medium",
            "USB-99",
            "--to",
            usb_s,
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("媒体管理簿に登録されていません"),
        "{}",
        text(&bad.stderr)
    );
    let bad = run_as(
        p,
        "med",
        STAFF_PW,
        &[
            "exchange",
            "export",
            "--channel",
            "kaigo",
            "--medium",
            MEDIUM,
            "--to",
            usb_s,
        ],
    );
    assert!(text(&bad.stderr).contains("medical / fukuhon / inquiry"));
    // A caseworker may not carry media.
    let cw = run_as(
        p,
        "cw",
        STAFF_PW,
        &[
            "exchange",
            "export",
            "--channel",
            "inquiry",
            "--medium",
            MEDIUM,
            "--to",
            usb_s,
        ],
    );
    assert!(
        text(&cw.stderr).contains("権限がありません"),
        "{}",
        text(&cw.stderr)
    );

    let out = ok(&run_as(
        p,
        "med",
        STAFF_PW,
        &[
            "exchange",
            "export",
            "--channel",
            "inquiry",
            "--medium",
            MEDIUM,
            "--to",
            usb_s,
        ],
    ));
    assert!(out.contains("バッチ 1") && out.contains("3 件"), "{out}");
    let data = usb.join("MDG_INQUIRY_12270013_000001.dat");
    assert!(
        data.exists()
            && usb
                .join("MDG_INQUIRY_12270013_000001.manifest.json")
                .exists()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&data).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // The manifest carries the audit log's anchor: the log can be checked against it.
    let manifest = usb.join("MDG_INQUIRY_12270013_000001.manifest.json");
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    assert!(
        m["audit_anchor"]
            .as_str()
            .unwrap()
            .starts_with("madoguchi-audit-anchor:v1:"),
        "{m}"
    );
    let verified = ok(&run_as(
        p,
        "sv",
        STAFF_PW,
        &["audit", "verify", "--anchor", manifest.to_str().unwrap()],
    ));
    assert!(!verified.is_empty());
    let nothing = run_as(
        p,
        "med",
        STAFF_PW,
        &[
            "exchange",
            "export",
            "--channel",
            "inquiry",
            "--medium",
            MEDIUM,
            "--to",
            usb_s,
        ],
    );
    assert!(text(&nothing.stderr).contains("送信する記録がありません"));

    // Results: line 2 rejected.
    let res = db.dir.path().join("results");
    std::fs::create_dir_all(&res).unwrap();
    let (name, bytes) = results_for(&data, &[2]);
    std::fs::write(res.join(&name), &bytes).unwrap();
    let res_s = res.to_str().unwrap();
    let out = ok(&run_as(p, "med", STAFF_PW, &["exchange", "import", res_s]));
    assert!(out.contains("受付 2 件、エラー 1 件"), "{out}");
    // The same file again: exit 1, a clear message, nothing changed.
    let again = run_as(p, "med", STAFF_PW, &["exchange", "import", res_s]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("取込済み")
            && text(&again.stderr).contains("何も変更していません"),
        "{}",
        text(&again.stderr)
    );

    let errs: Vec<serde_json::Value> = serde_json::from_str(&ok(&run_as(
        p,
        "med",
        STAFF_PW,
        &["exchange", "errors", "--json"],
    )))
    .unwrap();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0]["person_name"], "連携 一郎");
    assert_eq!(errs[0]["result_field_label"], "団体内統合宛名番号");
    let id = errs[0]["id"].as_i64().unwrap().to_string();
    let out = ok(&run_as(
        p,
        "med",
        STAFF_PW,
        &["exchange", "requeue", &id, "--note", "宛名番号を確認"],
    ));
    assert!(out.contains("再送待ち"), "{out}");
    let st: Vec<serde_json::Value> = serde_json::from_str(&ok(&run_as(
        p,
        "med",
        STAFF_PW,
        &["exchange", "status", "--json"],
    )))
    .unwrap();
    let inquiry = st.iter().find(|s| s["channel"] == "inquiry").unwrap();
    assert_eq!(
        (
            inquiry["pending"].as_i64(),
            inquiry["accepted"].as_i64(),
            inquiry["errors"].as_i64()
        ),
        (Some(1), Some(2), Some(0))
    );

    let reg: Vec<serde_json::Value> = serde_json::from_str(&ok(&run_as(
        p,
        "med",
        STAFF_PW,
        &["exchange", "register", "--json"],
    )))
    .unwrap();
    let actions: Vec<&str> = reg.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["import", "export"]);
    assert_eq!(reg[1]["medium_id"], MEDIUM);

    let pdf = db.dir.path().join("checks.pdf");
    ok(&run_as(
        p,
        "med",
        STAFF_PW,
        &[
            "exchange",
            "checks",
            "--all",
            "--pdf",
            pdf.to_str().unwrap(),
        ],
    ));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    let erase = run_as(p, "med", STAFF_PW, &["exchange", "erase", "--batch", "1"]);
    assert!(ok(&erase).contains("消去しました"));
    assert!(!data.exists() && !res.join(&name).exists());
}

#[test]
fn media_are_registered_by_the_administrator_only() {
    let db = TestDb::new();
    let p = &db.path;
    let out = ok(&run_as(
        p,
        ADMIN,
        ADMIN_PW,
        &[
            "exchange",
            "media",
            "add",
            "USB-07",
            "--label",
            "USBメモリ7号",
        ],
    ));
    assert!(out.contains("USB-07"));
    let dup = run_as(
        p,
        ADMIN,
        ADMIN_PW,
        &["exchange", "media", "add", "USB-07", "--label", "x"],
    );
    assert!(text(&dup.stderr).contains("既に登録"));
    let med = run_as(
        p,
        "med",
        STAFF_PW,
        &["exchange", "media", "add", "USB-08", "--label", "x"],
    );
    assert!(text(&med.stderr).contains("権限がありません"));
    let bad = run_as(
        p,
        ADMIN,
        ADMIN_PW,
        &["exchange", "media", "add", "USB 8/..", "--label", "x"],
    );
    assert!(text(&bad.stderr).contains("媒体ID"));
    ok(&run_as(
        p,
        ADMIN,
        ADMIN_PW,
        &["exchange", "media", "retire", "USB-07"],
    ));
    let list = ok(&run_as(p, "med", STAFF_PW, &["exchange", "media", "list"]));
    assert!(list.contains("USB-07") && list.contains("廃棄済"), "{list}");
}
