//! 試算 (trial calculation): a household described at the counter — or in a file for
//! `madoguchi calc --input` — priced without registering anyone. The description is turned into
//! exactly what a registered household's stored situation becomes ([`SituationInput`] plus its
//! members), so the same household gives the same amounts either way. The format is documented
//! in `docs/rate-tables.md` §9.
//!
//! Nothing here is a person's record: no name is required, nothing is stored.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::decision::{IncomeInput, MemberAsUsed, MemberFacts, SituationInput};
use super::facts::{Grade, IncomeKind, PricingFacts, MAX_INCOMES, MAX_MEMBERS, MAX_TEXT_CHARS};
use super::household::ValidationError;

/// A household for a trial calculation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct TrialInput {
    /// The day to compute for (ISO `2027-01-15`; the screen also accepts 和暦).
    pub date: String,
    /// 級地 `1-1` … `3-2`; absent = the office's (or the one of `municipality`).
    #[serde(default)]
    pub grade: Option<String>,
    /// 市町村コード (6 digits) or name, instead of `grade`. Only the office's own municipality is
    /// known (no municipality → 級地 table ships): another one is refused, asking for `grade`.
    #[serde(default)]
    pub municipality: Option<String>,
    /// 都道府県 (its 冬季加算の地区, and the default 住宅扶助 area); absent = the office's.
    #[serde(default)]
    pub prefecture: Option<String>,
    /// 冬季加算の地区 1–6 overriding the prefecture's.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub winter_region: Option<u8>,
    /// The 住宅扶助 area (prefecture or city as in the table); absent = `prefecture`.
    #[serde(default)]
    pub housing_area: Option<String>,
    /// Monthly rent actually paid, yen.
    #[serde(default)]
    #[ts(type = "number")]
    pub rent: i64,
    #[serde(default)]
    #[ts(type = "number")]
    pub care_cost_yen: i64,
    #[serde(default)]
    #[ts(type = "number")]
    pub medical_cost_yen: i64,
    pub members: Vec<TrialMember>,
    #[serde(default)]
    pub incomes: Vec<TrialIncome>,
}

/// One member: the birth date and the facts that select 加算.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct TrialMember {
    /// ISO `1991-04-10` (the screen also accepts 和暦).
    pub birth_date: String,
    /// 続柄 as said at the counter (世帯主, 妻, 子 …): shown, never priced.
    #[serde(default)]
    pub relationship: String,
    /// The facts that select 加算, written flat beside the birth date with the words of a
    /// registered household's 認定状況 (`decision::MemberFacts`).
    #[serde(flatten)]
    #[ts(flatten)]
    pub facts: PricingFacts,
}

/// One monthly income; `member` is the member's position in `members`, counting from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct TrialIncome {
    #[serde(default)]
    #[ts(type = "number | null")]
    pub member: Option<usize>,
    pub kind: IncomeKind,
    #[serde(default)]
    pub label: String,
    #[ts(type = "number")]
    pub gross_yen: i64,
    #[serde(default)]
    #[ts(type = "number")]
    pub expenses_yen: i64,
}

/// The office facts a trial falls back on.
pub struct OfficeDefaults<'a> {
    pub grade: Option<Grade>,
    pub prefecture: Option<&'a str>,
    pub municipality_code: Option<&'a str>,
    pub municipality_name: Option<&'a str>,
}

/// What a trial is computed from: the date, 級地, prefecture, and the same situation and members a
/// registered household would have.
pub struct Trial {
    pub date: NaiveDate,
    pub grade: Grade,
    pub prefecture: Option<String>,
    pub situation: SituationInput,
    pub members: Vec<(MemberAsUsed, Option<NaiveDate>)>,
}

fn bad(field: &'static str, m: impl Into<String>) -> ValidationError {
    ValidationError::new(field, m)
}

fn text_ok(t: &str) -> bool {
    t.chars().count() <= MAX_TEXT_CHARS && !t.chars().any(char::is_control)
}

impl TrialInput {
    /// Check the description and turn it into a [`Trial`]; `parse_date` reads the dates (ISO or
    /// 和暦). Every problem is a Japanese message naming the item.
    pub fn to_trial(
        &self,
        office: &OfficeDefaults,
        parse_date: impl Fn(&str) -> Result<NaiveDate, String>,
    ) -> Result<Trial, ValidationError> {
        let date = parse_date(self.date.trim()).map_err(|e| bad("date", format!("計算日: {e}")))?;
        let grade = match (
            self.grade.as_deref().map(str::trim),
            self.municipality.as_deref().map(str::trim),
        ) {
            (Some(g), _) => Grade::parse(g).ok_or_else(|| {
                bad(
                    "grade",
                    "級地は 1-1, 1-2, 2-1, 2-2, 3-1, 3-2 のいずれかで指定してください",
                )
            })?,
            (None, Some(m)) => {
                let ours = office.municipality_code == Some(m)
                    || office
                        .municipality_name
                        .is_some_and(|n| !n.is_empty() && n == m);
                match (ours, office.grade) {
                    (true, Some(g)) => g,
                    _ => {
                        return Err(bad(
                            "municipality",
                            "市町村から級地を引く表は同梱していません（この事務所の市町村だけ分かります）。grade で級地（1-1〜3-2）を指定してください",
                        ))
                    }
                }
            }
            (None, None) => office.grade.ok_or_else(|| {
                bad(
                    "grade",
                    "級地が分かりません。grade を指定するか、事務所設定の級地を保存してください",
                )
            })?,
        };
        for (field, t) in [
            ("prefecture", &self.prefecture),
            ("housing_area", &self.housing_area),
            ("municipality", &self.municipality),
        ] {
            if t.as_deref().is_some_and(|t| !text_ok(t)) {
                return Err(bad(field, "長すぎるか、制御文字を含みます"));
            }
        }
        let prefecture = self
            .prefecture
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .or(office.prefecture)
            .map(str::to_string);
        if self.members.is_empty() {
            return Err(bad("members", "世帯員を1人以上書いてください"));
        }
        if self.members.len() > MAX_MEMBERS {
            return Err(bad("members", format!("世帯員は{MAX_MEMBERS}人までです")));
        }
        if self.incomes.len() > MAX_INCOMES {
            return Err(bad("incomes", format!("収入は{MAX_INCOMES}件までです")));
        }
        let mut members = vec![];
        let mut facts = vec![];
        for (i, m) in self.members.iter().enumerate() {
            let birth = parse_date(m.birth_date.trim())
                .map_err(|e| bad("members", format!("世帯員{}の生年月日: {e}", i + 1)))?;
            if !text_ok(&m.relationship) {
                return Err(bad(
                    "members",
                    format!("世帯員{}の続柄が長すぎるか、制御文字を含みます", i + 1),
                ));
            }
            let id = (i + 1) as i64;
            let name = match m.relationship.trim() {
                "" => format!("世帯員{}", i + 1),
                r => format!("世帯員{}（{r}）", i + 1),
            };
            members.push((
                MemberAsUsed {
                    person_id: id,
                    name,
                    birth_date: birth,
                },
                None,
            ));
            facts.push(MemberFacts {
                person_id: id,
                facts: m.facts.clone(),
            });
        }
        let mut incomes = vec![];
        for (i, it) in self.incomes.iter().enumerate() {
            let person_id = match it.member {
                None => None,
                Some(n) if (1..=self.members.len()).contains(&n) => Some(n as i64),
                Some(n) => return Err(bad("incomes", format!("収入{}: 世帯員{n}はいません（member は members の何番目か、1から数えます）", i + 1))),
            };
            incomes.push(IncomeInput {
                person_id,
                kind: it.kind,
                label: it.label.clone(),
                gross_yen: it.gross_yen,
                expenses_yen: it.expenses_yen,
            });
        }
        let situation = SituationInput {
            winter_region: self.winter_region,
            housing_area: self
                .housing_area
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .or_else(|| (self.rent > 0).then(|| prefecture.clone()).flatten()),
            rent_yen: self.rent,
            care_cost_yen: self.care_cost_yen,
            medical_cost_yen: self.medical_cost_yen,
            members: facts,
            incomes,
        };
        let ids: Vec<i64> = members.iter().map(|(m, _)| m.person_id).collect();
        situation.validate(&ids)?;
        Ok(Trial {
            date,
            grade,
            prefecture,
            situation,
            members,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::decision::MemberFacts;

    fn trial(json: &str) -> Trial {
        let input: TrialInput = serde_json::from_str(json).unwrap();
        let office = OfficeDefaults {
            grade: Some(Grade::G1_1),
            prefecture: Some("東京都"),
            municipality_code: None,
            municipality_name: None,
        };
        input
            .to_trial(&office, |s| {
                NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| e.to_string())
            })
            .unwrap()
    }

    #[test]
    fn a_members_facts_are_what_a_registered_household_stores_for_them() {
        let t = trial(
            r#"{ "date": "2027-01-15", "members": [
                { "birth_date": "1991-04-10", "relationship": "世帯主" },
                { "birth_date": "2012-04-10", "relationship": "子", "disability": "b",
                  "lone_parent": true, "pregnancy": "postpartum", "home_patient": true,
                  "radiation": "former", "care_facility": true, "care_premium_yen": 5000,
                  "school": "chugakko", "school_costs_yen": 3000, "new_job": true } ] }"#,
        );
        // The same words as the stored 認定状況 of person 2 of a registered household.
        let stored: MemberFacts = serde_json::from_str(
            r#"{ "person_id": 2, "disability": "b", "lone_parent": true,
                 "pregnancy": "postpartum", "home_patient": true, "radiation": "former",
                 "care_facility": true, "care_premium_yen": 5000, "school": "chugakko",
                 "school_costs_yen": 3000, "new_job": true }"#,
        )
        .unwrap();
        assert_eq!(
            t.situation.members,
            vec![
                MemberFacts {
                    person_id: 1,
                    facts: PricingFacts::default()
                },
                stored
            ]
        );
        assert_eq!(t.members[1].0.name, "世帯員2（子）");
    }

    #[test]
    fn a_member_item_the_format_does_not_know_is_refused() {
        for member in [
            r#"{ "birth_date": "1991-04-10", "colour": 1 }"#,
            r#"{ "birth_date": "1991-04-10", "person_id": 1 }"#,
        ] {
            let json = format!(r#"{{ "date": "2027-01-15", "members": [ {member} ] }}"#);
            let e = serde_json::from_str::<TrialInput>(&json).unwrap_err();
            assert!(
                e.to_string().starts_with("unknown field `"),
                "{member}: {e}"
            );
        }
        let e = serde_json::from_str::<TrialInput>(
            r#"{ "date": "2027-01-15", "members": [ { "birth_date": "1991-04-10", "school": "daigaku" } ] }"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown variant"), "{e}");
    }
}
