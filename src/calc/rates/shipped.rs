//! The national rate sets the program ships (`data/rates/national-*`), embedded in the binary so
//! that a new database — and a program update — brings them without any file to find. Each is
//! the same files an office would import (see `docs/rate-tables.md` §6 for what they hold and
//! what they leave to the office).

/// One shipped set: its version (= directory name) and its files.
#[derive(Debug, Clone, Copy)]
pub struct ShippedSet {
    pub version: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

impl ShippedSet {
    pub fn file_refs(&self) -> Vec<(&'static str, &'static str)> {
        self.files.to_vec()
    }
}

macro_rules! shipped {
    ($dir:literal) => {
        ShippedSet {
            version: $dir,
            files: &[
                (
                    "manifest.toml",
                    include_str!(concat!("../../../data/rates/", $dir, "/manifest.toml")),
                ),
                (
                    "daiichi.csv",
                    include_str!(concat!("../../../data/rates/", $dir, "/daiichi.csv")),
                ),
                (
                    "teigen.csv",
                    include_str!(concat!("../../../data/rates/", $dir, "/teigen.csv")),
                ),
                (
                    "daini.csv",
                    include_str!(concat!("../../../data/rates/", $dir, "/daini.csv")),
                ),
                (
                    "keikateki.csv",
                    include_str!(concat!("../../../data/rates/", $dir, "/keikateki.csv")),
                ),
                (
                    "toki.csv",
                    include_str!(concat!("../../../data/rates/", $dir, "/toki.csv")),
                ),
                (
                    "toki_months.csv",
                    include_str!(concat!("../../../data/rates/", $dir, "/toki_months.csv")),
                ),
                (
                    "toki_regions.csv",
                    include_str!(concat!("../../../data/rates/", $dir, "/toki_regions.csv")),
                ),
                (
                    "kasan.csv",
                    include_str!(concat!("../../../data/rates/", $dir, "/kasan.csv")),
                ),
                (
                    "kimatsu.csv",
                    include_str!(concat!("../../../data/rates/", $dir, "/kimatsu.csv")),
                ),
                (
                    "jutaku.csv",
                    include_str!(concat!("../../../data/rates/", $dir, "/jutaku.csv")),
                ),
                (
                    "kinro_kiso.csv",
                    include_str!(concat!("../../../data/rates/", $dir, "/kinro_kiso.csv")),
                ),
            ],
        }
    };
}

/// Every shipped national set, oldest first.
pub const NATIONAL: &[ShippedSet] = &[shipped!("national-2025-10"), shipped!("national-2026-10")];

/// The first day the shipped sets cover: the oldest set's `effective_from` (from its manifest, so
/// the date lives once, in the data).
pub fn first_effective_from() -> chrono::NaiveDate {
    let manifest = NATIONAL[0]
        .files
        .iter()
        .find(|(name, _)| *name == "manifest.toml")
        .map(|(_, text)| *text)
        .unwrap_or_default();
    // The embedded manifest is checked by the test below; a broken one fails every build's tests.
    super::manifest::parse_manifest(manifest)
        .map(|m| m.effective_from)
        .unwrap_or(chrono::NaiveDate::MAX)
}

/// The `[tables]` titles of the newest shipped set, read once.
pub(super) fn national_table_titles() -> &'static std::collections::BTreeMap<super::TableId, String>
{
    static TITLES: std::sync::OnceLock<std::collections::BTreeMap<super::TableId, String>> =
        std::sync::OnceLock::new();
    TITLES.get_or_init(|| {
        NATIONAL
            .last()
            .and_then(|s| s.files.iter().find(|(name, _)| *name == "manifest.toml"))
            .and_then(|(_, text)| super::manifest::parse_manifest(text).ok())
            .map(|m| m.table_titles)
            .unwrap_or_default()
    })
}

/// Whether `version` is (or completes, `national-…+office-…`) a shipped national set.
pub fn is_national(version: &str) -> bool {
    let base = national_base(version);
    NATIONAL.iter().any(|s| s.version == base)
}

/// The national set a version was built from: `national-2026-10+office-2026-10` →
/// `national-2026-10` (a version without `+` is its own base).
pub fn national_base(version: &str) -> &str {
    version.split('+').next().unwrap_or(version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The embedded files are exactly the directories' files: none forgotten, none stale.
    #[test]
    fn embedded_sets_are_the_shipped_directories() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rates");
        let mut dirs: Vec<String> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
            .collect();
        dirs.sort();
        assert_eq!(dirs, NATIONAL.iter().map(|s| s.version).collect::<Vec<_>>());
        for s in NATIONAL {
            let on_disk = crate::calc::rates::read_set_dir(&root.join(s.version)).unwrap();
            let mut embedded: Vec<(String, String)> = s
                .files
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect();
            embedded.sort();
            assert_eq!(embedded, on_disk, "{}", s.version);
            let set = crate::calc::rates::parse_files(&s.file_refs()).unwrap();
            assert_eq!(set.version(), s.version);
        }
        let first = crate::calc::rates::parse_files(&NATIONAL[0].file_refs()).unwrap();
        assert_eq!(first_effective_from(), first.manifest.effective_from);
        assert!(is_national("national-2026-10+office-1"));
        assert!(!is_national("test-2025"));
    }
}
