//! Session use cases: who is logged in, screen lock, password change, logout.

use super::views::SessionInfo;
use super::{App, Result, ServiceError};
use crate::audit::actions;
use crate::domain::role::Permission;

impl App {
    pub fn session_info(&self) -> Result<SessionInfo> {
        let office = crate::store::office::get(self.store.conn())?;
        Ok(SessionInfo {
            user_id: self.user.user_id.clone(),
            display_name: self.user.display_name.clone(),
            role: self.user.role,
            role_label: self.user.role.label().into(),
            must_change_password: self.user.must_change_password,
            permissions: Permission::ALL
                .into_iter()
                .filter(|p| self.user.role.can(*p))
                .map(|p| p.code().to_string())
                .collect(),
            idle_lock_minutes: office.map(|o| o.idle_lock_minutes).unwrap_or(10),
            menu: crate::domain::workflow::menu(self.user.role),
            holds_reveal_key: self.holds_reveal_key(),
            may_receive_reveal_key: !self.holds_reveal_key()
                && self.user.role.can(Permission::RevealMyNumber)
                && !self.user.must_change_password,
        })
    }

    /// Lock the screen (idle timeout or the 「ロック」 button). Nothing is readable until unlock.
    pub fn lock(&mut self) -> Result<()> {
        if self.locked {
            return Ok(());
        }
        self.write(|tx| {
            let actor = tx.actor().to_owned();
            tx.audit(
                actions::SCREEN_LOCK,
                Some("user"),
                Some(&actor),
                serde_json::Value::Null,
            )?;
            Ok(())
        })?;
        self.locked = true;
        // Whoever unlocks says again why they open another caseworker's case.
        self.case_reasons.clear();
        Ok(())
    }

    /// Unlock with the same user's password. Wrong passwords count toward the lockout.
    pub fn unlock(&mut self, password: &str) -> Result<SessionInfo> {
        let now = self.now();
        crate::auth::verify_password(&self.db_path, &self.user.user_id, password, now)?;
        self.locked = false;
        self.require_session()?;
        self.write(|tx| {
            let actor = tx.actor().to_owned();
            tx.audit(
                actions::SCREEN_UNLOCK,
                Some("user"),
                Some(&actor),
                serde_json::Value::Null,
            )?;
            Ok(())
        })?;
        self.session_info()
    }

    pub fn change_password(&mut self, old: &str, new: &str) -> Result<SessionInfo> {
        self.require_session()?;
        let now = self.now();
        let uid = self.user.user_id.clone();
        let reveal = self.reveal.clone();
        let kek =
            crate::auth::change_password(&mut self.store, &uid, old, new, reveal.as_ref(), now)?;
        self.kek = Some(kek);
        self.require_session()?;
        self.settle_reveal_key()?;
        self.session_info()
    }

    /// Log out: the audit entry is written, then the database is closed by dropping the App.
    pub fn logout(mut self) -> Result<()> {
        if self.locked {
            // A locked session may still be ended (e.g. someone else needs the desk).
            self.locked = false;
        }
        self.write(|tx| {
            let actor = tx.actor().to_owned();
            tx.audit(
                actions::LOGOUT,
                Some("user"),
                Some(&actor),
                serde_json::Value::Null,
            )?;
            Ok(())
        })?;
        self.keep_anchor_locally();
        Ok(())
    }

    pub(crate) fn deny_if_locked(&self) -> Result<()> {
        if self.locked {
            Err(ServiceError::SessionLocked)
        } else {
            Ok(())
        }
    }
}
