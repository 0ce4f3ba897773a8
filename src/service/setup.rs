//! Creating a database: a new office (`madoguchi init`) or the demo (`madoguchi demo`).

use std::path::Path;

use serde_json::json;

use super::{Clock, Result};
use crate::audit::actions;
use crate::auth::AuthError;
use crate::domain::household::ValidationError;
use crate::domain::password::check_password_rules;
use crate::domain::role::Role;
use crate::store::users::{self, User};
use crate::store::{Store, StoreError};

fn fmt(clock: &Clock) -> String {
    crate::clock::now(clock).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// A new office database whose first account is an administrator with the password they chose
/// (so no forced change at first login), with the national rate sets the program ships — an
/// office can compute and decide on its first day. Refuses to overwrite anything.
pub fn create_office_database(
    path: &Path,
    admin_id: &str,
    admin_name: &str,
    password: &str,
    clock: &Clock,
) -> Result<Store> {
    let mut store =
        create_office_database_without_national_rates(path, admin_id, admin_name, password, clock)?;
    install_national_rates(&mut store, admin_id.trim(), clock)?;
    Ok(store)
}

/// [`create_office_database`] without the national rate sets: for tests and benchmarks that
/// bring their own (invented) tables. Such a database never receives national sets by itself.
pub fn create_office_database_without_national_rates(
    path: &Path,
    admin_id: &str,
    admin_name: &str,
    password: &str,
    clock: &Clock,
) -> Result<Store> {
    let admin_id = admin_id.trim();
    if admin_id.is_empty() || admin_name.trim().is_empty() {
        return Err(ValidationError::new("user_id", "管理者のユーザーIDと氏名は必須です").into());
    }
    check_password_rules(admin_id, password).map_err(AuthError::from)?;
    create_with_admin(path, admin_id, admin_name.trim(), password, clock)
}

/// Install every shipped national rate set into a database being created.
pub(crate) fn install_national_rates(
    store: &mut Store,
    actor: &str,
    clock: &Clock,
) -> Result<Vec<String>> {
    let now = fmt(clock);
    store.write(actor, &now, |tx| {
        super::national::install_missing(tx, super::national::BY_NEW_DATABASE, "new_database")
    })
}

/// Shared by `init` and the demo: the demo's fixed, documented password skips the strength
/// rules because nobody chose it (and the demo database holds no real data).
pub(crate) fn create_with_admin(
    path: &Path,
    admin_id: &str,
    admin_name: &str,
    password: &str,
    clock: &Clock,
) -> Result<Store> {
    let now = fmt(clock);
    let mut store = Store::create(path, admin_id, password, &now)?;
    let admin = User {
        user_id: admin_id.into(),
        display_name: admin_name.into(),
        role: Role::Admin,
        disabled: false,
        must_change_password: false,
    };
    store.write(
        admin_id,
        &now,
        |tx| -> std::result::Result<(), StoreError> {
            users::insert(tx.conn(), &admin, &now)?;
            tx.audit(
                actions::DATABASE_CREATE,
                None,
                None,
                json!({ "schema": crate::store::migrate::latest_version() }),
            )?;
            tx.audit(
                actions::USER_ADD,
                Some("user"),
                Some(admin_id),
                json!({ "new": { "display_name": admin_name, "role": "admin" } }),
            )?;
            Ok(())
        },
    )?;
    Ok(store)
}
