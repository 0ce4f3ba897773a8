//! Reading the manifest and the CSV files into rows. Every value is checked here (type, sign,
//! known codes, known source); the cross-row checks (overlap, gap) are in `validate`.

use super::validate;
use super::*;
use crate::calc::{Grade, Rate4, WinterRegion};
use csv::StringRecord;

/// Longest text in one cell (an area name, a source id): far above any real value.
const MAX_CELL_CHARS: usize = 100;

/// The largest value a numeric column may hold, with what it is. Amounts: no monthly figure of
/// the standards comes near 100万円; the bounds keep every later sum far from overflow.
pub(super) fn column_limit(col: &str) -> (i64, &'static str) {
    match col {
        "age_from" | "age_to" => (MAX_AGE, "年齢"),
        "size_from" | "size_to" => (MAX_SIZE, "世帯人員"),
        "income_from" | "income_to" => (MAX_INCOME_BAND_YEN, "収入額の区分"),
        "region" => (6, "地区"),
        "month_from" | "month_to" => (12, "月"),
        _ => (MAX_TABLE_YEN, "基準額表の金額"),
    }
}

/// Thousands separators for a limit in a message.
fn yen_digits(n: i64) -> String {
    crate::calc::minimum::yen(n)
}

/// A value from the file, quoted for a message: only short, printable text is echoed, so a
/// message never carries control characters or a wall of foreign content.
pub(super) fn shown(v: &str) -> String {
    if v.chars().count() <= 40 && !v.chars().any(char::is_control) {
        format!("「{v}」")
    } else {
        "この値".to_string()
    }
}

/// One CSV record with its file and line, and typed accessors that produce our errors.
struct Rec<'a> {
    file: &'a str,
    line: usize,
    header: &'static [&'static str],
    rec: &'a StringRecord,
}

impl Rec<'_> {
    fn err(&self, col: &str, message: impl Into<String>) -> RateError {
        RateError::Field {
            file: self.file.to_string(),
            line: self.line,
            column: col.to_string(),
            message: message.into(),
        }
    }

    /// The cell of `col`; "" when the file uses an earlier header without that column.
    fn raw(&self, col: &str) -> &str {
        match self.header.iter().position(|h| *h == col) {
            Some(i) => self.rec.get(i).unwrap_or("").trim(),
            None => "",
        }
    }

    fn text(&self, col: &str) -> Result<String, RateError> {
        let v = self.raw(col);
        if v.is_empty() {
            return Err(self.err(col, "空欄です"));
        }
        if v.chars().any(char::is_control) {
            return Err(self.err(
                col,
                "制御文字（エスケープ・タブなど）が含まれています。取り除いてください",
            ));
        }
        if v.chars().count() > MAX_CELL_CHARS {
            return Err(self.err(
                col,
                format!("長すぎます（{MAX_CELL_CHARS}文字までにしてください）"),
            ));
        }
        Ok(v.to_string())
    }

    fn date(&self, col: &str) -> Result<NaiveDate, RateError> {
        let v = self.text(col)?;
        NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .map_err(|_| self.err(col, format!("日付「{v}」は YYYY-MM-DD で書きます")))
    }

    fn opt_date(&self, col: &str) -> Result<Option<NaiveDate>, RateError> {
        if self.raw(col).is_empty() {
            Ok(None)
        } else {
            self.date(col).map(Some)
        }
    }

    fn period(&self) -> Result<Period, RateError> {
        let p = Period {
            from: self.date("valid_from")?,
            to: self.opt_date("valid_to")?,
        };
        if p.to.is_some_and(|t| t < p.from) {
            return Err(self.err("valid_to", "valid_from より前の日付です"));
        }
        Ok(p)
    }

    /// A whole number of yen or a count; never negative, never above what the standards can
    /// hold ([`column_limit`]), so that no later sum can overflow.
    fn int(&self, col: &str) -> Result<i64, RateError> {
        let v = self.text(col)?;
        let n: i64 = match v.parse::<i64>() {
            Ok(n) => n,
            Err(_)
                if v.len() > 1
                    && v.bytes()
                        .skip(usize::from(v.starts_with('-')))
                        .all(|b| b.is_ascii_digit()) =>
            {
                let (max, what) = column_limit(col);
                return Err(self.err(
                    col,
                    format!("桁が多すぎます（{what}は {} までです）", yen_digits(max)),
                ));
            }
            Err(_) => {
                return Err(self.err(
                    col,
                    format!(
                        "{}は整数ではありません（桁区切りのカンマや「円」は付けません）",
                        shown(&v)
                    ),
                ))
            }
        };
        if n < 0 {
            return Err(RateError::Negative {
                file: self.file.to_string(),
                line: self.line,
                column: col.to_string(),
                value: n,
            });
        }
        let (max, what) = column_limit(col);
        if n > max {
            return Err(self.err(
                col,
                format!(
                    "{n} は大きすぎます（{what}は {} までです）",
                    yen_digits(max)
                ),
            ));
        }
        Ok(n)
    }

    fn opt_int(&self, col: &str) -> Result<Option<i64>, RateError> {
        if self.raw(col).is_empty() {
            Ok(None)
        } else {
            self.int(col).map(Some)
        }
    }

    fn span(&self, from: &str, to: &str) -> Result<Span, RateError> {
        let s = Span {
            from: self.int(from)?,
            to: self.opt_int(to)?,
        };
        if s.to.is_some_and(|t| t < s.from) {
            return Err(self.err(to, format!("{from} より小さい値です")));
        }
        Ok(s)
    }

    fn size_span(&self) -> Result<Span, RateError> {
        let s = self.span("size_from", "size_to")?;
        if s.from < 1 {
            return Err(self.err("size_from", "世帯人員は1人以上です"));
        }
        Ok(s)
    }

    /// "1-1" … "3-2", or a group: "1", "2", "3" (both branches) or "*" (all six).
    fn grades(&self) -> Result<Vec<Grade>, RateError> {
        let v = self.text("grade")?;
        let out: Vec<Grade> = match v.as_str() {
            "*" => Grade::ALL.to_vec(),
            "1" | "2" | "3" => Grade::ALL
                .into_iter()
                .filter(|g| g.major().to_string() == v)
                .collect(),
            other => vec![Grade::parse(other).ok_or_else(|| {
                self.err(
                    "grade",
                    format!("級地「{v}」は 1-1〜3-2、1〜3 または * で書きます"),
                )
            })?],
        };
        Ok(out)
    }

    fn scheme(&self) -> Result<Scheme, RateError> {
        let v = self.text("scheme")?;
        Scheme::parse(&v).ok_or_else(|| {
            self.err(
                "scheme",
                format!("「{v}」は r5, h30_1, h30_2 のいずれかです"),
            )
        })
    }

    fn region(&self) -> Result<WinterRegion, RateError> {
        let n = self.int("region")?;
        u8::try_from(n)
            .ok()
            .and_then(WinterRegion::new)
            .ok_or_else(|| self.err("region", "地区は 1〜6（Ⅰ区〜Ⅵ区）です"))
    }

    fn month(&self, col: &str) -> Result<u32, RateError> {
        let n = self.int(col)?;
        if !(1..=12).contains(&n) {
            return Err(self.err(col, "月は 1〜12 です"));
        }
        Ok(n as u32)
    }

    fn meta(&self, sources: &BTreeSet<&str>) -> Result<RowMeta, RateError> {
        let s = self.text("source")?;
        if !sources.contains(s.as_str()) {
            return Err(RateError::UnknownSource {
                file: self.file.to_string(),
                line: self.line,
                source_id: s,
            });
        }
        Ok(RowMeta {
            line: self.line,
            source: s,
            file: self
                .file
                .starts_with(OFFICE_DIR)
                .then(|| self.file.to_string()),
        })
    }

    fn sized(&self, grade: Grade, sources: &BTreeSet<&str>) -> Result<SizedRow, RateError> {
        Ok(SizedRow {
            valid: self.period()?,
            grade,
            size: self.size_span()?,
            amount: self.int("amount")?,
            per_extra: self.int("per_extra")?,
            meta: self.meta(sources)?,
        })
    }
}

/// Line numbers (1-based) from byte offsets, for offsets that only move forward.
struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The line of the record the csv reader says starts at `byte`. The reader reports the
    /// offset where it started reading, before the comment and blank lines it skipped, so those
    /// are stepped over first.
    fn line_at(&mut self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while byte < self.text.len() && matches!(self.text[byte], b'#' | b'\n' | b'\r') {
            match memchr::memchr(b'\n', &self.text[byte..]) {
                Some(i) => byte += i + 1,
                None => break,
            }
        }
        if byte < self.pos {
            // Not expected (records come in order); recount from the start.
            self.pos = 0;
            self.line = 1;
        }
        self.line += memchr::memchr_iter(b'\n', &self.text[self.pos..byte]).count();
        self.pos = byte;
        self.line
    }
}

/// Read one CSV file: check the header, then hand each record (with its line) to `row`.
fn read_csv(
    file: &str,
    text: &str,
    table: TableId,
    mut row: impl FnMut(&Rec) -> Result<(), RateError>,
) -> Result<(), RateError> {
    let header = table.header();
    // A UTF-8 BOM (Excel writes one) is not part of the first column name.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    super::files::check_text(file, text)?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .comment(Some(b'#'))
        .flexible(false)
        .from_reader(text.as_bytes());
    let header_err = |problem: String| RateError::Header {
        file: file.to_string(),
        expected: header.join(","),
        problem,
    };
    let found = rdr
        .headers()
        .map_err(|_| header_err("CSV として読めません".into()))?
        .clone();
    let found_cols: Vec<&str> = found.iter().map(str::trim).collect();
    let header = match table.legacy_header() {
        Some(old) if found_cols == old => old,
        _ => header,
    };
    if found_cols != header {
        // Say what differs without echoing the file: it may not be a table at all.
        let problem = match found_cols
            .iter()
            .zip(header.iter())
            .position(|(f, h)| f != h)
        {
            Some(i) => format!("{}列目は「{}」のはずです", i + 1, header[i]),
            None => format!(
                "列が{}個あります（{}個のはずです）",
                found_cols.len(),
                header.len()
            ),
        };
        return Err(header_err(problem));
    }
    // The csv crate's line counter does not count skipped comment lines, so the line is
    // computed from the record's byte offset instead.
    let mut lines = LineCounter::new(text);
    let mut rec = StringRecord::new();
    loop {
        let more = rdr.read_record(&mut rec).map_err(|e| {
            let line = e
                .position()
                .map(|p| lines.line_at(p.byte() as usize))
                .unwrap_or(0);
            let message = match e.kind() {
                csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!(
                    "列の数が{len}個です（見出しは{expected_len}列）。カンマの数を確認してください（金額に桁区切りのカンマは入れません）"
                ),
                _ => "CSV として読めません。引用符「\"」の閉じ忘れがないか確認してください".to_string(),
            };
            RateError::Field {
                file: file.to_string(),
                line,
                column: "-".into(),
                message,
            }
        })?;
        if !more {
            return Ok(());
        }
        let line = rec
            .position()
            .map(|p| lines.line_at(p.byte() as usize))
            .unwrap_or(0);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        row(&Rec {
            file,
            line,
            header,
            rec: &rec,
        })?;
    }
}

/// The folder of an office supplement inside a stored set: `office/manifest.toml`,
/// `office/kasan.csv` … (see `docs/rate-tables.md`, 「不足の表の追加」).
pub const OFFICE_DIR: &str = "office/";

pub(super) fn parse_files(files: &[(&str, &str)]) -> Result<RateSet, RateError> {
    let manifest_text = files
        .iter()
        .find(|(n, _)| *n == MANIFEST_FILE)
        .map(|(_, t)| *t)
        .ok_or_else(|| RateError::MissingFile {
            file: MANIFEST_FILE.into(),
        })?;
    super::files::check_text(MANIFEST_FILE, manifest_text)?;
    let mut manifest = super::manifest::parse_manifest(manifest_text)?;
    if manifest.base.is_some() {
        return Err(RateError::Manifest {
            line: None,
            message: "base のある manifest は、国の基準額表に不足の表を追加するためのものです。「不足の表を追加」（rates import）で取り込んでください".into(),
        });
    }
    let main_sources: BTreeSet<String> = manifest.sources.iter().map(|s| s.id.clone()).collect();
    let office_manifest_name = format!("{OFFICE_DIR}{MANIFEST_FILE}");
    let office_sources: BTreeSet<String> =
        match files.iter().find(|(n, _)| *n == office_manifest_name) {
            None => BTreeSet::new(),
            Some((_, text)) => {
                super::files::check_text(&office_manifest_name, text)?;
                let office = super::manifest::parse_supplement_manifest(text, &manifest)?;
                let ids = office.sources.iter().map(|s| s.id.clone()).collect();
                manifest.version = format!("{}+{}", manifest.version, office.version);
                manifest.title = format!("{}（事務所で追加: {}）", manifest.title, office.title);
                manifest.sources.extend(office.sources);
                manifest.supplement = Some(Supplement {
                    version: office.version,
                    title: office.title,
                    note: office.note,
                });
                ids
            }
        };

    let mut set = RateData::empty(manifest);
    let mut seen_files = BTreeSet::new();
    for (name, text) in files {
        if *name == MANIFEST_FILE || *name == office_manifest_name {
            continue;
        }
        let (table_name, src) = match name.strip_prefix(OFFICE_DIR) {
            Some(rest) if !office_sources.is_empty() => (rest, &office_sources),
            Some(_) => {
                return Err(RateError::MissingFile {
                    file: office_manifest_name.clone(),
                })
            }
            None => (*name, &main_sources),
        };
        let src: BTreeSet<&str> = src.iter().map(String::as_str).collect();
        let src = &src;
        let table = TableId::from_file_name(table_name)
            .ok_or_else(|| RateError::UnknownFile { file: shown(name) })?;
        if !seen_files.insert(name.to_string()) {
            return Err(RateError::UnknownFile {
                file: format!("{}（2回指定されています）", shown(name)),
            });
        }
        set.tables.insert(table);
        match table {
            TableId::Daiichi => read_csv(name, text, table, |r| {
                for grade in r.grades()? {
                    set.daiichi.push(DaiichiRow {
                        valid: r.period()?,
                        scheme: r.scheme()?,
                        grade,
                        age: r.span("age_from", "age_to")?,
                        amount: r.int("amount")?,
                        meta: r.meta(src)?,
                    });
                }
                Ok(())
            })?,
            TableId::Teigen => read_csv(name, text, table, |r| {
                let v = r.text("rate")?;
                let rate = Rate4::parse(&v).ok_or_else(|| {
                    r.err(
                        "rate",
                        format!("逓減率「{v}」は 0〜1 の小数（4桁まで）で書きます"),
                    )
                })?;
                set.teigen.push(TeigenRow {
                    valid: r.period()?,
                    scheme: r.scheme()?,
                    size: r.size_span()?,
                    rate,
                    meta: r.meta(src)?,
                });
                Ok(())
            })?,
            TableId::Daini => read_csv(name, text, table, |r| {
                for grade in r.grades()? {
                    set.daini.push(DainiRow {
                        scheme: r.scheme()?,
                        row: r.sized(grade, src)?,
                    });
                }
                Ok(())
            })?,
            TableId::Keikateki => read_csv(name, text, table, |r| {
                let scheme = match r.raw("scheme") {
                    "" => KeikaScheme::R5,
                    v => KeikaScheme::parse(v).ok_or_else(|| {
                        r.err("scheme", format!("{}は r5 または h30 です", shown(v)))
                    })?,
                };
                let kind = match r.raw("kind") {
                    "" => KeikaKind::Hontai,
                    v => KeikaKind::parse(v).ok_or_else(|| {
                        r.err(
                            "kind",
                            format!(
                                "{}は hontai（生活扶助本体）または boshi（母子世帯等）です",
                                shown(v)
                            ),
                        )
                    })?,
                };
                for grade in r.grades()? {
                    set.keikateki.push(KeikaRow {
                        valid: r.period()?,
                        scheme,
                        kind,
                        grade,
                        size: r.size_span()?,
                        age: r.span("age_from", "age_to")?,
                        amount: r.int("amount")?,
                        meta: r.meta(src)?,
                    });
                }
                Ok(())
            })?,
            TableId::Toki => read_csv(name, text, table, |r| {
                for grade in r.grades()? {
                    set.toki.push(TokiRow {
                        region: r.region()?,
                        row: r.sized(grade, src)?,
                    });
                }
                Ok(())
            })?,
            TableId::TokiMonths => read_csv(name, text, table, |r| {
                set.toki_months.push(TokiMonthsRow {
                    valid: r.period()?,
                    region: r.region()?,
                    month_from: r.month("month_from")?,
                    month_to: r.month("month_to")?,
                    meta: r.meta(src)?,
                });
                Ok(())
            })?,
            TableId::TokiRegions => read_csv(name, text, table, |r| {
                set.toki_regions.push(TokiRegionRow {
                    valid: r.period()?,
                    prefecture: r.text("prefecture")?,
                    region: r.region()?,
                    meta: r.meta(src)?,
                });
                Ok(())
            })?,
            TableId::Kasan => read_csv(name, text, table, |r| {
                let v = r.text("kind")?;
                let kind = KasanKind::parse(&v).ok_or_else(|| {
                    r.err(
                        "kind",
                        format!("加算の種類「{v}」は docs/rate-tables.md の一覧にありません"),
                    )
                })?;
                for grade in r.grades()? {
                    set.kasan.push(KasanRow {
                        valid: r.period()?,
                        kind,
                        grade,
                        amount: r.int("amount")?,
                        meta: r.meta(src)?,
                    });
                }
                Ok(())
            })?,
            TableId::Kimatsu => read_csv(name, text, table, |r| {
                for grade in r.grades()? {
                    set.kimatsu.push(r.sized(grade, src)?);
                }
                Ok(())
            })?,
            TableId::Jutaku => read_csv(name, text, table, |r| {
                let area = r.text("area")?;
                for grade in r.grades()? {
                    set.jutaku.push(JutakuRow {
                        valid: r.period()?,
                        area: area.clone(),
                        grade,
                        size: r.size_span()?,
                        amount: r.int("amount")?,
                        meta: r.meta(src)?,
                    });
                }
                Ok(())
            })?,
            TableId::Kyoiku => read_csv(name, text, table, |r| {
                let v = r.text("level")?;
                let level = SchoolLevel::parse(&v).ok_or_else(|| {
                    r.err(
                        "level",
                        format!("「{v}」は shogakko, chugakko, koko のいずれかです"),
                    )
                })?;
                set.kyoiku.push(KyoikuRow {
                    valid: r.period()?,
                    level,
                    amount: r.int("amount")?,
                    meta: r.meta(src)?,
                });
                Ok(())
            })?,
            TableId::KinroKiso => read_csv(name, text, table, |r| {
                set.kinro_kiso.push(KisoRow {
                    valid: r.period()?,
                    income: r.span("income_from", "income_to")?,
                    first: r.int("first")?,
                    second: r.int("second")?,
                    meta: r.meta(src)?,
                });
                Ok(())
            })?,
        }
    }
    validate::validate(&set)?;
    Ok(RateSet::build(set))
}
