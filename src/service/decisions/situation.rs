//! 認定状況 (the caseworker's facts per household) and the calculation in display form.

use super::*;

pub(super) fn aid_views(by_kind: &[KindOutcome]) -> Vec<AidAmountView> {
    by_kind
        .iter()
        .map(|k| AidAmountView {
            kind_of_aid: k.kind_of_aid,
            label: k.kind_of_aid.label().into(),
            minimum_yen: k.minimum_yen,
            income_applied_yen: k.income_applied_yen,
            aid_yen: k.aid_yen,
        })
        .collect()
}

fn situation_members(members: &[MemberAsUsed], on: NaiveDate) -> Vec<SituationMember> {
    members
        .iter()
        .map(|m| SituationMember {
            person_id: m.person_id,
            name: m.name.clone(),
            birth_date: m.birth_date.to_string(),
            birth_date_wareki: format_wareki(m.birth_date),
            age: age_on(m.birth_date, on),
        })
        .collect()
}

/// Where a line's figure is in the set's files: the auditor's secondary reference beside the
/// table's title.
pub(crate) fn table_ref_text(t: &Option<calc::TableRef>) -> Option<String> {
    t.as_ref()
        .map(|t| format!("{}.csv {}行目（出典 {}）", t.table, t.line, t.source))
}

/// The display form of a calculation.
pub fn calc_view(c: &Computed, case_number: &str) -> CalcView {
    let r = &c.result;
    let name = |i: Option<usize>| i.and_then(|i| c.members.get(i)).map(|m| m.name.clone());
    let title =
        |t: &Option<calc::TableRef>| t.as_ref().map(|t| c.rates.manifest.table_title(&t.table));
    CalcView {
        household_id: c.household_id,
        case_number: case_number.into(),
        date: c.date.to_string(),
        date_wareki: format_wareki(c.date),
        grade: c.grade.code().into(),
        grade_label: c.grade.label().into(),
        rate_version: c.rate_set.version.clone(),
        rate_sha256: c.rate_set.sha256.clone(),
        test_figures: c.rate_set.test_figures,
        members: situation_members(&c.members, c.date),
        lines: r
            .lines
            .iter()
            .map(|l| CalcLineView {
                kind_of_aid: Some(l.kind_of_aid),
                kind_of_aid_label: l.kind_of_aid.label().into(),
                label: l.label.clone(),
                member_name: name(l.member),
                table_title: title(&l.table_ref),
                table_ref: table_ref_text(&l.table_ref),
                amount_yen: l.amount_yen,
                counted: l.counted,
                note: l.note.clone(),
            })
            .collect(),
        income_lines: r
            .income_lines
            .iter()
            .map(|l| CalcLineView {
                kind_of_aid: None,
                kind_of_aid_label: "収入認定".into(),
                label: l.label.clone(),
                member_name: name(l.member),
                table_title: title(&l.table_ref),
                table_ref: table_ref_text(&l.table_ref),
                amount_yen: l.amount_yen,
                counted: true,
                note: l.note.clone(),
            })
            .collect(),
        by_kind: aid_views(&r.by_kind),
        minimum_total_yen: r.minimum_total_yen,
        income_recognised_yen: r.income_recognised_yen,
        benefit_yen: r.benefit_yen,
        cash_benefit_yen: r.cash_benefit_yen,
        own_payment_care_yen: r.own_payment_care_yen,
        own_payment_medical_yen: r.own_payment_medical_yen,
        needed: r.needed,
    }
}

impl App {
    pub fn get_situation(&mut self, household_id: i64) -> Result<SituationView> {
        self.require(Permission::ViewHousehold)?;
        hh::require(self.store.conn(), household_id)?;
        self.audit_read(
            actions::SITUATION_VIEW,
            Some("household"),
            Some(household_id.to_string()),
            serde_json::Value::Null,
        )?;
        let conn = self.store.conn();
        hh::require(conn, household_id)?;
        let today = self.today();
        let members: Vec<MemberAsUsed> = members_for_calc(conn, household_id)?
            .into_iter()
            .map(|(m, _)| m)
            .collect();
        let updated_at = conn
            .query_row(
                "SELECT updated_at FROM household_situations WHERE household_id = ?1",
                [household_id],
                |r| r.get(0),
            )
            .ok();
        // The 区分 the form offers: those of the set in force today (none without one).
        let housing_areas = match sd::rate_set_for_date(conn, today)? {
            Some(row) => housing_areas(&*load_set(conn, &mut self.rate_cache, &row)?),
            None => vec![],
        };
        Ok(SituationView {
            household_id,
            input: situation_input(conn, household_id)?,
            members: situation_members(&members, today),
            updated_at,
            housing_areas,
        })
    }

    /// Store the caseworker's facts for a household (old → new in the audit log).
    pub fn save_situation(
        &mut self,
        household_id: i64,
        input: &SituationInput,
    ) -> Result<SituationView> {
        self.require(Permission::EditHousehold)?;
        let mut input = input.clone();
        input.housing_area = input.housing_area.map(|a| a.trim().to_string());
        for it in &mut input.incomes {
            it.label = it.label.trim().to_string();
        }
        let ids: Vec<i64> = hh::members(self.store.conn(), household_id)?
            .iter()
            .map(|p| p.id)
            .collect();
        hh::require(self.store.conn(), household_id)?;
        input.validate(&ids)?;
        let json = serde_json::to_string(&input)
            .map_err(|e| ServiceError::DecisionState(e.to_string()))?;
        self.write(|tx| {
            let old = sd::situation(tx.conn(), household_id)?;
            sd::put_situation(tx.conn(), household_id, &json, tx.actor(), tx.now())?;
            let old: serde_json::Value = old
                .and_then(|o| serde_json::from_str(&o).ok())
                .unwrap_or(serde_json::Value::Null);
            let new: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
            tx.audit(
                actions::SITUATION_SAVE,
                Some("household"),
                Some(&household_id.to_string()),
                json!({ "old": old, "new": new }),
            )?;
            Ok(())
        })?;
        self.get_situation(household_id)
    }

    /// The calculation for a household on `date` with the rate set in force on that date and
    /// the office's 級地. Refuses, naming the table, when the set is incomplete.
    pub fn calc_household(&mut self, household_id: i64, date: NaiveDate) -> Result<Computed> {
        self.require(Permission::ViewHousehold)?;
        let conn = self.store.conn();
        let grade = office_grade(conn)?;
        compute(conn, &mut self.rate_cache, household_id, date, None, grade)
    }

    /// [`calc_household`](Self::calc_household) in display form; the view is logged as a read.
    pub fn calc_household_view(&mut self, household_id: i64, date: &str) -> Result<CalcView> {
        let date = parse_day("date", "計算日", date)?;
        let c = self.calc_household(household_id, date)?;
        let case = hh::require(self.store.conn(), household_id)?.case_number;
        let (v, b) = (c.rate_set.version.clone(), c.result.benefit_yen);
        self.write(|tx| {
            tx.audit(
                actions::CALC_VIEW,
                Some("household"),
                Some(&household_id.to_string()),
                json!({ "date": date.to_string(), "rate_version": v, "benefit_yen": b }),
            )?;
            Ok(())
        })?;
        Ok(calc_view(&c, &case))
    }
}
