//! Reading `manifest.toml`. The TOML is first parsed into a plain table (a syntax error gives
//! only its line), then every key is read by hand, so each problem gets our Japanese message
//! with its line and no parser or serde text ever reaches the office.

use super::parse::shown;
use super::*;
use crate::calc::{Rate4, Rounding};
use std::collections::BTreeMap;
use toml::{Table, Value};

/// Longest version id, title, note, source text: far above any real value, short enough to
/// print on one line of the import screen.
const MAX_VERSION_CHARS: usize = 64;
const MAX_TITLE_CHARS: usize = 200;
const MAX_NOTE_CHARS: usize = 4_000;
const MAX_URL_CHARS: usize = 500;

const TOP_KEYS: &[&str] = &[
    "version",
    "title",
    "effective_from",
    "effective_to",
    "note",
    "base",
    "rules",
    "sources",
    "office_imports",
    "tables",
];
const RULE_KEYS: &[&str] = &[
    "teigen_rounding",
    "prorate_rounding",
    "age_basis",
    "minor_age",
    "juzen_hosho",
    "juzen_reference_date",
    "old_ratio",
];
const SOURCE_KEYS: &[&str] = &[
    "id",
    "title",
    "url",
    "verification",
    "trust",
    "checked_on",
    "note",
];
const IMPORT_KEYS: &[&str] = &["table", "kinds", "reason"];
/// A table's title is printed in the 根拠 column of the 調書: short.
const MAX_TABLE_TITLE_CHARS: usize = 40;

/// The manifest's text with the line of each key, for messages about values (the TOML table
/// keeps no positions). `section` is the `[table]` or `[[array]]` header the key lives under,
/// and `nth` which occurrence of an `[[array]]` header.
struct Lines<'a> {
    text: &'a str,
}

impl Lines<'_> {
    fn of(&self, section: Option<(&str, usize)>, key: &str) -> Option<usize> {
        let mut current: Option<(String, usize)> = None;
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (i, raw) in self.text.lines().enumerate() {
            let line = raw.trim();
            if let Some(h) = line.strip_prefix("[[").and_then(|l| l.split("]]").next()) {
                let n = seen.entry(h.trim().to_string()).or_insert(0);
                current = Some((h.trim().to_string(), *n));
                *n += 1;
                continue;
            }
            if let Some(h) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
                current = Some((h.trim().to_string(), 0));
                continue;
            }
            let here = current.as_ref().map(|(s, n)| (s.as_str(), *n));
            if here == section {
                if let Some((k, _)) = line.split_once('=') {
                    if k.trim().trim_matches('"') == key {
                        return Some(i + 1);
                    }
                }
            }
        }
        None
    }
}

fn err(line: Option<usize>, message: impl Into<String>) -> RateError {
    RateError::Manifest {
        line,
        message: message.into(),
    }
}

/// The line (1-based) of a byte offset.
fn line_of_offset(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Reads typed values out of one TOML table, naming the key and its line in every error.
struct Reader<'a> {
    table: &'a Table,
    lines: &'a Lines<'a>,
    section: Option<(&'a str, usize)>,
    /// How the section is named in messages ("rules.", "sources[2].").
    prefix: String,
}

impl<'a> Reader<'a> {
    fn line(&self, key: &str) -> Option<usize> {
        self.lines.of(self.section, key)
    }

    fn err(&self, key: &str, message: impl Into<String>) -> RateError {
        err(
            self.line(key),
            format!("{}{key} {}", self.prefix, message.into()),
        )
    }

    fn only_keys(&self, allowed: &[&str]) -> Result<(), RateError> {
        for k in self.table.keys() {
            if !allowed.contains(&k.as_str()) {
                let name = if k.chars().count() <= 40 && !k.chars().any(char::is_control) {
                    format!("「{}{k}」", self.prefix)
                } else {
                    "名前の長すぎる項目".to_string()
                };
                return Err(err(
                    self.line(k),
                    format!(
                        "{name}という項目は使えません（使える項目: {}）",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    fn opt_str(
        &self,
        key: &str,
        max_chars: usize,
        newlines: bool,
    ) -> Result<Option<String>, RateError> {
        match self.table.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => {
                if s.chars()
                    .any(|c| c.is_control() && !(newlines && (c == '\n' || c == '\t')))
                {
                    return Err(self.err(
                        key,
                        "に制御文字（改行・エスケープなど）が含まれています。取り除いてください",
                    ));
                }
                if s.chars().count() > max_chars {
                    return Err(self.err(
                        key,
                        format!(
                            "が長すぎます（{}文字。{max_chars}文字までにしてください）",
                            s.chars().count()
                        ),
                    ));
                }
                Ok(Some(s.clone()))
            }
            Some(_) => Err(self.err(key, "は \"…\" で囲んだ文字列で書きます")),
        }
    }

    fn req_str(&self, key: &str, max_chars: usize) -> Result<String, RateError> {
        match self.opt_str(key, max_chars, false)? {
            Some(s) if !s.trim().is_empty() => Ok(s),
            Some(_) => Err(self.err(key, "が空です")),
            None => Err(err(
                None,
                format!("{}{key} がありません（必須の項目です）", self.prefix),
            )),
        }
    }

    fn opt_date(&self, key: &str) -> Result<Option<NaiveDate>, RateError> {
        let bad = || self.err(key, "は日付 YYYY-MM-DD で書きます（例: \"2025-10-01\"）");
        match self.table.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map(Some)
                .map_err(|_| bad()),
            Some(Value::Datetime(dt)) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                        .map(Some)
                        .ok_or_else(bad)
                }
                _ => Err(bad()),
            },
            Some(_) => Err(bad()),
        }
    }

    fn req_date(&self, key: &str) -> Result<NaiveDate, RateError> {
        self.opt_date(key)?.ok_or_else(|| {
            err(
                None,
                format!(
                    "{}{key} がありません（必須の項目です。例: {key} = \"2025-10-01\"）",
                    self.prefix
                ),
            )
        })
    }

    fn opt_bool(&self, key: &str) -> Result<Option<bool>, RateError> {
        match self.table.get(key) {
            None => Ok(None),
            Some(Value::Boolean(b)) => Ok(Some(*b)),
            Some(_) => Err(self.err(key, "は true か false で書きます")),
        }
    }

    fn opt_u32(&self, key: &str, max: u32) -> Result<Option<u32>, RateError> {
        match self.table.get(key) {
            None => Ok(None),
            Some(Value::Integer(n)) if (0..=i64::from(max)).contains(n) => Ok(Some(*n as u32)),
            Some(_) => Err(self.err(key, format!("は 0〜{max} の整数で書きます"))),
        }
    }

    fn opt_str_list(&self, key: &str) -> Result<Vec<String>, RateError> {
        match self.table.get(key) {
            None => Ok(vec![]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::String(s)
                        if s.chars().count() <= MAX_VERSION_CHARS
                            && !s.chars().any(char::is_control) =>
                    {
                        Ok(s.trim().to_string())
                    }
                    _ => Err(self.err(key, "は [\"…\", \"…\"] の形の短い文字列の並びで書きます")),
                })
                .collect(),
            Some(_) => Err(self.err(key, "は [\"…\", \"…\"] の形で書きます")),
        }
    }

    fn tables(&self, key: &str) -> Result<Vec<&'a Table>, RateError> {
        match self.table.get(key) {
            None => Ok(vec![]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::Table(t) => Ok(t),
                    _ => Err(self.err(key, format!("は [[{key}]] の表として書きます"))),
                })
                .collect(),
            Some(_) => Err(self.err(key, format!("は [[{key}]] の表として書きます"))),
        }
    }
}

fn rounding(r: &Reader, key: &str) -> Result<Option<Rounding>, RateError> {
    match r.opt_str(key, MAX_VERSION_CHARS, false)? {
        None => Ok(None),
        Some(s) => Rounding::parse(&s).map(Some).ok_or_else(|| {
            r.err(
                key,
                format!("の値{}は使えません（floor1_ceil10, ceil10, floor10, half10, ceil1, floor1, half1 のいずれか）", shown(&s)),
            )
        }),
    }
}

fn parse_rules(r: &Reader) -> Result<Rules, RateError> {
    r.only_keys(RULE_KEYS)?;
    let age_basis = match r.opt_str("age_basis", MAX_VERSION_CHARS, false)?.as_deref() {
        None => None,
        Some("decision_date") => Some(AgeBasis::DecisionDate),
        Some("fiscal_year_start") => Some(AgeBasis::FiscalYearStart),
        Some(other) => {
            return Err(r.err(
                "age_basis",
                format!(
                    "の値{}は使えません（decision_date または fiscal_year_start）",
                    shown(other)
                ),
            ))
        }
    };
    let old_ratio = match r.opt_str("old_ratio", MAX_VERSION_CHARS, false)? {
        None => None,
        Some(s) => Some(Rate4::parse(&s).ok_or_else(|| {
            r.err(
                "old_ratio",
                "は 0〜1 の小数（小数4桁まで）を \"0.855\" のように書きます",
            )
        })?),
    };
    Ok(Rules {
        teigen_rounding: rounding(r, "teigen_rounding")?,
        prorate_rounding: rounding(r, "prorate_rounding")?,
        age_basis,
        minor_age: r.opt_u32("minor_age", 30)?,
        juzen_hosho: r.opt_bool("juzen_hosho")?.unwrap_or(false),
        juzen_reference_date: r.opt_date("juzen_reference_date")?,
        old_ratio,
    })
}

fn parse_source(r: &Reader) -> Result<Source, RateError> {
    r.only_keys(SOURCE_KEYS)?;
    let id = r.req_str("id", MAX_VERSION_CHARS)?.trim().to_string();
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(r.err(
            "id",
            "は英数字と - _ . だけで書きます（例: \"kokuji-158\"）",
        ));
    }
    let verification = match r.req_str("verification", MAX_VERSION_CHARS)?.trim() {
        "primary" => Verification::Primary,
        "official-secondary" => Verification::OfficialSecondary,
        "secondary" => Verification::Secondary,
        "office" => Verification::Office,
        "test-fixture" => Verification::TestFixture,
        other => {
            return Err(r.err(
                "verification",
                format!(
                    "の値{}は使えません（primary, official-secondary, secondary, office, test-fixture）",
                    shown(other)
                ),
            ))
        }
    };
    let trust = match r.opt_str("trust", MAX_VERSION_CHARS, false)?.as_deref() {
        None => None,
        Some("high") => Some(Trust::High),
        Some("medium") => Some(Trust::Medium),
        Some("low") => Some(Trust::Low),
        Some(other) => {
            return Err(r.err(
                "trust",
                format!("の値{}は使えません（high, medium, low）", shown(other)),
            ))
        }
    };
    Ok(Source {
        id,
        title: r.req_str("title", MAX_TITLE_CHARS)?,
        url: r.opt_str("url", MAX_URL_CHARS, false)?.unwrap_or_default(),
        verification,
        trust,
        checked_on: r.opt_date("checked_on")?,
        note: r.opt_str("note", MAX_NOTE_CHARS, true)?.unwrap_or_default(),
    })
}

/// `[tables]`: each table's Japanese title (`daiichi = "生活扶助基準（第1類）"`).
fn parse_table_titles(r: &Reader) -> Result<BTreeMap<TableId, String>, RateError> {
    let ids: Vec<&str> = TableId::ALL.iter().map(|t| t.id()).collect();
    r.only_keys(&ids)?;
    let mut titles = BTreeMap::new();
    for t in TableId::ALL {
        if let Some(title) = r.opt_str(t.id(), MAX_TABLE_TITLE_CHARS, false)? {
            if title.trim().is_empty() {
                return Err(r.err(t.id(), "が空です"));
            }
            titles.insert(t, title.trim().to_string());
        }
    }
    Ok(titles)
}

fn parse_office_import(r: &Reader) -> Result<OfficeImport, RateError> {
    r.only_keys(IMPORT_KEYS)?;
    let name = r.req_str("table", MAX_VERSION_CHARS)?;
    let table = TableId::ALL
        .into_iter()
        .find(|t| t.id() == name.trim())
        .ok_or_else(|| {
            r.err(
                "table",
                format!(
                    "の値{}は表の名前ではありません（docs/rate-tables.md の表の一覧）",
                    shown(&name)
                ),
            )
        })?;
    let mut kinds = vec![];
    for k in r.opt_str_list("kinds")? {
        kinds.push(KasanKind::parse(&k).ok_or_else(|| {
            r.err(
                "kinds",
                format!(
                    "の{}は加算の種類ではありません（docs/rate-tables.md の一覧）",
                    shown(&k)
                ),
            )
        })?);
    }
    if !kinds.is_empty() && table != TableId::Kasan {
        return Err(r.err("kinds", "は table = \"kasan\" のときだけ書けます"));
    }
    Ok(OfficeImport {
        table,
        kinds,
        reason: r
            .opt_str("reason", MAX_NOTE_CHARS, true)?
            .unwrap_or_default(),
    })
}

pub(super) fn parse_manifest(text: &str) -> Result<Manifest, RateError> {
    let top: Table = text.parse::<Table>().map_err(|e| {
        let line = e.span().map(|s| line_of_offset(text, s.start));
        err(
            line,
            "TOML として読めません。引用符「\"」や括弧「[ ]」の閉じ忘れ、「項目 = 値」の形を確認してください",
        )
    })?;
    let lines = Lines { text };
    let r = Reader {
        table: &top,
        lines: &lines,
        section: None,
        prefix: String::new(),
    };
    r.only_keys(TOP_KEYS)?;
    let version = r.req_str("version", MAX_VERSION_CHARS)?.trim().to_string();
    let title = r.req_str("title", MAX_TITLE_CHARS)?;
    let effective_from = r.req_date("effective_from")?;
    let effective_to = r.opt_date("effective_to")?;
    if effective_to.is_some_and(|to| to < effective_from) {
        return Err(r.err("effective_to", "が effective_from より前の日付です"));
    }
    let base = r
        .opt_str("base", MAX_VERSION_CHARS, false)?
        .map(|b| b.trim().to_string())
        .filter(|b| !b.is_empty());
    let rules = match top.get("rules") {
        None => Rules::default(),
        Some(Value::Table(t)) => parse_rules(&Reader {
            table: t,
            lines: &lines,
            section: Some(("rules", 0)),
            prefix: "rules.".into(),
        })?,
        Some(_) => return Err(r.err("rules", "は [rules] の表として書きます")),
    };
    let mut sources = vec![];
    for (i, t) in r.tables("sources")?.into_iter().enumerate() {
        sources.push(parse_source(&Reader {
            table: t,
            lines: &lines,
            section: Some(("sources", i)),
            prefix: format!("sources[{}].", i + 1),
        })?);
    }
    let mut seen = BTreeSet::new();
    for (i, s) in sources.iter().enumerate() {
        if !seen.insert(s.id.clone()) {
            return Err(err(
                lines.of(Some(("sources", i)), "id"),
                format!("sources の id「{}」が重複しています", s.id),
            ));
        }
    }
    let mut office_imports = vec![];
    for (i, t) in r.tables("office_imports")?.into_iter().enumerate() {
        office_imports.push(parse_office_import(&Reader {
            table: t,
            lines: &lines,
            section: Some(("office_imports", i)),
            prefix: format!("office_imports[{}].", i + 1),
        })?);
    }
    let table_titles = match top.get("tables") {
        None => BTreeMap::new(),
        Some(Value::Table(t)) => parse_table_titles(&Reader {
            table: t,
            lines: &lines,
            section: Some(("tables", 0)),
            prefix: "tables.".into(),
        })?,
        Some(_) => return Err(r.err("tables", "は [tables] の表として書きます")),
    };
    Ok(Manifest {
        version,
        title,
        table_titles,
        effective_from,
        effective_to,
        rules,
        sources,
        note: r.opt_str("note", MAX_NOTE_CHARS, true)?.unwrap_or_default(),
        base,
        office_imports,
        supplement: None,
    })
}

/// The `base` key of a manifest, if it is readable TOML with one (errors are reported by the
/// full parse that follows).
pub(super) fn base_of(text: &str) -> Option<String> {
    match text.parse::<Table>().ok()?.get("base")? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// `office/manifest.toml` of a supplement: what the office adds to a national set.
pub(super) struct SupplementManifest {
    pub version: String,
    pub title: String,
    pub note: String,
    pub sources: Vec<Source>,
}

const SUPPLEMENT_KEYS: &[&str] = &["version", "title", "note", "base", "sources"];

/// Read the manifest of an office supplement to `main`: a version and title of its own, the
/// `base` it completes (must be `main`), and its sources. It states no period and no rules: it
/// takes the national set's.
pub(super) fn parse_supplement_manifest(
    text: &str,
    main: &Manifest,
) -> Result<SupplementManifest, RateError> {
    let file = format!("{}{MANIFEST_FILE}", super::OFFICE_DIR);
    let wrap = |e: RateError| match e {
        RateError::Manifest { line, message } => RateError::Manifest {
            line,
            message: format!("（{file}）{message}"),
        },
        other => other,
    };
    let top: Table = text.parse::<Table>().map_err(|e| {
        wrap(err(
            e.span().map(|s| line_of_offset(text, s.start)),
            "TOML として読めません。引用符「\"」や括弧「[ ]」の閉じ忘れ、「項目 = 値」の形を確認してください",
        ))
    })?;
    let lines = Lines { text };
    let r = Reader {
        table: &top,
        lines: &lines,
        section: None,
        prefix: String::new(),
    };
    r.only_keys(SUPPLEMENT_KEYS).map_err(wrap)?;
    let base = r.req_str("base", MAX_VERSION_CHARS).map_err(wrap)?;
    if base.trim() != main.version {
        return Err(wrap(r.err(
            "base",
            format!(
                "が「{}」ですが、追加先の基準額表は「{}」です",
                shown_plain(&base),
                main.version
            ),
        )));
    }
    let version = r
        .req_str("version", MAX_VERSION_CHARS)
        .map_err(wrap)?
        .trim()
        .to_string();
    if !version
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(wrap(r.err(
            "version",
            "は英数字と - _ . だけで書きます（例: \"office-2026-10\"）",
        )));
    }
    let mut sources = vec![];
    for (i, t) in r.tables("sources").map_err(wrap)?.into_iter().enumerate() {
        let s = parse_source(&Reader {
            table: t,
            lines: &lines,
            section: Some(("sources", i)),
            prefix: format!("sources[{}].", i + 1),
        })
        .map_err(wrap)?;
        if main.sources.iter().any(|m| m.id == s.id)
            || sources.iter().any(|o: &Source| o.id == s.id)
        {
            return Err(wrap(err(
                lines.of(Some(("sources", i)), "id"),
                format!(
                    "sources の id「{}」は既に使われています。別の id にしてください",
                    s.id
                ),
            )));
        }
        sources.push(s);
    }
    if sources.is_empty() {
        return Err(wrap(err(
            None,
            "[[sources]] がありません。追加する表の出典を1つ以上書いてください",
        )));
    }
    Ok(SupplementManifest {
        version,
        title: r.req_str("title", MAX_TITLE_CHARS).map_err(wrap)?,
        note: r
            .opt_str("note", MAX_NOTE_CHARS, true)
            .map_err(wrap)?
            .unwrap_or_default(),
        sources,
    })
}

/// A value already checked to be short and printable.
fn shown_plain(v: &str) -> String {
    v.chars()
        .filter(|c| !c.is_control())
        .take(MAX_VERSION_CHARS)
        .collect()
}
