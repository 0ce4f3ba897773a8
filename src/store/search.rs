//! Counter search (窓口検索): one box that finds a person by ケース番号, 氏名 or カナ (partial,
//! width- and kana-insensitive), 生年月日 (和暦 or 西暦) or phone.
//!
//! The index is an in-memory projection of the current members, loaded from the database on
//! first use and refreshed for exactly the households a committed transaction touched. It lives
//! only in memory of the unlocked process, so it adds no plaintext anywhere on disk. Scanning
//! normalised keys in memory keeps results-as-you-type fast at 100,000 persons (see
//! `benches/counter_search.rs` and docs/benchmarks.md), where a SQL `LIKE '%…%'` would scan pages.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::domain::era;
use crate::domain::household::{HouseholdStatus, Sex};
use crate::domain::normalize::{digits_only, search_key};

#[derive(Debug, Clone)]
pub struct Entry {
    pub person_id: i64,
    pub household_id: i64,
    pub case_number: String,
    pub name: String,
    pub kana: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub relationship: String,
    pub is_head: bool,
    pub status: HouseholdStatus,
    pub phone: Option<String>,
    name_key: String,
    kana_key: String,
    case_key: String,
    phone_digits: String,
}

/// The index: display rows sorted by kana (so results come out in 五十音 order without sorting),
/// plus one contiguous byte buffer of every row's normalised keys that a query is scanned over
/// with `memmem`. Field layout per row: 0x01 kana 0x02 name 0x03 case 0x04 phone-digits; the
/// separators never occur inside UTF-8 text or a normalised key, so a match never spans fields.
#[derive(Debug, Default)]
pub struct SearchIndex {
    loaded: bool,
    entries: Vec<Entry>,
    hay: Vec<u8>,
    /// Where each field's separator byte sits in `hay`: four per row, in row order.
    fields: Vec<u32>,
    births: Vec<NaiveDate>,
}

const SELECT: &str = "SELECT p.id, p.household_id, h.case_number, p.name, p.kana, p.birth_date, p.sex, p.relationship,
        p.is_head, h.status, h.phone, p.name_key, p.kana_key
    FROM persons p JOIN households h ON h.id = p.household_id
    WHERE p.removed_at IS NULL";

fn read(
    conn: &Connection,
    sql: &str,
    params: &[&dyn rusqlite::ToSql],
) -> rusqlite::Result<Vec<Entry>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(params, |r| {
        let case_number: String = r.get(2)?;
        let phone: Option<String> = r.get(10)?;
        let birth: String = r.get(5)?;
        let sex: String = r.get(6)?;
        let status: String = r.get(9)?;
        Ok(Entry {
            person_id: r.get(0)?,
            household_id: r.get(1)?,
            case_key: search_key(&case_number),
            phone_digits: phone.as_deref().map(digits_only).unwrap_or_default(),
            case_number,
            name: r.get(3)?,
            kana: r.get(4)?,
            birth_date: NaiveDate::parse_from_str(&birth, "%Y-%m-%d").unwrap_or_default(),
            sex: Sex::from_code(&sex).unwrap_or(Sex::Unspecified),
            relationship: r.get(7)?,
            is_head: r.get(8)?,
            status: HouseholdStatus::from_code(&status).unwrap_or(HouseholdStatus::Applying),
            phone,
            name_key: r.get(11)?,
            kana_key: r.get(12)?,
        })
    })?;
    rows.collect()
}

/// How well an entry matched; lower sorts first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
enum Rank {
    CaseExact,
    CasePrefix,
    BirthDate,
    NamePrefix,
    Phone,
    Contains,
}

const KANA: u8 = 1;
const NAME: u8 = 2;
const CASE: u8 = 3;
const PHONE: u8 = 4;
const NONE: u8 = u8::MAX;
const FIELDS_PER_ROW: usize = 4;

fn push_key(hay: &mut Vec<u8>, sep: u8, key: &str) {
    hay.push(sep);
    hay.extend(key.bytes().filter(|b| *b > PHONE));
}

impl SearchIndex {
    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn load(&mut self, conn: &Connection) -> rusqlite::Result<()> {
        self.entries = read(conn, SELECT, &[])?;
        self.rebuild();
        self.loaded = true;
        Ok(())
    }

    pub fn refresh(
        &mut self,
        conn: &Connection,
        households: &BTreeSet<i64>,
    ) -> rusqlite::Result<()> {
        if households.is_empty() {
            return Ok(());
        }
        self.entries
            .retain(|e| !households.contains(&e.household_id));
        for h in households {
            let mut fresh = read(conn, &format!("{SELECT} AND p.household_id = ?1"), &[h])?;
            self.entries.append(&mut fresh);
        }
        self.rebuild();
        Ok(())
    }

    fn rebuild(&mut self) {
        self.entries.sort_by(|a, b| {
            a.kana_key
                .cmp(&b.kana_key)
                .then(a.person_id.cmp(&b.person_id))
        });
        let mut hay = Vec::with_capacity(self.entries.len() * 64);
        let mut fields = Vec::with_capacity(self.entries.len() * FIELDS_PER_ROW);
        for e in &self.entries {
            for (sep, key) in [
                (KANA, &e.kana_key),
                (NAME, &e.name_key),
                (CASE, &e.case_key),
                (PHONE, &e.phone_digits),
            ] {
                fields.push(hay.len() as u32);
                push_key(&mut hay, sep, key);
            }
        }
        self.births = self.entries.iter().map(|e| e.birth_date).collect();
        self.hay = hay;
        self.fields = fields;
    }

    /// For each occurrence of `needle`, call `f(row, field, at_field_start, at_field_end)`.
    /// Each row has exactly four fields, so the field a match falls in is found by binary search
    /// over the separators: the scan stays linear however long one field is.
    fn scan(&self, needle: &[u8], mut f: impl FnMut(usize, u8, bool, bool)) {
        // An empty needle would match between every byte (and before the first separator).
        if needle.is_empty() {
            return;
        }
        for pos in memchr::memmem::find_iter(&self.hay, needle) {
            let i = self.fields.partition_point(|&sep| (sep as usize) < pos);
            let Some(i) = i.checked_sub(1) else { continue };
            let sep = self.fields[i] as usize;
            let field_end = self
                .fields
                .get(i + 1)
                .map(|&e| e as usize)
                .unwrap_or(self.hay.len());
            let end = pos + needle.len();
            if end > field_end {
                continue;
            }
            f(
                i / FIELDS_PER_ROW,
                self.hay[sep],
                sep + 1 == pos,
                end == field_end,
            );
        }
    }

    /// Find up to `limit` members matching `query`, best matches first, then in kana order.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Entry> {
        let q = search_key(query);
        if q.is_empty() || limit == 0 {
            return vec![];
        }
        let digits = digits_only(query);
        // Only a query that looks like a date is tried as one: "123" must not become a year.
        let date = if looks_like_date(&q) {
            era::parse_date(query).ok()
        } else {
            None
        };
        let numeric = !digits.is_empty() && q.chars().all(|c| c.is_ascii_digit() || c == '-');

        let mut ranks = vec![NONE; self.entries.len()];
        let mut better = |row: usize, r: Rank| {
            if (r as u8) < ranks[row] {
                ranks[row] = r as u8;
            }
        };
        let needle: Vec<u8> = q.bytes().filter(|b| *b > PHONE).collect();
        self.scan(&needle, |row, field, start, end| {
            let r = match field {
                CASE if start && end => Rank::CaseExact,
                CASE if start => Rank::CasePrefix,
                KANA | NAME if start => Rank::NamePrefix,
                PHONE => return,
                _ => Rank::Contains,
            };
            better(row, r);
        });
        if numeric && digits.len() >= 4 {
            self.scan(digits.as_bytes(), |row, field, _, _| {
                if field == PHONE {
                    better(row, Rank::Phone);
                }
            });
        }
        if let Some(d) = date {
            for (row, b) in self.births.iter().enumerate() {
                if *b == d {
                    better(row, Rank::BirthDate);
                }
            }
        }
        // Rows are already in kana order: collect by rank, stopping at `limit`.
        let mut out = Vec::with_capacity(limit);
        for r in [
            Rank::CaseExact,
            Rank::CasePrefix,
            Rank::BirthDate,
            Rank::NamePrefix,
            Rank::Phone,
            Rank::Contains,
        ] {
            for (row, rank) in ranks.iter().enumerate() {
                if *rank == r as u8 {
                    out.push(&self.entries[row]);
                    if out.len() == limit {
                        return out;
                    }
                }
            }
        }
        out
    }
}

fn looks_like_date(q: &str) -> bool {
    let has_digit = q.chars().any(|c| c.is_ascii_digit());
    let digits = q.chars().filter(|c| c.is_ascii_digit()).count();
    let has_sep = q.contains(['.', '/', '-', '年', '月']);
    let has_era = q.starts_with(['m', 't', 's', 'h', 'r', '明', '大', '昭', '平', '令']);
    has_digit && (has_era || has_sep || digits == 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        id: i64,
        case: &str,
        name: &str,
        kana: &str,
        birth: (i32, u32, u32),
        phone: Option<&str>,
    ) -> Entry {
        Entry {
            person_id: id,
            household_id: id,
            case_number: case.into(),
            name: name.into(),
            kana: kana.into(),
            birth_date: NaiveDate::from_ymd_opt(birth.0, birth.1, birth.2).unwrap(),
            sex: Sex::Male,
            relationship: "世帯主".into(),
            is_head: true,
            status: HouseholdStatus::Active,
            phone: phone.map(Into::into),
            name_key: search_key(name),
            kana_key: search_key(kana),
            case_key: search_key(case),
            phone_digits: phone.map(digits_only).unwrap_or_default(),
        }
    }

    fn index() -> SearchIndex {
        let mut ix = SearchIndex {
            loaded: true,
            entries: vec![
                entry(
                    1,
                    "A-0012",
                    "見本 太郎",
                    "ミホン タロウ",
                    (1980, 4, 1),
                    Some("0480-12-3456"),
                ),
                entry(
                    2,
                    "A-0120",
                    "試行 花子",
                    "シコウ ハナコ",
                    (1989, 1, 8),
                    None,
                ),
                entry(
                    3,
                    "B-0001",
                    "架空 次郎",
                    "カクウ ジロウ",
                    (1955, 6, 30),
                    Some("090-1111-2222"),
                ),
            ],
            ..Default::default()
        };
        ix.rebuild();
        ix
    }

    fn ids(hits: Vec<&Entry>) -> Vec<i64> {
        hits.into_iter().map(|e| e.person_id).collect()
    }

    #[test]
    fn kana_is_width_and_script_insensitive_and_partial() {
        let ix = index();
        assert_eq!(ids(ix.search("みほん", 10)), vec![1]);
        assert_eq!(ids(ix.search("ﾐﾎﾝ", 10)), vec![1]);
        assert_eq!(ids(ix.search("たろう", 10)), vec![1]);
        assert_eq!(ids(ix.search("ハナ", 10)), vec![2]);
    }

    #[test]
    fn name_ignores_spaces() {
        assert_eq!(ids(index().search("見本太郎", 10)), vec![1]);
        assert_eq!(ids(index().search("見本　太郎", 10)), vec![1]);
    }

    #[test]
    fn exact_case_number_comes_first() {
        let ix = index();
        assert_eq!(ids(ix.search("a-0012", 10)), vec![1]);
        assert_eq!(ids(ix.search("Ａ－００１２", 10)), vec![1]);
        // Partial case numbers match anywhere in the number.
        assert_eq!(ids(ix.search("a-012", 10)), vec![2]);
        let mut both = ids(ix.search("012", 10));
        both.sort();
        assert_eq!(both, vec![1, 2]);
    }

    #[test]
    fn birth_date_in_wareki_or_seireki() {
        let ix = index();
        assert_eq!(ids(ix.search("S55.4.1", 10)), vec![1]);
        assert_eq!(ids(ix.search("平成元年1月8日", 10)), vec![2]);
        assert_eq!(ids(ix.search("1955-06-30", 10)), vec![3]);
    }

    #[test]
    fn phone_digits_match_without_hyphens() {
        assert_eq!(ids(index().search("11112222", 10)), vec![3]);
        assert_eq!(ids(index().search("3456", 10)), vec![1]);
    }

    #[test]
    fn nothing_for_empty_or_unknown() {
        assert!(index().search("   ", 10).is_empty());
        assert!(index().search("ヤマダ", 10).is_empty());
    }

    #[test]
    fn separator_bytes_in_the_query_find_nothing_and_never_panic() {
        // Issue 7 point 6: any byte 0x01–0x04 made an empty needle and indexed hay[-1].
        let ix = index();
        for b in 1u8..=4 {
            let q = String::from(b as char);
            assert!(ix.search(&q, 10).is_empty(), "{b:#04x}");
            assert!(ix.search(&format!("ミホン{q}"), 10).len() <= 1);
        }
    }

    #[test]
    fn a_huge_field_is_scanned_in_linear_time() {
        // Issue 7 point 12: the scan walked back over the whole field on every match, so a 1 MB
        // kana made a one-letter search run for minutes. 200,000 matches in one field must be
        // instant (the old code took tens of seconds here).
        let mut ix = index();
        let long = "ア".repeat(200_000);
        ix.entries
            .push(entry(9, "Z-9", "長い 名前", &long, (1990, 1, 1), None));
        ix.rebuild();
        assert_eq!(ids(ix.search("ア", 10)), vec![9]);
        assert_eq!(ids(ix.search("アア", 10)), vec![9]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

        /// Whatever is typed into the search box, the search returns (no panic), and a piece of
        /// a member's kana still finds that member.
        #[test]
        fn any_query_returns_and_substrings_find_their_member(q in "\\PC{0,12}|[\\x00-\\x08ｱ-ﾝア-ン0-9a-z.\\-/年月]{0,12}", start in 0usize..6, len in 1usize..5) {
            let ix = index();
            let _ = ix.search(&q, 10);
            let kana: Vec<char> = "シコウハナコ".chars().collect();
            let start = start.min(kana.len() - 1);
            let end = (start + len).min(kana.len());
            let piece: String = kana[start..end].iter().collect();
            proptest::prop_assert!(ids(ix.search(&piece, 10)).contains(&2), "{piece}");
        }
    }
}
