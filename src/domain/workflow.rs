//! Who may do what to an object now: the decision workflow with its separation of duties, the
//! print queue's steps, what a household screen offers, and the direct status correction.
//!
//! Each object has ONE pure function here that answers "which actions may this user take on it
//! now" (`decision_actions`, `print_steps`, `household_actions`); the service both puts its
//! answer into the view (the UI shows exactly those buttons) and refuses any other request with
//! the same rule ([`check_decision_action`] …). No I/O: the caller passes the facts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::decision::DecisionState;
use super::household::HouseholdStatus;
use super::print_job::{PrintState, PrintStep};
use super::role::{Permission, Role};

/// Why a step is refused: the UI maps the kind to its error code, the text is for the clerk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The role lacks the permission.
    Permission(Permission),
    /// The object is not in a state that allows the step.
    State(String),
    /// Separation of duties (the same person may not draft, review and approve).
    SameUser(String),
}

// ---------------------------------------------------------------------------------------------
// Decisions: 起案 → 審査 → 決裁, 差戻し back to the drafter

/// A step on one decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DecisionAction {
    /// 審査
    Review,
    /// 決裁
    Approve,
    /// 差戻し (with a comment)
    Return,
    /// 再起案: correct a returned or not yet reviewed decision
    Redraft,
    /// 決定通知書 (approved decisions only)
    PrintNotice,
    /// 決定通知書の「案」 (check copy of an unapproved decision)
    PrintNoticeDraft,
    /// 保護決定調書 (any state, when the decision carries a calculation)
    PrintCalculationSheet,
}

impl DecisionAction {
    pub const ALL: [DecisionAction; 7] = [
        DecisionAction::Review,
        DecisionAction::Approve,
        DecisionAction::Return,
        DecisionAction::Redraft,
        DecisionAction::PrintNotice,
        DecisionAction::PrintNoticeDraft,
        DecisionAction::PrintCalculationSheet,
    ];
}

/// What the rules need to know about a decision.
#[derive(Debug, Clone, Copy)]
pub struct DecisionFacts<'a> {
    pub state: DecisionState,
    pub drafted_by: &'a str,
    pub reviewed_by: Option<&'a str>,
    pub has_calculation: bool,
}

/// May `user` (with `role`) take `action` on the decision now?
pub fn check_decision_action(
    action: DecisionAction,
    d: &DecisionFacts<'_>,
    user: &str,
    role: Role,
) -> Result<(), Refusal> {
    use DecisionAction::*;
    use DecisionState as S;
    let need = |p: Permission| {
        if role.can(p) {
            Ok(())
        } else {
            Err(Refusal::Permission(p))
        }
    };
    match action {
        Review => {
            need(Permission::ReviewDecision)?;
            if d.state != S::Draft {
                return Err(Refusal::State(format!(
                    "審査できるのは起案中の決定だけです（この決定は{}）",
                    d.state.label()
                )));
            }
            if d.drafted_by == user {
                return Err(Refusal::SameUser(
                    "自分が起案した決定は審査できません".into(),
                ));
            }
            Ok(())
        }
        Approve => {
            need(Permission::ApproveDecision)?;
            if d.state != S::Reviewed {
                return Err(Refusal::State(format!(
                    "決裁できるのは審査済みの決定だけです（この決定は{}）",
                    d.state.label()
                )));
            }
            if d.drafted_by == user || d.reviewed_by == Some(user) {
                return Err(Refusal::SameUser(
                    "自分が起案または審査した決定は決裁できません".into(),
                ));
            }
            Ok(())
        }
        Return => {
            match d.state {
                S::Draft => need(Permission::ReviewDecision)?,
                S::Reviewed => need(Permission::ApproveDecision)?,
                s => {
                    return Err(Refusal::State(format!(
                        "{}の決定は差し戻せません",
                        s.label()
                    )))
                }
            }
            if d.drafted_by == user {
                return Err(Refusal::SameUser(
                    "自分が起案した決定は差し戻せません（修正してください）".into(),
                ));
            }
            Ok(())
        }
        Redraft => {
            need(Permission::DraftDecision)?;
            // Only a returned decision is redrafted, and only by the one who drafted it: anyone
            // else rewriting it would make the drafter review or approve content not theirs.
            if d.state != S::Returned {
                return Err(Refusal::State(format!(
                    "修正（再起案）できるのは差し戻された決定だけです（この決定は{}）",
                    d.state.label()
                )));
            }
            if d.drafted_by != user {
                return Err(Refusal::SameUser(format!(
                    "差し戻された決定を修正できるのは起案者（{}）だけです",
                    d.drafted_by
                )));
            }
            Ok(())
        }
        PrintNotice => {
            need(Permission::PrintDocument)?;
            if d.state != S::Approved {
                return Err(Refusal::State(
                    "この決定はまだ決裁されていません。決裁後に通知書を作成してください（確認用は「案」）".into(),
                ));
            }
            Ok(())
        }
        PrintNoticeDraft => {
            need(Permission::PrintDocument)?;
            if d.state == S::Approved {
                return Err(Refusal::State(
                    "決裁済みの決定は正式な通知書を作成してください".into(),
                ));
            }
            Ok(())
        }
        PrintCalculationSheet => {
            need(Permission::PrintDocument)?;
            if !d.has_calculation {
                return Err(Refusal::State(
                    "この決定には計算がないため、調書は作成できません".into(),
                ));
            }
            Ok(())
        }
    }
}

/// Every step `user` may take on the decision now, in [`DecisionAction::ALL`] order (再起案 only
/// on one's own returned decision).
pub fn decision_actions(d: &DecisionFacts<'_>, user: &str, role: Role) -> Vec<DecisionAction> {
    DecisionAction::ALL
        .into_iter()
        .filter(|a| check_decision_action(*a, d, user, role).is_ok())
        .filter(|a| *a != DecisionAction::Redraft || d.drafted_by == user)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The print queue

/// May `role` take `step` on a job in `state`? The state rule is [`PrintState::allows`].
pub fn check_print_step(step: PrintStep, state: PrintState, role: Role) -> Result<(), Refusal> {
    let p = match step {
        PrintStep::Void => Permission::VoidDocument,
        _ => Permission::PrintDocument,
    };
    if !role.can(p) {
        return Err(Refusal::Permission(p));
    }
    state.allows(step).map_err(|m| Refusal::State(m.into()))
}

/// The steps `role` may take on a job in `state` now.
pub fn print_steps(state: PrintState, role: Role) -> Vec<PrintStep> {
    PrintStep::ALL
        .into_iter()
        .filter(|s| check_print_step(*s, state, role).is_ok())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Households

/// What a household screen may offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdAction {
    /// 世帯の修正, 世帯員の追加・修正・転出, 認定状況の入力
    Edit,
    /// 状態の訂正 (not a decision: a correction with a reason, see [`check_status_correction`])
    CorrectStatus,
    /// 個人番号の表示 (audited)
    RevealMyNumber,
    /// 保護受給証明書
    PrintCertificate,
    /// 申請の受付 (相談中, 申請中 without a pending application, or 廃止 households)
    RegisterApplication,
    /// 決定の起案
    DraftDecision,
    /// 情報照会の依頼
    RequestInquiry,
    /// 保存指定 (legal hold) set or lifted, with a reason
    LegalHold,
}

impl HouseholdAction {
    pub const ALL: [HouseholdAction; 8] = [
        HouseholdAction::Edit,
        HouseholdAction::CorrectStatus,
        HouseholdAction::RevealMyNumber,
        HouseholdAction::PrintCertificate,
        HouseholdAction::RegisterApplication,
        HouseholdAction::DraftDecision,
        HouseholdAction::RequestInquiry,
        HouseholdAction::LegalHold,
    ];
}

/// What `role` may do with a household in `status` now.
pub fn household_actions(status: HouseholdStatus, role: Role) -> Vec<HouseholdAction> {
    use HouseholdAction::*;
    HouseholdAction::ALL
        .into_iter()
        .filter(|a| match a {
            Edit => role.can(Permission::EditHousehold),
            CorrectStatus => role.can(Permission::ChangeStatus),
            RevealMyNumber => role.can(Permission::RevealMyNumber),
            PrintCertificate => role.can(Permission::PrintDocument),
            RegisterApplication => check_register_application(status, None, role).is_ok(),
            DraftDecision => role.can(Permission::DraftDecision),
            RequestInquiry => role.can(Permission::RequestInquiry),
            LegalHold => role.can(Permission::EditOffice),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Applications: 申請の受付, 期限の延長, 申請書の訂正

/// A step on one application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationAction {
    /// 決定期限を30日に延長 (法24条5項, with a reason)
    Extend,
    /// 保護申請書の入力・訂正 (until the decision: the notice is made from it)
    EditForm,
}

impl ApplicationAction {
    pub const ALL: [ApplicationAction; 2] =
        [ApplicationAction::Extend, ApplicationAction::EditForm];
}

/// What the rules need to know about an application.
#[derive(Debug, Clone, Copy)]
pub struct ApplicationFacts {
    /// Waiting for its decision (`pending`).
    pub pending: bool,
    pub extended: bool,
}

/// May `role` take `action` on the application now?
pub fn check_application_action(
    action: ApplicationAction,
    a: &ApplicationFacts,
    role: Role,
) -> Result<(), Refusal> {
    if !role.can(Permission::EditHousehold) {
        return Err(Refusal::Permission(Permission::EditHousehold));
    }
    match action {
        ApplicationAction::Extend if !a.pending => {
            Err(Refusal::State("この申請は既に決定済みです".into()))
        }
        ApplicationAction::Extend if a.extended => Err(Refusal::State(
            "この申請は既に30日に延長されています".into(),
        )),
        ApplicationAction::EditForm if !a.pending => Err(Refusal::State(
            "この申請は既に決定済みのため、申請書の内容は直せません".into(),
        )),
        _ => Ok(()),
    }
}

/// Every step `role` may take on the application now.
pub fn application_actions(a: &ApplicationFacts, role: Role) -> Vec<ApplicationAction> {
    ApplicationAction::ALL
        .into_iter()
        .filter(|s| check_application_action(*s, a, role).is_ok())
        .collect()
}

/// May `role` register a 開始 application for a household in `status`? `pending` is the 和暦
/// receipt date of the application already waiting for its decision, if any (one at a time).
/// 相談中 and 廃止 households may apply, and 申請中 ones without a pending application (a case
/// carried over from paper); a household receiving or suspended needs a decision, not an
/// application.
pub fn check_register_application(
    status: HouseholdStatus,
    pending: Option<&str>,
    role: Role,
) -> Result<(), Refusal> {
    if !role.can(Permission::EditHousehold) {
        return Err(Refusal::Permission(Permission::EditHousehold));
    }
    if let Some(received) = pending {
        return Err(Refusal::State(format!(
            "この世帯には決定待ちの申請（{received}受理）があります"
        )));
    }
    match status {
        HouseholdStatus::Consulting | HouseholdStatus::Applying | HouseholdStatus::Closed => Ok(()),
        s => Err(Refusal::State(format!(
            "この世帯は{}です。保護の開始の申請は相談中・申請中・廃止の世帯にだけ登録できます",
            s.label()
        ))),
    }
}

/// 状態の訂正: the protection status is what the approved decisions made it; a direct change is
/// only a correction of the registry. `decided` is the status the latest approved decision of
/// the household set (`None`: no decision in this system, e.g. a case carried over from the
/// paper ledger). Allowed: setting a status no decision contradicts — any status of a household
/// without decisions, or back to what the decisions say. Refused: overruling a decision
/// (that needs a 変更・停止・廃止 decision) and 申請中 (that is what registering an application does).
pub fn check_status_correction(
    current: HouseholdStatus,
    requested: HouseholdStatus,
    decided: Option<HouseholdStatus>,
) -> Result<(), String> {
    if current == requested {
        return Err(format!("状態は既に「{}」です", current.label()));
    }
    if requested == HouseholdStatus::Applying {
        return Err(
            "申請中にするには申請を受け付けてください（状態の訂正では申請中にできません）".into(),
        );
    }
    match decided {
        Some(d) if d != requested => Err(format!(
            "この世帯の状態は決裁済みの決定で「{}」になっています。状態を変えるには決定（変更・停止・廃止）を起案してください",
            d.label()
        )),
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------
// User accounts (the administrator's ユーザー管理)

/// A step on one account, for a user who may manage accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UserAction {
    /// 氏名の変更 (改姓, a typo)
    Rename,
    /// 役割の変更 (異動; never one's own, so the office keeps an administrator)
    ChangeRole,
    /// パスワード再設定 (a temporary password; clears a lockout)
    ResetPassword,
    /// 無効化 (the key slot goes: the password no longer opens the database)
    Disable,
    /// 有効化 (with a new temporary password)
    Enable,
}

impl UserAction {
    pub const ALL: [UserAction; 5] = [
        UserAction::Rename,
        UserAction::ChangeRole,
        UserAction::ResetPassword,
        UserAction::Disable,
        UserAction::Enable,
    ];
}

/// What the rules need to know about an account.
#[derive(Debug, Clone, Copy)]
pub struct UserFacts<'a> {
    pub user_id: &'a str,
    pub role: Role,
    pub disabled: bool,
    /// Enabled administrators in the office, this account included.
    pub enabled_admins: usize,
}

/// May the administrator `me` take `action` on the account now? (The permission
/// `ManageUsers` is checked by the caller.)
pub fn check_user_action(action: UserAction, u: &UserFacts<'_>, me: &str) -> Result<(), Refusal> {
    let refuse = |m: &str| Err(Refusal::State(m.into()));
    match action {
        UserAction::Rename => Ok(()),
        UserAction::ResetPassword if u.disabled => {
            refuse("無効のアカウントです。先に有効にしてください")
        }
        UserAction::ResetPassword => Ok(()),
        UserAction::ChangeRole if u.user_id == me => {
            refuse("自分自身の役割は変更できません（別のシステム管理者に依頼してください）")
        }
        UserAction::ChangeRole => Ok(()),
        UserAction::Disable if u.user_id == me => refuse("自分自身のアカウントは無効にできません"),
        UserAction::Disable if u.disabled => refuse("このアカウントは既に無効です"),
        UserAction::Disable if u.role == Role::Admin && u.enabled_admins <= 1 => {
            refuse("有効なシステム管理者が1人もいなくなるため無効にできません")
        }
        UserAction::Disable => Ok(()),
        UserAction::Enable if !u.disabled => refuse("このアカウントは既に有効です"),
        UserAction::Enable => Ok(()),
    }
}

/// Every step `me` may take on the account now, in [`UserAction::ALL`] order.
pub fn user_actions(u: &UserFacts<'_>, me: &str) -> Vec<UserAction> {
    UserAction::ALL
        .into_iter()
        .filter(|a| check_user_action(*a, u, me).is_ok())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The menu

/// A screen the menu offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MenuEntry {
    Home,
    /// 承認待ち: drafts to review, reviewed to approve, own returned
    Inbox,
    /// 一括認定
    Bulk,
    /// 印刷キュー
    Print,
    /// 医療扶助: 月次の医療券・調剤券, 交付処理簿, 医療要否意見書, 指定医療機関
    Medical,
    /// 介護扶助: 月次の介護券, 交付処理簿, 指定介護機関, 認定・ケアプランの確認
    Care,
    Users,
    Office,
    Audit,
    /// 基準額表
    Rates,
    /// 中間サーバー連携 (出力・取込・連携エラー・確認リスト・媒体管理簿)
    Exchange,
    /// 運用管理: backup, retention
    Operations,
    Password,
    Lock,
    Logout,
}

/// The menu of `role`, in display order.
pub fn menu(role: Role) -> Vec<MenuEntry> {
    use MenuEntry::*;
    use Permission as P;
    [
        Home, Inbox, Bulk, Print, Medical, Care, Exchange, Users, Office, Audit, Rates, Operations,
        Password, Lock, Logout,
    ]
    .into_iter()
    .filter(|m| match m {
        Inbox => [P::ReviewDecision, P::ApproveDecision, P::DraftDecision]
            .iter()
            .any(|p| role.can(*p)),
        Bulk => role.can(P::DraftDecision),
        Print => role.can(P::PrintDocument),
        Medical => role.can(P::IssueVoucher) || role.can(P::EditMedicalAid),
        Care => role.can(P::IssueVoucher) || role.can(P::EditHousehold),
        Users => role.can(P::ManageUsers),
        Audit => role.can(P::ViewAudit),
        Rates => role.can(P::ManageRates),
        Exchange => role.can(P::ExchangeFiles) || role.can(P::ManageMedia),
        Operations => role.can(P::EditOffice),
        Home | Office | Password | Lock | Logout => true,
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_disables_themselves_or_the_last_administrator() {
        use UserAction as U;
        let facts = |user_id, role, disabled, enabled_admins| UserFacts {
            user_id,
            role,
            disabled,
            enabled_admins,
        };
        let me = facts("admin", Role::Admin, false, 2);
        assert_eq!(
            user_actions(&me, "admin"),
            vec![U::Rename, U::ResetPassword]
        );
        let cw = facts("cw", Role::Caseworker, false, 1);
        assert_eq!(
            user_actions(&cw, "admin"),
            vec![U::Rename, U::ChangeRole, U::ResetPassword, U::Disable]
        );
        let gone = facts("cw", Role::Caseworker, true, 1);
        assert_eq!(
            user_actions(&gone, "admin"),
            vec![U::Rename, U::ChangeRole, U::Enable]
        );
        // another administrator may be disabled while one stays
        assert!(
            user_actions(&facts("admin2", Role::Admin, false, 2), "admin").contains(&U::Disable)
        );
        assert!(!user_actions(&facts("admin2", Role::Admin, false, 1), "x").contains(&U::Disable));
    }
    use DecisionAction as A;
    use DecisionState as S;

    fn facts(state: DecisionState) -> DecisionFacts<'static> {
        DecisionFacts {
            state,
            drafted_by: "cw",
            reviewed_by: None,
            has_calculation: true,
        }
    }

    #[test]
    fn review_needs_the_permission_a_draft_and_someone_else() {
        let d = facts(S::Draft);
        assert_eq!(
            check_decision_action(A::Review, &d, "sv", Role::Supervisor),
            Ok(())
        );
        assert!(matches!(
            check_decision_action(A::Review, &d, "cw", Role::Supervisor),
            Err(Refusal::SameUser(_))
        ));
        assert_eq!(
            check_decision_action(A::Review, &d, "ap", Role::Approver),
            Err(Refusal::Permission(Permission::ReviewDecision))
        );
        assert!(matches!(
            check_decision_action(A::Review, &facts(S::Reviewed), "sv", Role::Supervisor),
            Err(Refusal::State(_))
        ));
    }

    #[test]
    fn approval_is_by_neither_the_drafter_nor_the_reviewer() {
        let d = DecisionFacts {
            reviewed_by: Some("sv"),
            ..facts(S::Reviewed)
        };
        assert_eq!(
            check_decision_action(A::Approve, &d, "ap", Role::Approver),
            Ok(())
        );
        // An approver who reviewed it (were that role to review) may not approve it too.
        let reviewed_by_ap = DecisionFacts {
            reviewed_by: Some("ap"),
            ..d
        };
        assert!(matches!(
            check_decision_action(A::Approve, &reviewed_by_ap, "ap", Role::Approver),
            Err(Refusal::SameUser(_))
        ));
        let drafted_by_ap = DecisionFacts {
            drafted_by: "ap",
            ..d
        };
        assert!(matches!(
            check_decision_action(A::Approve, &drafted_by_ap, "ap", Role::Approver),
            Err(Refusal::SameUser(_))
        ));
        assert!(matches!(
            check_decision_action(A::Approve, &facts(S::Draft), "ap", Role::Approver),
            Err(Refusal::State(_))
        ));
    }

    #[test]
    fn return_needs_the_permission_of_the_stage_it_is_at() {
        assert_eq!(
            check_decision_action(A::Return, &facts(S::Draft), "sv", Role::Supervisor),
            Ok(())
        );
        assert_eq!(
            check_decision_action(A::Return, &facts(S::Draft), "ap", Role::Approver),
            Err(Refusal::Permission(Permission::ReviewDecision))
        );
        assert_eq!(
            check_decision_action(A::Return, &facts(S::Reviewed), "ap", Role::Approver),
            Ok(())
        );
        assert!(matches!(
            check_decision_action(A::Return, &facts(S::Approved), "ap", Role::Approver),
            Err(Refusal::State(_))
        ));
        assert!(matches!(
            check_decision_action(A::Return, &facts(S::Draft), "cw", Role::Supervisor),
            Err(Refusal::SameUser(_))
        ));
    }

    #[test]
    fn each_role_is_offered_its_step_and_never_its_own_work() {
        let draft = facts(S::Draft);
        // Issue 7: 再起案 only after a return, and only by the drafter.
        assert_eq!(
            decision_actions(&draft, "cw", Role::Caseworker),
            vec![A::PrintNoticeDraft, A::PrintCalculationSheet]
        );
        assert!(
            decision_actions(&facts(S::Returned), "cw", Role::Caseworker).contains(&A::Redraft)
        );
        assert!(
            !decision_actions(&facts(S::Returned), "sv", Role::Supervisor).contains(&A::Redraft)
        );
        assert_eq!(
            decision_actions(&draft, "sv", Role::Supervisor),
            vec![
                A::Review,
                A::Return,
                A::PrintNoticeDraft,
                A::PrintCalculationSheet
            ]
        );
        assert_eq!(decision_actions(&draft, "ro", Role::Readonly), vec![]);
        let reviewed = DecisionFacts {
            reviewed_by: Some("sv"),
            ..facts(S::Reviewed)
        };
        assert_eq!(
            decision_actions(&reviewed, "ap", Role::Approver),
            vec![
                A::Approve,
                A::Return,
                A::PrintNoticeDraft,
                A::PrintCalculationSheet
            ]
        );
        let approved = DecisionFacts {
            has_calculation: false,
            ..facts(S::Approved)
        };
        assert_eq!(
            decision_actions(&approved, "cw", Role::Caseworker),
            vec![A::PrintNotice]
        );
    }

    #[test]
    fn print_steps_follow_state_and_role() {
        assert_eq!(
            print_steps(PrintState::Generated, Role::Supervisor),
            vec![PrintStep::Send, PrintStep::Void, PrintStep::Save]
        );
        assert_eq!(
            print_steps(PrintState::Generated, Role::Caseworker),
            vec![PrintStep::Send, PrintStep::Save]
        );
        assert_eq!(
            print_steps(PrintState::Printed, Role::Caseworker),
            vec![PrintStep::Reprint, PrintStep::Deliver, PrintStep::Save]
        );
        assert_eq!(print_steps(PrintState::Voided, Role::Supervisor), vec![]);
        assert_eq!(print_steps(PrintState::Printed, Role::Readonly), vec![]);
        assert_eq!(
            check_print_step(PrintStep::Void, PrintState::Printed, Role::Caseworker),
            Err(Refusal::Permission(Permission::VoidDocument))
        );
    }

    #[test]
    fn household_actions_follow_role_and_status() {
        use HouseholdAction::*;
        assert_eq!(
            household_actions(HouseholdStatus::Active, Role::Caseworker),
            vec![
                Edit,
                RevealMyNumber,
                PrintCertificate,
                DraftDecision,
                RequestInquiry
            ]
        );
        assert_eq!(
            household_actions(HouseholdStatus::Closed, Role::Caseworker),
            vec![
                Edit,
                RevealMyNumber,
                PrintCertificate,
                RegisterApplication,
                DraftDecision,
                RequestInquiry
            ]
        );
        assert_eq!(
            household_actions(HouseholdStatus::Active, Role::Approver),
            vec![CorrectStatus, PrintCertificate]
        );
        assert_eq!(
            household_actions(HouseholdStatus::Active, Role::Readonly),
            vec![]
        );
        // The administrator runs the system, not cases: only the 保存指定 (legal hold).
        assert_eq!(
            household_actions(HouseholdStatus::Active, Role::Admin),
            vec![LegalHold]
        );
    }

    #[test]
    fn application_steps_need_a_pending_application_and_the_edit_permission() {
        use ApplicationAction::*;
        let pending = ApplicationFacts {
            pending: true,
            extended: false,
        };
        assert_eq!(
            application_actions(&pending, Role::Caseworker),
            vec![Extend, EditForm]
        );
        let extended = ApplicationFacts {
            extended: true,
            ..pending
        };
        assert_eq!(
            application_actions(&extended, Role::Caseworker),
            vec![EditForm]
        );
        let decided = ApplicationFacts {
            pending: false,
            extended: false,
        };
        assert_eq!(application_actions(&decided, Role::Caseworker), vec![]);
        assert_eq!(application_actions(&pending, Role::Approver), vec![]);
        assert_eq!(application_actions(&pending, Role::Readonly), vec![]);
    }

    #[test]
    fn an_application_is_registered_once_at_a_time_and_not_for_a_household_receiving() {
        use HouseholdStatus::*;
        for s in [Consulting, Applying, Closed] {
            assert_eq!(
                check_register_application(s, None, Role::Caseworker),
                Ok(())
            );
        }
        for s in [Active, Suspended] {
            assert!(matches!(
                check_register_application(s, None, Role::Caseworker),
                Err(Refusal::State(m)) if m.contains("相談中・申請中・廃止")
            ));
        }
        assert!(matches!(
            check_register_application(Applying, Some("令和7年6月1日"), Role::Caseworker),
            Err(Refusal::State(m)) if m.contains("令和7年6月1日受理")
        ));
        assert_eq!(
            check_register_application(Consulting, None, Role::Approver),
            Err(Refusal::Permission(Permission::EditHousehold))
        );
    }

    #[test]
    fn the_menu_shows_each_role_its_screens() {
        use MenuEntry::*;
        assert_eq!(
            menu(Role::MedicalClerk),
            vec![Home, Print, Medical, Care, Exchange, Office, Password, Lock, Logout]
        );
        assert_eq!(
            menu(Role::Caseworker),
            vec![Home, Inbox, Bulk, Print, Medical, Care, Office, Password, Lock, Logout]
        );
        assert_eq!(
            menu(Role::Approver),
            vec![Home, Inbox, Print, Office, Password, Lock, Logout]
        );
        assert_eq!(
            menu(Role::Admin),
            vec![Home, Exchange, Users, Office, Audit, Rates, Operations, Password, Lock, Logout]
        );
        assert_eq!(
            menu(Role::Readonly),
            vec![Home, Office, Password, Lock, Logout]
        );
    }

    #[test]
    fn a_status_correction_never_overrules_a_decision() {
        use HouseholdStatus::*;
        // Carried over from paper: no decision here, any correction but 申請中.
        assert_eq!(check_status_correction(Applying, Active, None), Ok(()));
        assert_eq!(check_status_correction(Active, Closed, None), Ok(()));
        assert!(check_status_correction(Closed, Applying, None).is_err());
        assert!(check_status_correction(Active, Active, None).is_err());
        // A decision made it 保護中: only a decision changes that …
        assert!(check_status_correction(Active, Suspended, Some(Active)).is_err());
        assert!(check_status_correction(Active, Closed, Some(Active)).is_err());
        // … but a registry that drifted from the decision may be set back to it.
        assert_eq!(
            check_status_correction(Suspended, Active, Some(Active)),
            Ok(())
        );
    }
}
