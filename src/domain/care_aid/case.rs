//! 介護扶助のケース: one person's care-aid episode — applied for, decided (開始・変更・廃止・却下)
//! through the ordinary decision workflow, ended — and the terms a 開始・変更 fixes: which
//! providers give which services, the care-plan office, the share.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::insurance::{CertificationState, InsuredKind};
use super::provider::{service_kind_label, FACILITY_KINDS};
use crate::domain::decision::DecisionKind;
use crate::domain::household::{HouseholdStatus, ValidationError};

/// Where a care-aid case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CareCaseStatus {
    /// 申請中
    Applied,
    /// 介護扶助中
    Active,
    /// 終了
    Ended,
    /// 却下
    Rejected,
}

impl CareCaseStatus {
    pub const ALL: [CareCaseStatus; 4] = [
        CareCaseStatus::Applied,
        CareCaseStatus::Active,
        CareCaseStatus::Ended,
        CareCaseStatus::Rejected,
    ];
    pub fn code(self) -> &'static str {
        match self {
            CareCaseStatus::Applied => "applied",
            CareCaseStatus::Active => "active",
            CareCaseStatus::Ended => "ended",
            CareCaseStatus::Rejected => "rejected",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            CareCaseStatus::Applied => "申請中",
            CareCaseStatus::Active => "介護扶助中",
            CareCaseStatus::Ended => "終了",
            CareCaseStatus::Rejected => "却下",
        }
    }
    pub fn is_open(self) -> bool {
        matches!(self, CareCaseStatus::Applied | CareCaseStatus::Active)
    }
}

/// Japanese name of a care-aid decision kind (開始 = 介護扶助開始, 廃止 = 介護扶助廃止 …).
pub fn care_kind_label(kind: DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Start => "介護扶助開始",
        DecisionKind::Change => "介護扶助変更",
        DecisionKind::Abolish => "介護扶助廃止",
        DecisionKind::Reject => "介護扶助却下",
        DecisionKind::Suspend => "介護扶助停止",
    }
}

/// May a care-aid decision of `kind` be drafted (or approved) now? 停止 is refused: care aid
/// stops with the suspension of assistance itself.
pub fn care_kind_allowed(
    kind: DecisionKind,
    case: CareCaseStatus,
    household: HouseholdStatus,
) -> Result<(), String> {
    let ok = match kind {
        DecisionKind::Start | DecisionKind::Reject => case == CareCaseStatus::Applied,
        DecisionKind::Change | DecisionKind::Abolish => case == CareCaseStatus::Active,
        DecisionKind::Suspend => {
            return Err(
                "介護扶助だけを停止する決定はありません。保護の停止として決定してください".into(),
            )
        }
    };
    if !ok {
        return Err(format!(
            "{}のケースに{}の決定はできません",
            case.label(),
            care_kind_label(kind)
        ));
    }
    if matches!(kind, DecisionKind::Start | DecisionKind::Change)
        && household != HouseholdStatus::Active
    {
        return Err(format!(
            "世帯が{}のため{}はできません（保護開始の決裁後、保護中の世帯に行います）",
            household.label(),
            care_kind_label(kind)
        ));
    }
    Ok(())
}

/// What a 開始 needs, as the caseworker's list of what is missing (empty = may be drafted).
#[derive(Debug, Clone, Copy)]
pub struct StartFacts {
    /// 介護保険 status recorded and in force on the date
    pub has_status: bool,
    pub kind: Option<InsuredKind>,
    /// the 認定有効期間 on the date
    pub certification: Option<CertificationState>,
    /// a care plan received for the case
    pub has_plan: bool,
    /// every service of the terms is a facility service (the facility makes the plan)
    pub facility_only: bool,
}

pub fn start_blockers(f: StartFacts) -> Vec<String> {
    let mut out = Vec::new();
    if !f.has_status || f.kind.is_none() {
        out.push("介護保険の資格（被保険者区分・番号）が記録されていません".to_string());
    }
    match f.certification {
        None => out.push("要介護状態区分と認定有効期間が記録されていません".to_string()),
        Some(CertificationState::Expired) => {
            out.push("適用日に要介護認定の有効期間が切れています".to_string())
        }
        Some(CertificationState::NotYet) => {
            out.push("適用日に要介護認定の有効期間が始まっていません".to_string())
        }
        Some(_) => {}
    }
    if !f.has_plan && !f.facility_only {
        out.push("居宅介護支援計画（ケアプラン）を受理していません".to_string());
    }
    out
}

/// Whether a household in `status` may apply for care aid: it is 保護中, or its application for
/// assistance (which may ask for care aid from the start) is pending.
pub fn care_application_open(status: HouseholdStatus) -> bool {
    matches!(status, HouseholdStatus::Active | HouseholdStatus::Applying)
}

/// A step on a care-aid case its screen offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CareCaseAction {
    /// 介護保険の資格・認定を記録
    RecordStatus,
    /// ケアプランの受理を記録
    RecordPlan,
    DraftStart,
    DraftChange,
    DraftEnd,
    DraftReject,
}

#[derive(Debug, Clone, Copy)]
pub struct CareCasePowers {
    pub can_edit: bool,
    pub can_draft: bool,
}

/// The actions offered on a case: the service refuses the same ones with the same rules.
pub fn care_case_actions(
    status: CareCaseStatus,
    household: HouseholdStatus,
    open_decision: bool,
    p: CareCasePowers,
) -> Vec<CareCaseAction> {
    use CareCaseAction::*;
    let mut out = Vec::new();
    if p.can_edit && status.is_open() {
        out.extend([RecordStatus, RecordPlan]);
    }
    if p.can_draft && !open_decision {
        for (a, kind) in [
            (DraftStart, DecisionKind::Start),
            (DraftChange, DecisionKind::Change),
            (DraftEnd, DecisionKind::Abolish),
            (DraftReject, DecisionKind::Reject),
        ] {
            if care_kind_allowed(kind, status, household).is_ok() {
                out.push(a);
            }
        }
    }
    out
}

/// One provider line of a decision's terms: the provider and the services it gives the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CareLine {
    #[ts(type = "number")]
    pub provider_id: i64,
    pub service_kinds: Vec<String>,
}

/// What a 開始・変更 fixes for the months it governs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CareTerms {
    pub lines: Vec<CareLine>,
    /// 居宅介護支援事業者 (none for facility services only)
    #[serde(default)]
    #[ts(type = "number | null")]
    pub plan_office_id: Option<i64>,
}

/// What the terms need to know of a provider.
#[derive(Debug, Clone)]
pub struct ProviderFacts {
    pub name: String,
    pub service_kinds: Vec<String>,
    pub designated_on_date: bool,
    pub plan_office: bool,
}

impl CareTerms {
    pub fn facility_only(&self) -> bool {
        !self.lines.is_empty()
            && self.lines.iter().all(|l| {
                l.service_kinds
                    .iter()
                    .all(|k| FACILITY_KINDS.contains(&k.as_str()))
            })
    }

    /// Checks the terms against the providers (`facts(id)`, `None` = unknown); returns them
    /// with each line's kinds sorted and deduplicated.
    pub fn validate(
        &self,
        facts: impl Fn(i64) -> Option<ProviderFacts>,
    ) -> Result<CareTerms, ValidationError> {
        let bad = |m: String| Err(ValidationError::new("terms", m));
        if self.lines.is_empty() {
            return bad("介護機関を1つ以上選んでください".into());
        }
        let mut lines = Vec::new();
        for l in &self.lines {
            let Some(p) = facts(l.provider_id) else {
                return bad(format!(
                    "介護機関（ID {}）が登録されていません",
                    l.provider_id
                ));
            };
            if !p.designated_on_date {
                return bad(format!("{}は適用日に指定介護機関ではありません", p.name));
            }
            if lines
                .iter()
                .any(|x: &CareLine| x.provider_id == l.provider_id)
            {
                return bad(format!("{}が2回選ばれています", p.name));
            }
            let mut kinds = l.service_kinds.clone();
            kinds.sort();
            kinds.dedup();
            if kinds.is_empty() {
                return bad(format!("{}のサービス種類を選んでください", p.name));
            }
            for k in &kinds {
                if !p.service_kinds.contains(k) {
                    return bad(format!(
                        "{}は「{}」の事業所ではありません",
                        p.name,
                        service_kind_label(k).unwrap_or(k)
                    ));
                }
            }
            lines.push(CareLine {
                provider_id: l.provider_id,
                service_kinds: kinds,
            });
        }
        let terms = CareTerms {
            lines,
            plan_office_id: self.plan_office_id,
        };
        match self.plan_office_id.map(|id| (id, facts(id))) {
            None if !terms.facility_only() => {
                return bad("居宅介護支援事業者を選んでください".into())
            }
            Some((id, None)) => {
                return bad(format!("居宅介護支援事業者（ID {id}）が登録されていません"))
            }
            Some((_, Some(p))) if !p.plan_office => {
                return bad(format!("{}は居宅介護支援事業者ではありません", p.name))
            }
            _ => {}
        }
        Ok(terms)
    }
}

/// The days a case covers in general: from the approved 開始 to the day before the 廃止
/// (the effective date of a 廃止 is its first day without aid).
pub fn covered(start: NaiveDate, end: Option<NaiveDate>, day: NaiveDate) -> bool {
    start <= day && end.is_none_or(|e| day < e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use CareCaseStatus as C;
    use DecisionKind as K;
    use HouseholdStatus as H;

    #[test]
    fn which_decisions_a_case_allows() {
        assert!(care_kind_allowed(K::Start, C::Applied, H::Active).is_ok());
        assert!(care_kind_allowed(K::Reject, C::Applied, H::Applying).is_ok());
        assert!(care_kind_allowed(K::Start, C::Applied, H::Applying).is_err());
        assert!(care_kind_allowed(K::Start, C::Active, H::Active).is_err());
        assert!(care_kind_allowed(K::Change, C::Active, H::Active).is_ok());
        assert!(care_kind_allowed(K::Change, C::Applied, H::Active).is_err());
        assert!(care_kind_allowed(K::Abolish, C::Active, H::Closed).is_ok());
        assert!(care_kind_allowed(K::Abolish, C::Ended, H::Active).is_err());
        assert!(care_kind_allowed(K::Suspend, C::Active, H::Active).is_err());
    }

    #[test]
    fn actions_follow_status_and_powers() {
        use CareCaseAction::*;
        let all = CareCasePowers {
            can_edit: true,
            can_draft: true,
        };
        assert_eq!(
            care_case_actions(C::Applied, H::Active, false, all),
            vec![RecordStatus, RecordPlan, DraftStart, DraftReject]
        );
        assert_eq!(
            care_case_actions(C::Active, H::Active, false, all),
            vec![RecordStatus, RecordPlan, DraftChange, DraftEnd]
        );
        assert_eq!(
            care_case_actions(C::Active, H::Active, true, all),
            vec![RecordStatus, RecordPlan]
        );
        assert!(care_case_actions(C::Ended, H::Active, false, all).is_empty());
        let none = CareCasePowers {
            can_edit: false,
            can_draft: false,
        };
        assert!(care_case_actions(C::Applied, H::Active, false, none).is_empty());
    }

    #[test]
    fn a_start_needs_status_certification_and_plan() {
        let ok = StartFacts {
            has_status: true,
            kind: Some(InsuredKind::First),
            certification: Some(CertificationState::DueSoon),
            has_plan: true,
            facility_only: false,
        };
        assert!(start_blockers(ok).is_empty());
        assert_eq!(
            start_blockers(StartFacts {
                has_plan: false,
                ..ok
            })
            .len(),
            1
        );
        assert!(start_blockers(StartFacts {
            has_plan: false,
            facility_only: true,
            ..ok
        })
        .is_empty());
        assert_eq!(
            start_blockers(StartFacts {
                certification: Some(CertificationState::Expired),
                ..ok
            })
            .len(),
            1
        );
        assert_eq!(
            start_blockers(StartFacts {
                has_status: false,
                kind: None,
                certification: None,
                has_plan: false,
                facility_only: false
            })
            .len(),
            3
        );
    }

    fn facts(id: i64) -> Option<ProviderFacts> {
        match id {
            1 => Some(ProviderFacts {
                name: "見本ヘルパー".into(),
                service_kinds: vec!["11".into(), "15".into()],
                designated_on_date: true,
                plan_office: false,
            }),
            2 => Some(ProviderFacts {
                name: "見本ケアプラン".into(),
                service_kinds: vec!["43".into()],
                designated_on_date: true,
                plan_office: true,
            }),
            3 => Some(ProviderFacts {
                name: "見本ホーム".into(),
                service_kinds: vec!["51".into()],
                designated_on_date: true,
                plan_office: false,
            }),
            4 => Some(ProviderFacts {
                name: "廃止済み".into(),
                service_kinds: vec!["11".into()],
                designated_on_date: false,
                plan_office: false,
            }),
            _ => None,
        }
    }

    fn line(id: i64, kinds: &[&str]) -> CareLine {
        CareLine {
            provider_id: id,
            service_kinds: kinds.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn terms_are_checked_against_the_providers() {
        let t = CareTerms {
            lines: vec![line(1, &["15", "11", "15"])],
            plan_office_id: Some(2),
        };
        assert_eq!(
            t.validate(facts).unwrap().lines[0].service_kinds,
            vec!["11", "15"]
        );
        let facility = CareTerms {
            lines: vec![line(3, &["51"])],
            plan_office_id: None,
        };
        assert!(facility.facility_only());
        assert!(facility.validate(facts).is_ok());
        for bad in [
            CareTerms {
                lines: vec![],
                plan_office_id: Some(2),
            },
            CareTerms {
                lines: vec![line(1, &["11"])],
                plan_office_id: None,
            },
            CareTerms {
                lines: vec![line(1, &["13"])],
                plan_office_id: Some(2),
            },
            CareTerms {
                lines: vec![line(4, &["11"])],
                plan_office_id: Some(2),
            },
            CareTerms {
                lines: vec![line(9, &["11"])],
                plan_office_id: Some(2),
            },
            CareTerms {
                lines: vec![line(1, &["11"]), line(1, &["15"])],
                plan_office_id: Some(2),
            },
            CareTerms {
                lines: vec![line(1, &["11"])],
                plan_office_id: Some(1),
            },
            CareTerms {
                lines: vec![line(1, &[])],
                plan_office_id: Some(2),
            },
        ] {
            assert!(bad.validate(facts).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn coverage_ends_the_day_before_the_abolition() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(covered(d("2026-05-17"), None, d("2026-05-17")));
        assert!(!covered(d("2026-05-17"), None, d("2026-05-16")));
        assert!(covered(
            d("2026-05-17"),
            Some(d("2026-06-09")),
            d("2026-06-08")
        ));
        assert!(!covered(
            d("2026-05-17"),
            Some(d("2026-06-09")),
            d("2026-06-09")
        ));
    }
}
