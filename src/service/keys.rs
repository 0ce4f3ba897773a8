//! Key management beyond one password: the rekey (`store::rekey`) and the office's Argon2 cost
//! (`store::kdf`). A password change is `session`, a reset or revocation `admin`.

use super::{App, Result};
use crate::domain::role::Permission;
use crate::store::kdf;
use crate::store::rekey::RekeyReport;

impl App {
    /// 鍵の更新: a new random database key, the file re-encrypted, every slot rewrapped without
    /// anyone's password. Needs the database to itself (no other window, PC or job).
    pub fn rekey(&mut self) -> Result<RekeyReport> {
        self.require(Permission::ManageUsers)?;
        let now = self.now_string();
        let actor = self.user.user_id.clone();
        let report = self.store.rekey(&actor, &now)?;
        self.keep_anchor_locally();
        Ok(report)
    }

    /// The Argon2 cost new slots get, and older ones are raised to at their next login.
    pub fn kdf_target(&self) -> Result<Option<kdf::Cost>> {
        Ok(self.store.kdf_target()?)
    }
}
