//! The office's notice wording (`notice_templates`): rows in, rows out. Validation and the
//! defaults are `domain::notice`; permission and audit are `service::notices`.

use rusqlite::{params, Connection, OptionalExtension};

use super::Result;

/// A stored text and who saved it last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRow {
    pub key: String,
    pub text: String,
    pub updated_at: String,
    pub updated_by: String,
}

pub fn get(conn: &Connection, key: &str) -> Result<Option<TemplateRow>> {
    Ok(conn
        .query_row(
            "SELECT key, text, updated_at, updated_by FROM notice_templates WHERE key = ?1",
            [key],
            |r| {
                Ok(TemplateRow {
                    key: r.get(0)?,
                    text: r.get(1)?,
                    updated_at: r.get(2)?,
                    updated_by: r.get(3)?,
                })
            },
        )
        .optional()?)
}

pub fn put(conn: &Connection, key: &str, text: &str, by: &str, now: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO notice_templates (key, text, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(key) DO UPDATE SET text = ?2, updated_at = ?3, updated_by = ?4",
        params![key, text, now, by],
    )?;
    Ok(())
}

/// Forget the office's text: the default applies again.
pub fn delete(conn: &Connection, key: &str) -> Result<bool> {
    Ok(conn.execute("DELETE FROM notice_templates WHERE key = ?1", [key])? > 0)
}
