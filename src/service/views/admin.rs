//! Views for administration: users, the permission matrix, the audit log.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::role::Role;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct UserSummary {
    pub user_id: String,
    pub display_name: String,
    pub role: Role,
    pub role_label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct UserView {
    pub user_id: String,
    pub display_name: String,
    pub role: Role,
    pub role_label: String,
    pub disabled: bool,
    pub must_change_password: bool,
    pub failed_logins: u32,
    pub locked_until: Option<String>,
    /// What the logged-in administrator may do with this account now
    /// (`domain::workflow::user_actions`): no 無効化 of oneself nor of the last administrator.
    pub actions: Vec<crate::domain::workflow::UserAction>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RoleLabel {
    pub role: Role,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PermissionLabel {
    pub permission: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PermissionMatrix {
    pub roles: Vec<RoleLabel>,
    pub permissions: Vec<PermissionLabel>,
    /// role code → permission codes
    pub grants: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AuditEntryView {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub user_id: String,
    /// The account's name now (`None` for an ID no account has, e.g. a failed login's).
    pub user_name: Option<String>,
    pub action: String,
    pub action_label: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    /// The target by name or case number: 「世帯 K000050 見本 太郎」, 「見本 一子（cw1）」.
    pub target_label: Option<String>,
    /// What changed, old → new, one row per item, in Japanese.
    pub changes: Vec<AuditChangeView>,
    /// The rest of the record (理由, 部数 …), in Japanese, without internal IDs.
    pub facts: Vec<AuditFactView>,
    /// The record as stored (for export and the integrity check; the screen shows the above).
    #[ts(type = "unknown")]
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditChangeView {
    pub item: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditFactView {
    pub item: String,
    pub value: String,
}

/// The audit screen's filter: `person` is free text (name, kana or case number) resolved to the
/// person's and household's IDs.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct AuditQuery {
    pub user_id: Option<String>,
    pub person: Option<String>,
    pub action: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<u32>,
}
