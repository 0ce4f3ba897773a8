//! 他の担当者のケース (another caseworker's case): before opening, the UI asks whose case it is
//! and whether a reason is needed (`domain::case_access`); an open with a reason is remembered
//! for the session, and every edit of a household passes [`App::check_case_access`].

use super::views::CaseAccessView;
use super::{App, Result, ServiceError};
use crate::domain::case_access::{reason_needed, CaseReasonKind};
use crate::domain::role::Permission;
use crate::domain::stated_reason::ReasonKind;
use crate::store::{households as hh, users};

pub const CASE_REASON_REQUIRED: &str = "CASE_REASON_REQUIRED";

impl App {
    /// Whose case the household is and whether this user must give a reason to open it. Reads
    /// only the assignment, so it is not itself an audited read.
    pub fn case_access(&mut self, household_id: i64) -> Result<CaseAccessView> {
        self.require(Permission::ViewHousehold)?;
        let caseworker_id = hh::caseworker_of(self.store.conn(), household_id)?;
        Ok(CaseAccessView {
            household_id,
            caseworker_name: self.caseworker_name(caseworker_id.as_deref())?,
            reason_needed: self.still_needs_reason(household_id, caseworker_id.as_deref()),
            caseworker_id,
            reasons: CaseReasonKind::options(),
        })
    }

    /// The gate of every open without a reason and every edit keyed by a household: refused
    /// (`CASE_REASON_REQUIRED`) for another caseworker's case not opened with a reason in this
    /// session.
    pub(crate) fn check_case_access(&self, household_id: i64) -> Result<()> {
        let caseworker_id = hh::caseworker_of(self.store.conn(), household_id)?;
        if !self.still_needs_reason(household_id, caseworker_id.as_deref()) {
            return Ok(());
        }
        let name = self
            .caseworker_name(caseworker_id.as_deref())?
            .or(caseworker_id)
            .unwrap_or_default();
        Err(ServiceError::refused(
            CASE_REASON_REQUIRED,
            format!("このケースの担当は {name} さんです。閲覧の理由を入力してください。"),
        ))
    }

    /// [`check_case_access`](Self::check_case_access) for an edit keyed by a member.
    pub(crate) fn check_person_access(&self, person_id: i64) -> Result<()> {
        let household_id = hh::household_of_person(self.store.conn(), person_id)?;
        self.check_case_access(household_id)
    }

    /// After an open with a reason: the same household opens (and is edited) without asking
    /// again until logout or lock.
    pub(crate) fn remember_case_reason(&mut self, household_id: i64) {
        self.case_reasons.insert(household_id);
    }

    fn still_needs_reason(&self, household_id: i64, caseworker_id: Option<&str>) -> bool {
        reason_needed(self.user.role, &self.user.user_id, caseworker_id)
            && !self.case_reasons.contains(&household_id)
    }

    pub(crate) fn caseworker_name(&self, caseworker_id: Option<&str>) -> Result<Option<String>> {
        Ok(match caseworker_id {
            Some(cw) => users::get(self.store.conn(), cw)?.map(|u| u.display_name),
            None => None,
        })
    }
}
