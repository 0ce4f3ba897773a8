//! The My Number key in a session: recognised at login, created once for the office, handed to
//! a new or reset account only by someone who holds it (at this desk, with their password: the
//! second person), kept across the holder's own password change. See `store::reveal`.

use serde_json::json;

use super::{App, Result, ServiceError};
use crate::audit::actions;
use crate::domain::role::Permission;
use crate::store::keyslots::{self, KeyFile};
use crate::store::reveal::RevealKey;
use crate::store::{households as hh, StoreError};

fn recorded_check(conn: &rusqlite::Connection) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'reveal_check'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(StoreError::from)?)
}

impl App {
    /// After login or the account's own password change: take the My Number key from the slot
    /// when it is there and the right one; create it when the office has none yet and this
    /// account may reveal; seal numbers stored before the key existed.
    pub(crate) fn settle_reveal_key(&mut self) -> Result<()> {
        self.reveal = None;
        let Some(kek) = self.kek.clone() else {
            return Ok(());
        };
        let may = self.user.role.can(Permission::RevealMyNumber) && !self.user.must_change_password;
        if !may {
            return Ok(());
        }
        let kf = KeyFile::load(&self.store.keys_path())?;
        let mine = kf
            .slot(&self.user.user_id)
            .and_then(|s| keyslots::unwrap_reveal(self.store.db_id(), s, &kek));
        let check = recorded_check(self.store.conn())?;
        match (mine, check) {
            (Some(k), Some(c)) if k.check_value() == c => self.reveal = Some(k),
            (_, Some(_)) => return Ok(()),
            (_, None) => {
                // The office's first account that may reveal: the key is made here, once.
                let k = RevealKey::generate();
                let check = k.check_value();
                let created = self.write(|tx| {
                    if recorded_check(tx.conn())?.is_some() {
                        return Ok(false);
                    }
                    tx.conn()
                        .execute(
                            "INSERT INTO meta (key, value) VALUES ('reveal_check', ?1)",
                            [&check],
                        )
                        .map_err(StoreError::from)?;
                    let actor = tx.actor().to_owned();
                    tx.audit(
                        actions::REVEAL_KEY_CREATE,
                        Some("user"),
                        Some(&actor),
                        serde_json::Value::Null,
                    )?;
                    Ok(true)
                })?;
                if !created {
                    return Ok(());
                }
                self.store.give_reveal_key(&self.user.user_id, &kek, &k)?;
                self.reveal = Some(k);
            }
        }
        self.seal_legacy_numbers()
    }

    fn seal_legacy_numbers(&mut self) -> Result<()> {
        let Some(k) = self.reveal.clone() else {
            return Ok(());
        };
        let db_id = self.store.db_id().to_string();
        self.write(|tx| {
            let now = tx.now().to_string();
            let n = hh::seal_legacy_my_numbers(tx.conn(), &k, &db_id, &now)?;
            if n > 0 {
                tx.audit(
                    actions::REVEAL_KEY_CREATE,
                    None,
                    None,
                    json!({ "sealed_legacy_numbers": n }),
                )?;
            }
            Ok(())
        })
    }

    /// Whether this session holds the My Number key.
    pub fn holds_reveal_key(&self) -> bool {
        self.reveal.is_some()
    }

    /// The session's My Number key, or a refusal that says how to get it.
    pub(crate) fn reveal_key(&self) -> Result<RevealKey> {
        self.reveal.clone().ok_or_else(|| {
            ServiceError::refused(
                "REVEAL_KEY_MISSING",
                "このアカウントには個人番号鍵がありません。個人番号鍵を持つ職員（査察指導員など）に、この画面でパスワードを入力して付与してもらってください",
            )
        })
    }

    /// 個人番号鍵の付与: `holder_id`, who holds the key, enters their password at this session's
    /// desk and the key is wrapped for this account. Both people are in the audit entry. The
    /// holder's failed passwords count toward the holder's lockout.
    pub fn grant_reveal_key_from(&mut self, holder_id: &str, holder_password: &str) -> Result<()> {
        self.require(Permission::RevealMyNumber)?;
        if self.reveal.is_some() {
            return Ok(());
        }
        let me = self.user.user_id.clone();
        let holder_id = holder_id.trim();
        if holder_id == me {
            return Err(ServiceError::SameUser(
                "個人番号鍵は、自分以外の鍵を持つ職員から付与してもらってください".into(),
            ));
        }
        let holder = crate::store::users::get(self.store.conn(), holder_id)?;
        let Some(holder) = holder.filter(|h| !h.disabled && h.role.can(Permission::RevealMyNumber))
        else {
            return Err(ServiceError::refused(
                "REVEAL_KEY_HOLDER",
                "付与できるのは、個人番号の表示権限と個人番号鍵を持つ有効な職員だけです",
            ));
        };
        let (holder_kek, kf) =
            crate::auth::check_other(self.db_path(), &holder.user_id, holder_password, self.now())?;
        let key = kf
            .slot(&holder.user_id)
            .and_then(|s| keyslots::unwrap_reveal(self.store.db_id(), s, &holder_kek))
            .filter(|k| {
                recorded_check(self.store.conn()).ok().flatten().as_deref()
                    == Some(k.check_value().as_str())
            })
            .ok_or_else(|| {
                ServiceError::refused(
                    "REVEAL_KEY_HOLDER",
                    format!("{} は個人番号鍵を持っていません", holder.user_id),
                )
            })?;
        let kek = self.kek.clone().ok_or(ServiceError::NotLoggedIn)?;
        self.store.give_reveal_key(&me, &kek, &key)?;
        let by = holder.user_id.clone();
        self.write(|tx| {
            tx.audit(
                actions::REVEAL_KEY_GRANT,
                Some("user"),
                Some(&me),
                json!({ "granted_by": by }),
            )?;
            Ok(())
        })?;
        self.reveal = Some(key);
        self.seal_legacy_numbers()
    }
}
