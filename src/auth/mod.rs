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
use crate::store::keyslots::{self, Failures, Kek, PendingEvent};
use crate::store::users::{self, User};
use crate::store::{self, side_file_path, KeyFile, Store, StoreError};

pub const MAX_FAILURES: u32 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("ログインできません。ユーザーIDまたはパスワードが違います（失敗 {failures} 回。{max} 回で {minutes} 分間ログインできなくなります）", max = MAX_FAILURES, minutes = LOCKOUT_MINUTES)]
    BadCredentials { failures: u32 },
    #[error("ログインできません。失敗が {max} 回続いたため {until} までログインできません", max = MAX_FAILURES)]
    LockedOut { until: String },
    #[error("ログインできません。鍵ファイルのこのアカウントの鍵は、データベースに登録された鍵ではありません（古い鍵ファイルか、書き換えられています）。管理者にパスワードの再設定を依頼してください")]
    SlotNotRecorded,
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
            AuthError::SlotNotRecorded => "AUTH_SLOT_NOT_RECORDED",
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

/// "2026年4月1日 9時15分": a lockout can end on another day, so the date is always given.
fn display_time(t: &str) -> String {
    DateTime::parse_from_rfc3339(t)
        .map(|d| {
            crate::clock::office_time(d)
                .format("%Y年%-m月%-d日 %-H時%M分")
                .to_string()
        })
        .unwrap_or_else(|_| "しばらく".to_string())
}

fn locked_until(f: &Failures, now: DateTime<FixedOffset>) -> Option<String> {
    f.locked_until
        .as_deref()
        .filter(|u| DateTime::parse_from_rfc3339(u).is_ok_and(|u| u > now))
        .map(str::to_string)
}

/// An attempt still "being checked" after this long was left by a process that died.
const IN_FLIGHT_SECONDS: i64 = 60;

/// Check `password` against `user_id`'s slot. The attempt is registered in the side file first
/// (under its lock) and failures plus attempts in progress may not exceed [`MAX_FAILURES`]: any
/// number of parallel guessers gets exactly five checks before the lockout, while parallel
/// logins with the right password merely wait a moment for each other. An ID with no slot costs
/// the same Argon2 work and counts the same way. Returns the key and the side file as read.
fn check_password(
    keys_path: &Path,
    user_id: &str,
    password: &str,
    now: DateTime<FixedOffset>,
) -> Result<(crate::store::DbKey, Kek, KeyFile), AuthError> {
    if !keyslots::plausible_user_id(user_id) {
        // Never an account (too long, control characters): nothing to count, nothing stored.
        return Err(AuthError::BadCredentials { failures: 1 });
    }
    let now_s = fmt_time(now);
    let token = {
        use rand::RngCore;
        let mut t = [0u8; 8];
        rand::rngs::OsRng.fill_bytes(&mut t);
        format!("{}@{now_s}", hex::encode(t))
    };
    let stale = now - Duration::seconds(IN_FLIGHT_SECONDS);
    let mut waited = 0u32;
    let kf = loop {
        let r = keyslots::update(keys_path, |kf| {
            let f = kf.failures.entry(user_id.to_string()).or_default();
            if let Some(until) = locked_until(f, now) {
                return Err(StoreError::Conflict(until));
            }
            f.in_flight.retain(|t| {
                t.split_once('@')
                    .and_then(|(_, at)| DateTime::parse_from_rfc3339(at).ok())
                    .is_some_and(|at| at > stale)
            });
            if f.count + f.in_flight.len() as u32 >= MAX_FAILURES {
                return Ok(None);
            }
            f.locked_until = None;
            f.in_flight.push(token.clone());
            f.last = Some(now_s.clone());
            Ok(Some(kf.clone()))
        })
        .map_err(|e| match e {
            StoreError::Conflict(until) => AuthError::LockedOut {
                until: display_time(&until),
            },
            e => AuthError::Store(e),
        })?;
        match r {
            Some(kf) => break kf,
            // Other attempts are being checked; their outcome decides whether this one may run.
            None if waited < 200 => {
                waited += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            None => {
                return Err(AuthError::LockedOut {
                    until: display_time(&fmt_time(now + Duration::minutes(LOCKOUT_MINUTES))),
                })
            }
        }
    };
    match kf.unwrap_with_kek(user_id, password)? {
        Some((key, kek)) => {
            keyslots::update(keys_path, |kf| {
                kf.failures.remove(user_id);
                Ok(())
            })?;
            Ok((key, kek, kf))
        }
        None => Err(record_failure(keys_path, user_id, &token, now)),
    }
}

/// The attempt was wrong: count it, log it for the next login to carry into the audit log, and
/// lock the account at the limit.
fn record_failure(
    keys_path: &Path,
    user_id: &str,
    token: &str,
    now: DateTime<FixedOffset>,
) -> AuthError {
    let now_s = fmt_time(now);
    let result = keyslots::update(keys_path, |kf| {
        let f: &mut Failures = kf.failures.entry(user_id.to_string()).or_default();
        f.in_flight.retain(|t| t != token);
        f.count = (f.count + 1).min(MAX_FAILURES);
        let count = f.count;
        let mut events = vec![PendingEvent {
            at: now_s.clone(),
            user_id: user_id.to_string(),
            action: actions::LOGIN_FAILED.into(),
            detail: serde_json::json!({ "failures": count }),
        }];
        let err = if count >= MAX_FAILURES {
            let until = fmt_time(now + Duration::minutes(LOCKOUT_MINUTES));
            f.locked_until = Some(until.clone());
            f.count = 0;
            events.push(PendingEvent {
                at: now_s.clone(),
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
        kf.pending_events.extend(events);
        Ok(err)
    });
    // If the side file cannot be written the failure is still reported; the attempt stays
    // registered as in progress, so it still counts until it goes stale.
    result.unwrap_or(AuthError::BadCredentials { failures: 1 })
}

/// Open the database as `user_id`. On success the account's failure count is cleared, waiting
/// failed-login events are written to the audit log as reports of the side file, and the login
/// itself is logged.
pub fn login(
    db: &Path,
    user_id: &str,
    password: &str,
    now: DateTime<FixedOffset>,
) -> Result<(Store, User, Kek), AuthError> {
    // Refuse a foreign or truncated file before anything else, and before counting a failure.
    store::check_file(db)?;
    let keys_path = side_file_path(db);
    let user_id = user_id.trim();
    let (key, kek, kf) = check_password(&keys_path, user_id, password, now)?;

    let now_s = fmt_time(now);
    let mut store = Store::open(db, key, &kf, &now_s)?;
    let user = users::get(store.conn(), user_id)?;
    let user = match user {
        Some(u) if !u.disabled => u,
        _ => return Err(AuthError::Disabled),
    };
    // A slot that unwraps but is not the one the database recorded (an old copy, a planted or
    // restored slot) does not open the account.
    let slot = kf.slot(user_id).expect("unwrapped, so present");
    if !store.slot_is_bound(slot, &kf, &now_s)? {
        return Err(AuthError::SlotNotRecorded);
    }
    // A slot sealed by a rekey, cheaper than the office's calibrated cost, or from before
    // public keys is rewrapped now, with the password just given (`store::kdf`).
    let target = match store.kdf_target()? {
        Some(t) => t,
        None => {
            // A database from before calibration: measured once, here.
            let c = crate::store::kdf::calibrate();
            store.set_kdf_target(&c)?;
            c
        }
    };
    let mut kek = kek;
    let mut upgraded = None;
    if keyslots::needs_rewrap(slot, &target) {
        let reveal = keyslots::unwrap_reveal(store.db_id(), slot, &kek);
        let from = slot.cost();
        let after_rekey = slot.sealed_key.is_some();
        kek = store.set_own_key_slot(user_id, password, reveal.as_ref())?;
        upgraded = Some(serde_json::json!({
            "from": from.label(),
            "to": target.label(),
            "after_rekey": after_rekey,
        }));
    }
    let pending = kf.pending_events.clone();
    store.write(user_id, &now_s, |tx| -> Result<(), StoreError> {
        carry_reported_events(tx, &pending)?;
        tx.audit(
            actions::LOGIN,
            Some("user"),
            Some(user_id),
            serde_json::Value::Null,
        )?;
        if let Some(d) = upgraded {
            tx.audit(actions::KEY_SLOT_UPGRADE, Some("user"), Some(user_id), d)?;
        }
        Ok(())
    })?;
    // Removed only after they are safely in the log, and only those carried: events added by a
    // concurrent failed login meanwhile stay for the next one.
    keyslots::update(&keys_path, |kf| {
        kf.pending_events.retain(|e| !pending.contains(e));
        Ok(())
    })?;
    Ok((store, user, kek))
}

/// Write the side file's failed-login events into the audit log for what they are: reports of
/// an unauthenticated file. Only failed logins and lockouts of accounts that exist are chained
/// one by one; made-up IDs are counted in one entry, and anything else (a forged
/// `decision_approve`, say) is not chained at all — only counted as refused.
fn carry_reported_events(
    tx: &mut crate::store::Tx<'_>,
    pending: &[PendingEvent],
) -> Result<(), StoreError> {
    let mut unknown: Vec<&str> = vec![];
    let mut forged = 0usize;
    for ev in pending {
        let action = match ev.action.as_str() {
            a if a == actions::LOGIN_FAILED => actions::LOGIN_FAILED_REPORTED,
            a if a == actions::LOCKED_OUT => actions::LOCKED_OUT_REPORTED,
            _ => {
                forged += 1;
                continue;
            }
        };
        if users::get(tx.conn(), &ev.user_id)?.is_none() {
            unknown.push(&ev.user_id);
            continue;
        }
        let reported_at = DateTime::parse_from_rfc3339(&ev.at).ok().map(fmt_time);
        // Only the fields the program itself writes, re-typed: nothing else from the file.
        let mut detail =
            serde_json::json!({ "reported_by": "key_file", "reported_at": reported_at });
        if let Some(n) = ev.detail.get("failures").and_then(|v| v.as_u64()) {
            detail["failures"] = n.min(MAX_FAILURES as u64).into();
        }
        if let Some(u) = ev
            .detail
            .get("until")
            .and_then(|v| v.as_str())
            .and_then(|u| DateTime::parse_from_rfc3339(u).ok())
        {
            detail["until"] = fmt_time(u).into();
        }
        let actor = tx.actor().to_string();
        let now = tx.now().to_string();
        crate::audit::append(
            tx.conn(),
            &crate::audit::NewEntry {
                at: &now,
                user_id: &ev.user_id,
                action,
                target_kind: Some("user"),
                target_id: Some(&ev.user_id),
                detail: {
                    detail["carried_in_by"] = actor.into();
                    detail
                },
            },
        )
        .map_err(|e| StoreError::Audit(e.to_string()))?;
    }
    if !unknown.is_empty() || forged > 0 {
        let mut examples: Vec<String> = unknown.iter().take(10).map(|u| sanitize_id(u)).collect();
        examples.dedup();
        tx.audit(
            actions::LOGIN_FAILED_REPORTED,
            Some("unknown_user"),
            None,
            serde_json::json!({
                "reported_by": "key_file",
                "unknown_user_ids": unknown.len(),
                "examples": examples,
                "refused_forged_events": forged,
            }),
        )?;
    }
    Ok(())
}

/// A made-up ID as it may appear in the log: printable ASCII, at most 32 characters.
fn sanitize_id(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_graphic())
        .take(32)
        .collect()
}

/// Check `password` against `user_id`'s slot without opening anything (screen unlock, password
/// change). Failures here count toward the lockout like a login.
pub fn verify_password(
    db: &Path,
    user_id: &str,
    password: &str,
    now: DateTime<FixedOffset>,
) -> Result<(), AuthError> {
    check_password(&side_file_path(db), user_id, password, now).map(|_| ())
}

/// Replace the caller's own password after checking the old one and the rules.
/// Returns the new password's derived key; the new slot also wraps the My Number key `reveal`
/// when the caller holds it (a holder keeps it across their own password change — unlike an
/// administrator's reset, which gives a slot without it).
pub fn change_password(
    store: &mut Store,
    user_id: &str,
    old: &str,
    new: &str,
    reveal: Option<&crate::store::reveal::RevealKey>,
    now: DateTime<FixedOffset>,
) -> Result<Kek, AuthError> {
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
    let kek = store.set_own_key_slot(user_id, new, reveal)?;
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
    Ok(kek)
}

/// Check another account's password (the holder handing over the My Number key at this desk),
/// counting failures toward that account's lockout like a login. Returns its derived key.
pub fn check_other(
    db: &Path,
    user_id: &str,
    password: &str,
    now: DateTime<FixedOffset>,
) -> Result<(Kek, KeyFile), AuthError> {
    check_password(&side_file_path(db), user_id, password, now).map(|(_, kek, kf)| (kek, kf))
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
    keyslots::update(&side_file_path(db), |kf| {
        kf.failures.remove(user_id);
        Ok(())
    })
}
