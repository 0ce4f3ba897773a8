//! Views of the application and the session (before and after login).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::role::Role;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub office_name: Option<String>,
    pub is_demo: bool,
    /// No office database where this PC looks: the app shows the first-run setup (初回設定).
    pub setup_needed: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SessionInfo {
    pub user_id: String,
    pub display_name: String,
    pub role: Role,
    pub role_label: String,
    pub must_change_password: bool,
    pub permissions: Vec<String>,
    pub idle_lock_minutes: u32,
    /// The screens the menu offers this user (`domain::workflow::menu`).
    pub menu: Vec<crate::domain::workflow::MenuEntry>,
    /// This session holds the My Number key (個人番号鍵): My Numbers can be revealed here.
    pub holds_reveal_key: bool,
    /// The role may reveal My Numbers but this account has no key yet: a holder can give it
    /// at this desk (`reveal_key_grant`).
    pub may_receive_reveal_key: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ParsedDate {
    pub iso: String,
    pub wareki: String,
}

impl From<chrono::NaiveDate> for ParsedDate {
    fn from(d: chrono::NaiveDate) -> ParsedDate {
        ParsedDate {
            iso: d.to_string(),
            wareki: crate::domain::era::format_wareki(d),
        }
    }
}
