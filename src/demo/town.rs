//! A town's office at scale, for the bulk job's door test, its benchmark and `examples/town.rs`:
//! `households` synthetic 保護中 households (from [`super::generate`]), each with a stored
//! 認定状況 the caller writes, the given rate files imported, and a caseworker [`CASEWORKER`]
//! whose first-login password change is done. Synthetic, fictitious data only.

use std::path::Path;

use chrono::NaiveDate;

use crate::domain::decision::SituationInput;
use crate::domain::role::Role;
use crate::service::{setup, App, Clock, Result};
use crate::store::{self, StoreError};

/// The caseworker's user ID in a town.
pub const CASEWORKER: &str = "cw";
const FIRST_PASSWORD: &str = "kari-pass-0001";

pub struct Town<'a> {
    pub households: usize,
    /// The date the synthetic registry is generated for (ages, application dates).
    pub today: NaiveDate,
    /// When the load is recorded (RFC 3339).
    pub now: &'a str,
    /// The administrator's user ID and password.
    pub admin: (&'a str, &'a str),
    pub caseworker_password: &'a str,
    /// The rate set to import, as (file name, text).
    pub rate_files: &'a [(String, String)],
}

/// Build the office at `path`. `situation(i, head_person_id)` gives the stored 認定状況 of the
/// `i`-th household (in ID order).
pub fn build(
    path: &Path,
    town: &Town,
    clock: &Clock,
    mut situation: impl FnMut(usize, i64) -> SituationInput,
) -> Result<()> {
    let (admin, password) = town.admin;
    let mut db = setup::create_office_database(path, admin, "管理 者", password, clock)?;
    let now = town.now;
    let data = super::generate(town.households, 42, town.today);
    super::load(
        &mut db,
        admin,
        now,
        &data,
        &[],
        &store::reveal::RevealKey::generate(),
    )?;
    let mut office = super::demo_office();
    office.grade = "1-1".into();
    db.write(admin, now, |tx| -> std::result::Result<(), StoreError> {
        store::office::put(tx.conn(), &office, now)?;
        tx.conn()
            .execute("UPDATE households SET status = 'active'", [])?;
        let heads: Vec<(i64, i64)> = {
            let mut st = tx.conn().prepare(
                "SELECT h.id, p.id FROM households h JOIN persons p
                   ON p.household_id = h.id AND p.is_head = 1 ORDER BY h.id",
            )?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (i, (household, head)) in heads.into_iter().enumerate() {
            // a plain struct with string keys: serialising it cannot fail
            let json = serde_json::to_string(&situation(i, head)).expect("situation as JSON");
            store::decisions::put_situation(tx.conn(), household, &json, admin, now)?;
        }
        Ok(())
    })?;
    db.checkpoint()?;
    drop(db);
    let mut app = App::login(path, admin, password)?;
    app.import_rates(town.rate_files, true)?;
    app.add_user(CASEWORKER, "計測 担当員", Role::Caseworker, FIRST_PASSWORD)?;
    App::login(path, CASEWORKER, FIRST_PASSWORD)?
        .change_password(FIRST_PASSWORD, town.caseworker_password)?;
    Ok(())
}

/// A varied but plain 認定状況 for the `i`-th household: 冬季加算の地区 and rent vary, no 加算
/// facts, no income — every household prices without a refusal.
pub fn plain_situation(i: usize) -> SituationInput {
    SituationInput {
        winter_region: Some(1 + (i % 6) as u8),
        housing_area: Some("試験県".into()),
        rent_yen: (i as i64 * 37) % 60_000,
        care_cost_yen: 0,
        medical_cost_yen: 0,
        members: vec![],
        incomes: vec![],
    }
}
