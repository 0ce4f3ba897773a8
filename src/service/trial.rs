//! 試算 (trial calculation) at the counter and `madoguchi calc --input`: a household described
//! there and then, priced with the rate set in force and the office's 級地, exactly as the same
//! household would be once registered — without registering it. Nothing about the household is
//! stored; the use of the trial is audited (who, when, the date and 級地, how many members, the
//! rate version and the result), not as a person's record.

use serde_json::json;

use super::decisions::{calc_view, load_set, pick_rate_set, Computed};
use super::views::CalcView;
use super::{App, Result, ServiceError};
use crate::audit::actions;
use crate::calc::{self, Grade};
use crate::domain::era::parse_date;
use crate::domain::role::Permission;
use crate::domain::trial::{OfficeDefaults, TrialInput};

impl App {
    pub fn calc_trial(&mut self, input: &TrialInput) -> Result<CalcView> {
        self.require(Permission::ViewHousehold)?;
        let conn = self.store.conn();
        let office = crate::store::office::get(conn)?;
        let defaults = OfficeDefaults {
            grade: office.as_ref().and_then(|o| Grade::parse(&o.grade)),
            prefecture: office
                .as_ref()
                .map(|o| o.prefecture.as_str())
                .filter(|p| !p.trim().is_empty()),
            municipality_code: office
                .as_ref()
                .map(|o| o.municipality_code.as_str())
                .filter(|c| !c.is_empty()),
            municipality_name: None,
        };
        let trial = input.to_trial(&defaults, |s| parse_date(s).map_err(|e| e.to_string()))?;
        let row = pick_rate_set(conn, trial.date)?;
        let set = load_set(conn, &mut self.rate_cache, &row)?;
        calc::check_complete(&set, trial.grade, trial.date).map_err(|error| {
            ServiceError::RatesIncomplete {
                version: row.version.clone(),
                error,
            }
        })?;
        let (situation, used) = trial.situation.to_calc(
            trial.grade,
            trial.prefecture.as_deref(),
            &trial.members,
            trial.date,
        )?;
        let result = calc::calculate(&set, &situation, trial.date)?;
        let c = Computed {
            household_id: 0,
            rate_set: row,
            grade: trial.grade,
            date: trial.date,
            input: trial.situation,
            members: used,
            situation,
            result,
            rates: set,
        };
        let detail = json!({ "date": c.date.to_string(), "grade": c.grade.code(), "members": c.members.len(),
            "rate_version": c.rate_set.version, "benefit_yen": c.result.benefit_yen });
        self.write(|tx| {
            tx.audit(actions::CALC_TRIAL, None, None, detail)?;
            Ok(())
        })?;
        Ok(calc_view(&c, "試算"))
    }
}
