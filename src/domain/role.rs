//! Roles and the one permission matrix.
//!
//! The matrix here is the only place that says which role may do what. The core enforces it in
//! `service` before every use case; the UI only hides what the session's permission list lacks,
//! and the admin screen shows this same table read-only. It deliberately knows nothing about
//! users or sessions.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// 役割 (role) of a named account. Accounts are personal; there are no shared IDs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 地区担当員 (caseworker)
    Caseworker,
    /// 医療・介護担当 (medical / care clerk)
    MedicalClerk,
    /// 査察指導員 (supervisor)
    Supervisor,
    /// 決裁者 (approver: section chief)
    Approver,
    /// システム管理者 (administrator)
    Admin,
    /// 閲覧のみ (read-only / temporary staff)
    Readonly,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Caseworker,
        Role::MedicalClerk,
        Role::Supervisor,
        Role::Approver,
        Role::Admin,
        Role::Readonly,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Caseworker => "caseworker",
            Role::MedicalClerk => "medical_clerk",
            Role::Supervisor => "supervisor",
            Role::Approver => "approver",
            Role::Admin => "admin",
            Role::Readonly => "readonly",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Caseworker => "地区担当員",
            Role::MedicalClerk => "医療・介護担当",
            Role::Supervisor => "査察指導員",
            Role::Approver => "決裁者",
            Role::Admin => "システム管理者",
            Role::Readonly => "閲覧のみ",
        }
    }

    /// The permissions this role holds: the matrix, read row by row.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Caseworker => &[
                ViewHousehold,
                EditHousehold,
                RevealMyNumber,
                PrintDocument,
                DraftDecision,
                RequestInquiry,
                EditMedicalAid,
            ],
            // The medical clerk also carries the batches to the 統合専用端末: the fewest people
            // who handle the media (seed 000 §4.6).
            Role::MedicalClerk => &[
                ViewHousehold,
                PrintDocument,
                IssueVoucher,
                EditMedicalAid,
                ExchangeFiles,
            ],
            Role::Supervisor => &[
                ViewHousehold,
                EditHousehold,
                ChangeStatus,
                RevealMyNumber,
                PrintDocument,
                VoidDocument,
                DraftDecision,
                ReviewDecision,
                ViewAudit,
                ExchangeFiles,
                RequestInquiry,
                EditMedicalAid,
            ],
            Role::Approver => &[
                ViewHousehold,
                ChangeStatus,
                PrintDocument,
                VoidDocument,
                ApproveDecision,
            ],
            // The administrator runs the system, not cases: users, office settings and the log;
            // viewing is allowed so support can reproduce what a clerk sees.
            Role::Admin => &[
                ViewHousehold,
                ManageUsers,
                EditOffice,
                ViewAudit,
                ManageRates,
                ManageMedia,
            ],
            Role::Readonly => &[ViewHousehold],
        }
    }

    pub fn can(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s || r.label() == s)
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("役割「{0}」はありません（地区担当員・医療・介護担当・査察指導員・決裁者・システム管理者・閲覧のみ）")]
pub struct UnknownRole(pub String);

/// 権限 (permission): one thing a use case may require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    ViewHousehold,
    EditHousehold,
    ChangeStatus,
    RevealMyNumber,
    PrintDocument,
    VoidDocument,
    IssueVoucher,
    /// 医療扶助・介護扶助の登録: 指定機関, 扶助の申請, 他法の確認, 意見書.
    EditMedicalAid,
    DraftDecision,
    ReviewDecision,
    ApproveDecision,
    ManageUsers,
    EditOffice,
    ViewAudit,
    ManageRates,
    /// Export batches, import results, requeue, erase media.
    ExchangeFiles,
    /// Ask another agency for information (情報照会).
    RequestInquiry,
    /// Approve and retire the media batches may be written to.
    ManageMedia,
}

impl Permission {
    pub const ALL: [Permission; 18] = [
        Permission::ViewHousehold,
        Permission::EditHousehold,
        Permission::ChangeStatus,
        Permission::RevealMyNumber,
        Permission::PrintDocument,
        Permission::VoidDocument,
        Permission::IssueVoucher,
        Permission::EditMedicalAid,
        Permission::DraftDecision,
        Permission::ReviewDecision,
        Permission::ApproveDecision,
        Permission::ManageUsers,
        Permission::EditOffice,
        Permission::ViewAudit,
        Permission::ManageRates,
        Permission::ExchangeFiles,
        Permission::RequestInquiry,
        Permission::ManageMedia,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Permission::ViewHousehold => "view_household",
            Permission::EditHousehold => "edit_household",
            Permission::ChangeStatus => "change_status",
            Permission::RevealMyNumber => "reveal_my_number",
            Permission::PrintDocument => "print_document",
            Permission::VoidDocument => "void_document",
            Permission::IssueVoucher => "issue_voucher",
            Permission::EditMedicalAid => "edit_medical_aid",
            Permission::DraftDecision => "draft_decision",
            Permission::ReviewDecision => "review_decision",
            Permission::ApproveDecision => "approve_decision",
            Permission::ManageUsers => "manage_users",
            Permission::EditOffice => "edit_office",
            Permission::ViewAudit => "view_audit",
            Permission::ManageRates => "manage_rates",
            Permission::ExchangeFiles => "exchange_files",
            Permission::RequestInquiry => "request_inquiry",
            Permission::ManageMedia => "manage_media",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Permission::ViewHousehold => "世帯・世帯員の閲覧",
            Permission::EditHousehold => "世帯・世帯員の登録・修正",
            Permission::ChangeStatus => "保護の状態の変更",
            Permission::RevealMyNumber => "個人番号の表示",
            Permission::PrintDocument => "帳票の作成・印刷",
            Permission::VoidDocument => "帳票の取消",
            Permission::IssueVoucher => "医療券・介護券の発行",
            Permission::EditMedicalAid => "医療扶助・介護扶助の登録（指定機関・申請・意見書）",
            Permission::DraftDecision => "保護決定の起案",
            Permission::ReviewDecision => "保護決定の審査",
            Permission::ApproveDecision => "保護決定の決裁",
            Permission::ManageUsers => "ユーザー管理",
            Permission::EditOffice => "事務所設定の変更",
            Permission::ViewAudit => "操作ログの閲覧",
            Permission::ManageRates => "基準額表の取込",
            Permission::ExchangeFiles => "中間サーバー連携（出力・取込・再送・媒体消去）",
            Permission::RequestInquiry => "情報照会の依頼",
            Permission::ManageMedia => "媒体の登録・廃棄",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    fn grants(role: Role) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| role.can(*p))
            .collect()
    }

    #[test]
    fn caseworker_edits_cases_but_never_approves_or_administers() {
        let g = grants(Role::Caseworker);
        assert!(
            g.contains(&EditHousehold) && g.contains(&RevealMyNumber) && g.contains(&DraftDecision)
        );
        for p in [
            ApproveDecision,
            ReviewDecision,
            ManageUsers,
            EditOffice,
            ViewAudit,
            ChangeStatus,
        ] {
            assert!(!g.contains(&p), "caseworker must not have {p:?}");
        }
    }

    #[test]
    fn medical_clerk_issues_vouchers_but_cannot_see_my_number_or_edit_cases() {
        let r = Role::MedicalClerk;
        assert!(r.can(IssueVoucher) && r.can(ViewHousehold));
        assert!(!r.can(RevealMyNumber) && !r.can(EditHousehold) && !r.can(ManageUsers));
    }

    #[test]
    fn supervisor_reviews_but_does_not_approve() {
        let r = Role::Supervisor;
        assert!(r.can(ReviewDecision) && r.can(ViewAudit) && r.can(ChangeStatus));
        assert!(!r.can(ApproveDecision) && !r.can(ManageUsers));
    }

    #[test]
    fn approver_approves_but_does_not_draft_or_edit() {
        let r = Role::Approver;
        assert!(r.can(ApproveDecision) && r.can(ChangeStatus));
        assert!(!r.can(DraftDecision) && !r.can(EditHousehold) && !r.can(RevealMyNumber));
    }

    #[test]
    fn admin_runs_the_system_not_the_cases() {
        let r = Role::Admin;
        assert!(r.can(ManageUsers) && r.can(EditOffice) && r.can(ViewAudit));
        assert!(!r.can(EditHousehold) && !r.can(RevealMyNumber) && !r.can(ApproveDecision));
    }

    #[test]
    fn media_are_handled_by_few_and_approved_by_the_administrator() {
        let handlers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.can(ExchangeFiles))
            .collect();
        assert_eq!(handlers, vec![Role::MedicalClerk, Role::Supervisor]);
        assert!(Role::Admin.can(ManageMedia) && !Role::Admin.can(ExchangeFiles));
        assert!(Role::Caseworker.can(RequestInquiry) && !Role::Caseworker.can(ExchangeFiles));
    }

    #[test]
    fn readonly_only_views() {
        assert_eq!(grants(Role::Readonly), vec![ViewHousehold]);
    }

    #[test]
    fn drafting_and_approving_are_never_held_by_one_role() {
        // Separation of duties: a decision needs two different people.
        for r in Role::ALL {
            assert!(!(r.can(DraftDecision) && r.can(ApproveDecision)), "{r:?}");
        }
    }

    #[test]
    fn roles_parse_from_code_and_label() {
        for r in Role::ALL {
            assert_eq!(r.code().parse::<Role>().unwrap(), r);
            assert_eq!(r.label().parse::<Role>().unwrap(), r);
        }
        assert!("boss".parse::<Role>().is_err());
    }
}
