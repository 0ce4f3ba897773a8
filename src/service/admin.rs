//! Administration use cases: accounts, office settings, permission matrix, audit log.

use serde_json::json;

use super::views::*;
use super::{App, Result, ServiceError};
use crate::audit::{self, actions};
use crate::auth;
use crate::domain::household::ValidationError;
use crate::domain::office::OfficeSettings;
use crate::domain::password::check_password_rules;
use crate::domain::role::{Permission, Role};
use crate::domain::workflow::{check_user_action, user_actions, Refusal, UserAction, UserFacts};
use crate::store::users::{self, User};

fn user_id_ok(id: &str) -> std::result::Result<String, ValidationError> {
    let id = id.trim();
    if id.len() < 2
        || id.len() > 32
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        return Err(ValidationError::new(
            "user_id",
            "ユーザーIDは半角英数字（. _ - も可）2〜32文字で入力してください",
        ));
    }
    Ok(id.to_string())
}

/// A temporary password the administrator typed: the rules of every password, the refusal shown
/// under the form's 仮パスワード field.
fn temporary_password_ok(user_id: &str, pw: &str) -> std::result::Result<(), ValidationError> {
    check_password_rules(user_id, pw)
        .map_err(|e| ValidationError::new("temporary_password", format!("仮パスワード: {e}")))
}

/// The account rule's refusal as the clerk's message on the form (`VALIDATION`).
fn refused(field: &'static str, r: Refusal) -> ServiceError {
    match r {
        Refusal::State(m) | Refusal::SameUser(m) => ValidationError::new(field, m).into(),
        Refusal::Permission(p) => ServiceError::PermissionDenied(p.label()),
    }
}

impl App {
    /// Enabled administrators (the rule keeps at least one).
    fn enabled_admins(&self) -> Result<usize> {
        Ok(users::list(self.store.conn())?
            .iter()
            .filter(|u| u.role == Role::Admin && !u.disabled)
            .count())
    }

    fn user_facts(u: &User, enabled_admins: usize) -> UserFacts<'_> {
        UserFacts {
            user_id: &u.user_id,
            role: u.role,
            disabled: u.disabled,
            enabled_admins,
        }
    }

    /// May the logged-in administrator take `action` on the account now (`domain::workflow`)?
    fn check_user(&self, action: UserAction, u: &User, field: &'static str) -> Result<()> {
        let facts = Self::user_facts(u, self.enabled_admins()?);
        check_user_action(action, &facts, &self.user().user_id).map_err(|r| refused(field, r))
    }

    fn user_view_with(&self, u: User, enabled_admins: usize) -> UserView {
        let actions = user_actions(&Self::user_facts(&u, enabled_admins), &self.user().user_id);
        let f = auth::failure_state(self.db_path(), &u.user_id).unwrap_or_default();
        let now = self.now();
        let locked_until = f
            .locked_until
            .filter(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok_and(|t| t > now));
        UserView {
            role_label: u.role.label().into(),
            user_id: u.user_id,
            display_name: u.display_name,
            role: u.role,
            disabled: u.disabled,
            must_change_password: u.must_change_password,
            failed_logins: f.count,
            locked_until,
            actions,
        }
    }

    fn user_view(&self, u: User) -> Result<UserView> {
        Ok(self.user_view_with(u, self.enabled_admins()?))
    }

    pub fn list_users(&mut self) -> Result<Vec<UserView>> {
        self.require(Permission::ManageUsers)?;
        let admins = self.enabled_admins()?;
        let list = users::list(self.store.conn())?;
        Ok(list
            .into_iter()
            .map(|u| self.user_view_with(u, admins))
            .collect())
    }

    /// A new account with a temporary password that must be changed at first login.
    pub fn add_user(
        &mut self,
        user_id: &str,
        display_name: &str,
        role: Role,
        temporary_password: &str,
    ) -> Result<UserView> {
        self.require(Permission::ManageUsers)?;
        let user_id = user_id_ok(user_id)?;
        let display_name = display_name.trim().to_string();
        if display_name.is_empty() {
            return Err(ValidationError::new("display_name", "氏名は必須です").into());
        }
        temporary_password_ok(&user_id, temporary_password)?;
        let u = User {
            user_id: user_id.clone(),
            display_name,
            role,
            disabled: false,
            must_change_password: true,
        };
        // Row (and its audit entry) first, slot after: a crash in between leaves an account that
        // cannot log in yet, never a slot that opens the database for an account that isn't there.
        self.write(|tx| {
            users::insert(tx.conn(), &u, tx.now())?;
            tx.audit(
                actions::USER_ADD,
                Some("user"),
                Some(&u.user_id),
                json!({ "new": { "display_name": u.display_name, "role": u.role.code() } }),
            )?;
            Ok(())
        })?;
        self.store.set_key_slot(&user_id, temporary_password)?;
        let u = users::require(self.store.conn(), &user_id)?;
        self.user_view(u)
    }

    /// New temporary password; clears a lockout and re-enables nothing else.
    pub fn reset_password(&mut self, user_id: &str, temporary_password: &str) -> Result<UserView> {
        self.require(Permission::ManageUsers)?;
        let u = users::require(self.store.conn(), user_id)?;
        self.check_user(UserAction::ResetPassword, &u, "user_id")?;
        temporary_password_ok(user_id, temporary_password)?;
        self.store.set_key_slot(user_id, temporary_password)?;
        auth::clear_failures(self.db_path(), user_id)?;
        self.write(|tx| {
            users::set_must_change(tx.conn(), user_id, true, tx.now())?;
            tx.audit(
                actions::USER_RESET,
                Some("user"),
                Some(user_id),
                serde_json::Value::Null,
            )?;
            Ok(())
        })?;
        let u = users::require(self.store.conn(), user_id)?;
        self.user_view(u)
    }

    /// Disabling removes the key slot: the password no longer opens the database at all.
    /// Enabling needs a new temporary password, because the old slot is gone.
    pub fn set_user_disabled(
        &mut self,
        user_id: &str,
        disabled: bool,
        temporary_password: Option<&str>,
    ) -> Result<UserView> {
        self.require(Permission::ManageUsers)?;
        let before = users::require(self.store.conn(), user_id)?;
        let action = if disabled {
            UserAction::Disable
        } else {
            UserAction::Enable
        };
        self.check_user(action, &before, "user_id")?;
        if !disabled {
            let pw = temporary_password.ok_or_else(|| {
                ValidationError::new("temporary_password", "有効にするには仮パスワードが必要です")
            })?;
            temporary_password_ok(user_id, pw)?;
        }
        self.write(|tx| {
            users::set_disabled(tx.conn(), user_id, disabled, tx.now())?;
            if !disabled {
                users::set_must_change(tx.conn(), user_id, true, tx.now())?;
            }
            let action = if disabled {
                actions::USER_DISABLE
            } else {
                actions::USER_ENABLE
            };
            tx.audit(action, Some("user"), Some(user_id), serde_json::Value::Null)?;
            Ok(())
        })?;
        if disabled {
            self.store.remove_key_slot(user_id)?;
        } else if let Some(pw) = temporary_password {
            self.store.set_key_slot(user_id, pw)?;
            auth::clear_failures(self.db_path(), user_id)?;
        }
        let u = users::require(self.store.conn(), user_id)?;
        self.user_view(u)
    }

    /// Correct an account's name (改姓, a typo) or change its role (異動), audited old → new.
    /// The session of that account has the new role at its next call; a role that may not
    /// reveal My Numbers loses the key from the account's slot (a new role that may gets it from
    /// a holder at the next login, as a new account does). Nobody changes their own role, so the
    /// office always keeps an administrator.
    pub fn update_user(
        &mut self,
        user_id: &str,
        display_name: &str,
        role: Role,
    ) -> Result<UserView> {
        self.require(Permission::ManageUsers)?;
        let display_name = display_name.trim().to_string();
        if display_name.is_empty() {
            return Err(ValidationError::new("display_name", "氏名は必須です").into());
        }
        let before = users::require(self.store.conn(), user_id)?;
        if role != before.role {
            self.check_user(UserAction::ChangeRole, &before, "role")?;
        }
        let mut changes = serde_json::Map::new();
        if display_name != before.display_name {
            changes.insert(
                "display_name".into(),
                json!({ "old": before.display_name, "new": display_name }),
            );
        }
        if role != before.role {
            changes.insert(
                "role".into(),
                json!({ "old": before.role.code(), "new": role.code() }),
            );
        }
        if changes.is_empty() {
            return Err(ValidationError::new("display_name", "変更された項目がありません").into());
        }
        self.write(|tx| {
            users::set_name_and_role(tx.conn(), user_id, &display_name, role, tx.now())?;
            tx.audit(
                actions::USER_UPDATE,
                Some("user"),
                Some(user_id),
                serde_json::Value::Object(changes),
            )?;
            Ok(())
        })?;
        if !role.can(Permission::RevealMyNumber) {
            crate::store::keyslots::update(&self.store.keys_path(), |kf| {
                if let Some(mut slot) = kf.slot(user_id).cloned() {
                    if slot.reveal.take().is_some() {
                        kf.put_slot(slot);
                    }
                }
                Ok(())
            })?;
        }
        let u = users::require(self.store.conn(), user_id)?;
        self.user_view(u)
    }

    pub fn permission_matrix(&mut self) -> Result<PermissionMatrix> {
        self.require_session()?;
        Ok(PermissionMatrix {
            roles: Role::ALL
                .iter()
                .map(|r| RoleLabel {
                    role: *r,
                    label: r.label().into(),
                })
                .collect(),
            permissions: Permission::ALL
                .iter()
                .map(|p| PermissionLabel {
                    permission: p.code().into(),
                    label: p.label().into(),
                })
                .collect(),
            grants: Role::ALL
                .iter()
                .map(|r| {
                    (
                        r.code().to_string(),
                        r.permissions()
                            .iter()
                            .map(|p| p.code().to_string())
                            .collect(),
                    )
                })
                .collect(),
        })
    }

    pub fn get_office(&mut self) -> Result<OfficeSettings> {
        self.require_session()?;
        Ok(crate::store::office::get(self.store.conn())?.unwrap_or_default())
    }

    pub fn save_office(&mut self, settings: &OfficeSettings) -> Result<OfficeSettings> {
        self.require(Permission::EditOffice)?;
        let s = settings.validate()?;
        super::printable::office(&s)?;
        self.write(|tx| {
            let old = crate::store::office::get(tx.conn())?;
            crate::store::office::put(tx.conn(), &s, tx.now())?;
            let old_v = old
                .map(|o| serde_json::to_value(o).unwrap_or_default())
                .unwrap_or(json!({}));
            let new_v = serde_json::to_value(&s).unwrap_or_default();
            let mut changes = serde_json::Map::new();
            if let Some(n) = new_v.as_object() {
                for (k, v) in n {
                    let o = old_v.get(k).cloned().unwrap_or(serde_json::Value::Null);
                    if &o != v {
                        changes.insert(k.clone(), json!({ "old": o, "new": v }));
                    }
                }
            }
            tx.audit(
                actions::OFFICE_UPDATE,
                Some("office"),
                None,
                serde_json::Value::Object(changes),
            )?;
            Ok(())
        })?;
        Ok(s)
    }

    pub fn search_audit(&mut self, q: &AuditQuery) -> Result<Vec<AuditEntryView>> {
        self.require(Permission::ViewAudit)?;
        // 操作 as the screen names it (「個人番号の表示」, or part of it), or as its code.
        let action = q.action.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let (action, actions) = match action {
            Some(a) if actions::ALL.iter().any(|(c, _)| *c == a) => (Some(a.to_string()), None),
            Some(a) => (
                None,
                Some(
                    actions::ALL
                        .iter()
                        .filter(|(_, l)| l.contains(a))
                        .map(|(c, _)| c.to_string())
                        .collect(),
                ),
            ),
            None => (None, None),
        };
        let mut f = audit::Filter {
            user_id: q.user_id.clone(),
            action,
            actions,
            from: q.from.clone(),
            to: q.to.clone(),
            limit: q.limit,
            ..Default::default()
        };
        if let Some(p) = q
            .person
            .as_ref()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            // A person is found in the log by their own ID and their household's.
            let mut ids = vec![];
            for e in self.store.search_index()?.search(p, 200) {
                ids.push(e.person_id.to_string());
                ids.push(e.household_id.to_string());
            }
            ids.sort();
            ids.dedup();
            f.target_ids = Some(ids);
        }
        let entries = audit::search(self.store.conn(), &f)?;
        let conn = self.store.conn();
        let mut names = std::collections::HashMap::new();
        Ok(entries
            .into_iter()
            .map(|e| {
                let detail: serde_json::Value = e
                    .detail
                    .and_then(|d| serde_json::from_str(&d).ok())
                    .unwrap_or(serde_json::Value::Null);
                let (changes, facts) = super::audit_view::read_detail(&detail);
                let user_name = names
                    .entry(e.user_id.clone())
                    .or_insert_with(|| {
                        users::get(conn, &e.user_id)
                            .ok()
                            .flatten()
                            .map(|u| u.display_name)
                    })
                    .clone();
                AuditEntryView {
                    seq: e.seq,
                    at: e.at,
                    action_label: actions::label(&e.action).to_string(),
                    target_label: super::audit_view::target_label(
                        conn,
                        e.target_kind.as_deref(),
                        e.target_id.as_deref(),
                    ),
                    user_name,
                    user_id: e.user_id,
                    action: e.action,
                    target_kind: e.target_kind,
                    target_id: e.target_id,
                    changes,
                    facts,
                    detail,
                }
            })
            .collect())
    }

    /// Check the chain against the newest anchor found beside the database.
    pub fn verify_audit(&mut self) -> Result<audit::VerifyReport> {
        self.verify_audit_with(&[])
    }

    /// Check the chain against the newest of the local anchors and `extra` (anchors read from
    /// exported batches, backup manifests or a printed summary); other databases' are ignored.
    pub fn verify_audit_with(&mut self, extra: &[audit::Anchor]) -> Result<audit::VerifyReport> {
        self.require(Permission::ViewAudit)?;
        let db_id = self.store.db_id().to_string();
        let mut anchors = audit::anchor::read_local(&self.db_path, &db_id);
        anchors.extend(extra.iter().filter(|a| a.db_id == db_id).cloned());
        let report = audit::verify_with_anchors(self.store.conn(), &anchors)?;
        let r = report.clone();
        self.write(|tx| {
            tx.audit(
                actions::AUDIT_VERIFY,
                None,
                None,
                json!({ "ok": r.ok, "entries": r.entries, "first_broken": r.first_broken, "anchored_seq": r.anchored_seq }),
            )?;
            Ok(())
        })?;
        Ok(report)
    }

    /// 操作ログ日次要約 for `date`; its anchor is also kept beside the database.
    pub fn audit_daily_summary(
        &mut self,
        date: chrono::NaiveDate,
    ) -> Result<audit::summary::DailySummary> {
        self.require(Permission::ViewAudit)?;
        let summary = self.write(|tx| {
            tx.audit(
                actions::AUDIT_SUMMARY,
                None,
                None,
                json!({ "date": date.to_string() }),
            )?;
            Ok(audit::summary::daily(tx.conn(), date)?)
        })?;
        self.keep_anchor_locally();
        Ok(summary)
    }
}
