//! The calculation's input from what the desk stores: a household's 認定状況
//! ([`SituationInput`], kept by `domain::decision`) with the registry's members and the office's
//! 級地 become the [`HouseholdSituation`] that [`super::calculate`] prices. It lives in `calc`
//! because it builds `calc`'s own input; `domain` knows nothing of `calc`.

use chrono::NaiveDate;

use super::{Grade, HouseholdSituation, IncomeItem, MemberSituation, WinterRegion};
use crate::domain::decision::{MemberAsUsed, SituationInput};
use crate::domain::household::ValidationError;

impl SituationInput {
    /// The calculation input on `date`: the registry's `members` (current, in display order)
    /// alive on that date, their facts from here, the office's `grade`. Facts about persons who
    /// are no longer members are ignored; an income of a person who is not a member on the date
    /// is refused rather than silently dropped.
    pub fn to_calc(
        &self,
        grade: Grade,
        prefecture: Option<&str>,
        members: &[(MemberAsUsed, Option<NaiveDate>)],
        date: NaiveDate,
    ) -> Result<(HouseholdSituation, Vec<MemberAsUsed>), ValidationError> {
        let region = match self.winter_region {
            None => None,
            Some(r) => Some(WinterRegion::new(r).ok_or_else(|| {
                ValidationError::new(
                    "winter_region",
                    "冬季加算の地区は1〜6（Ⅰ区〜Ⅵ区）で指定してください",
                )
            })?),
        };
        let used: Vec<MemberAsUsed> = members
            .iter()
            .filter(|(m, death)| m.birth_date <= date && death.is_none_or(|d| d > date))
            .map(|(m, _)| m.clone())
            .collect();
        if used.is_empty() {
            return Err(ValidationError::new(
                "members",
                format!("{date} 時点の世帯員がいません"),
            ));
        }
        let ms = used
            .iter()
            .map(|m| {
                let facts = self.members.iter().find(|f| f.person_id == m.person_id);
                MemberSituation {
                    birth_date: m.birth_date,
                    facts: facts.map(|f| f.facts.clone()).unwrap_or_default(),
                }
            })
            .collect();
        let mut incomes = vec![];
        for (i, it) in self.incomes.iter().enumerate() {
            let member = match it.person_id {
                None => None,
                Some(p) => Some(used.iter().position(|m| m.person_id == p).ok_or_else(|| {
                    ValidationError::new(
                        "incomes",
                        format!(
                            "収入{}: 世帯員（ID {p}）は {date} 時点の世帯員ではありません",
                            i + 1
                        ),
                    )
                })?),
            };
            incomes.push(IncomeItem {
                member,
                kind: it.kind,
                label: it.label.clone(),
                gross_yen: it.gross_yen,
                expenses_yen: it.expenses_yen,
            });
        }
        Ok((
            HouseholdSituation {
                members: ms,
                grade,
                prefecture: prefecture.map(str::to_string),
                winter_region: region,
                housing_area: self.housing_area.clone(),
                rent_yen: self.rent_yen,
                incomes,
                care_cost_yen: self.care_cost_yen,
                medical_cost_yen: self.medical_cost_yen,
            },
            used,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::decision::{IncomeInput, MemberFacts};
    use crate::domain::facts::{DisabilityLevel, IncomeKind, PricingFacts};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn situation_maps_person_ids_to_member_indexes() {
        let members = vec![
            (
                MemberAsUsed {
                    person_id: 7,
                    name: "甲".into(),
                    birth_date: d("1990-01-01"),
                },
                None,
            ),
            (
                MemberAsUsed {
                    person_id: 9,
                    name: "乙".into(),
                    birth_date: d("2015-01-01"),
                },
                Some(d("2025-01-01")),
            ),
            (
                MemberAsUsed {
                    person_id: 8,
                    name: "丙".into(),
                    birth_date: d("2016-01-01"),
                },
                None,
            ),
        ];
        let input = SituationInput {
            winter_region: Some(6),
            housing_area: None,
            rent_yen: 0,
            care_cost_yen: 0,
            medical_cost_yen: 0,
            members: vec![MemberFacts {
                person_id: 8,
                facts: PricingFacts {
                    disability: Some(DisabilityLevel::A),
                    ..PricingFacts::default()
                },
            }],
            incomes: vec![IncomeInput {
                person_id: Some(8),
                kind: IncomeKind::Other,
                label: "x".into(),
                gross_yen: 10,
                expenses_yen: 0,
            }],
        };
        input.validate(&[7, 8, 9]).unwrap();
        let (hh, used) = input
            .to_calc(Grade::G1_1, None, &members, d("2025-06-01"))
            .unwrap();
        // The member who died before the date is not counted; the incomes follow the indexes.
        assert_eq!(
            used.iter().map(|m| m.person_id).collect::<Vec<_>>(),
            vec![7, 8]
        );
        assert_eq!(hh.members[1].facts.disability, Some(DisabilityLevel::A));
        assert_eq!(hh.incomes[0].member, Some(1));
        assert!(input.validate(&[7, 9]).is_err());
        let mut bad = input.clone();
        bad.incomes[0].person_id = Some(9);
        assert!(bad
            .to_calc(Grade::G1_1, None, &members, d("2025-06-01"))
            .is_err());
    }
}
