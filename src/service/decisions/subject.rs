//! What a decision is about — 保護 (the household's assistance and cash benefit), or one aid
//! paid in kind (医療扶助・介護扶助: 現物給付) — and the words the decision screen uses for it.
//! Found once per view (a care decision is known by its link to a care-aid case).

use super::*;
use crate::domain::care_aid::case::care_kind_label;
use crate::store::care_aid as sc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Subject {
    Protection,
    MedicalAid,
    CareAid,
}

impl Subject {
    pub(super) fn of(conn: &Connection, d: &sd::DecisionRow) -> Result<Subject> {
        Ok(if d.medical_case_id.is_some() {
            Subject::MedicalAid
        } else if sc::care_decision(conn, d.id)?.is_some() {
            Subject::CareAid
        } else {
            Subject::Protection
        })
    }

    /// 「保護」, 「医療扶助」 or 「介護扶助」.
    pub(super) fn label(self) -> &'static str {
        match self {
            Subject::Protection => "保護",
            Subject::MedicalAid => "医療扶助",
            Subject::CareAid => "介護扶助",
        }
    }

    /// The decision's kind as its lists show it: 介護扶助開始 for a care decision, 開始 otherwise.
    pub(super) fn kind_label(self, kind: DecisionKind) -> &'static str {
        match self {
            Subject::CareAid => care_kind_label(kind),
            _ => kind.label(),
        }
    }

    /// The screen's title: 「保護開始の決定」, 「医療扶助開始の決定」…
    pub(super) fn title(self, kind: DecisionKind) -> String {
        format!("{}{}の決定", self.label(), kind.label())
    }

    /// Why a decision that carries a calculation decides no 扶助額 by kind: an aid paid in kind
    /// has no cash amount (the calculation grounds the 本人支払額); a protection decision that
    /// pays nothing (停止・廃止・却下) keeps its calculation as evidence.
    pub(super) fn no_amounts_note(self, kind: DecisionKind) -> String {
        match self {
            Subject::Protection => format!(
                "{}の決定のため扶助額は0円です（計算は根拠として添付）。",
                self.kind_label(kind)
            ),
            _ => format!(
                "{}は現物給付のため、金銭の扶助額はありません（計算は本人支払額の根拠として添付）。",
                self.label()
            ),
        }
    }
}
