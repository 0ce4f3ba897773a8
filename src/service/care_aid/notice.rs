//! What the notice of a care-aid decision states (`print::forms::decision_notice::CareNotice`):
//! the person, the 介護保険 status in force on the decision's effective date with the share the
//! decision stored, the 認定, each provider with its services and the care-plan office, and the
//! 本人支払額 the decision's calculation gave. A care-aid decision is a change of the protection,
//! so its notice is a 保護変更決定通知書 (a 却下, a 保護申請却下通知書) on the ordinary form.

use super::scheme::services_text;
use crate::domain::care_aid::case::CareTerms;
use crate::domain::care_aid::insurance::Share;
use crate::domain::decision::DecisionKind;
use crate::domain::era::format_wareki;
use crate::print::forms::decision_notice::{CareNotice, DecisionNotice, InKindAid, NoticeMember};
use crate::service::{App, Result};
use crate::store::care_aid::{self as sc, CareDecisionRow};
use crate::store::households as hh;

/// The lead sentence a care-aid decision of `kind` is notified with (its notice's kind).
pub(crate) fn care_notice_kind(kind: DecisionKind) -> DecisionKind {
    match kind {
        DecisionKind::Reject => DecisionKind::Reject,
        _ => DecisionKind::Change,
    }
}

impl App {
    /// Turn `notice` (built for the household as any decision's) into the care-aid decision's:
    /// the person instead of the household, the care facts instead of the household's amounts.
    pub(crate) fn fill_care_notice(
        &self,
        notice: &mut DecisionNotice,
        link: &CareDecisionRow,
    ) -> Result<()> {
        let conn = self.store.conn();
        let effective = notice.effective_date;
        let case = sc::case(conn, link.care_case_id)?;
        let person = hh::person_including_removed(conn, case.person_id)?;
        let status = sc::insurance_on(conn, case.person_id, effective)?;
        let share = match (link.insurance_tenths, link.aid_tenths) {
            (Some(i), Some(a)) => Some(Share::stored(i, a).label()),
            _ => None,
        };
        let insurance = match (&status, share) {
            (Some(s), Some(share)) => format!("{}　{share}", s.kind.label()),
            (Some(s), None) => s.kind.label().to_string(),
            (None, _) => "介護保険の資格は記録されていません".to_string(),
        };
        let certification = status.as_ref().and_then(|s| {
            let level = s.care_level?.label();
            Some(match (s.certified_from, s.certified_to) {
                (Some(f), Some(t)) => format!(
                    "{level}（認定有効期間 {}〜{}）",
                    format_wareki(f),
                    format_wareki(t)
                ),
                _ => level.to_string(),
            })
        });
        let terms: Option<CareTerms> = link
            .terms
            .as_deref()
            .and_then(|t| serde_json::from_str(t).ok());
        let mut providers = Vec::new();
        let mut plan_office = None;
        if let Some(t) = &terms {
            for line in &t.lines {
                let p = sc::provider(conn, line.provider_id)?;
                providers.push(format!(
                    "{}（{}）",
                    p.name,
                    services_text(&line.service_kinds).join("・")
                ));
            }
            if let Some(id) = t.plan_office_id {
                plan_office = Some(sc::provider(conn, id)?.name);
            }
        }
        let name = if person.relationship.trim().is_empty() {
            person.name.clone()
        } else {
            format!("{}（{}）", person.name, person.relationship)
        };
        notice.narrow_to_person(
            InKindAid::Care,
            NoticeMember {
                name: person.name.clone(),
                relationship: person.relationship.clone(),
            },
            case.applied_on,
            link.own_payment_yen,
        );
        notice.care = Some(CareNotice {
            person: name,
            insurance,
            certification,
            providers,
            plan_office,
        });
        Ok(())
    }
}
