//! Tests of the whole calculation against the test fixture (試験用・実在しない).

mod format;
pub(crate) mod national;
mod properties;
mod worked;

use super::rates::tests::fixture;
use super::*;
use chrono::NaiveDate;

pub(super) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(super) fn household(
    grade: Grade,
    region: u8,
    members: Vec<MemberSituation>,
) -> HouseholdSituation {
    HouseholdSituation {
        members,
        grade,
        prefecture: None,
        winter_region: Some(WinterRegion::new(region).unwrap()),
        housing_area: Some("試験県".into()),
        rent_yen: 0,
        incomes: vec![],
        care_cost_yen: 0,
        medical_cost_yen: 0,
    }
}

pub(super) fn income(
    member: Option<usize>,
    kind: IncomeKind,
    gross: i64,
    expenses: i64,
) -> IncomeItem {
    IncomeItem {
        member,
        kind,
        label: String::new(),
        gross_yen: gross,
        expenses_yen: expenses,
    }
}

pub(super) fn set() -> RateSet {
    fixture()
}
