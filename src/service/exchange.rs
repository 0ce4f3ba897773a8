//! Use cases of the exchange with the intermediate servers: status, export, import,
//! reconciliation (errors → correct → requeue), the media register and erasure, the 確認リスト,
//! 情報照会 requests and the 調査記録 their answers go to. Each checks its permission here; the
//! queue's rules are in `exchange`.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::jobs::{JobRunner, JobView};
use super::{App, Result, ServiceError};
use crate::audit::actions;
use crate::domain::era::format_wareki;
use crate::domain::household::ValidationError;
use crate::domain::role::Permission;
use crate::exchange::event::{Event, InquiryFacts, Source};
use crate::exchange::export::{Exported, Progress, ProgressFn};
use crate::exchange::import::{DirImport, Imported};
use crate::exchange::layout::{self, AnswerItem};
use crate::exchange::media::Erased;
use crate::exchange::record::{self, Agency, Information, Procedure, Record};
use crate::exchange::status::ChannelStatus;
use crate::exchange::{self, checks, inquiry, outbox, Channel, ExchangeError, OutboxState};
use crate::store::exchange::{self as sx, OutboxFilter, OutboxRow};
use crate::store::households as hh;

impl From<ExchangeError> for ServiceError {
    fn from(e: ExchangeError) -> Self {
        match e {
            ExchangeError::Store(s) => ServiceError::Store(s),
            other => ServiceError::Exchange(other),
        }
    }
}

fn run_export(
    store: &mut crate::store::Store,
    actor: &str,
    now: &str,
    target: exchange::export::Target<'_>,
    progress: ProgressFn<'_>,
) -> Result<Exported> {
    Ok(exchange::export::export(
        store,
        actor,
        now,
        target,
        layout::default_layout(),
        progress,
    )?)
}

fn run_import(
    store: &mut crate::store::Store,
    actor: &str,
    now: &str,
    dir: &Path,
    progress: ProgressFn<'_>,
) -> Result<ImportReport> {
    let DirImport { imported, refused } =
        exchange::import::import_dir(store, actor, now, dir, layout::default_layout(), progress)?;
    Ok(ImportReport {
        imported: imported.iter().map(ImportedView::from).collect(),
        refused_code: refused.as_ref().map(|e| e.code().to_string()),
        refused_message: refused.as_ref().map(|e| e.to_string()),
    })
}

/// Japanese name of a record kind.
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "eligibility_start" => "資格情報の登録",
        "eligibility_end" => "資格喪失",
        "voucher_issued" => "医療券・調剤券の発行",
        "voucher_changed" => "医療券・調剤券の変更",
        "voucher_voided" => "医療券・調剤券の取消",
        "fukuhon" => "副本（生活保護実施関係情報）",
        "inquiry_request" => "情報照会の依頼",
        _ => "連携記録",
    }
}

/// One line of the reconciliation list (連携エラー一覧) or of a household's exchange history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutboxItemView {
    #[ts(type = "number")]
    pub id: i64,
    pub channel: Channel,
    pub channel_label: String,
    pub kind: String,
    pub kind_label: String,
    pub state: OutboxState,
    pub state_label: String,
    #[ts(type = "number | null")]
    pub household_id: Option<i64>,
    pub case_number: Option<String>,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub created_at: String,
    pub state_at: String,
    #[ts(type = "number")]
    pub revision: i64,
    #[ts(type = "number | null")]
    pub batch_seq: Option<i64>,
    pub result_code: Option<String>,
    /// The field at fault as the server named it, and in Japanese.
    pub result_field: Option<String>,
    pub result_field_label: Option<String>,
    pub result_message: Option<String>,
    /// Where the clerk corrects it (世帯員の登録, 医療券 …).
    pub correction_place: Option<String>,
    pub receipt_number: Option<String>,
    /// Whether the session may requeue it now (エラー and permission held).
    pub can_requeue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BatchView {
    #[ts(type = "number")]
    pub id: i64,
    pub channel: Channel,
    pub channel_label: String,
    #[ts(type = "number")]
    pub seq: i64,
    pub state: String,
    pub state_label: String,
    pub medium_id: String,
    pub dir: String,
    #[ts(type = "number")]
    pub record_count: i64,
    pub created_at: String,
    pub created_by: String,
    pub sent_at: Option<String>,
    pub confirmed_at: Option<String>,
    pub erased_at: Option<String>,
    pub files: Vec<String>,
    pub data_sha256: Option<String>,
    #[ts(type = "number | null")]
    pub accepted: Option<i64>,
    #[ts(type = "number | null")]
    pub errors: Option<i64>,
    #[ts(type = "number | null")]
    pub missing: Option<i64>,
    /// Confirmed and still on the medium: the screen offers to erase it.
    pub can_erase: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MediumView {
    pub medium_id: String,
    pub label: String,
    pub registered_by: String,
    pub registered_at: String,
    pub retired_at: Option<String>,
}

/// One line of the 媒体管理簿.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RegisterEntryView {
    #[ts(type = "number")]
    pub id: i64,
    pub medium_id: String,
    pub action: String,
    pub action_label: String,
    pub at: String,
    pub user_id: String,
    pub channel: Channel,
    pub channel_label: String,
    #[ts(type = "number")]
    pub batch_id: i64,
    #[ts(type = "number")]
    pub seq: i64,
    pub files: Vec<String>,
    #[ts(type = "number")]
    pub record_count: i64,
    pub note: Option<String>,
}

/// One line of the 確認リスト.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckView {
    #[ts(type = "number")]
    pub id: i64,
    pub channel: Channel,
    pub channel_label: String,
    pub kind: String,
    pub kind_label: String,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub case_number: Option<String>,
    #[ts(type = "number | null")]
    pub outbox_id: Option<i64>,
    pub detail: String,
    pub created_at: String,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InquiryInput {
    #[ts(type = "number")]
    pub person_id: i64,
    pub agency: Agency,
    pub information: Information,
    pub procedure: Procedure,
    pub reason: String,
}

/// A 情報照会 request as the household screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InquiryView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub agency_label: String,
    pub information_label: String,
    pub procedure_label: String,
    pub reason: String,
    pub requested_on: String,
    pub state: OutboxState,
    pub state_label: String,
    pub result_message: Option<String>,
}

/// One entry of a household's 調査記録.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InvestigationView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub source_label: String,
    pub agency_label: String,
    pub information_label: String,
    pub answered_on: String,
    pub answered_on_wareki: String,
    pub outcome_label: String,
    pub items: Vec<AnswerItem>,
    pub recorded_at: String,
}

/// What a caseworker may ask and of whom (the inquiry form's choices).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InquiryCatalog {
    pub agencies: Vec<AgencyChoice>,
    pub procedures: Vec<Choice<Procedure>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AgencyChoice {
    pub agency: Agency,
    pub label: String,
    pub information: Vec<Choice<Information>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Choice<T: TS> {
    pub value: T,
    pub label: String,
}

/// What `exchange import DIR` did: the files imported and the one refused, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportReport {
    pub imported: Vec<ImportedView>,
    pub refused_code: Option<String>,
    pub refused_message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportedView {
    pub channel: Channel,
    pub channel_label: String,
    #[ts(type = "number")]
    pub seq: i64,
    pub file: String,
    #[ts(type = "number")]
    pub accepted: i64,
    #[ts(type = "number")]
    pub errors: i64,
    #[ts(type = "number")]
    pub missing: i64,
    #[ts(type = "number")]
    pub answers: i64,
    #[ts(type = "number")]
    pub checks: i64,
}

impl From<&Imported> for ImportedView {
    fn from(i: &Imported) -> Self {
        ImportedView {
            channel: i.channel,
            channel_label: i.channel.label().into(),
            seq: i.seq,
            file: i.file.clone(),
            accepted: i.accepted,
            errors: i.errors,
            missing: i.missing,
            answers: i.answers,
            checks: i.checks,
        }
    }
}

fn register_action_label(a: &str) -> &'static str {
    match a {
        "export" => "出力",
        "import" => "結果取込",
        "erase" => "消去",
        _ => "",
    }
}

fn person_names(
    conn: &rusqlite::Connection,
    person_id: Option<i64>,
) -> (Option<String>, Option<String>) {
    let Some(pid) = person_id else {
        return (None, None);
    };
    match hh::person_including_removed(conn, pid) {
        Ok(p) => {
            let case = hh::get(conn, p.household_id)
                .ok()
                .flatten()
                .map(|h| h.case_number);
            (Some(p.name), case)
        }
        Err(_) => (None, None),
    }
}

impl App {
    fn outbox_view(&self, o: &OutboxRow) -> Result<OutboxItemView> {
        let conn = self.store().conn();
        let (person_name, case_number) = person_names(conn, o.person_id);
        let batch_seq = match o.batch_id {
            Some(b) => Some(sx::batch(conn, b)?.seq),
            None => None,
        };
        Ok(OutboxItemView {
            id: o.id,
            channel: o.channel,
            channel_label: o.channel.label().into(),
            kind: o.kind.clone(),
            kind_label: kind_label(&o.kind).into(),
            state: o.state,
            state_label: o.state.label().into(),
            household_id: o.household_id,
            case_number,
            person_id: o.person_id,
            person_name,
            created_at: o.created_at.clone(),
            state_at: o.state_at.clone(),
            revision: o.revision,
            batch_seq,
            result_code: o.result_code.clone(),
            result_field: o.result_field.clone(),
            result_field_label: o
                .result_field
                .as_deref()
                .map(|f| record::field_label(f).to_string()),
            result_message: o.result_message.clone(),
            correction_place: o
                .result_field
                .as_deref()
                .map(|f| record::correction_place(f).to_string()),
            receipt_number: o.receipt_number.clone(),
            can_requeue: o.state == OutboxState::Error
                && self.user().role.can(Permission::ExchangeFiles),
        })
    }

    /// Per-channel status (home screen, `exchange status`). Counts only, no personal data.
    pub fn exchange_status(&mut self) -> Result<Vec<ChannelStatus>> {
        self.require(Permission::ViewHousehold)?;
        Ok(exchange::status::all(self.store().conn(), self.now())?)
    }

    /// Export one batch of `channel` to `dir` on medium `medium_id`, here and now (the CLI).
    /// Resumes an interrupted one. The screens use [`exchange_export_job`](Self::exchange_export_job).
    pub fn exchange_export(
        &mut self,
        channel: Channel,
        medium_id: &str,
        dir: &Path,
        progress: ProgressFn<'_>,
    ) -> Result<Exported> {
        self.require(Permission::ExchangeFiles)?;
        let now = self.now_string();
        let actor = self.user().user_id.clone();
        let reveal = self.reveal.clone();
        let target = exchange::export::Target {
            channel,
            medium_id,
            dir,
            reveal: reveal.as_ref(),
        };
        run_export(&mut self.store, &actor, &now, target, progress)
    }

    /// [`exchange_export`](Self::exchange_export) as a background job with a progress bar (result:
    /// `ExportedView`). A cancel while the data file is being written drops the batch: no file is
    /// left on the medium and the records wait as before. Killed outright, the export resumes at
    /// the next export of the channel.
    pub fn exchange_export_job(
        &mut self,
        runner: &JobRunner,
        channel: Channel,
        medium_id: &str,
        dir: &str,
    ) -> Result<JobView> {
        self.require(Permission::ExchangeFiles)?;
        let (medium_id, dir) = (medium_id.trim().to_string(), dir.to_string());
        let label = format!("{}の出力（媒体 {medium_id}）", channel.label());
        // The job runs on its own connection: it carries the session's 個人番号鍵 (if any) with it.
        let reveal = self.reveal.clone();
        self.start_job(runner, "exchange_export", &label, move |ctx| {
            let handle = ctx.handle();
            let (actor, now) = (ctx.actor().to_string(), ctx.now_string());
            let mut progress = |p: Progress| handle.progress(p.done, p.total, "書き出し中").is_ok();
            let target = exchange::export::Target {
                channel,
                medium_id: &medium_id,
                dir: Path::new(&dir),
                reveal: reveal.as_ref(),
            };
            match run_export(ctx.store(), &actor, &now, target, &mut progress) {
                Ok(e) => Ok(json!(ExportedView::from(e))),
                Err(ServiceError::Exchange(ExchangeError::Cancelled)) => {
                    exchange::export::cancel(ctx.store(), &actor, &now, channel)?;
                    Err(ExchangeError::Cancelled.into())
                }
                Err(e) => Err(e),
            }
        })
    }

    /// Drop an interrupted export of `channel` (its files are removed if the folder is reachable).
    pub fn exchange_cancel_export(&mut self, channel: Channel) -> Result<i64> {
        self.require(Permission::ExchangeFiles)?;
        let now = self.now_string();
        let actor = self.user().user_id.clone();
        Ok(exchange::export::cancel(
            &mut self.store,
            &actor,
            &now,
            channel,
        )?)
    }

    /// Import every result file in `dir`, in order, stopping at the first refused one (the CLI).
    /// The screens use [`exchange_import_job`](Self::exchange_import_job).
    pub fn exchange_import(&mut self, dir: &Path) -> Result<ImportReport> {
        self.require(Permission::ExchangeFiles)?;
        let now = self.now_string();
        let actor = self.user().user_id.clone();
        run_import(&mut self.store, &actor, &now, dir, &mut |_| true)
    }

    /// [`exchange_import`](Self::exchange_import) as a background job (result: `ImportReport`). A
    /// cancel rolls back the file being applied; files applied before it stay imported.
    pub fn exchange_import_job(&mut self, runner: &JobRunner, dir: &str) -> Result<JobView> {
        self.require(Permission::ExchangeFiles)?;
        let dir = dir.to_string();
        self.start_job(
            runner,
            "exchange_import",
            "結果ファイルの取込",
            move |ctx| {
                let handle = ctx.handle();
                let (actor, now) = (ctx.actor().to_string(), ctx.now_string());
                let mut progress = |p: Progress| handle.progress(p.done, p.total, "取込中").is_ok();
                Ok(json!(run_import(
                    ctx.store(),
                    &actor,
                    &now,
                    Path::new(&dir),
                    &mut progress
                )?))
            },
        )
    }

    /// 連携エラー一覧: records in エラー, with the person and the field at fault. Audited (it names
    /// people).
    pub fn exchange_errors(&mut self, channel: Option<Channel>) -> Result<Vec<OutboxItemView>> {
        self.require(Permission::ExchangeFiles)?;
        let rows = sx::list_outbox(
            self.store().conn(),
            &OutboxFilter {
                channel,
                states: vec![OutboxState::Error],
                household_id: None,
                limit: 10_000,
            },
        )?;
        let views = rows
            .iter()
            .map(|o| self.outbox_view(o))
            .collect::<Result<Vec<_>>>()?;
        let n = views.len();
        self.write(|tx| {
            tx.audit(
                actions::EXCHANGE_RECONCILE_VIEW,
                None,
                None,
                json!({ "channel": channel.map(|c| c.code()), "results": n }),
            )?;
            Ok(())
        })?;
        Ok(views)
    }

    /// 再送: after the clerk corrected the source data, put an errored record back in the queue.
    pub fn exchange_requeue(
        &mut self,
        outbox_id: i64,
        note: Option<&str>,
    ) -> Result<OutboxItemView> {
        self.require(Permission::ExchangeFiles)?;
        let note = note
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        self.write(|tx| {
            let row = sx::outbox(tx.conn(), outbox_id)?;
            let corrected = super::vouchers::corrected_event(tx, &row)?;
            let r = outbox::requeue(tx, outbox_id, corrected.as_ref(), note.as_deref())?;
            tx.audit(
                actions::EXCHANGE_REQUEUE,
                Some("person"),
                row.person_id.map(|p| p.to_string()).as_deref(),
                json!({ "outbox_id": outbox_id, "channel": row.channel.code(), "kind": row.kind,
                        "revision": r.revision, "changed": r.changed, "note": note }),
            )?;
            Ok(())
        })?;
        let row = sx::outbox(self.store().conn(), outbox_id)?;
        self.outbox_view(&row)
    }

    /// A household's exchange records (all channels), oldest first.
    pub fn exchange_for_household(&mut self, household_id: i64) -> Result<Vec<OutboxItemView>> {
        self.require(Permission::ViewHousehold)?;
        let rows = sx::list_outbox(
            self.store().conn(),
            &OutboxFilter {
                household_id: Some(household_id),
                limit: 5_000,
                ..Default::default()
            },
        )?;
        rows.iter().map(|o| self.outbox_view(o)).collect()
    }

    pub fn exchange_batches(&mut self, limit: i64) -> Result<Vec<BatchView>> {
        self.require(Permission::ExchangeFiles)?;
        let conn = self.store().conn();
        let mut out = vec![];
        for b in sx::list_batches(conn, limit.clamp(1, 1000))? {
            let imp = sx::import_for_batch(conn, b.id)?;
            let mut files = vec![b.data_file.clone(), b.manifest_file.clone()];
            if let Some(i) = &imp {
                files.push(i.file_name.clone());
            }
            out.push(BatchView {
                id: b.id,
                channel: b.channel,
                channel_label: b.channel.label().into(),
                seq: b.seq,
                state: b.state.code().into(),
                state_label: if b.erased_at.is_some() {
                    "媒体から消去済".into()
                } else {
                    b.state.label().into()
                },
                medium_id: b.medium_id.clone(),
                dir: b.dir.clone(),
                record_count: b.record_count,
                created_at: b.created_at.clone(),
                created_by: b.created_by.clone(),
                sent_at: b.sent_at.clone(),
                confirmed_at: b.confirmed_at.clone(),
                erased_at: b.erased_at.clone(),
                files,
                data_sha256: b.data_sha256.clone(),
                accepted: imp.as_ref().map(|i| i.accepted),
                errors: imp.as_ref().map(|i| i.errors),
                missing: imp.as_ref().map(|i| i.missing),
                can_erase: b.state == crate::store::exchange::BatchState::Confirmed
                    && b.erased_at.is_none(),
            });
        }
        Ok(out)
    }

    /// Erase a confirmed batch's files from its medium, recorded in the 媒体管理簿.
    pub fn exchange_erase_batch(&mut self, batch_id: i64) -> Result<Erased> {
        self.require(Permission::ExchangeFiles)?;
        let now = self.now_string();
        let actor = self.user().user_id.clone();
        Ok(exchange::media::erase_batch(
            &mut self.store,
            &actor,
            &now,
            batch_id,
        )?)
    }

    /// Approve a medium for carrying batches (administrator).
    pub fn exchange_register_medium(&mut self, medium_id: &str, label: &str) -> Result<MediumView> {
        self.require(Permission::ManageMedia)?;
        // Refusals name the field of the registration form (shown under it).
        let id = exchange::media::validate_medium_id(medium_id)
            .map_err(|e| ValidationError::new("medium_id", e.to_string()))?;
        let label = label.trim().to_string();
        if label.is_empty() || label.chars().count() > 60 {
            return Err(ValidationError::new(
                "label",
                "媒体の名前（保管場所や種類）を60文字以内で入力してください",
            )
            .into());
        }
        self.write(|tx| {
            sx::insert_medium(tx.conn(), &id, &label, tx.actor(), tx.now())?;
            tx.audit(
                actions::EXCHANGE_MEDIUM_REGISTER,
                Some("medium"),
                Some(&id),
                json!({ "label": label }),
            )?;
            Ok(())
        })?;
        self.medium_view(&id)
    }

    pub fn exchange_retire_medium(&mut self, medium_id: &str) -> Result<MediumView> {
        self.require(Permission::ManageMedia)?;
        let id = medium_id.trim().to_string();
        self.write(|tx| {
            sx::retire_medium(tx.conn(), &id, tx.actor(), tx.now())?;
            tx.audit(
                actions::EXCHANGE_MEDIUM_RETIRE,
                Some("medium"),
                Some(&id),
                json!({}),
            )?;
            Ok(())
        })?;
        self.medium_view(&id)
    }

    fn medium_view(&self, id: &str) -> Result<MediumView> {
        let m = sx::medium(self.store().conn(), id)?.ok_or_else(|| {
            ServiceError::Store(crate::store::StoreError::NotFound(format!("媒体「{id}」")))
        })?;
        Ok(MediumView {
            medium_id: m.medium_id,
            label: m.label,
            registered_by: m.registered_by,
            registered_at: m.registered_at,
            retired_at: m.retired_at,
        })
    }

    pub fn exchange_media(&mut self) -> Result<Vec<MediumView>> {
        self.require_session()?;
        if !(self.user().role.can(Permission::ExchangeFiles)
            || self.user().role.can(Permission::ManageMedia))
        {
            return Err(ServiceError::PermissionDenied(
                Permission::ExchangeFiles.label(),
            ));
        }
        Ok(sx::media(self.store().conn())?
            .into_iter()
            .map(|m| MediumView {
                medium_id: m.medium_id,
                label: m.label,
                registered_by: m.registered_by,
                registered_at: m.registered_at,
                retired_at: m.retired_at,
            })
            .collect())
    }

    /// The 媒体管理簿, newest first.
    pub fn exchange_media_register(&mut self, limit: i64) -> Result<Vec<RegisterEntryView>> {
        self.require_session()?;
        let role = self.user().role;
        if !(role.can(Permission::ExchangeFiles)
            || role.can(Permission::ManageMedia)
            || role.can(Permission::ViewAudit))
        {
            return Err(ServiceError::PermissionDenied(
                Permission::ExchangeFiles.label(),
            ));
        }
        Ok(sx::register(self.store().conn(), limit.clamp(1, 10_000))?
            .into_iter()
            .map(|r| RegisterEntryView {
                id: r.id,
                action_label: register_action_label(&r.action).into(),
                medium_id: r.medium_id,
                action: r.action,
                at: r.at,
                user_id: r.user_id,
                channel_label: r.channel.label().into(),
                channel: r.channel,
                batch_id: r.batch_id,
                seq: r.seq,
                files: serde_json::from_str(&r.files).unwrap_or_default(),
                record_count: r.record_count,
                note: r.note,
            })
            .collect())
    }

    /// The 確認リスト (open lines only, or all).
    pub fn exchange_checks(&mut self, open_only: bool) -> Result<Vec<CheckView>> {
        self.require(Permission::ExchangeFiles)?;
        let conn = self.store().conn();
        Ok(sx::checks(conn, open_only, 10_000)?
            .into_iter()
            .map(|c| {
                let (person_name, case_number) = person_names(conn, c.person_id);
                CheckView {
                    id: c.id,
                    channel: c.channel,
                    channel_label: c.channel.label().into(),
                    kind_label: checks::kind_label(&c.kind).into(),
                    kind: c.kind,
                    person_id: c.person_id,
                    person_name,
                    case_number,
                    outbox_id: c.outbox_id,
                    detail: c.detail,
                    created_at: c.created_at,
                    reviewed_by: c.reviewed_by,
                    reviewed_at: c.reviewed_at,
                    review_note: c.review_note,
                }
            })
            .collect())
    }

    /// Mark a 確認リスト line as confirmed by this user, with what was found.
    pub fn exchange_review_check(&mut self, check_id: i64, note: &str) -> Result<()> {
        self.require(Permission::ExchangeFiles)?;
        let note = note.trim().to_string();
        if note.is_empty() {
            return Err(ExchangeError::State("確認した内容を入力してください".into()).into());
        }
        self.write(|tx| {
            sx::review_check(tx.conn(), check_id, tx.actor(), tx.now(), &note)?;
            tx.audit(
                actions::EXCHANGE_CHECK_REVIEW,
                Some("exchange_check"),
                Some(&check_id.to_string()),
                json!({ "note": note }),
            )?;
            Ok(())
        })
    }

    /// The inquiry form's choices.
    pub fn inquiry_catalog(&mut self) -> Result<InquiryCatalog> {
        self.require_session()?;
        Ok(InquiryCatalog {
            agencies: inquiry::AGENCIES
                .into_iter()
                .map(|a| AgencyChoice {
                    agency: a,
                    label: inquiry::agency_label(a).into(),
                    information: inquiry::information_of(a)
                        .iter()
                        .map(|&i| Choice {
                            value: i,
                            label: inquiry::information_label(i).into(),
                        })
                        .collect(),
                })
                .collect(),
            procedures: inquiry::PROCEDURES
                .into_iter()
                .map(|p| Choice {
                    value: p,
                    label: inquiry::procedure_label(p).into(),
                })
                .collect(),
        })
    }

    /// A caseworker's 情報照会: queued on the inquiry channel, answered through a result file.
    pub fn request_inquiry(&mut self, input: &InquiryInput) -> Result<InquiryView> {
        self.require(Permission::RequestInquiry)?;
        let reason = input.reason.trim().to_string();
        if reason.is_empty() {
            return Err(ValidationError::new("reason", "照会の理由は必須です").into());
        }
        if !inquiry::provides(input.agency, input.information) {
            return Err(ValidationError::new(
                "information",
                "この照会先からは照会できない情報です",
            )
            .into());
        }
        let today = self.today();
        let requester = self.user().user_id.clone();
        let id = self.write(|tx| {
            let p = hh::require_person(tx.conn(), input.person_id)?;
            let event = Event::Inquiry(InquiryFacts {
                agency: input.agency,
                information: input.information,
                procedure: input.procedure,
                reason: reason.clone(),
                requested_on: today,
                requester: requester.clone(),
            });
            let id = outbox::record(tx, input.person_id, Source::new("inquiry", input.person_id), &event)?;
            tx.audit(
                actions::INQUIRY_REQUEST,
                Some("person"),
                Some(&input.person_id.to_string()),
                json!({ "household_id": p.household_id, "outbox_id": id, "agency": inquiry::agency_code(input.agency),
                        "information": inquiry::information_code(input.information), "reason": reason }),
            )?;
            Ok(id)
        })?;
        self.inquiry_view(&sx::outbox(self.store().conn(), id)?)
    }

    fn inquiry_view(&self, o: &OutboxRow) -> Result<InquiryView> {
        let conn = self.store().conn();
        let Record::InquiryRequest(q) = outbox::current(conn, o.id)? else {
            return Err(ExchangeError::State("情報照会の記録ではありません".into()).into());
        };
        let (person_name, _) = person_names(conn, o.person_id);
        Ok(InquiryView {
            id: o.id,
            person_id: o.person_id,
            person_name,
            agency_label: inquiry::agency_label(q.agency).into(),
            information_label: inquiry::information_label(q.information).into(),
            procedure_label: inquiry::procedure_label(q.procedure).into(),
            reason: q.reason,
            requested_on: q.requested_on.to_string(),
            state: o.state,
            state_label: if o.state == OutboxState::Accepted {
                "回答あり".into()
            } else {
                o.state.label().into()
            },
            result_message: o.result_message.clone(),
        })
    }

    /// A household's inquiries, newest first.
    pub fn inquiries_for_household(&mut self, household_id: i64) -> Result<Vec<InquiryView>> {
        self.require(Permission::ViewHousehold)?;
        let rows = sx::list_outbox(
            self.store().conn(),
            &OutboxFilter {
                channel: Some(Channel::Inquiry),
                household_id: Some(household_id),
                limit: 5_000,
                ..Default::default()
            },
        )?;
        let mut v = rows
            .iter()
            .map(|o| self.inquiry_view(o))
            .collect::<Result<Vec<_>>>()?;
        v.reverse();
        Ok(v)
    }

    /// A household's 調査記録 (inquiry answers with agency and date). Audited as a read of
    /// personal records.
    pub fn investigation_record(&mut self, household_id: i64) -> Result<Vec<InvestigationView>> {
        self.require(Permission::ViewHousehold)?;
        hh::require(self.store().conn(), household_id)?;
        let rows = sx::investigations(self.store().conn(), household_id)?;
        let n = rows.len();
        self.write(|tx| {
            tx.audit(
                actions::INVESTIGATION_VIEW,
                Some("household"),
                Some(&household_id.to_string()),
                json!({ "entries": n }),
            )?;
            Ok(())
        })?;
        let conn = self.store().conn();
        Ok(rows
            .into_iter()
            .map(|r| {
                let (person_name, _) = person_names(conn, r.person_id);
                let agency: Option<Agency> = serde_json::from_value(json!(r.agency)).ok();
                let info: Option<Information> = serde_json::from_value(json!(r.information)).ok();
                let date = NaiveDate::parse_from_str(&r.answered_on, "%Y-%m-%d").ok();
                InvestigationView {
                    id: r.id,
                    person_id: r.person_id,
                    person_name,
                    source_label: "情報照会".into(),
                    agency_label: agency.map(inquiry::agency_label).unwrap_or("").into(),
                    information_label: info.map(inquiry::information_label).unwrap_or("").into(),
                    answered_on_wareki: date.map(format_wareki).unwrap_or_default(),
                    answered_on: r.answered_on,
                    outcome_label: if r.outcome == "no_data" {
                        "該当なし".into()
                    } else {
                        "回答".into()
                    },
                    items: serde_json::from_str(&r.content).unwrap_or_default(),
                    recorded_at: r.recorded_at,
                }
            })
            .collect())
    }
}

impl App {
    /// The 確認リスト as a printable PDF (A4). Audited as a print.
    pub fn exchange_check_list_pdf(&mut self, open_only: bool) -> Result<Vec<u8>> {
        let lines = self.exchange_checks(open_only)?;
        let office = crate::store::office::get(self.store().conn())?.unwrap_or_default();
        let doc = crate::print::Document::CheckList(crate::print::CheckList {
            office_name: office.office_name,
            date: self.today(),
            scope: if open_only {
                "未確認のみ".into()
            } else {
                "全件".into()
            },
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, c)| crate::print::CheckListLine {
                    no: i as i64 + 1,
                    kind: c.kind_label.clone(),
                    case_number: c.case_number.clone().unwrap_or_default(),
                    person_name: c.person_name.clone().unwrap_or_default(),
                    detail: c.detail.clone(),
                    raised_on: c.created_at.chars().take(10).collect(),
                    reviewed: match (&c.reviewed_by, &c.reviewed_at) {
                        (Some(by), Some(at)) => format!(
                            "{by} {}：{}",
                            &at[..at.len().min(10)],
                            c.review_note.clone().unwrap_or_default()
                        ),
                        _ => String::new(),
                    },
                })
                .collect(),
            reissue: false,
        });
        let pdf = crate::print::render(&doc)?;
        let n = lines.len();
        self.write(|tx| {
            tx.audit(
                actions::PRINT,
                None,
                None,
                json!({ "document": "check_list", "lines": n, "open_only": open_only }),
            )?;
            Ok(())
        })?;
        Ok(pdf)
    }
}

/// What an export wrote (a batch on the medium).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportedView {
    #[ts(type = "number")]
    pub batch_id: i64,
    pub channel: Channel,
    pub channel_label: String,
    #[ts(type = "number")]
    pub seq: i64,
    #[ts(type = "number")]
    pub records: i64,
    pub medium_id: String,
    pub dir: String,
    pub files: Vec<String>,
    pub data_sha256: String,
    /// An interrupted export of this batch was completed.
    pub resumed: bool,
}

impl From<Exported> for ExportedView {
    fn from(e: Exported) -> Self {
        ExportedView {
            batch_id: e.batch_id,
            channel: e.channel,
            channel_label: e.channel.label().into(),
            seq: e.seq,
            records: e.records,
            medium_id: e.medium_id,
            dir: e.dir,
            files: e.files,
            data_sha256: e.data_sha256,
            resumed: e.resumed,
        }
    }
}

/// What an erasure removed from the medium.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ErasedView {
    #[ts(type = "number")]
    pub batch_id: i64,
    #[ts(type = "number")]
    pub seq: i64,
    pub removed: Vec<String>,
    pub absent: Vec<String>,
}

impl From<Erased> for ErasedView {
    fn from(e: Erased) -> Self {
        ErasedView {
            batch_id: e.batch_id,
            seq: e.seq,
            removed: e.removed,
            absent: e.absent,
        }
    }
}

/// The sequence number of a cancelled (interrupted) export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CancelledView {
    pub channel: Channel,
    #[ts(type = "number")]
    pub seq: i64,
}

impl App {
    /// The 確認リスト opened in the system viewer (to print it). The private temporary file is
    /// removed when the session ends.
    pub fn exchange_check_list_open(&mut self, open_only: bool) -> Result<std::path::PathBuf> {
        let pdf = self.exchange_check_list_pdf(open_only)?;
        let path = crate::print::open_in_viewer(&pdf, "kakunin-list")?;
        self.viewer_files.push(path.clone());
        Ok(path)
    }
}
