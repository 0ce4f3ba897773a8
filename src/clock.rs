//! The office clock: one time source, telling the office's time (日本標準時).
//!
//! Every date the desk sees, records and prints — application and decision dates, notices,
//! vouchers, the audit log's days, the daily backup's "first start of the day" — is the date in
//! Japan, not the machine's zone: CI and many office PCs run in UTC, where from 00:00 to 09:00
//! JST the date is still yesterday.
//!
//! The zone is a fixed UTC+09:00 rather than a zone database (chrono-tz): Japan has observed no
//! daylight saving time since 1951, so the offset is exact for every date this program records,
//! and the office this program serves is a Japanese welfare office by law (生活保護法), so there is
//! no other zone to configure.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

/// The time source; tests inject a fixed one (lockouts, deadlines). Whatever offset it gives, the
/// program reads it in office time ([`office_time`]).
pub type Clock = Arc<dyn Fn() -> DateTime<FixedOffset> + Send + Sync>;

/// 日本標準時 (UTC+9).
pub fn office_offset() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("UTC+9 is a valid offset")
}

/// The same instant as the office's wall clock shows it.
pub fn office_time<Tz: TimeZone>(t: DateTime<Tz>) -> DateTime<FixedOffset> {
    t.with_timezone(&office_offset())
}

/// The office's date at an instant.
pub fn office_date<Tz: TimeZone>(t: DateTime<Tz>) -> NaiveDate {
    office_time(t).date_naive()
}

/// Read a clock in office time: every reading in the program goes through here, so a clock
/// that gives another offset (a test's UTC instant, a machine's `Local`) still yields the office's
/// date and writes `+09:00` timestamps, whose first ten characters are the office's day (the
/// audit log's daily summary and searches compare them as text).
pub fn now(clock: &Clock) -> DateTime<FixedOffset> {
    office_time(clock())
}

/// The real clock, in office time whatever the machine's zone (`TZ`) is.
pub fn system_clock() -> Clock {
    Arc::new(|| office_time(Utc::now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn the_office_day_starts_at_1500_utc() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(office_date(utc(2026, 12, 1, 23, 30)), ymd(2026, 12, 2));
        assert_eq!(office_date(utc(2026, 12, 1, 14, 59)), ymd(2026, 12, 1));
        assert_eq!(office_date(utc(2026, 12, 1, 15, 0)), ymd(2026, 12, 2));
        // New Year's Eve: the year and the fiscal month turn over in Japan first.
        assert_eq!(office_date(utc(2026, 12, 31, 15, 0)), ymd(2027, 1, 1));
    }

    #[test]
    fn office_time_is_written_with_its_offset() {
        let t = office_time(utc(2026, 12, 1, 23, 30));
        assert_eq!(
            t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            "2026-12-02T08:30:00+09:00"
        );
    }
}
