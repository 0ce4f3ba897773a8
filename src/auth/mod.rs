//! ログイン (login), lockout and password changes.
//!
//! A password is checked by trying to unwrap that account's key slot: there is no password hash
//! to compare and no shared passphrase. Failed attempts are counted in the side file (the database
//! cannot be read without a correct password) and the events are moved into the audit log at the
//! next successful unlock. Five failures lock the account for fifteen minutes.
//!
//! Permissions are not checked here; `service` does that for every use case.

use chrono::{DateTime, Duration, FixedOffset};
use std::path::Path;

use crate::audit::actions;
use crate::domain::password::{check_password_rules, PasswordRuleError};
use crate::store::keyslots::{Failures, PendingEvent};
use crate::store::users::{self, User};
use crate::store::{self, side_file_path, KeyFile, Store, StoreError};

pub const MAX_FAILURES: u32 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;
/// Keeps a flood of made-up user IDs from growing the side file without bound.
const MAX_TRACKED: usize = 1000;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("ログインできません。ユーザーIDまたはパスワードが違います（失敗 {failures} 回。{max} 回で {minutes} 分間ログインできなくなります）", max = MAX_FAILURES, minutes = LOCKOUT_MINUTES)]
    BadCredentials { failures: u32 },
    #[error("ログインできません。失敗が {max} 回続いたため {until} までログインできません", max = MAX_FAILURES)]
    LockedOut { until: String },
    #[error("ログインできません。このアカウントは無効になっています。管理者に連絡してください")]
    Disabled,
    #[error("{0}")]
    PasswordRule(#[from] PasswordRuleError),
    #[error("新しいパスワードが今のパスワードと同じです")]
    SamePassword,
    #[error("現在のパスワードが違います")]
    WrongCurrentPassword,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AuthError {
    pub fn code(&self) -> &'static str {
        match self {
            AuthError::BadCredentials { .. } => "AUTH_BAD_CREDENTIALS",
            AuthError::LockedOut { .. } => "AUTH_LOCKED_OUT",
            AuthError::Disabled => "AUTH_DISABLED",
            AuthError::PasswordRule(_) => "AUTH_PASSWORD_RULE",
            AuthError::SamePassword => "AUTH_SAME_PASSWORD",
            AuthError::WrongCurrentPassword => "AUTH_WRONG_CURRENT_PASSWORD",
            AuthError::Store(e) => e.code(),
        }
    }
}

fn fmt_time(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn display_time(t: &str) -> String {
    DateTime::parse_from_rfc3339(t)
        .map(|d| d.format("%H時%M分").to_string())
        .unwrap_or_else(|_| t.to_string())
}

/// Open the database as `user_id`. On success the account's failure count is cleared, waiting
/// failed-login events are written to the audit log, and the login itself is logged.
pub fn login(
    db: &Path,
    user_id: &str,
    password: &str,
    now: DateTime<FixedOffset>,
) -> Result<(Store, User), AuthError> {
    // Refuse a foreign or truncated file before anything else, and before counting a failure.
    store::check_file(db)?;
    let keys_path = side_file_path(db);
    let mut kf = KeyFile::load(&keys_path)?;
    let user_id = user_id.trim();

    if let Some(f) = kf.failures.get(user_id) {
        if let Some(until) = f.locked_until.as_deref() {
            if DateTime::parse_from_rfc3339(until).is_ok_and(|u| u > now) {
                return Err(AuthError::LockedOut {
                    until: display_time(until),
                });
            }
        }
    }

    let Some(key) = kf.unwrap_key(user_id, password)? else {
        return Err(record_failure(&mut kf, &keys_path, user_id, now));
    };

    let now_s = fmt_time(now);
    let mut store = Store::open(db, key, &kf, &now_s)?;
    let user = users::get(store.conn(), user_id)?;
    let user = match user {
        Some(u) if !u.disabled => u,
        _ => return Err(AuthError::Disabled),
    };
    let pending = std::mem::take(&mut kf.pending_events);
    kf.failures.remove(user_id);
    store.write(user_id, &now_s, |tx| -> Result<(), StoreError> {
        for ev in &pending {
            crate::audit::append(
                tx.conn(),
                &crate::audit::NewEntry {
                    at: &ev.at,
                    user_id: &ev.user_id,
                    action: &ev.action,
                    target_kind: Some("user"),
                    target_id: Some(&ev.user_id),
                    detail: ev.detail.clone(),
                },
            )
            .map_err(|e| StoreError::Audit(e.to_string()))?;
        }
        tx.audit(
            actions::LOGIN,
            Some("user"),
            Some(user_id),
            serde_json::Value::Null,
        )?;
        Ok(())
    })?;
    // Saved only after the events are safely in the log, so none is lost if the write fails.
    kf.save(&keys_path)?;
    Ok((store, user))
}

fn record_failure(
    kf: &mut KeyFile,
    keys_path: &Path,
    user_id: &str,
    now: DateTime<FixedOffset>,
) -> AuthError {
    if kf.failures.len() >= MAX_TRACKED && !kf.failures.contains_key(user_id) {
        kf.failures.clear();
    }
    let f: &mut Failures = kf.failures.entry(user_id.to_string()).or_default();
    f.count += 1;
    let count = f.count;
    let now_s = fmt_time(now);
    kf.pending_events.push(PendingEvent {
        at: now_s.clone(),
        user_id: user_id.to_string(),
        action: actions::LOGIN_FAILED.into(),
        detail: serde_json::json!({ "failures": count }),
    });
    let err = if count >= MAX_FAILURES {
        let until = fmt_time(now + Duration::minutes(LOCKOUT_MINUTES));
        f.locked_until = Some(until.clone());
        f.count = 0;
        kf.pending_events.push(PendingEvent {
            at: now_s,
            user_id: user_id.to_string(),
            action: actions::LOCKED_OUT.into(),
            detail: serde_json::json!({ "until": until }),
        });
        AuthError::LockedOut {
            until: display_time(&until),
        }
    } else {
        AuthError::BadCredentials { failures: count }
    };
    if kf.pending_events.len() > MAX_TRACKED {
        let drop = kf.pending_events.len() - MAX_TRACKED;
        kf.pending_events.drain(..drop);
    }
    // If the side file cannot be written the failure is still reported; the count is lost.
    let _ = kf.save(keys_path);
    err
}

/// Check `password` against `user_id`'s slot without opening anything (screen unlock, password
/// change). Failures here count toward the lockout like a login.
pub fn verify_password(
    db: &Path,
    user_id: &str,
    password: &str,
    now: DateTime<FixedOffset>,
) -> Result<(), AuthError> {
    let keys_path = side_file_path(db);
    let mut kf = KeyFile::load(&keys_path)?;
    if let Some(until) = kf
        .failures
        .get(user_id)
        .and_then(|f| f.locked_until.clone())
    {
        if DateTime::parse_from_rfc3339(&until).is_ok_and(|u| u > now) {
            return Err(AuthError::LockedOut {
                until: display_time(&until),
            });
        }
    }
    match kf.unwrap_key(user_id, password)? {
        Some(_) => {
            if kf.failures.remove(user_id).is_some() {
                kf.save(&keys_path)?;
            }
            Ok(())
        }
        None => Err(record_failure(&mut kf, &keys_path, user_id, now)),
    }
}

/// Replace the caller's own password after checking the old one and the rules.
pub fn change_password(
    store: &mut Store,
    user_id: &str,
    old: &str,
    new: &str,
    now: DateTime<FixedOffset>,
) -> Result<(), AuthError> {
    let kf = KeyFile::load(&store.keys_path())?;
    if kf.unwrap_key(user_id, old)?.is_none() {
        return Err(AuthError::WrongCurrentPassword);
    }
    check_password_rules(user_id, new)?;
    if old == new {
        return Err(AuthError::SamePassword);
    }
    // Slot first: if the database write then fails, the new password already works and the
    // account simply still asks for a change — never the reverse (a change recorded that didn't happen).
    store.set_key_slot(user_id, new)?;
    let now_s = fmt_time(now);
    store.write(user_id, &now_s, |tx| -> Result<(), StoreError> {
        users::set_must_change(tx.conn(), user_id, false, &now_s)?;
        tx.audit(
            actions::PASSWORD_CHANGE,
            Some("user"),
            Some(user_id),
            serde_json::Value::Null,
        )?;
        Ok(())
    })?;
    Ok(())
}

/// Current failed-login count and lockout for the admin screen.
pub fn failure_state(db: &Path, user_id: &str) -> Option<Failures> {
    KeyFile::load(&side_file_path(db))
        .ok()?
        .failures
        .get(user_id)
        .cloned()
}

/// Clear a user's lockout (the admin's password reset does this).
pub fn clear_failures(db: &Path, user_id: &str) -> Result<(), StoreError> {
    let p = side_file_path(db);
    let mut kf = KeyFile::load(&p)?;
    if kf.failures.remove(user_id).is_some() {
        kf.save(&p)?;
    }
    Ok(())
}
