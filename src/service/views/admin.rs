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
    pub action: String,
    pub action_label: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub target_label: Option<String>,
    #[ts(type = "unknown")]
    pub detail: serde_json::Value,
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
