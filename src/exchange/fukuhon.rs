//! 副本 producer: a change to a household's 生活保護実施関係情報 — an approved 開始・変更・停止・廃止
//! decision, or a status changed by hand — becomes one 副本 record per current member, in the
//! transaction of the change. Records are keyed by each member's 団体内統合宛名番号 (the registry's
//! 宛名番号) and carry no name, address or My Number. A member without a 宛名番号 is still
//! recorded: the server refuses the record, the reconciliation list names the person and the
//! field, and the record is resent once the 宛名番号 is entered.
//!
//! 扶助の種類 are the kinds the household's amounts recognise, and 介護扶助 while one of its
//! members has care aid in force (a 介護券 is 現物給付: its cost is in no calculation). So an
//! approved care-aid 開始・廃止 that adds or removes 介護扶助 is a 変更 of the 副本 too.
//!
//! Not recorded: a 却下 (the household was never protected) and anything about a household that is
//! only applying.

use chrono::NaiveDate;

use super::event::{build, Event, FukuhonFacts, Source};
use super::outbox::record_built;
use super::record::{AidCode, FukuhonChange, ProtectionStatus};
use super::Result;
use crate::calc::benefit::KindOutcome;
use crate::domain::aid::AidKind;
use crate::domain::decision::DecisionKind;
use crate::domain::household::HouseholdStatus;
use crate::store::exchange as sx;
use crate::store::households as hh;
use crate::store::Tx;

fn status(s: HouseholdStatus) -> Option<ProtectionStatus> {
    match s {
        HouseholdStatus::Consulting | HouseholdStatus::Applying => None,
        HouseholdStatus::Active => Some(ProtectionStatus::Active),
        HouseholdStatus::Suspended => Some(ProtectionStatus::Suspended),
        HouseholdStatus::Closed => Some(ProtectionStatus::Closed),
    }
}

/// The 副本's code of a kind of aid the calculation prices (出産・葬祭 never come from it).
fn aid(k: AidKind) -> Option<AidCode> {
    Some(match k {
        AidKind::Living => AidCode::Living,
        AidKind::Education => AidCode::Education,
        AidKind::Housing => AidCode::Housing,
        AidKind::Occupational => AidCode::Occupation,
        AidKind::LongTermCare => AidCode::Care,
        AidKind::Medical => AidCode::Medical,
        AidKind::Maternity | AidKind::Funeral => return None,
    })
}

/// The kinds of aid a decision's amounts recognise (a minimum cost above zero).
fn aid_kinds(amounts_json: &str) -> Vec<AidCode> {
    let outcomes: Vec<KindOutcome> = serde_json::from_str(amounts_json).unwrap_or_default();
    let mut v: Vec<AidCode> = outcomes
        .iter()
        .filter(|o| o.minimum_yen > 0)
        .filter_map(|o| aid(o.kind_of_aid))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The 扶助の種類 of a protected household: its amounts' kinds, with 介護扶助 when `care_in_aid`.
fn household_aid_kinds(amounts_json: &str, care_in_aid: bool) -> Vec<AidCode> {
    let mut v = aid_kinds(amounts_json);
    if care_in_aid && !v.contains(&AidCode::Care) {
        v.push(AidCode::Care);
        v.sort();
    }
    v
}

/// Whether a member of the household has care aid in force (an active care-aid case).
fn care_in_aid(conn: &rusqlite::Connection, household_id: i64) -> Result<bool> {
    Ok(
        crate::store::care_aid::cases_for_household(conn, household_id)?
            .iter()
            .any(|c| c.status == crate::domain::care_aid::case::CareCaseStatus::Active),
    )
}

/// An approved care-aid decision of the household, after the case was updated: when it adds or
/// removes 介護扶助 from the household's 扶助の種類 (`care_before`: care aid was in force before
/// it), a 変更 of the 副本 from its effective date. Nothing while the household is not 保護中.
pub fn on_care_aid_changed(
    tx: &mut Tx<'_>,
    decision_id: i64,
    household_id: i64,
    effective_date: NaiveDate,
    care_before: bool,
) -> Result<Vec<i64>> {
    let h = hh::require(tx.conn(), household_id)?;
    if status(h.status) != Some(ProtectionStatus::Active) {
        return Ok(vec![]);
    }
    let amounts = crate::store::decisions::amounts(tx.conn(), household_id)?
        .map(|a| a.amounts)
        .unwrap_or_default();
    let care_after = care_in_aid(tx.conn(), household_id)?;
    let before = household_aid_kinds(&amounts, care_before);
    let after = household_aid_kinds(&amounts, care_after);
    if before == after {
        return Ok(vec![]);
    }
    let facts = FukuhonFacts {
        change: FukuhonChange::Change,
        status: ProtectionStatus::Active,
        effective_date,
        protection_start_date: sx::protection_start(tx.conn(), household_id)?,
        protection_end_date: None,
        aid_kinds: after,
    };
    record_members(
        tx,
        household_id,
        Source::new("decision", decision_id),
        facts,
    )
}

/// One record per current member of the household.
fn record_members(
    tx: &mut Tx<'_>,
    household_id: i64,
    source: Source,
    facts: FukuhonFacts,
) -> Result<Vec<i64>> {
    let members = hh::members(tx.conn(), household_id)?;
    let event = Event::Fukuhon(facts);
    let mut ids = Vec::with_capacity(members.len());
    for m in members {
        let r = build(tx.conn(), m.id, &event)?;
        ids.push(record_built(tx, m.id, source, r)?);
    }
    Ok(ids)
}

/// An approved decision. Call after the household's status and amounts were updated.
pub fn on_decision_approved(
    tx: &mut Tx<'_>,
    decision_id: i64,
    household_id: i64,
    kind: DecisionKind,
    effective_date: NaiveDate,
    amounts_json: &str,
) -> Result<Vec<i64>> {
    let (change, st) = match kind {
        DecisionKind::Start => (FukuhonChange::Start, ProtectionStatus::Active),
        DecisionKind::Change => (FukuhonChange::Change, ProtectionStatus::Active),
        DecisionKind::Suspend => (FukuhonChange::Suspend, ProtectionStatus::Suspended),
        DecisionKind::Abolish => (FukuhonChange::Abolish, ProtectionStatus::Closed),
        DecisionKind::Reject => return Ok(vec![]),
    };
    let aid_kinds = if st == ProtectionStatus::Active {
        household_aid_kinds(amounts_json, care_in_aid(tx.conn(), household_id)?)
    } else {
        vec![]
    };
    let facts = FukuhonFacts {
        change,
        status: st,
        effective_date,
        protection_start_date: sx::protection_start(tx.conn(), household_id)?,
        protection_end_date: (st == ProtectionStatus::Closed).then_some(effective_date),
        aid_kinds,
    };
    record_members(
        tx,
        household_id,
        Source::new("decision", decision_id),
        facts,
    )
}

/// A status changed by hand (状態の変更). `history_id` is the status-history row.
pub fn on_status_changed(
    tx: &mut Tx<'_>,
    household_id: i64,
    old: HouseholdStatus,
    new: HouseholdStatus,
    effective_date: NaiveDate,
) -> Result<Vec<i64>> {
    let Some(st) = status(new) else {
        return Ok(vec![]);
    };
    if old == HouseholdStatus::Applying && new == HouseholdStatus::Closed {
        // An application that ended without protection: nothing was ever registered.
        return Ok(vec![]);
    }
    let aid_kinds = match (
        st,
        crate::store::decisions::amounts(tx.conn(), household_id)?,
    ) {
        (ProtectionStatus::Active, Some(a)) => {
            household_aid_kinds(&a.amounts, care_in_aid(tx.conn(), household_id)?)
        }
        _ => vec![],
    };
    let start = sx::protection_start(tx.conn(), household_id)?
        .or((st == ProtectionStatus::Active).then_some(effective_date));
    let facts = FukuhonFacts {
        change: FukuhonChange::Status,
        status: st,
        effective_date,
        protection_start_date: start,
        protection_end_date: (st == ProtectionStatus::Closed).then_some(effective_date),
        aid_kinds,
    };
    record_members(
        tx,
        household_id,
        Source::new("household_status", household_id),
        facts,
    )
}
