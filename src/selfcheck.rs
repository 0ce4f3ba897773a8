//! 自己診断 (self-check): whether this installation can do its job, checked without a window and
//! without touching the office's data. Run after installing (`madoguchi self-check`,
//! `madoguchi-app --self-check`) and by the package test on a clean root, where a missing shared
//! library or an unusable temporary directory shows before a caseworker meets it.

use std::path::Path;

use crate::print::fonts::{self, Face};
use crate::store::migrate;

/// One line of the self-check: what was checked (Japanese) and what was found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    pub detail: String,
}

/// Every check, in the order a person would read them. Never touches the office database: the
/// database check creates (and then deletes) a throwaway one in a fresh temporary directory.
pub fn run() -> Vec<Check> {
    let mut checks = vec![Check {
        name: "プログラムの版",
        ok: true,
        detail: format!(
            "{}（データベースの版 {}）",
            crate::VERSION,
            migrate::latest_version()
        ),
    }];
    checks.push(match database_roundtrip() {
        Ok(detail) => Check {
            name: "暗号化データベース",
            ok: true,
            detail,
        },
        Err(e) => Check {
            name: "暗号化データベース",
            ok: false,
            detail: e,
        },
    });
    for (face, name) in [
        (Face::Mincho, "帳票フォント（明朝）"),
        (Face::Gothic, "帳票フォント（ゴシック）"),
    ] {
        checks.push(match fonts::face(face) {
            Ok(f) if f.glyph('窓').is_some() => Check {
                name,
                ok: true,
                detail: face.pdf_name().to_string(),
            },
            Ok(_) => Check {
                name,
                ok: false,
                detail: "「窓」の字形がありません".into(),
            },
            Err(e) => Check {
                name,
                ok: false,
                detail: e.to_string(),
            },
        });
    }
    checks
}

/// Create an encrypted database with every migration and an account, close it, log in to it
/// again (key slot, SQLCipher key, schema) and check that the file on disk is not plain SQLite.
fn database_roundtrip() -> Result<String, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("一時フォルダを作れません: {e}"))?;
    let path = dir.path().join("selfcheck.db");
    let password = "selfcheck-一時的な診断用";
    let clock = crate::service::system_clock();
    drop(
        crate::service::setup::create_with_admin(&path, "selfcheck", "自己診断", password, &clock)
            .map_err(|e| e.to_string())?,
    );
    let (store, _, _) = crate::auth::login(&path, "selfcheck", password, crate::clock::now(&clock))
        .map_err(|e| e.to_string())?;
    let version = migrate::current_version(store.conn()).map_err(|e| e.to_string())?;
    if version != migrate::latest_version() {
        return Err(format!(
            "データベースの版が {version} です（{} のはず）",
            migrate::latest_version()
        ));
    }
    drop(store);
    encrypted_on_disk(&path)?;
    Ok(format!(
        "作成・暗号化・ログイン・読み戻しに成功（版 {version}）"
    ))
}

/// A plain SQLite file starts with "SQLite format 3"; SQLCipher's pages look random.
fn encrypted_on_disk(path: &Path) -> Result<(), String> {
    let head = std::fs::read(path).map_err(|e| e.to_string())?;
    if head.starts_with(b"SQLite format 3") {
        return Err("データベースが暗号化されていません".into());
    }
    Ok(())
}

/// The self-check as text, one line per check; true when every check passed.
pub fn report(checks: &[Check]) -> (String, bool) {
    let mut out = String::new();
    for c in checks {
        out.push_str(&format!(
            "{} {}: {}\n",
            if c.ok { "OK " } else { "NG " },
            c.name,
            c.detail
        ));
    }
    let ok = checks.iter().all(|c| c.ok);
    out.push_str(if ok {
        "自己診断: すべて正常です\n"
    } else {
        "自己診断: 異常があります（上の NG の行を確認してください）\n"
    });
    (out, ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_passes_on_a_working_build() {
        let checks = run();
        let (text, ok) = report(&checks);
        assert!(ok, "{text}");
        assert!(text.contains("暗号化データベース"), "{text}");
    }

    #[test]
    fn a_plain_sqlite_file_is_reported_as_not_encrypted() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plain.db");
        rusqlite::Connection::open(&p)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        assert!(encrypted_on_disk(&p).is_err());
    }
}
