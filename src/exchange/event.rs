//! What producers hand to the outbox, and how it becomes a [`Record`].
//!
//! A producer (医療扶助, 副本 hooks, 情報照会) knows its own facts — the voucher, the decision, the
//! inquiry — and the person it concerns. Everything else a record carries is filled in here from
//! the registry and the office settings, in one place: the person's identity (name, カナ, 性別,
//! 生年月日, 住所), the 団体内統合宛名番号, the DV non-disclosure mark and the office's
//! 公費負担者番号. So no producer can put a field into a channel that does not carry it, and a
//! correction to the registry reaches the next resend ([`refresh_subject`]).
//!
//! The My Number is **never** stored in the outbox: it is sealed under the 個人番号鍵 (issue 7) and
//! filled into a medical eligibility record only when the batch file is written, by an exporter
//! who holds that key (`export`).

use chrono::NaiveDate;

use super::record::*;
use super::{ExchangeError, Result};
use crate::domain::household::Sex;
use crate::domain::normalize::to_katakana;
use crate::store::households::{self as hh, HouseholdRow, PersonRow};
use rusqlite::Connection;

/// Where an event came from: the producer's table and row ("voucher", 17). Kept with the record
/// so a reconciliation line can lead back to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub kind: &'static str,
    pub id: i64,
}

impl Source {
    pub fn new(kind: &'static str, id: i64) -> Self {
        Source { kind, id }
    }
    pub fn text(&self) -> String {
        format!("{}:{}", self.kind, self.id)
    }
    /// The row id in a stored source `text` if it names a row of `kind` ("voucher:17" → 17).
    pub fn id_in(text: &str, kind: &str) -> Option<i64> {
        text.strip_prefix(kind)?.strip_prefix(':')?.parse().ok()
    }
}

/// 医療扶助 events (channel 医療扶助資格確認), recorded by the medical-aid producer (issue 11).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MedicalEvent {
    /// Medical aid starts for the person: register 資格情報 (with the My Number, if known).
    EligibilityStart {
        recipient_number: String,
        start_date: NaiveDate,
    },
    /// Medical aid ends (廃止・死亡・転出 …).
    EligibilityEnd {
        recipient_number: String,
        end_date: NaiveDate,
        reason: LossReason,
    },
    /// A 医療券・調剤券 was issued.
    VoucherIssued(Voucher),
    /// A voucher's content changed (same 交付番号): the whole voucher as it now is.
    VoucherChanged(Voucher),
    /// A voucher was voided.
    VoucherVoided {
        recipient_number: String,
        issue_number: String,
        treatment_month: String,
        reason: String,
    },
}

/// The business facts of a 副本 record (the person's keys are added here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FukuhonFacts {
    pub change: FukuhonChange,
    pub status: ProtectionStatus,
    pub effective_date: NaiveDate,
    pub protection_start_date: Option<NaiveDate>,
    pub protection_end_date: Option<NaiveDate>,
    pub aid_kinds: Vec<AidCode>,
}

/// A caseworker's 情報照会 request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InquiryFacts {
    pub agency: Agency,
    pub information: Information,
    pub procedure: Procedure,
    pub reason: String,
    pub requested_on: NaiveDate,
    pub requester: String,
}

/// An event handed to [`super::outbox::record`] (by reference, short-lived: its size does not
/// matter).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Medical(MedicalEvent),
    Fukuhon(FukuhonFacts),
    Inquiry(InquiryFacts),
}

/// The person and household a record is about, as the registry has them now.
pub(crate) struct Subject {
    pub person: PersonRow,
    pub household: HouseholdRow,
}

pub(crate) fn subject(conn: &Connection, person_id: i64) -> Result<Subject> {
    let person = hh::person_including_removed(conn, person_id)?;
    let household = hh::require(conn, person.household_id)?;
    Ok(Subject { person, household })
}

struct Office {
    payer: String,
    name: String,
}

fn office(conn: &Connection) -> Result<Office> {
    let o = crate::store::office::get(conn)?.unwrap_or_default();
    if crate::domain::checkdigit::validate_public_payer_number(&o.public_payer_number).is_err() {
        return Err(ExchangeError::invalid(
            "public_payer_number",
            "事務所設定の公費負担者番号が正しく登録されていません（医療扶助の連携に必要です）",
        ));
    }
    Ok(Office {
        payer: o.public_payer_number,
        name: o.office_name,
    })
}

fn sex(s: Sex) -> SexCode {
    match s {
        Sex::Male => SexCode::Male,
        Sex::Female => SexCode::Female,
        Sex::Unspecified => SexCode::Unspecified,
    }
}

/// The exchange carries a 郵便番号 only in the form the forms store (`domain::postal`); a stored
/// value that is not one is left out rather than guessed at.
fn postal(p: Option<&str>) -> Option<String> {
    crate::domain::postal::parse(p?).ok().flatten()
}

fn principal(p: &PersonRow) -> PrincipalOrFamily {
    if p.is_head {
        PrincipalOrFamily::Principal
    } else {
        PrincipalOrFamily::Family
    }
}

/// Turn an event about `person_id` into the record to send.
pub fn build(conn: &Connection, person_id: i64, event: &Event) -> Result<Record> {
    let s = subject(conn, person_id)?;
    let mut r = match event {
        Event::Medical(m) => {
            let o = office(conn)?;
            match m.clone() {
                MedicalEvent::EligibilityStart {
                    recipient_number,
                    start_date,
                } => Record::EligibilityStart(Eligibility {
                    public_payer_number: o.payer,
                    recipient_number,
                    welfare_office_name: o.name,
                    household_number: String::new(),
                    principal_or_family: PrincipalOrFamily::Principal,
                    qualification_date: start_date,
                    person: Person {
                        addressee_number: None,
                        my_number: None,
                        name: String::new(),
                        name_kana: String::new(),
                        sex: SexCode::Unspecified,
                        birth_date: start_date,
                        postal_code: None,
                        address: None,
                        non_disclosure: false,
                    },
                }),
                MedicalEvent::EligibilityEnd {
                    recipient_number,
                    end_date,
                    reason,
                } => Record::EligibilityEnd(EligibilityEnd {
                    public_payer_number: o.payer,
                    recipient_number,
                    household_number: String::new(),
                    addressee_number: None,
                    disqualification_date: end_date,
                    loss_reason: reason,
                }),
                MedicalEvent::VoucherIssued(v) => Record::VoucherIssued(VoucherRecord {
                    public_payer_number: o.payer,
                    non_disclosure: false,
                    voucher: v,
                }),
                MedicalEvent::VoucherChanged(v) => Record::VoucherChanged(VoucherRecord {
                    public_payer_number: o.payer,
                    non_disclosure: false,
                    voucher: v,
                }),
                MedicalEvent::VoucherVoided {
                    recipient_number,
                    issue_number,
                    treatment_month,
                    reason,
                } => Record::VoucherVoided(VoucherVoid {
                    public_payer_number: o.payer,
                    recipient_number,
                    issue_number,
                    treatment_month,
                    reason,
                }),
            }
        }
        Event::Fukuhon(f) => Record::Fukuhon(Fukuhon {
            addressee_number: None,
            change: f.change,
            status: f.status,
            effective_date: f.effective_date,
            protection_start_date: f.protection_start_date,
            protection_end_date: f.protection_end_date,
            aid_kinds: f.aid_kinds.clone(),
            principal_or_family: PrincipalOrFamily::Principal,
            non_disclosure: false,
        }),
        Event::Inquiry(q) => Record::InquiryRequest(Inquiry {
            addressee_number: None,
            agency: q.agency,
            information: q.information,
            procedure: q.procedure,
            reason: q.reason.trim().to_string(),
            requested_on: q.requested_on,
            requester: q.requester.clone(),
        }),
    };
    apply_subject(&s, &mut r);
    Ok(r)
}

/// Re-read the person's keys and identity from the registry into an existing record (a resend
/// after the clerk corrected the registry). The producer's own facts stay as they were.
pub fn refresh_subject(conn: &Connection, person_id: i64, record: &mut Record) -> Result<()> {
    let s = subject(conn, person_id)?;
    apply_subject(&s, record);
    Ok(())
}

fn apply_subject(s: &Subject, r: &mut Record) {
    let p = &s.person;
    let dv = p.dv_protected;
    let addressee = p.addressee_number.clone();
    match r {
        Record::EligibilityStart(e) => {
            e.household_number = s.household.case_number.clone();
            e.principal_or_family = principal(p);
            e.person = Person {
                addressee_number: addressee,
                // Filled when the batch is written, by a holder of the 個人番号鍵.
                my_number: None,
                name: p.name.clone(),
                name_kana: to_katakana(&p.kana),
                sex: sex(p.sex),
                birth_date: p.birth_date,
                // DV・虐待等の支援措置: the address is never sent.
                postal_code: if dv {
                    None
                } else {
                    postal(s.household.postal_code.as_deref())
                },
                address: if dv {
                    None
                } else {
                    Some(s.household.address.clone())
                },
                non_disclosure: dv,
            };
        }
        Record::EligibilityEnd(e) => {
            e.household_number = s.household.case_number.clone();
            e.addressee_number = addressee;
        }
        Record::VoucherIssued(v) | Record::VoucherChanged(v) => v.non_disclosure = dv,
        Record::VoucherVoided(_) => {}
        Record::Fukuhon(f) => {
            f.addressee_number = addressee;
            f.principal_or_family = principal(p);
            f.non_disclosure = dv;
        }
        Record::InquiryRequest(q) => q.addressee_number = addressee,
    }
}

impl Event {
    pub fn channel(&self) -> super::Channel {
        match self {
            Event::Medical(_) => super::Channel::Medical,
            Event::Fukuhon(_) => super::Channel::Fukuhon,
            Event::Inquiry(_) => super::Channel::Inquiry,
        }
    }
}
