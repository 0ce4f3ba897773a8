//! Accounts table. Passwords are not here at all: an account's password only exists as the key
//! that unwraps its slot in the side file (see `keyslots`).

use rusqlite::{params, Connection, OptionalExtension};

use super::{Result, StoreError};
use crate::domain::role::Role;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub user_id: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    pub must_change_password: bool,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(2)?;
    Ok(User {
        user_id: r.get(0)?,
        display_name: r.get(1)?,
        role: role.parse().unwrap_or(Role::Readonly),
        disabled: r.get(3)?,
        must_change_password: r.get(4)?,
    })
}

const COLS: &str = "user_id, display_name, role, disabled, must_change_password";

pub fn get(conn: &Connection, user_id: &str) -> Result<Option<User>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLS} FROM users WHERE user_id = ?1"),
            [user_id],
            row,
        )
        .optional()?)
}

pub fn require(conn: &Connection, user_id: &str) -> Result<User> {
    get(conn, user_id)?.ok_or_else(|| StoreError::NotFound(format!("ユーザー「{user_id}」")))
}

pub fn list(conn: &Connection) -> Result<Vec<User>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLS} FROM users ORDER BY disabled, role, user_id"
    ))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn insert(conn: &Connection, u: &User, now: &str) -> Result<()> {
    if get(conn, &u.user_id)?.is_some() {
        return Err(StoreError::Conflict(format!(
            "ユーザーID「{}」は既に使われています",
            u.user_id
        )));
    }
    conn.execute(
        "INSERT INTO users (user_id, display_name, role, disabled, must_change_password, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![u.user_id, u.display_name, u.role.code(), u.disabled, u.must_change_password, now],
    )?;
    Ok(())
}

pub fn set_must_change(conn: &Connection, user_id: &str, must: bool, now: &str) -> Result<()> {
    let n = conn.execute(
        "UPDATE users SET must_change_password = ?2, updated_at = ?3,
            password_changed_at = CASE WHEN ?2 = 0 THEN ?3 ELSE password_changed_at END
         WHERE user_id = ?1",
        params![user_id, must, now],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("ユーザー「{user_id}」")));
    }
    Ok(())
}

pub fn set_disabled(conn: &Connection, user_id: &str, disabled: bool, now: &str) -> Result<()> {
    let n = conn.execute(
        "UPDATE users SET disabled = ?2, updated_at = ?3 WHERE user_id = ?1",
        params![user_id, disabled, now],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("ユーザー「{user_id}」")));
    }
    Ok(())
}

pub fn set_name_and_role(
    conn: &Connection,
    user_id: &str,
    display_name: &str,
    role: Role,
    now: &str,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE users SET display_name = ?2, role = ?3, updated_at = ?4 WHERE user_id = ?1",
        params![user_id, display_name, role.code(), now],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("ユーザー「{user_id}」")));
    }
    Ok(())
}

/// Accounts that can be assigned as a household's caseworker.
pub fn caseworkers(conn: &Connection) -> Result<Vec<User>> {
    Ok(list(conn)?
        .into_iter()
        .filter(|u| !u.disabled && matches!(u.role, Role::Caseworker | Role::Supervisor))
        .collect())
}
