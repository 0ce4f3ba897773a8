//! 保護決定 (decisions) and 申請 (applications): their kinds, states, the rules between them, and
//! the caseworker's stored facts about a household (the "situation").
//!
//! What lives here (no I/O): which household status a decision kind may be drafted from and what
//! status its approval leaves; the 14/30-day deadline of 法24条; what a stored situation must hold.
//! Not here: how it becomes a calculation's input (`calc::input`), storing any of it
//! (`store::decisions`), permissions and the workflow's transactions (`service::decisions`), the
//! arithmetic (`calc`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::facts::{IncomeKind, PricingFacts, WinterRegion};
use super::household::{HouseholdStatus, ValidationError};

/// 申請から決定通知までの期限 (法24条3項): 14 days.
pub const DEADLINE_DAYS: i64 = 14;
/// 特別な理由がある場合の延長 (法24条5項ただし書): 30 days, with the reason in the notice.
pub const EXTENDED_DEADLINE_DAYS: i64 = 30;
/// The home screen lists applications whose deadline is at most this many days away.
pub const DUE_SOON_DAYS: i64 = 3;

/// How pressing a pending application's deadline is (期限超過 / 期限間近 / 余裕あり).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Overdue,
    Soon,
    Ok,
}

/// The urgency of a deadline `days_left` days away (negative = overdue): due within
/// [`DUE_SOON_DAYS`] is 期限間近.
pub fn urgency(days_left: i64) -> Urgency {
    if days_left < 0 {
        Urgency::Overdue
    } else if days_left <= DUE_SOON_DAYS {
        Urgency::Soon
    } else {
        Urgency::Ok
    }
}

/// The day by which the decision must be notified. Counting starts the day after receipt
/// (初日不算入), so an application received on 1 June is due on 15 June.
pub fn application_deadline(received_on: NaiveDate, extended: bool) -> NaiveDate {
    let days = if extended {
        EXTENDED_DEADLINE_DAYS
    } else {
        DEADLINE_DAYS
    };
    received_on + chrono::Duration::days(days)
}

/// 決定の種類.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// 開始
    Start,
    /// 変更
    Change,
    /// 停止
    Suspend,
    /// 廃止
    Abolish,
    /// 却下
    Reject,
}

impl DecisionKind {
    pub const ALL: [DecisionKind; 5] = [
        DecisionKind::Start,
        DecisionKind::Change,
        DecisionKind::Suspend,
        DecisionKind::Abolish,
        DecisionKind::Reject,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DecisionKind::Start => "start",
            DecisionKind::Change => "change",
            DecisionKind::Suspend => "suspend",
            DecisionKind::Abolish => "abolish",
            DecisionKind::Reject => "reject",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            DecisionKind::Start => "開始",
            DecisionKind::Change => "変更",
            DecisionKind::Suspend => "停止",
            DecisionKind::Abolish => "廃止",
            DecisionKind::Reject => "却下",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == s || k.label() == s)
    }

    /// Kinds that always carry a calculation (the amounts are the decision). 停止・廃止・却下 carry
    /// one only when the caseworker asks for it (e.g. 却下 because income exceeds the minimum).
    pub fn requires_calculation(self) -> bool {
        matches!(self, DecisionKind::Start | DecisionKind::Change)
    }

    /// Whether a decision of this kind may be drafted (and approved) for a household in `status`.
    pub fn allowed_from(self, status: HouseholdStatus) -> bool {
        use HouseholdStatus::*;
        match self {
            DecisionKind::Start | DecisionKind::Reject => status == Applying,
            // 変更 of a suspended household is how 停止 is lifted (停止の解除).
            DecisionKind::Change => matches!(status, Active | Suspended),
            DecisionKind::Suspend => status == Active,
            DecisionKind::Abolish => matches!(status, Active | Suspended),
        }
    }

    /// The kinds that may be drafted for a household in `status` now, in [`ALL`](Self::ALL)
    /// order (the 起案 form offers exactly these).
    pub fn draftable_from(status: HouseholdStatus) -> Vec<DecisionKind> {
        Self::ALL
            .into_iter()
            .filter(|k| k.allowed_from(status))
            .collect()
    }

    /// The kind the 起案 form proposes: 開始 for a household whose application waits (申請中),
    /// 変更 for one receiving or suspended; none when no decision may be drafted (相談中, 廃止).
    pub fn proposed_for(status: HouseholdStatus) -> Option<DecisionKind> {
        [DecisionKind::Start, DecisionKind::Change]
            .into_iter()
            .find(|k| k.allowed_from(status))
    }

    /// The household status after approval. 却下 is only possible for a household that is
    /// 申請中 (see [`allowed_from`](Self::allowed_from)); its file is then closed (廃止), because
    /// nothing else is open on it. A new application reopens it (申請中).
    pub fn status_after(self) -> HouseholdStatus {
        match self {
            DecisionKind::Start | DecisionKind::Change => HouseholdStatus::Active,
            DecisionKind::Suspend => HouseholdStatus::Suspended,
            DecisionKind::Abolish | DecisionKind::Reject => HouseholdStatus::Closed,
        }
    }

    /// Whether approval replaces the household's current amounts. 停止・廃止 set them to 0;
    /// 却下 leaves them (there were none).
    pub fn sets_amounts(self) -> bool {
        !matches!(self, DecisionKind::Reject)
    }

    /// An application is answered (決定通知) by 開始 or 却下.
    pub fn answers_application(self) -> bool {
        matches!(self, DecisionKind::Start | DecisionKind::Reject)
    }

    fn not_allowed_message(self, status: HouseholdStatus) -> String {
        let need = match self {
            DecisionKind::Start | DecisionKind::Reject => "申請中",
            DecisionKind::Change => "保護中または停止中",
            DecisionKind::Suspend => "保護中",
            DecisionKind::Abolish => "保護中または停止中",
        };
        format!(
            "{}の決定は{}の世帯にだけできます（この世帯は{}です）",
            self.label(),
            need,
            status.label()
        )
    }

    pub fn check_allowed(self, status: HouseholdStatus) -> Result<(), String> {
        if self.allowed_from(status) {
            Ok(())
        } else {
            Err(self.not_allowed_message(status))
        }
    }
}

/// 決定の処理状態: 起案 → 審査済 → 決裁; 差戻し returns it to the drafter, who corrects it and
/// submits it again as 起案.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DecisionState {
    Draft,
    Reviewed,
    Approved,
    Returned,
}

impl DecisionState {
    pub const ALL: [DecisionState; 4] = [
        DecisionState::Draft,
        DecisionState::Reviewed,
        DecisionState::Approved,
        DecisionState::Returned,
    ];
    pub fn code(self) -> &'static str {
        match self {
            DecisionState::Draft => "draft",
            DecisionState::Reviewed => "reviewed",
            DecisionState::Approved => "approved",
            DecisionState::Returned => "returned",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            DecisionState::Draft => "起案",
            DecisionState::Reviewed => "審査済",
            DecisionState::Approved => "決裁",
            DecisionState::Returned => "差戻し",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
    /// Not yet approved: the decision is still being worked on.
    pub fn is_open(self) -> bool {
        self != DecisionState::Approved
    }
}

/// The caseworker's facts about one member (by person id) that price them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MemberFacts {
    #[ts(type = "number")]
    pub person_id: i64,
    /// Stored flat beside the person id, as the 認定状況 has always been recorded.
    #[serde(flatten)]
    #[ts(flatten)]
    pub facts: PricingFacts,
}

/// One monthly income of the household, as the caseworker records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct IncomeInput {
    /// The member who earns or receives it (required for 就労収入).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub kind: IncomeKind,
    #[serde(default)]
    pub label: String,
    /// Monthly gross amount (月額), yen.
    #[ts(type = "number")]
    pub gross_yen: i64,
    #[serde(default)]
    #[ts(type = "number")]
    pub expenses_yen: i64,
}

/// What is stored per household (`household_situations`): every input of a calculation that the
/// registry and the office settings do not already hold. Members without an entry in `members`
/// have no 加算 facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SituationInput {
    /// 冬季加算の地区 1–6 (Ⅰ区–Ⅵ区) set for this household; absent = the region of the office's
    /// prefecture, from the rate set (告示 冬季加算の地区区分).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub winter_region: Option<u8>,
    /// The area key of the 住宅扶助 cap table (as written in `jutaku.csv`).
    #[serde(default)]
    pub housing_area: Option<String>,
    #[serde(default)]
    #[ts(type = "number")]
    pub rent_yen: i64,
    #[serde(default)]
    #[ts(type = "number")]
    pub care_cost_yen: i64,
    #[serde(default)]
    #[ts(type = "number")]
    pub medical_cost_yen: i64,
    #[serde(default)]
    pub members: Vec<MemberFacts>,
    #[serde(default)]
    pub incomes: Vec<IncomeInput>,
}

/// A member of the registry as a calculation uses them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberAsUsed {
    pub person_id: i64,
    pub name: String,
    pub birth_date: NaiveDate,
}

/// The largest monthly amount (yen) a situation may record: far above any rent, cost or income a
/// household on assistance has, far below where sums of them could overflow.
pub const MAX_MONTHLY_YEN: i64 = 10_000_000;
/// At most this many income lines per household.
pub const MAX_INCOMES: usize = 50;

fn amount_ok(field: &'static str, what: &str, v: i64) -> Result<(), ValidationError> {
    if v > MAX_MONTHLY_YEN {
        return Err(ValidationError::new(
            field,
            format!(
                "{what}が大きすぎます（月額{}まで）。金額を確かめてください",
                super::money::yen_text(MAX_MONTHLY_YEN)
            ),
        ));
    }
    Ok(())
}

impl SituationInput {
    /// Internal checks, and that every person named is one of `member_ids` (current members).
    pub fn validate(&self, member_ids: &[i64]) -> Result<(), ValidationError> {
        amount_ok("rent_yen", "家賃", self.rent_yen)?;
        amount_ok("care_cost_yen", "介護費", self.care_cost_yen)?;
        amount_ok("medical_cost_yen", "医療費", self.medical_cost_yen)?;
        for m in &self.members {
            amount_ok("members", "介護保険料", m.facts.care_premium_yen)?;
            amount_ok("members", "学校の費用", m.facts.school_costs_yen)?;
        }
        if self.incomes.len() > MAX_INCOMES {
            return Err(ValidationError::new(
                "incomes",
                format!("収入は{MAX_INCOMES}件までです"),
            ));
        }
        for (i, it) in self.incomes.iter().enumerate() {
            amount_ok("incomes", &format!("収入{}の金額", i + 1), it.gross_yen)?;
            amount_ok(
                "incomes",
                &format!("収入{}の必要経費", i + 1),
                it.expenses_yen,
            )?;
            if let Some(m) =
                crate::domain::text::problem(&format!("収入{}の内容", i + 1), &it.label, 40)
            {
                return Err(ValidationError::new("incomes", m));
            }
        }
        if let Some(m) = self
            .housing_area
            .as_deref()
            .and_then(|a| crate::domain::text::problem("住宅扶助の地域", a, 40))
        {
            return Err(ValidationError::new("housing_area", m));
        }
        if self
            .winter_region
            .is_some_and(|r| WinterRegion::new(r).is_none())
        {
            return Err(ValidationError::new(
                "winter_region",
                "冬季加算の地区は1〜6（Ⅰ区〜Ⅵ区）で指定してください",
            ));
        }
        if self.rent_yen < 0 || self.care_cost_yen < 0 || self.medical_cost_yen < 0 {
            return Err(ValidationError::new(
                "rent_yen",
                "家賃・介護費・医療費に負の値は使えません",
            ));
        }
        if self
            .housing_area
            .as_deref()
            .is_some_and(|a| a.trim().is_empty())
        {
            return Err(ValidationError::new(
                "housing_area",
                "住宅扶助の地域が空です（なしの場合は指定しないでください）",
            ));
        }
        let mut seen = vec![];
        for (i, m) in self.members.iter().enumerate() {
            if !member_ids.contains(&m.person_id) {
                return Err(ValidationError::new(
                    "members",
                    format!(
                        "世帯員{}: この世帯の世帯員ではありません（ID {}）",
                        i + 1,
                        m.person_id
                    ),
                ));
            }
            if seen.contains(&m.person_id) {
                return Err(ValidationError::new(
                    "members",
                    format!("世帯員（ID {}）が重複しています", m.person_id),
                ));
            }
            seen.push(m.person_id);
            if m.facts.care_premium_yen < 0 || m.facts.school_costs_yen < 0 {
                return Err(ValidationError::new(
                    "members",
                    format!("世帯員{}: 負の金額は使えません", i + 1),
                ));
            }
        }
        for (i, it) in self.incomes.iter().enumerate() {
            if it.gross_yen < 0 || it.expenses_yen < 0 {
                return Err(ValidationError::new(
                    "incomes",
                    format!("収入{}: 負の金額は使えません", i + 1),
                ));
            }
            match it.person_id {
                Some(p) if !member_ids.contains(&p) => {
                    return Err(ValidationError::new(
                        "incomes",
                        format!("収入{}: この世帯の世帯員ではありません（ID {p}）", i + 1),
                    ))
                }
                None if it.kind == IncomeKind::Earned => {
                    return Err(ValidationError::new(
                        "incomes",
                        format!("収入{}: 就労収入には世帯員の指定が必要です", i + 1),
                    ))
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn urgency_is_overdue_soon_within_three_days_else_ok() {
        assert_eq!(urgency(-1), Urgency::Overdue);
        assert_eq!(urgency(0), Urgency::Soon);
        assert_eq!(urgency(DUE_SOON_DAYS), Urgency::Soon);
        assert_eq!(urgency(DUE_SOON_DAYS + 1), Urgency::Ok);
    }

    #[test]
    fn deadline_is_14_days_or_30_when_extended() {
        assert_eq!(
            application_deadline(d("2025-06-01"), false),
            d("2025-06-15")
        );
        assert_eq!(application_deadline(d("2025-06-01"), true), d("2025-07-01"));
    }

    #[test]
    fn kinds_follow_the_household_status() {
        use HouseholdStatus::*;
        assert!(DecisionKind::Start.allowed_from(Applying));
        assert!(!DecisionKind::Start.allowed_from(Active));
        assert!(DecisionKind::Change.allowed_from(Suspended));
        assert!(!DecisionKind::Suspend.allowed_from(Suspended));
        assert!(!DecisionKind::Reject.allowed_from(Active));
        assert_eq!(DecisionKind::Reject.status_after(), Closed);
        assert!(DecisionKind::Suspend
            .check_allowed(Closed)
            .unwrap_err()
            .contains("保護中"));
    }

    #[test]
    fn the_form_proposes_start_for_an_application_and_change_for_a_case() {
        use DecisionKind as K;
        use HouseholdStatus::*;
        assert_eq!(DecisionKind::proposed_for(Applying), Some(K::Start));
        assert_eq!(DecisionKind::proposed_for(Active), Some(K::Change));
        assert_eq!(DecisionKind::proposed_for(Suspended), Some(K::Change));
        assert_eq!(DecisionKind::proposed_for(Consulting), None);
        assert_eq!(DecisionKind::proposed_for(Closed), None);
        assert_eq!(
            DecisionKind::draftable_from(Applying),
            [K::Start, K::Reject]
        );
        assert_eq!(
            DecisionKind::draftable_from(Active),
            [K::Change, K::Suspend, K::Abolish]
        );
        assert!(DecisionKind::draftable_from(Consulting).is_empty());
    }
}
