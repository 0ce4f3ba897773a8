//! The office's decision reasons (決定理由): listed for the form, saved by `edit_office`.

use super::*;

pub(super) fn reason_view(r: &sd::ReasonRow) -> ReasonView {
    ReasonView {
        code: r.code.clone(),
        label: r.label.clone(),
        kinds: r.kinds.clone(),
        active: r.active,
        sort_order: r.sort_order,
    }
}

impl App {
    pub fn list_reasons(&mut self) -> Result<Vec<ReasonView>> {
        self.require(Permission::ViewHousehold)?;
        Ok(sd::reasons(self.store.conn())?
            .iter()
            .map(reason_view)
            .collect())
    }

    /// Add or change one of the office's decision reasons (deactivate rather than delete).
    pub fn save_reason(&mut self, r: &ReasonView) -> Result<Vec<ReasonView>> {
        self.require(Permission::EditOffice)?;
        let code = r.code.trim().to_string();
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(ValidationError::new(
                "code",
                "理由コードは半角英数字と _ で入力してください",
            )
            .into());
        }
        if r.label.trim().is_empty() {
            return Err(ValidationError::new("label", "理由の文言は必須です").into());
        }
        let row = sd::ReasonRow {
            code: code.clone(),
            label: r.label.trim().into(),
            kinds: r.kinds.clone(),
            active: r.active,
            sort_order: r.sort_order,
        };
        self.write(|tx| {
            let old = sd::reasons(tx.conn())?.into_iter().find(|x| x.code == code);
            sd::put_reason(tx.conn(), &row)?;
            tx.audit(
                actions::REASON_SAVE,
                Some("decision_reason"),
                Some(&code),
                json!({ "old": old.map(|o| json!({ "label": o.label, "active": o.active })),
                        "new": { "label": row.label, "active": row.active } }),
            )?;
            Ok(())
        })?;
        self.list_reasons()
    }
}
