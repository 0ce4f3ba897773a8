//! The single office-settings row.

use rusqlite::{params, Connection, OptionalExtension};

use super::Result;
use crate::domain::office::OfficeSettings;
use crate::domain::voucher::CareRecipientNumber;

pub fn get(conn: &Connection) -> Result<Option<OfficeSettings>> {
    Ok(conn
        .query_row(
            "SELECT office_name, public_payer_number, municipality_code, prefecture, grade, chief_title,
                    chief_name, postal_code, address, phone, idle_lock_minutes, municipality_name,
                    municipality_head, case_number_prefix, case_number_digits, case_number_next,
                    care_recipient_number
             FROM office_settings WHERE id = 1",
            [],
            |r| {
                Ok(OfficeSettings {
                    office_name: r.get(0)?,
                    public_payer_number: r.get(1)?,
                    municipality_code: r.get(2)?,
                    prefecture: r.get(3)?,
                    grade: r.get(4)?,
                    chief_title: r.get(5)?,
                    chief_name: r.get(6)?,
                    postal_code: r.get(7)?,
                    address: r.get(8)?,
                    phone: r.get(9)?,
                    idle_lock_minutes: r.get(10)?,
                    municipality_name: r.get(11)?,
                    municipality_head: r.get(12)?,
                    case_number_prefix: r.get(13)?,
                    case_number_digits: r.get(14)?,
                    case_number_next: r.get::<_, i64>(15)?.max(1) as u64,
                    care_recipient_number: CareRecipientNumber::from_code(&r.get::<_, String>(16)?)
                        .unwrap_or_default(),
                })
            },
        )
        .optional()?)
}

pub fn put(conn: &Connection, s: &OfficeSettings, now: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO office_settings (id, office_name, public_payer_number, municipality_code, prefecture, grade,
            chief_title, chief_name, postal_code, address, phone, idle_lock_minutes, updated_at,
            municipality_name, municipality_head, case_number_prefix, case_number_digits, case_number_next,
            care_recipient_number)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT(id) DO UPDATE SET office_name = ?1, public_payer_number = ?2, municipality_code = ?3,
            prefecture = ?4, grade = ?5, chief_title = ?6, chief_name = ?7, postal_code = ?8, address = ?9,
            phone = ?10, idle_lock_minutes = ?11, updated_at = ?12, municipality_name = ?13,
            municipality_head = ?14, case_number_prefix = ?15, case_number_digits = ?16,
            case_number_next = ?17, care_recipient_number = ?18",
        params![
            s.office_name,
            s.public_payer_number,
            s.municipality_code,
            s.prefecture,
            s.grade,
            s.chief_title,
            s.chief_name,
            s.postal_code,
            s.address,
            s.phone,
            s.idle_lock_minutes,
            now,
            s.municipality_name,
            s.municipality_head,
            s.case_number_prefix,
            s.case_number_digits,
            s.case_number_next as i64,
            s.care_recipient_number.code(),
        ],
    )?;
    Ok(())
}

/// Move the case-number sequence on to `next` (after a number was given out).
pub fn set_case_number_next(conn: &Connection, next: u64) -> Result<()> {
    conn.execute(
        "UPDATE office_settings SET case_number_next = ?1 WHERE id = 1",
        [next as i64],
    )?;
    Ok(())
}
