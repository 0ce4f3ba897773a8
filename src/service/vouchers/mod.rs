//! The monthly voucher run and the issue ledger — **generic**: every voucher scheme uses this
//! machinery; a scheme only says what is due and what its voucher carries.
//!
//! A scheme implements [`VoucherScheme`] (医療券・調剤券: `service::medical_aid::MedicalScheme`;
//! 介護券 will be the second). What this module does for any scheme:
//!
//! - **Propose** ([`plan`]): the scheme's due vouchers for the month (standing decisions and the
//!   clerk's one-off requests), each with its [`Disposition`](crate::domain::voucher::Disposition):
//!   to issue, already issued, voided, excluded by the clerk, or held (what is missing). The
//!   本人支払額 of a household for a month comes from the calculation (`calc`, through the
//!   scheme's [`VoucherScheme::share_of`]); when it is not zero it must be **fixed** for that
//!   month (an approved decision fixes its own month; [`App::voucher_share_fix`] the others)
//!   before any voucher of that household and month is issued. It goes on the household's
//!   first voucher of the month (`domain::voucher::allocate_share`).
//! - **Issue** ([`issue`]): what is to be issued, in transactions of [`CHUNK`] vouchers. In each:
//!   the person's 受給者番号 for the month (one per person and scheme-month; the scheme says
//!   which of the person's numbers of the month it takes, [`VoucherScheme::recipient_series`]),
//!   the 交付番号, the voucher, its ledger event, the scheme's online-eligibility
//!   record (outbox, same transaction) and one audit entry. A run is recorded in
//!   `voucher_runs`; killed half-way, every committed chunk stands and the next run of the
//!   month issues exactly what is still missing (the due key makes issue idempotent; a unique
//!   index makes a second issued voucher for the same key impossible).
//! - **Ledger** (`ledger`): void with a reason, 再交付 (a new voucher, marked, the original
//!   kept), exclusions and one-off requests at review, the 交付処理簿 on screen and on paper.
//! - **Coverage changes** (`reconcile`): an approved 停止・廃止 (or the end of a scheme's aid)
//!   clips every voucher already issued past its date, or voids it when none of its days is
//!   left, and lists the providers to tell.
//! - **Printing** (`print`): the month's vouchers as one print-queue job, sorted by provider so a
//!   clerk can post them; the ledger as another.
//!
//! Nothing medical is in this module (no 診療別, no 医療機関): that lives in
//! `domain::medical_aid` and `service::medical_aid`.

mod ledger;
mod print;
pub(crate) mod reconcile;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

pub(crate) use ledger::Names;
pub(crate) use print::{print_office, printed_parts};

use super::decisions::RateCache;
use super::jobs::{JobRunner, JobView};
use super::{App, Result, ServiceError};
use crate::audit::actions;
use crate::calc::CalcResult;
use crate::domain::era::format_wareki_short;
use crate::domain::household::ValidationError;
use crate::domain::role::Permission;
use crate::domain::voucher::{
    allocate_share, dispose, issue_number, Disposition, LedgerEvent, Period, RecipientSeries,
    VoucherMonth,
};
use crate::exchange::event::{Event, Source};
use crate::exchange::outbox;
use crate::exchange::record::Record;
use crate::store::exchange::OutboxRow;
use crate::store::vouchers::{self as sv, NewVoucher, VoucherRow};
use crate::store::{Store, Tx};

/// The exchange outbox's `source` kind of the records a voucher causes ("voucher:17").
pub const VOUCHER_SOURCE: &str = "voucher";

/// 再送 of an exchange record: if a voucher caused it, the event as that voucher now stands
/// (its scheme rebuilds it), so the corrected voucher is what is sent; otherwise `None` (resent
/// as stored) — also for a record whose voucher row this database does not hold.
pub(crate) fn corrected_event(tx: &Tx<'_>, row: &OutboxRow) -> Result<Option<Event>> {
    let Some(id) = Source::id_in(&row.source, VOUCHER_SOURCE) else {
        return Ok(None);
    };
    let v = match sv::get(tx.conn(), id) {
        Ok(v) => v,
        Err(crate::store::StoreError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let stored = outbox::current(tx.conn(), row.id)?;
    scheme(&v.scheme)?.corrected_event(tx, &v, &stored)
}

/// Vouchers written per transaction by a run.
pub const CHUNK: usize = 250;

/// A voucher due for a month, as a scheme proposes it (before any number is given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// Identifies what the voucher is for; at most one issued voucher per key and month.
    pub key: String,
    pub household_id: i64,
    pub person_id: i64,
    /// The scheme's kind of ticket ("medical" / "dispensing" …).
    pub ticket_type: String,
    pub provider_id: Option<i64>,
    pub provider_code: String,
    pub provider_name: String,
    pub valid: Period,
    /// What is missing before it can be issued (the scheme's own reasons).
    pub hold: Option<String>,
    /// Added by a clerk for this month only.
    pub request_id: Option<i64>,
    /// The standing decision it comes from.
    pub decision_id: Option<i64>,
    /// Order within the household's month; the first takes the 本人支払額.
    pub share_rank: (u8, String),
    /// One line for the review list, e.g. 「入院外・高血圧症」.
    pub summary: String,
    /// The scheme's own fields (stored with the voucher, JSON).
    pub details: serde_json::Value,
}

/// One voucher scheme. Implementations are unit structs; [`scheme`] finds them by code.
pub trait VoucherScheme: Sync {
    /// "medical" (the `--kind` of the CLI and the `scheme` column).
    fn code(&self) -> &'static str;
    /// 「医療券・調剤券」.
    fn title(&self) -> &'static str;
    /// 「医療券交付処理簿」.
    fn ledger_title(&self) -> &'static str;
    /// First character of the 交付番号.
    fn issue_prefix(&self) -> char;
    /// 「医療券」 / 「調剤券」 for a ticket type.
    fn ticket_label(&self, ticket_type: &str) -> &'static str;
    /// Every voucher due for the month (standing and one-off), holds included.
    fn dues(&self, conn: &Connection, month: VoucherMonth) -> Result<Vec<Due>>;
    /// The same for one household (what coverage changes are checked against).
    fn dues_of_household(
        &self,
        conn: &Connection,
        month: VoucherMonth,
        household_id: i64,
    ) -> Result<Vec<Due>>;
    /// Which of the person's 受給者番号 of the month the scheme's first voucher of the month takes
    /// (the later ones carry the same number: `write_voucher`). The common one unless the scheme
    /// says otherwise.
    fn recipient_series(&self, _conn: &Connection) -> Result<RecipientSeries> {
        Ok(RecipientSeries::Common)
    }
    /// The 本人支払額 this scheme charges, from a household's calculation.
    fn share_of(&self, result: &CalcResult) -> i64;
    /// Called in the transaction that issued `v` (the online-eligibility record).
    fn on_issued(&self, tx: &mut Tx<'_>, v: &VoucherRow) -> Result<()>;
    /// Called in the transaction that changed `v`'s valid period.
    fn on_changed(&self, tx: &mut Tx<'_>, v: &VoucherRow) -> Result<()>;
    /// Called in the transaction that voided `v`.
    fn on_voided(&self, tx: &mut Tx<'_>, v: &VoucherRow, reason: &str) -> Result<()>;
    /// 再送 of an exchange record `v` caused (`stored`, as last sent): the event rebuilt from `v`
    /// as it now stands. A scheme whose hooks record nothing has nothing to rebuild (`None`).
    fn corrected_event(
        &self,
        _tx: &Tx<'_>,
        _v: &VoucherRow,
        _stored: &Record,
    ) -> Result<Option<Event>> {
        Ok(None)
    }
    /// The provider's telephone, for the list of providers to tell about a change.
    fn provider_phone(&self, conn: &Connection, provider_id: Option<i64>)
        -> Result<Option<String>>;
    /// The printed vouchers (one document, pages in the order given).
    fn document(
        &self,
        conn: &Connection,
        rows: &[VoucherRow],
        issued_on: NaiveDate,
    ) -> Result<crate::print::Document>;
}

/// The scheme for a `--kind` / `kind` code.
pub fn scheme(kind: &str) -> Result<&'static dyn VoucherScheme> {
    match kind {
        "medical" => Ok(&super::medical_aid::MedicalScheme),
        "care" => Ok(&super::care_aid::CareScheme),
        other => Err(ValidationError::new(
            "kind",
            format!("券の種類「{other}」はありません（medical・care）"),
        )
        .into()),
    }
}

/// A text field of a voucher's scheme details, if it has one.
fn detail_text(details: &str, field: &str) -> Option<String> {
    serde_json::from_str::<serde_json::Value>(details)
        .ok()?
        .get(field)?
        .as_str()
        .map(str::to_string)
}

fn parse_month(month: &str) -> Result<VoucherMonth> {
    Ok(VoucherMonth::parse(month)?)
}

/// One due voucher with what the run does with it.
#[derive(Debug, Clone)]
pub struct Planned {
    pub due: Due,
    pub share_yen: i64,
    pub disposition: Disposition,
}

/// What [`plan`] found for a month.
#[derive(Debug, Clone)]
pub struct Plan {
    pub month: VoucherMonth,
    pub rows: Vec<Planned>,
}

impl Plan {
    pub fn to_issue(&self) -> impl Iterator<Item = &Planned> {
        self.rows
            .iter()
            .filter(|p| p.disposition == Disposition::Issue)
    }
}

/// Which households have a share this month, and how much is still to charge.
fn shares(
    conn: &Connection,
    scheme: &dyn VoucherScheme,
    month: VoucherMonth,
    dues: &[Due],
    cache: &mut RateCache,
) -> Result<HashMap<i64, std::result::Result<i64, String>>> {
    let fixed = sv::shares_for_month(conn, scheme.code(), month)?;
    let mut first_day: BTreeMap<i64, NaiveDate> = BTreeMap::new();
    for d in dues {
        let e = first_day.entry(d.household_id).or_insert(d.valid.from);
        *e = (*e).min(d.valid.from);
    }
    let mut out = HashMap::new();
    for (h, day) in first_day {
        let share = match fixed.get(&h) {
            Some(y) => Ok(*y),
            None => match super::decisions::household_calculation(conn, cache, h, day) {
                Ok(c) => match scheme.share_of(&c.result) {
                    0 => Ok(0),
                    y => Err(format!(
                        "本人支払額が未確定です（計算では{}円。{}分を確定してください）",
                        crate::calc::minimum::yen(y),
                        month.wareki()
                    )),
                },
                Err(e) => Err(format!("本人支払額を計算できません: {e}")),
            },
        };
        out.insert(h, share);
    }
    Ok(out)
}

/// Propose the month: every due voucher with its disposition and 本人支払額. Reads only.
pub fn plan(
    conn: &Connection,
    scheme: &dyn VoucherScheme,
    month: VoucherMonth,
    cache: &mut RateCache,
) -> Result<Plan> {
    let mut dues = scheme.dues(conn, month)?;
    dues.sort_by(|a, b| {
        (a.household_id, &a.share_rank, &a.key).cmp(&(b.household_id, &b.share_rank, &b.key))
    });
    let existing = sv::key_states(conn, scheme.code(), month)?;
    let excluded = sv::excluded_keys(conn, scheme.code(), month)?;
    let shares = shares(conn, scheme, month, &dues, cache)?;
    // What the household's issued vouchers of the month already charge.
    let mut charged: HashMap<i64, i64> = HashMap::new();
    for v in sv::for_month(conn, scheme.code(), month)? {
        if v.state == crate::domain::voucher::VoucherState::Issued {
            *charged.entry(v.household_id).or_default() += v.share_yen;
        }
    }
    let mut rows = Vec::with_capacity(dues.len());
    let mut i = 0;
    while i < dues.len() {
        let h = dues[i].household_id;
        let j = dues[i..]
            .iter()
            .position(|d| d.household_id != h)
            .map_or(dues.len(), |k| i + k);
        let share = shares.get(&h).cloned().unwrap_or(Ok(0));
        let mut dispositions: Vec<Disposition> = dues[i..j]
            .iter()
            .map(|d| {
                let hold = d.hold.clone().or_else(|| share.clone().err());
                dispose(&d.key, hold.as_deref(), &existing, &excluded)
            })
            .collect();
        let remaining = share
            .as_ref()
            .map_or(0, |s| (s - charged.get(&h).copied().unwrap_or(0)).max(0));
        let issuing = dispositions
            .iter()
            .filter(|d| **d == Disposition::Issue)
            .count();
        let mut alloc = allocate_share(remaining, issuing).into_iter();
        for (d, disp) in dues[i..j].iter().zip(dispositions.drain(..)) {
            let share_yen = if disp == Disposition::Issue {
                alloc.next().unwrap_or(0)
            } else {
                0
            };
            rows.push(Planned {
                due: d.clone(),
                share_yen,
                disposition: disp,
            });
        }
        i = j;
    }
    Ok(Plan { month, rows })
}

/// One voucher a run issued: the CLI's `--json` line and the job's result rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IssuedVoucher {
    #[ts(type = "number")]
    pub voucher_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    /// The ticket type ("medical" / "dispensing" for 医療券・調剤券).
    pub kind: String,
    pub recipient_number: String,
    pub public_payer_number: String,
    /// The provider's code (医療機関コード).
    pub institution_code: String,
    /// The provider's code (医療機関コード or 介護の事業所番号).
    pub provider_code: String,
    /// 介護券: 被保険者番号 (or the H-number).
    pub insured_number: Option<String>,
    /// 介護券: 保険者番号 (none outside the insurance).
    pub insurer_number: Option<String>,
    pub issue_number: String,
    pub valid_from: String,
    pub valid_to: String,
    /// "YYYY-MM".
    pub month: String,
    #[ts(type = "number")]
    pub share_yen: i64,
}

/// What a run did.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RunResult {
    #[ts(type = "number")]
    pub run_id: i64,
    pub month: String,
    /// An earlier run of the month had been interrupted and this one finished its work.
    pub resumed: bool,
    pub issued: Vec<IssuedVoucher>,
    #[ts(type = "number")]
    pub already_issued: i64,
    #[ts(type = "number")]
    pub held: i64,
    #[ts(type = "number")]
    pub excluded: i64,
    #[ts(type = "number")]
    pub voided: i64,
}

/// A 再交付: the voucher replaced, the reason, a note for the ledger.
pub(crate) struct Reissue<'a> {
    pub of: i64,
    pub reason: &'a str,
    pub note: String,
}

/// Write one due voucher (numbers, row, ledger event, the scheme's outbox record). Returns the
/// stored row.
pub(crate) fn write_voucher(
    tx: &mut Tx<'_>,
    scheme: &dyn VoucherScheme,
    month: VoucherMonth,
    p: &Planned,
    run_id: Option<i64>,
    reissue: Option<Reissue<'_>>,
) -> Result<VoucherRow> {
    let reissue_of = reissue.as_ref().map(|r| r.of);
    let now = tx.now().to_string();
    let actor = tx.actor().to_string();
    // One 受給者番号 for all of a person's vouchers of a scheme's month (介護券記載要領 一(三)),
    // even when the office changed its choice of number since the first was issued.
    let recipient =
        match sv::scheme_recipient_number(tx.conn(), scheme.code(), month, p.due.person_id)? {
            Some(n) => n,
            None => {
                let series = scheme.recipient_series(tx.conn())?;
                sv::recipient_number_for(tx.conn(), month, p.due.person_id, series, &now)?
            }
        };
    let seq = sv::next_issue_seq(tx.conn(), scheme.code(), month)?;
    let number = issue_number(scheme.issue_prefix(), month, seq);
    let mut details = p.due.details.clone();
    if let Some(o) = details.as_object_mut() {
        o.insert("summary".into(), json!(p.due.summary));
    }
    let details = details.to_string();
    let id = sv::insert(
        tx.conn(),
        &NewVoucher {
            scheme: scheme.code(),
            month,
            due_key: &p.due.key,
            ticket_type: &p.due.ticket_type,
            household_id: p.due.household_id,
            person_id: p.due.person_id,
            recipient_number: &recipient,
            issue_number: &number,
            provider_id: p.due.provider_id,
            provider_code: &p.due.provider_code,
            provider_name: &p.due.provider_name,
            valid: p.due.valid,
            share_yen: p.share_yen,
            one_off: p.due.request_id.is_some(),
            reissue_of,
            decision_id: p.due.decision_id,
            run_id,
            details: &details,
        },
        &actor,
        &now,
    )?;
    match &reissue {
        Some(r) => sv::add_event(
            tx.conn(),
            id,
            LedgerEvent::Reissued,
            &actor,
            &now,
            Some(r.reason),
            Some(&r.note),
            None,
        )?,
        None => sv::add_event(
            tx.conn(),
            id,
            LedgerEvent::Issued,
            &actor,
            &now,
            None,
            None,
            None,
        )?,
    };
    let row = sv::get(tx.conn(), id)?;
    scheme.on_issued(tx, &row)?;
    Ok(row)
}

fn public_payer(conn: &Connection) -> Result<String> {
    Ok(crate::store::office::get(conn)?
        .map(|o| o.public_payer_number)
        .unwrap_or_default())
}

/// Issue every voucher of `plan` that is to be issued, [`CHUNK`] per transaction, acting as
/// `actor` at `now`. `progress(done, total)` is called after each chunk commits and may stop
/// the run (its error is returned; committed chunks stand).
pub fn issue(
    store: &mut Store,
    actor: &str,
    now: &str,
    scheme: &dyn VoucherScheme,
    plan: &Plan,
    progress: &mut dyn FnMut(u64, u64) -> Result<()>,
) -> Result<RunResult> {
    let month = plan.month;
    let payer = public_payer(store.conn())?;
    let count =
        |d: fn(&Disposition) -> bool| plan.rows.iter().filter(|p| d(&p.disposition)).count() as i64;
    let (run_id, resumed) = store.write(actor, now, |tx| -> Result<(i64, bool)> {
        let id = sv::start_run(tx.conn(), scheme.code(), month, tx.actor(), tx.now())?;
        let closed = sv::close_interrupted(tx.conn(), scheme.code(), month, id, tx.now())?;
        Ok((id, closed > 0))
    })?;
    let todo: Vec<&Planned> = plan.to_issue().collect();
    let total = todo.len() as u64;
    let mut issued = Vec::with_capacity(todo.len());
    progress(0, total)?;
    for chunk in todo.chunks(CHUNK) {
        let rows = store.write(actor, now, |tx| -> Result<Vec<VoucherRow>> {
            let mut rows = Vec::with_capacity(chunk.len());
            for p in chunk {
                rows.push(write_voucher(tx, scheme, month, p, Some(run_id), None)?);
            }
            sv::add_run_issued(tx.conn(), run_id, rows.len() as i64)?;
            tx.audit(
                actions::VOUCHER_ISSUE,
                Some("voucher_run"),
                Some(&run_id.to_string()),
                json!({
                    "scheme": scheme.code(), "month": month.code(), "count": rows.len(),
                    "vouchers": rows.iter().map(|v| json!({
                        "voucher_id": v.id, "issue_number": v.issue_number, "person_id": v.person_id,
                        "provider_code": v.provider_code,
                    })).collect::<Vec<_>>(),
                }),
            )?;
            Ok(rows)
        })?;
        for v in rows {
            issued.push(IssuedVoucher {
                voucher_id: v.id,
                person_id: v.person_id,
                kind: v.ticket_type.clone(),
                recipient_number: v.recipient_number.clone(),
                public_payer_number: payer.clone(),
                institution_code: v.provider_code.clone(),
                provider_code: v.provider_code.clone(),
                insured_number: detail_text(&v.details, "insured_number"),
                insurer_number: detail_text(&v.details, "insurer_number"),
                issue_number: v.issue_number.clone(),
                valid_from: v.valid.from.to_string(),
                valid_to: v.valid.to.to_string(),
                month: month.code(),
                share_yen: v.share_yen,
            });
        }
        progress(issued.len() as u64, total)?;
    }
    store.write(actor, now, |tx| -> Result<()> {
        sv::finish_run(tx.conn(), run_id, tx.now())?;
        Ok(())
    })?;
    Ok(RunResult {
        run_id,
        month: month.code(),
        resumed,
        issued,
        already_issued: count(|d| *d == Disposition::AlreadyIssued),
        held: count(|d| matches!(d, Disposition::Held(_))),
        excluded: count(|d| *d == Disposition::Excluded),
        voided: count(|d| *d == Disposition::Voided),
    })
}

/// "R8.5.1〜R8.5.31".
pub(crate) fn period_label(p: &Period) -> String {
    format!(
        "{}〜{}",
        format_wareki_short(p.from),
        format_wareki_short(p.to)
    )
}

impl App {
    /// 月次発行 (propose + issue) for the CLI and scripts, in the caller's thread:
    /// `IssueVoucher`. Idempotent: a second run of the same month issues nothing new.
    pub fn vouchers_run(
        &mut self,
        kind: &str,
        month: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<RunResult> {
        self.require(Permission::IssueVoucher)?;
        let scheme = scheme(kind)?;
        let month = parse_month(month)?;
        let plan = plan(self.store.conn(), scheme, month, &mut self.rate_cache)?;
        let (actor, now) = (self.user.user_id.clone(), self.now_string());
        issue(&mut self.store, &actor, &now, scheme, &plan, &mut |d, t| {
            progress(d, t);
            Ok(())
        })
    }

    /// 月次発行の確認 as a background job: the month's proposal for review (result:
    /// `VoucherProposalView`). `IssueVoucher`; audited (the month and the counts).
    pub fn voucher_propose_job(
        &mut self,
        runner: &JobRunner,
        kind: &str,
        month: &str,
    ) -> Result<JobView> {
        self.require(Permission::IssueVoucher)?;
        let scheme = scheme(kind)?;
        let month = parse_month(month)?;
        let label = format!("{}の発行確認（{}分）", scheme.title(), month.wareki());
        let role = self.user.role;
        self.start_job(runner, "voucher_propose", &label, move |ctx| {
            ctx.progress(0, 1, "対象を確認中")?;
            let mut cache = RateCache::default();
            let plan = plan(ctx.conn(), scheme, month, &mut cache)?;
            ctx.check_cancelled()?;
            let view = ledger::proposal_view(ctx.conn(), scheme, &plan, role)?;
            ctx.write(|tx| {
                tx.audit(
                    actions::VOUCHER_PROPOSE,
                    Some("voucher_month"),
                    Some(&format!("{}:{}", scheme.code(), month.code())),
                    json!({ "rows": view.rows.len(), "to_issue": view.counts.to_issue, "held": view.counts.held }),
                )?;
                Ok(())
            })?;
            ctx.progress(1, 1, "完了")?;
            serde_json::to_value(view).map_err(|e| ServiceError::refused("VOUCHER_VIEW", e.to_string()))
        })
    }

    /// 発行 as a background job with a progress bar (result: `RunResult`). `IssueVoucher`.
    /// Recomputes the proposal (so what is issued is what is due now), then issues chunk by
    /// chunk; a cancel stops after the chunk being written (what was issued stands, and the
    /// next run issues the rest).
    pub fn voucher_issue_job(
        &mut self,
        runner: &JobRunner,
        kind: &str,
        month: &str,
    ) -> Result<JobView> {
        self.require(Permission::IssueVoucher)?;
        let scheme = scheme(kind)?;
        let month = parse_month(month)?;
        let label = format!("{}の発行（{}分）", scheme.title(), month.wareki());
        self.start_job(runner, "voucher_issue", &label, move |ctx| {
            ctx.progress(0, 1, "対象を確認中")?;
            let mut cache = RateCache::default();
            let plan = plan(ctx.conn(), scheme, month, &mut cache)?;
            let handle = ctx.handle();
            let (actor, now) = (ctx.actor().to_string(), ctx.now_string());
            let result = issue(ctx.store(), &actor, &now, scheme, &plan, &mut |d, t| {
                handle.progress(d, t.max(1), "発行中")
            })?;
            serde_json::to_value(result)
                .map_err(|e| ServiceError::refused("VOUCHER_VIEW", e.to_string()))
        })
    }
}
