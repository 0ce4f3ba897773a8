//! What the notice of a medical-aid decision states (`print::forms::decision_notice::MedicalNotice`):
//! the person, 社会保険 and 単独・併用, each 指定医療機関 with its 診療別, and the 本人支払額 the
//! decision's calculation gave. Like a care-aid decision it is a change of the protection, so its
//! notice is a 保護変更決定通知書 (a 却下, a 保護申請却下通知書) on the ordinary form.

use super::cases::terms_view;
use super::scheme::terms_of;
use crate::print::forms::decision_notice::{
    DecisionNotice, InKindAid, MedicalNotice, NoticeMember,
};
use crate::service::decisions::DecisionSnapshot;
use crate::service::{App, Result};
use crate::store::households as hh;
use crate::store::{decisions as sd, medical_aid as sm};

impl App {
    /// Turn `notice` (built for the household as any decision's) into the medical-aid
    /// decision's: the person instead of the household, the institutions instead of amounts.
    pub(crate) fn fill_medical_notice(
        &self,
        notice: &mut DecisionNotice,
        decision_id: i64,
        case_id: i64,
        snapshot: Option<&DecisionSnapshot>,
    ) -> Result<()> {
        let conn = self.store.conn();
        let case = sm::case(conn, case_id)?;
        let person = hh::person_including_removed(conn, case.person_id)?;
        let row = sd::decision(conn, decision_id)?;
        let (insurance, institutions) = match terms_of(&row)? {
            Some(terms) => {
                let v = terms_view(conn, &terms)?;
                let lines = v
                    .lines
                    .iter()
                    .map(|l| format!("{}（{}）", l.institution_name, l.treatment_label))
                    .collect();
                let insurance = format!(
                    "社会保険{}（{}）",
                    v.social_insurance_label, v.single_or_combined_label
                );
                (insurance, lines)
            }
            None => (String::new(), vec![]),
        };
        let person_text = if person.relationship.trim().is_empty() {
            person.name.clone()
        } else {
            format!("{}（{}）", person.name, person.relationship)
        };
        notice.narrow_to_person(
            InKindAid::Medical,
            NoticeMember {
                name: person.name.clone(),
                relationship: person.relationship.clone(),
            },
            case.applied_on,
            snapshot.map(|s| s.result.own_payment_yen()),
        );
        notice.medical = Some(MedicalNotice {
            person: person_text,
            insurance,
            institutions,
        });
        Ok(())
    }
}
