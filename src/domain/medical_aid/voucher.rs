//! What a medical-aid decision grants and what its 医療券・調剤券 carry (DOMAIN §6, the
//! online-eligibility items 187–201), and which vouchers a month is due — the medical half of
//! the monthly run. The generic half (coverage, numbers, idempotence, ledger) is
//! `domain::voucher`.
//!
//! A decision's [`MedicalTerms`] list the institutions the person is referred to, each with its
//! 診療別 and 傷病名; [`due_vouchers`] turns the terms in force during a month (as dated
//! segments) and the days the household is in assistance into one due voucher per person ×
//! institution × 診療別 × part of the month, with the valid period clipped.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::institution::InstitutionKind;
use crate::domain::household::ValidationError;
use crate::domain::voucher::{intersect_all, Period, VoucherMonth};

/// 券別 (item 189).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum TicketType {
    /// 01 医療券
    Medical,
    /// 02 調剤券
    Dispensing,
}

impl TicketType {
    pub fn code(self) -> &'static str {
        match self {
            TicketType::Medical => "medical",
            TicketType::Dispensing => "dispensing",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [TicketType::Medical, TicketType::Dispensing]
            .into_iter()
            .find(|t| t.code() == s)
    }
    /// The code of the online-eligibility list.
    pub fn list_code(self) -> &'static str {
        match self {
            TicketType::Medical => "01",
            TicketType::Dispensing => "02",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            TicketType::Medical => "医療券",
            TicketType::Dispensing => "調剤券",
        }
    }
}

/// 診療別 (item 198).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum TreatmentType {
    /// 01 入院
    Inpatient,
    /// 02 入院外
    Outpatient,
    /// 03 歯科
    Dental,
    /// 04 調剤
    Dispensing,
    /// 05 訪問看護
    VisitingNursing,
}

impl TreatmentType {
    pub const ALL: [TreatmentType; 5] = [
        TreatmentType::Inpatient,
        TreatmentType::Outpatient,
        TreatmentType::Dental,
        TreatmentType::Dispensing,
        TreatmentType::VisitingNursing,
    ];
    pub fn code(self) -> &'static str {
        match self {
            TreatmentType::Inpatient => "inpatient",
            TreatmentType::Outpatient => "outpatient",
            TreatmentType::Dental => "dental",
            TreatmentType::Dispensing => "dispensing",
            TreatmentType::VisitingNursing => "visiting_nursing",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }
    pub fn list_code(self) -> &'static str {
        match self {
            TreatmentType::Inpatient => "01",
            TreatmentType::Outpatient => "02",
            TreatmentType::Dental => "03",
            TreatmentType::Dispensing => "04",
            TreatmentType::VisitingNursing => "05",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            TreatmentType::Inpatient => "入院",
            TreatmentType::Outpatient => "入院外",
            TreatmentType::Dental => "歯科",
            TreatmentType::Dispensing => "調剤",
            TreatmentType::VisitingNursing => "訪問看護",
        }
    }
    /// 調剤 is on a 調剤券, everything else on a 医療券.
    pub fn ticket(self) -> TicketType {
        match self {
            TreatmentType::Dispensing => TicketType::Dispensing,
            _ => TicketType::Medical,
        }
    }
    /// The kind of institution that gives this treatment.
    pub fn institution_kind(self) -> InstitutionKind {
        match self {
            TreatmentType::Inpatient | TreatmentType::Outpatient => InstitutionKind::Medical,
            TreatmentType::Dental => InstitutionKind::Dental,
            TreatmentType::Dispensing => InstitutionKind::Pharmacy,
            TreatmentType::VisitingNursing => InstitutionKind::VisitingNursing,
        }
    }
    /// Order of vouchers within a household's month: the 本人支払額 falls on the first.
    fn share_rank(self) -> u8 {
        match self {
            TreatmentType::Inpatient => 0,
            TreatmentType::Outpatient => 1,
            TreatmentType::Dental => 2,
            TreatmentType::VisitingNursing => 3,
            TreatmentType::Dispensing => 4,
        }
    }
}

/// 単独・併用別 (item 199).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SingleOrCombined {
    /// 01 単独 (medical aid pays all)
    Single,
    /// 02 併用 (with health insurance or another public scheme)
    Combined,
}

impl SingleOrCombined {
    pub fn list_code(self) -> &'static str {
        match self {
            SingleOrCombined::Single => "01",
            SingleOrCombined::Combined => "02",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            SingleOrCombined::Single => "単独",
            SingleOrCombined::Combined => "併用",
        }
    }
}

/// One referral of a decision: an institution, what for, and for a 調剤券 the prescriber.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TermLine {
    #[ts(type = "number")]
    pub institution_id: i64,
    pub treatment_type: TreatmentType,
    /// 傷病名 1–3.
    pub diseases: Vec<String>,
    /// 処方箋発行元医療機関 (調剤 only, required there).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub prescriber_id: Option<i64>,
}

/// What a medical-aid decision (開始・変更) grants: the referrals and the flags every voucher of
/// the person carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MedicalTerms {
    pub lines: Vec<TermLine>,
    pub single_or_combined: SingleOrCombined,
    /// 社会保険状況: the person has health insurance (社会保険あり).
    pub social_insurance: bool,
    /// 感染症法第37条の2 該当.
    #[serde(default)]
    pub infectious_37_2: bool,
    /// 後期高齢者医療 該当.
    #[serde(default)]
    pub elderly_medical_care: bool,
    /// 都道府県費 該当.
    #[serde(default)]
    pub prefectural_expense: bool,
    /// 備考 1–3.
    #[serde(default)]
    pub remarks: Vec<String>,
}

/// What fits the voucher's boxes (three of each on one or two printed lines).
const DISEASE_MAX_CHARS: usize = 20;
const REMARK_MAX_CHARS: usize = 30;
/// The most referrals one decision carries.
pub const MAX_LINES: usize = 10;

/// An institution as a decision check needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstitutionFacts {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: InstitutionKind,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

impl InstitutionFacts {
    pub fn designation(&self) -> Period {
        Period {
            from: self.valid_from,
            to: self.valid_to.unwrap_or(NaiveDate::MAX),
        }
    }
}

impl MedicalTerms {
    /// The terms are complete and consistent: every institution known and of the kind its
    /// 診療別 needs, 1–3 傷病名 per line, a prescriber on every 調剤 line (and only there), no
    /// referral twice, 併用 whenever the person has health insurance, another scheme pays first
    /// or 後期高齢者医療 applies.
    pub fn validate(
        &self,
        institution: impl Fn(i64) -> Option<InstitutionFacts>,
        other_scheme_applies: bool,
    ) -> Result<MedicalTerms, ValidationError> {
        if self.lines.is_empty() {
            return Err(ValidationError::new(
                "lines",
                "医療機関を1つ以上指定してください",
            ));
        }
        if self.lines.len() > MAX_LINES {
            return Err(ValidationError::new(
                "lines",
                format!("医療機関は{MAX_LINES}件までです"),
            ));
        }
        let mut out = self.clone();
        let mut seen = std::collections::HashSet::new();
        for (i, l) in out.lines.iter_mut().enumerate() {
            let n = i + 1;
            let inst = institution(l.institution_id).ok_or_else(|| {
                ValidationError::new(
                    "lines",
                    format!("{n}件目: 指定医療機関が登録されていません"),
                )
            })?;
            if inst.kind != l.treatment_type.institution_kind() {
                return Err(ValidationError::new(
                    "lines",
                    format!(
                        "{n}件目: {}（{}）は{}の機関ではありません",
                        inst.name,
                        inst.kind.label(),
                        l.treatment_type.label()
                    ),
                ));
            }
            if !seen.insert((l.institution_id, l.treatment_type)) {
                return Err(ValidationError::new(
                    "lines",
                    format!(
                        "{n}件目: {}の{}が重複しています",
                        inst.name,
                        l.treatment_type.label()
                    ),
                ));
            }
            l.diseases = l
                .diseases
                .iter()
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty())
                .collect();
            if l.diseases.is_empty() || l.diseases.len() > 3 {
                return Err(ValidationError::new(
                    "lines",
                    format!("{n}件目: 傷病名は1〜3つ入力してください"),
                ));
            }
            if l.diseases
                .iter()
                .any(|d| d.chars().count() > DISEASE_MAX_CHARS)
            {
                return Err(ValidationError::new(
                    "lines",
                    format!("{n}件目: 傷病名は{DISEASE_MAX_CHARS}文字以内で入力してください"),
                ));
            }
            match (l.treatment_type, l.prescriber_id) {
                (TreatmentType::Dispensing, None) => {
                    return Err(ValidationError::new(
                        "lines",
                        format!("{n}件目: 調剤券には処方箋発行元の医療機関が必要です"),
                    ))
                }
                (TreatmentType::Dispensing, Some(p)) => {
                    let pi = institution(p).ok_or_else(|| {
                        ValidationError::new(
                            "lines",
                            format!("{n}件目: 処方箋発行元の医療機関が登録されていません"),
                        )
                    })?;
                    if !matches!(pi.kind, InstitutionKind::Medical | InstitutionKind::Dental) {
                        return Err(ValidationError::new(
                            "lines",
                            format!("{n}件目: 処方箋発行元は医科または歯科の医療機関です"),
                        ));
                    }
                }
                (_, Some(_)) => {
                    return Err(ValidationError::new(
                        "lines",
                        format!("{n}件目: 処方箋発行元は調剤券にだけ記入します"),
                    ))
                }
                (_, None) => {}
            }
        }
        out.remarks = out
            .remarks
            .iter()
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect();
        if out.remarks.len() > 3
            || out
                .remarks
                .iter()
                .any(|r| r.chars().count() > REMARK_MAX_CHARS)
        {
            return Err(ValidationError::new(
                "remarks",
                format!("備考は3つまで、各{REMARK_MAX_CHARS}文字以内です"),
            ));
        }
        if out.single_or_combined == SingleOrCombined::Single
            && (out.social_insurance || other_scheme_applies || out.elderly_medical_care)
        {
            return Err(ValidationError::new(
                "single_or_combined",
                "社会保険・後期高齢者医療・他法が優先する場合は「併用」です",
            ));
        }
        Ok(out)
    }
}

/// A provider as a voucher names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderRef {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// The medical fields a voucher carries besides the generic ones (stored with it as JSON; the
/// printed form and the online-eligibility record are made from them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MedicalVoucherDetails {
    pub case_id: i64,
    pub treatment_type: TreatmentType,
    /// 処方箋発行元医療機関 (調剤券).
    pub prescriber: Option<ProviderRef>,
    pub diseases: Vec<String>,
    pub single_or_combined: SingleOrCombined,
    pub social_insurance: bool,
    pub infectious_37_2: bool,
    pub elderly_medical_care: bool,
    pub prefectural_expense: bool,
    pub remarks: Vec<String>,
    /// 地区担当員名 when it was issued.
    pub district_worker_name: String,
    /// 「入院外・高血圧症」 (added by the run for lists).
    #[serde(default)]
    pub summary: String,
}

/// Which medical-aid decision kinds a case and household allow: 開始・却下 while applied (開始
/// only for a household in assistance), 変更・廃止 while active (変更 only in assistance). A
/// 停止 of medical aid alone does not exist: assistance itself is suspended.
pub fn medical_kind_allowed(
    kind: crate::domain::decision::DecisionKind,
    case: super::case::CaseStatus,
    household: crate::domain::household::HouseholdStatus,
) -> Result<(), String> {
    use super::case::CaseStatus as C;
    use crate::domain::decision::DecisionKind as K;
    use crate::domain::household::HouseholdStatus as H;
    let ok = match kind {
        K::Start => case == C::Applied && household == H::Active,
        K::Reject => case == C::Applied,
        K::Change => case == C::Active && household == H::Active,
        K::Abolish => case == C::Active,
        K::Suspend => {
            return Err("医療扶助だけの停止はありません（保護の停止として起案してください）".into())
        }
    };
    if ok {
        Ok(())
    } else if matches!(kind, K::Start | K::Change) && household != H::Active {
        Err(format!(
            "世帯が{}のため、医療扶助の{}はできません",
            household.label(),
            kind.label()
        ))
    } else {
        Err(format!(
            "医療扶助が{}のケースには{}の決定はできません",
            case.label(),
            kind.label()
        ))
    }
}

/// The terms in force over a dated segment of the month (from the approved decisions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermsSegment {
    pub decision_id: i64,
    /// From the decision's effective date to the day before the next decision (None = open).
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub terms: MedicalTerms,
}

/// A medical voucher due for a month (before numbers are given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MedicalDue {
    /// The idempotence key (see `domain::voucher::dispose`).
    pub key: String,
    pub person_id: i64,
    pub decision_id: Option<i64>,
    pub ticket_type: TicketType,
    pub treatment_type: TreatmentType,
    pub institution_id: i64,
    pub prescriber_id: Option<i64>,
    pub valid: Period,
    pub diseases: Vec<String>,
    pub single_or_combined: SingleOrCombined,
    pub social_insurance: bool,
    pub infectious_37_2: bool,
    pub elderly_medical_care: bool,
    pub prefectural_expense: bool,
    pub remarks: Vec<String>,
}

/// The key of a due voucher: one per person, institution, 診療別 and first valid day in a month.
pub fn due_key(
    person_id: i64,
    institution_code: &str,
    treatment: TreatmentType,
    from: NaiveDate,
) -> String {
    format!(
        "p{person_id}:{institution_code}:{}:{from}",
        treatment.list_code()
    )
}

/// The vouchers due for one person in `month`: for every referral of the terms in force, the
/// days that are inside the month, inside the segment, inside the household's `coverage` (the
/// days in assistance, already clipped to the month) and inside the institution's designation.
/// A referral that runs on across two segments (a 変更 that kept it) gives one voucher; the
/// content is the one decided for its first day.
pub fn due_vouchers(
    month: VoucherMonth,
    person_id: i64,
    segments: &[TermsSegment],
    coverage: &[Period],
    institution: impl Fn(i64) -> Option<InstitutionFacts>,
) -> Vec<MedicalDue> {
    // (institution, treatment) → parts with the segment that made them.
    // (institution, treatment) → (days, segment index, line index).
    type Parts = BTreeMap<(i64, TreatmentType), Vec<(Period, usize, usize)>>;
    let mut parts: Parts = BTreeMap::new();
    let m = month.period();
    for (si, s) in segments.iter().enumerate() {
        let seg = match Period::new(s.from.max(m.from), s.to.map_or(m.to, |t| t.min(m.to))) {
            Some(p) => p,
            None => continue,
        };
        for (li, l) in s.terms.lines.iter().enumerate() {
            let Some(inst) = institution(l.institution_id) else {
                continue;
            };
            let days = intersect_all(&intersect_all(&[seg], coverage), &[inst.designation()]);
            for p in days {
                parts
                    .entry((l.institution_id, l.treatment_type))
                    .or_default()
                    .push((p, si, li));
            }
        }
    }
    let mut out = vec![];
    for ((inst_id, treatment), mut ps) in parts {
        ps.sort();
        let mut merged: Vec<(Period, usize, usize)> = vec![];
        for (p, si, li) in ps {
            match merged.last_mut() {
                Some((last, _, _)) if last.to.succ_opt() == Some(p.from) => last.to = p.to,
                _ => merged.push((p, si, li)),
            }
        }
        let Some(inst) = institution(inst_id) else {
            continue;
        };
        for (p, si, li) in merged {
            let s = &segments[si];
            let l = &s.terms.lines[li];
            out.push(MedicalDue {
                key: due_key(person_id, &inst.code, treatment, p.from),
                person_id,
                decision_id: Some(s.decision_id),
                ticket_type: treatment.ticket(),
                treatment_type: treatment,
                institution_id: inst_id,
                prescriber_id: l.prescriber_id,
                valid: p,
                diseases: l.diseases.clone(),
                single_or_combined: s.terms.single_or_combined,
                social_insurance: s.terms.social_insurance,
                infectious_37_2: s.terms.infectious_37_2,
                elderly_medical_care: s.terms.elderly_medical_care,
                prefectural_expense: s.terms.prefectural_expense,
                remarks: s.terms.remarks.clone(),
            });
        }
    }
    out
}

/// The order in which a household's vouchers of a month take the 本人支払額: the main
/// treatment first (入院, 入院外, 歯科, 訪問看護, 調剤), then by institution code, person and
/// first day.
pub fn share_order_key(
    treatment: TreatmentType,
    institution_code: &str,
    person_id: i64,
    from: NaiveDate,
) -> (u8, String, i64, NaiveDate) {
    (
        treatment.share_rank(),
        institution_code.to_string(),
        person_id,
        from,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::voucher::{clip_to_month, in_force_periods};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn inst(id: i64) -> Option<InstitutionFacts> {
        let (code, kind) = match id {
            1 => ("0110113719", InstitutionKind::Medical),
            2 => ("0140113713", InstitutionKind::Pharmacy),
            3 => ("0130113715", InstitutionKind::Dental),
            _ => return None,
        };
        Some(InstitutionFacts {
            id,
            code: code.into(),
            name: format!("機関{id}"),
            kind,
            valid_from: d(2000, 1, 1),
            valid_to: if id == 3 { Some(d(2026, 5, 20)) } else { None },
        })
    }

    fn terms(lines: Vec<TermLine>) -> MedicalTerms {
        MedicalTerms {
            lines,
            single_or_combined: SingleOrCombined::Single,
            social_insurance: false,
            infectious_37_2: false,
            elderly_medical_care: false,
            prefectural_expense: false,
            remarks: vec![],
        }
    }

    fn line(inst: i64, t: TreatmentType) -> TermLine {
        TermLine {
            institution_id: inst,
            treatment_type: t,
            diseases: vec!["高血圧症".into()],
            prescriber_id: (t == TreatmentType::Dispensing).then_some(1),
        }
    }

    #[test]
    fn decision_kinds_follow_the_case() {
        use crate::domain::decision::DecisionKind as K;
        use crate::domain::household::HouseholdStatus as H;
        use crate::domain::medical_aid::case::CaseStatus as C;
        assert!(medical_kind_allowed(K::Start, C::Applied, H::Active).is_ok());
        assert!(medical_kind_allowed(K::Start, C::Applied, H::Suspended).is_err());
        assert!(medical_kind_allowed(K::Start, C::Active, H::Active).is_err());
        assert!(medical_kind_allowed(K::Change, C::Active, H::Active).is_ok());
        assert!(medical_kind_allowed(K::Abolish, C::Active, H::Closed).is_ok());
        assert!(medical_kind_allowed(K::Reject, C::Applied, H::Active).is_ok());
        assert!(medical_kind_allowed(K::Suspend, C::Active, H::Active).is_err());
        assert!(medical_kind_allowed(K::Change, C::Ended, H::Active).is_err());
    }

    #[test]
    fn terms_are_checked() {
        let ok = terms(vec![
            line(1, TreatmentType::Outpatient),
            line(2, TreatmentType::Dispensing),
        ]);
        assert!(ok.validate(inst, false).is_ok());
        let e = terms(vec![line(2, TreatmentType::Outpatient)])
            .validate(inst, false)
            .unwrap_err();
        assert!(
            e.message.contains("入院外の機関ではありません"),
            "{}",
            e.message
        );
        let mut no_prescriber = line(2, TreatmentType::Dispensing);
        no_prescriber.prescriber_id = None;
        assert!(terms(vec![no_prescriber]).validate(inst, false).is_err());
        let mut single_insured = ok.clone();
        single_insured.social_insurance = true;
        assert!(single_insured.validate(inst, false).is_err());
        assert!(
            ok.validate(inst, true).is_err(),
            "another scheme pays first → 併用"
        );
        let mut no_disease = line(1, TreatmentType::Outpatient);
        no_disease.diseases = vec!["  ".into()];
        assert!(terms(vec![no_disease]).validate(inst, false).is_err());
        assert!(terms(vec![line(9, TreatmentType::Outpatient)])
            .validate(inst, false)
            .is_err());
        assert!(terms(vec![]).validate(inst, false).is_err());
    }

    #[test]
    fn a_start_on_the_17th_gives_vouchers_from_the_17th() {
        let month = VoucherMonth::parse("2026-05").unwrap();
        let seg = TermsSegment {
            decision_id: 7,
            from: d(2026, 5, 17),
            to: None,
            terms: terms(vec![
                line(1, TreatmentType::Outpatient),
                line(2, TreatmentType::Dispensing),
            ]),
        };
        let cov = clip_to_month(month, &in_force_periods(&[(d(2025, 1, 1), true)]));
        let due = due_vouchers(month, 5, &[seg], &cov, inst);
        assert_eq!(due.len(), 2);
        assert!(due
            .iter()
            .all(|v| v.valid == Period::new(d(2026, 5, 17), d(2026, 5, 31)).unwrap()));
        assert_eq!(due[0].ticket_type, TicketType::Medical);
        assert_eq!(due[1].ticket_type, TicketType::Dispensing);
        assert_eq!(due[1].prescriber_id, Some(1));
        assert_eq!(due[0].key, "p5:0110113719:02:2026-05-17");
    }

    #[test]
    fn household_coverage_and_designation_clip_the_period() {
        let month = VoucherMonth::parse("2026-05").unwrap();
        let seg = TermsSegment {
            decision_id: 1,
            from: d(2026, 1, 1),
            to: None,
            terms: terms(vec![
                line(1, TreatmentType::Outpatient),
                line(3, TreatmentType::Dental),
            ]),
        };
        // Abolished on the 25th: covered 1–24; the dentist's designation ends on the 20th.
        let cov = clip_to_month(
            month,
            &in_force_periods(&[(d(2025, 1, 1), true), (d(2026, 5, 25), false)]),
        );
        let due = due_vouchers(month, 5, &[seg], &cov, inst);
        assert_eq!(
            due[0].valid,
            Period::new(d(2026, 5, 1), d(2026, 5, 24)).unwrap()
        );
        assert_eq!(
            due[1].valid,
            Period::new(d(2026, 5, 1), d(2026, 5, 20)).unwrap()
        );
    }

    #[test]
    fn a_change_that_keeps_a_referral_gives_one_voucher_and_an_ended_one_stops() {
        let month = VoucherMonth::parse("2026-05").unwrap();
        let cov = vec![month.period()];
        let a = TermsSegment {
            decision_id: 1,
            from: d(2026, 1, 1),
            to: Some(d(2026, 5, 14)),
            terms: terms(vec![
                line(1, TreatmentType::Outpatient),
                line(3, TreatmentType::Dental),
            ]),
        };
        let b = TermsSegment {
            decision_id: 2,
            from: d(2026, 5, 15),
            to: None,
            terms: terms(vec![line(1, TreatmentType::Outpatient)]),
        };
        let due = due_vouchers(month, 5, &[a, b], &cov, inst);
        assert_eq!(due.len(), 2);
        assert_eq!(due[0].valid, month.period(), "the clinic continues");
        assert_eq!(due[0].decision_id, Some(1));
        assert_eq!(
            due[1].valid,
            Period::new(d(2026, 5, 1), d(2026, 5, 14)).unwrap()
        );
    }
}
