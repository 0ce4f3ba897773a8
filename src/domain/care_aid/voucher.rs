//! 介護券: what is due for a person in a month, from the approved care-aid decisions of the case
//! and the days assistance is in force. The mechanics every voucher shares (numbers, idempotent
//! runs, void and 再交付, the ledger) are `domain::voucher` and `service::vouchers`.
//!
//! One 介護券 per person × 指定介護機関 × month (and per part of the month, when a 変更 in the
//! month changes the provider's services or a 停止 splits the month): 有効期間 is the month clipped
//! to the decision's start, its end (a 廃止's effective date is the first day without aid) and
//! the days the household is 保護中.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::case::CareTerms;
use super::insurance::{CareLevel, InsuredKind};
use crate::domain::voucher::{intersect_all, Period, VoucherMonth};

/// The terms in force from `from` to `to` (inclusive; `None` = until further notice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareSegment {
    pub decision_id: i64,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub terms: CareTerms,
}

/// One 介護券 due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareDue {
    pub key: String,
    pub decision_id: i64,
    pub provider_id: i64,
    pub service_kinds: Vec<String>,
    pub valid: Period,
}

/// The due key: a run never issues two vouchers for the same key in a month.
pub fn due_key(person_id: i64, provider_number: &str, from: NaiveDate) -> String {
    format!("care:{person_id}:{provider_number}:{from}")
}

/// The 介護券 due in `month` for one person: every segment's provider lines over the days of
/// the month the segment and `coverage` (assistance in force) share. `number(id)` gives the
/// provider's 事業所番号 (for the key); a provider it does not know is skipped.
pub fn due_vouchers(
    month: VoucherMonth,
    person_id: i64,
    segments: &[CareSegment],
    coverage: &[Period],
    number: impl Fn(i64) -> Option<String>,
) -> Vec<CareDue> {
    let m = month.period();
    let mut out = Vec::new();
    for s in segments {
        let seg = Period::new(s.from.max(m.from), s.to.map_or(m.to, |t| t.min(m.to)));
        let Some(seg) = seg else { continue };
        for part in intersect_all(&[seg], coverage) {
            for l in &s.terms.lines {
                let Some(n) = number(l.provider_id) else {
                    continue;
                };
                out.push(CareDue {
                    key: due_key(person_id, &n, part.from),
                    decision_id: s.decision_id,
                    provider_id: l.provider_id,
                    service_kinds: l.service_kinds.clone(),
                    valid: part,
                });
            }
        }
    }
    out
}

/// What a 介護券 carries besides the generic voucher fields (stored as the voucher's details).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareVoucherDetails {
    pub case_id: i64,
    pub insured_kind: InsuredKind,
    /// 被保険者番号 (or the H-number)
    pub insured_number: String,
    /// 保険者番号 (none outside the insurance)
    pub insurer_number: Option<String>,
    pub care_level: Option<CareLevel>,
    pub certified_from: Option<NaiveDate>,
    pub certified_to: Option<NaiveDate>,
    pub service_kinds: Vec<String>,
    pub plan_office_number: Option<String>,
    pub plan_office_name: Option<String>,
    pub insurance_tenths: u8,
    pub aid_tenths: u8,
    /// 単独 (生保単独) or 併用
    pub aid_only: bool,
    pub district_worker_name: String,
}

/// Why a due 介護券 waits: the status or the 認定 does not cover the voucher's first day.
pub fn hold_reason(
    status_known: bool,
    certified: Option<(NaiveDate, NaiveDate)>,
    first_day: NaiveDate,
) -> Option<String> {
    if !status_known {
        return Some("介護保険の資格が記録されていません".into());
    }
    match certified {
        None => Some("要介護認定が記録されていません".into()),
        Some((f, t)) if first_day < f || first_day > t => Some(format!(
            "要介護認定の有効期間（{}〜{}）の外です",
            crate::domain::era::format_wareki_short(f),
            crate::domain::era::format_wareki_short(t)
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::care_aid::case::CareLine;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn month(s: &str) -> VoucherMonth {
        VoucherMonth::parse(s).unwrap()
    }
    fn terms(lines: &[(i64, &[&str])]) -> CareTerms {
        CareTerms {
            lines: lines
                .iter()
                .map(|(p, k)| CareLine {
                    provider_id: *p,
                    service_kinds: k.iter().map(|s| s.to_string()).collect(),
                })
                .collect(),
            plan_office_id: Some(9),
        }
    }
    fn number(id: i64) -> Option<String> {
        Some(format!("13710000{id:02}"))
    }
    fn whole(m: &str) -> Vec<Period> {
        vec![month(m).period()]
    }

    #[test]
    fn one_voucher_per_provider_clipped_to_the_start() {
        let seg = CareSegment {
            decision_id: 1,
            from: d("2026-05-17"),
            to: None,
            terms: terms(&[(1, &["11"]), (2, &["15"])]),
        };
        let v = due_vouchers(
            month("2026-05"),
            7,
            std::slice::from_ref(&seg),
            &whole("2026-05"),
            number,
        );
        assert_eq!(v.len(), 2);
        assert_eq!(
            v[0].valid,
            Period::new(d("2026-05-17"), d("2026-05-31")).unwrap()
        );
        assert_eq!(v[0].key, "care:7:1371000001:2026-05-17");
        // The next month: the whole month, new keys.
        let v = due_vouchers(month("2026-06"), 7, &[seg], &whole("2026-06"), number);
        assert_eq!(v[1].valid, month("2026-06").period());
    }

    #[test]
    fn an_abolition_on_the_9th_ends_the_voucher_on_the_8th_and_a_suspension_splits() {
        let seg = CareSegment {
            decision_id: 1,
            from: d("2026-01-01"),
            to: Some(d("2026-05-08")),
            terms: terms(&[(1, &["11"])]),
        };
        let v = due_vouchers(
            month("2026-05"),
            7,
            std::slice::from_ref(&seg),
            &whole("2026-05"),
            number,
        );
        assert_eq!(
            v[0].valid,
            Period::new(d("2026-05-01"), d("2026-05-08")).unwrap()
        );
        assert!(due_vouchers(month("2026-06"), 7, &[seg], &whole("2026-06"), number).is_empty());
        // 停止 10th–19th: two parts of the month.
        let open = CareSegment {
            decision_id: 1,
            from: d("2026-01-01"),
            to: None,
            terms: terms(&[(1, &["11"])]),
        };
        let cov = vec![
            Period::new(d("2026-05-01"), d("2026-05-09")).unwrap(),
            Period::new(d("2026-05-20"), d("2026-05-31")).unwrap(),
        ];
        let v = due_vouchers(month("2026-05"), 7, &[open], &cov, number);
        assert_eq!(v.iter().map(|x| x.valid).collect::<Vec<_>>(), cov);
        assert_ne!(v[0].key, v[1].key);
    }

    #[test]
    fn a_change_inside_the_month_gives_the_new_services_from_its_date() {
        let a = CareSegment {
            decision_id: 1,
            from: d("2026-01-01"),
            to: Some(d("2026-05-14")),
            terms: terms(&[(1, &["11"])]),
        };
        let b = CareSegment {
            decision_id: 2,
            from: d("2026-05-15"),
            to: None,
            terms: terms(&[(1, &["11", "15"])]),
        };
        let v = due_vouchers(month("2026-05"), 7, &[a, b], &whole("2026-05"), number);
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].service_kinds, vec!["11", "15"]);
        assert_eq!(v[1].valid.from, d("2026-05-15"));
        assert_eq!(v[1].decision_id, 2);
    }

    #[test]
    fn holds_follow_the_status_and_the_certification() {
        let f = d("2026-05-01");
        assert!(hold_reason(false, None, f).is_some());
        assert!(hold_reason(true, None, f).is_some());
        assert!(
            hold_reason(true, Some((d("2025-05-01"), d("2026-04-30"))), f)
                .unwrap()
                .contains("外")
        );
        assert_eq!(
            hold_reason(true, Some((d("2025-05-01"), d("2027-04-30"))), f),
            None
        );
    }
}
