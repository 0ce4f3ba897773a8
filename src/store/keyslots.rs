//! 鍵スロット (key slots): the side file that lets each named user unlock the database offline.
//!
//! The database key is 32 random bytes that no person ever sees. Each account holds a copy of it
//! wrapped with XChaCha20-Poly1305 under a key derived from that account's password by Argon2id.
//! Adding or removing a user adds or removes a slot; the database is never re-encrypted, and there
//! is no shared passphrase. The slot's AEAD binds the user ID and the database ID, so a slot copied
//! to another user or another office's file does not open.
//!
//! The side file also carries what must be known before the database can be read: failed-login
//! counts and lockouts, and failed-login events waiting to be written to the audit log at the next
//! successful unlock. It deliberately holds nothing personal.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::StoreError;

const FORMAT: &str = "madoguchi-keyslots";
const FORMAT_VERSION: u32 = 1;

/// The database key. Zeroed on drop so it does not linger in freed memory.
#[derive(Clone)]
pub struct DbKey(pub(crate) [u8; 32]);

impl DbKey {
    pub fn generate() -> DbKey {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        DbKey(k)
    }
    pub(crate) fn sqlcipher_pragma(&self) -> String {
        format!("x'{}'", hex::encode(self.0))
    }
}

impl Drop for DbKey {
    fn drop(&mut self) {
        for b in self.0.iter_mut() {
            // SAFETY-free zeroing; volatile so the compiler keeps it.
            unsafe { std::ptr::write_volatile(b, 0) };
        }
    }
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(..)")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KdfParams {
    pub alg: String,
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
    pub salt: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Slot {
    pub user_id: String,
    pub kdf: KdfParams,
    pub nonce: String,
    pub wrapped_key: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    /// RFC 3339; set when the count reached the limit.
    pub locked_until: Option<String>,
}

/// A failed login, kept here until the database can be opened to log it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PendingEvent {
    pub at: String,
    pub user_id: String,
    pub action: String,
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeyFile {
    pub format: String,
    pub version: u32,
    pub db_id: String,
    pub slots: Vec<Slot>,
    #[serde(default)]
    pub failures: BTreeMap<String, Failures>,
    #[serde(default)]
    pub pending_events: Vec<PendingEvent>,
}

/// Argon2id cost. OWASP's minimum (19 MiB, 2 passes) keeps a login well under a second on a
/// desk PC while making offline guessing against a stolen side file expensive.
pub const DEFAULT_KDF: (u32, u32, u32) = (19 * 1024, 2, 1);

pub fn side_file_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(".keys");
    PathBuf::from(s)
}

impl KeyFile {
    pub fn new(db_id: String) -> KeyFile {
        KeyFile {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            db_id,
            slots: vec![],
            failures: BTreeMap::new(),
            pending_events: vec![],
        }
    }

    pub fn load(path: &Path) -> Result<KeyFile, StoreError> {
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::NoKeyFile(path.display().to_string()))
            }
            Err(e) => return Err(StoreError::Io(e.to_string())),
        };
        let kf: KeyFile = serde_json::from_slice(&bytes).map_err(|_| StoreError::KeyFileDamaged)?;
        if kf.format != FORMAT {
            return Err(StoreError::KeyFileDamaged);
        }
        if kf.version > FORMAT_VERSION {
            return Err(StoreError::KeyFileTooNew);
        }
        Ok(kf)
    }

    /// Write atomically: a crash leaves either the old or the new file, never half of one.
    pub fn save(&self, path: &Path) -> Result<(), StoreError> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| StoreError::Io(e.to_string()))?;
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        {
            let mut f = fs::File::create(&tmp).map_err(|e| StoreError::Io(e.to_string()))?;
            f.write_all(&json)
                .map_err(|e| StoreError::Io(e.to_string()))?;
            f.sync_all().map_err(|e| StoreError::Io(e.to_string()))?;
        }
        restrict_permissions(&tmp);
        fs::rename(&tmp, path).map_err(|e| StoreError::Io(e.to_string()))?;
        Ok(())
    }

    pub fn slot(&self, user_id: &str) -> Option<&Slot> {
        self.slots.iter().find(|s| s.user_id == user_id)
    }

    /// Add (or replace) `user_id`'s slot wrapping `key` under `password`.
    pub fn set_slot(
        &mut self,
        user_id: &str,
        password: &str,
        key: &DbKey,
    ) -> Result<(), StoreError> {
        let slot = wrap(&self.db_id, user_id, password, key, DEFAULT_KDF)?;
        self.slots.retain(|s| s.user_id != user_id);
        self.slots.push(slot);
        Ok(())
    }

    pub fn remove_slot(&mut self, user_id: &str) -> bool {
        let before = self.slots.len();
        self.slots.retain(|s| s.user_id != user_id);
        self.slots.len() != before
    }

    /// Unwrap the database key with `user_id`'s password. `None`: wrong password, or a slot whose
    /// bytes were changed (the two are indistinguishable by design).
    pub fn unwrap_key(&self, user_id: &str, password: &str) -> Result<Option<DbKey>, StoreError> {
        let Some(slot) = self.slot(user_id) else {
            return Ok(None);
        };
        unwrap(&self.db_id, slot, password)
    }
}

fn aad(db_id: &str, user_id: &str) -> Vec<u8> {
    format!("{FORMAT}:{FORMAT_VERSION}:{db_id}:{user_id}").into_bytes()
}

fn derive(password: &str, kdf: &KdfParams) -> Result<[u8; 32], StoreError> {
    if kdf.alg != "argon2id" {
        return Err(StoreError::KeyFileDamaged);
    }
    let salt = hex::decode(&kdf.salt).map_err(|_| StoreError::KeyFileDamaged)?;
    let params =
        Params::new(kdf.m_kib, kdf.t, kdf.p, Some(32)).map_err(|_| StoreError::KeyFileDamaged)?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password.as_bytes(), &salt, &mut out)
        .map_err(|_| StoreError::KeyFileDamaged)?;
    Ok(out)
}

fn wrap(
    db_id: &str,
    user_id: &str,
    password: &str,
    key: &DbKey,
    cost: (u32, u32, u32),
) -> Result<Slot, StoreError> {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let kdf = KdfParams {
        alg: "argon2id".into(),
        m_kib: cost.0,
        t: cost.1,
        p: cost.2,
        salt: hex::encode(salt),
    };
    let kek = derive(password, &kdf)?;
    let mut nonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let cipher = XChaCha20Poly1305::new((&kek).into());
    let ct = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &key.0,
                aad: &aad(db_id, user_id),
            },
        )
        .map_err(|_| StoreError::Io("鍵の暗号化に失敗しました".into()))?;
    Ok(Slot {
        user_id: user_id.to_string(),
        kdf,
        nonce: hex::encode(nonce),
        wrapped_key: hex::encode(ct),
    })
}

fn unwrap(db_id: &str, slot: &Slot, password: &str) -> Result<Option<DbKey>, StoreError> {
    let kek = derive(password, &slot.kdf)?;
    let nonce = hex::decode(&slot.nonce).map_err(|_| StoreError::KeyFileDamaged)?;
    let ct = hex::decode(&slot.wrapped_key).map_err(|_| StoreError::KeyFileDamaged)?;
    if nonce.len() != 24 {
        return Err(StoreError::KeyFileDamaged);
    }
    let cipher = XChaCha20Poly1305::new((&kek).into());
    match cipher.decrypt(
        XNonce::from_slice(&nonce),
        Payload {
            msg: &ct,
            aad: &aad(db_id, &slot.user_id),
        },
    ) {
        Ok(pt) if pt.len() == 32 => {
            let mut k = [0u8; 32];
            k.copy_from_slice(&pt);
            Ok(Some(DbKey(k)))
        }
        _ => Ok(None),
    }
}

#[cfg(unix)]
fn restrict_permissions(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = fs::set_permissions(p, fs::Permissions::from_mode(0o600));
}
#[cfg(not(unix))]
fn restrict_permissions(_p: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn kf_with(user: &str, pw: &str, key: &DbKey) -> KeyFile {
        let mut kf = KeyFile::new("db-1".into());
        kf.set_slot(user, pw, key).unwrap();
        kf
    }

    #[test]
    fn right_password_unwraps_the_same_key() {
        let key = DbKey::generate();
        let kf = kf_with("tanaka", "correct-horse-7", &key);
        let got = kf.unwrap_key("tanaka", "correct-horse-7").unwrap().unwrap();
        assert_eq!(got.0, key.0);
    }

    #[test]
    fn wrong_password_or_unknown_user_unwraps_nothing() {
        let key = DbKey::generate();
        let kf = kf_with("tanaka", "correct-horse-7", &key);
        assert!(kf
            .unwrap_key("tanaka", "correct-horse-8")
            .unwrap()
            .is_none());
        assert!(kf
            .unwrap_key("suzuki", "correct-horse-7")
            .unwrap()
            .is_none());
    }

    #[test]
    fn removed_slot_no_longer_opens_but_others_still_do() {
        let key = DbKey::generate();
        let mut kf = kf_with("tanaka", "correct-horse-7", &key);
        kf.set_slot("suzuki", "another-pass-9", &key).unwrap();
        assert!(kf.remove_slot("tanaka"));
        assert!(kf
            .unwrap_key("tanaka", "correct-horse-7")
            .unwrap()
            .is_none());
        assert_eq!(
            kf.unwrap_key("suzuki", "another-pass-9")
                .unwrap()
                .unwrap()
                .0,
            key.0
        );
    }

    #[test]
    fn tampered_wrapped_key_or_swapped_user_does_not_open() {
        let key = DbKey::generate();
        let mut kf = kf_with("tanaka", "correct-horse-7", &key);
        let mut bytes = hex::decode(&kf.slots[0].wrapped_key).unwrap();
        bytes[3] ^= 0x01;
        kf.slots[0].wrapped_key = hex::encode(bytes);
        assert!(kf
            .unwrap_key("tanaka", "correct-horse-7")
            .unwrap()
            .is_none());

        // A slot relabelled to another user fails: the user ID is bound in the AEAD.
        let mut kf = kf_with("tanaka", "correct-horse-7", &key);
        kf.slots[0].user_id = "suzuki".into();
        assert!(kf
            .unwrap_key("suzuki", "correct-horse-7")
            .unwrap()
            .is_none());

        // A slot moved to another database's side file fails too.
        let mut kf = kf_with("tanaka", "correct-horse-7", &key);
        kf.db_id = "db-2".into();
        assert!(kf
            .unwrap_key("tanaka", "correct-horse-7")
            .unwrap()
            .is_none());
    }

    #[test]
    fn damaged_side_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.db.keys");
        std::fs::write(&p, b"{ not json").unwrap();
        assert!(matches!(KeyFile::load(&p), Err(StoreError::KeyFileDamaged)));
        assert!(matches!(
            KeyFile::load(&dir.path().join("none.keys")),
            Err(StoreError::NoKeyFile(_))
        ));
    }

    #[test]
    fn save_then_load_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.db.keys");
        let key = DbKey::generate();
        let kf = kf_with("tanaka", "correct-horse-7", &key);
        kf.save(&p).unwrap();
        let back = KeyFile::load(&p).unwrap();
        assert_eq!(back, kf);
        assert_eq!(
            back.unwrap_key("tanaka", "correct-horse-7")
                .unwrap()
                .unwrap()
                .0,
            key.0
        );
    }
}
