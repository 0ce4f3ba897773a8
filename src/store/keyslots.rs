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
//!
//! Nothing in the file is trusted beyond what its AEADs prove: [`KeyFile::load`] bounds every
//! number and string (a hostile `m_kib` must not allocate terabytes, a count must not overflow),
//! and the database records which slot each account may use (`store::slot_binding`), so an old or
//! planted slot that still unwraps is refused. Every change is one locked read-modify-write
//! ([`update`]): concurrent processes never lose a slot, a disable or a failure count.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::StoreError;

const FORMAT: &str = "madoguchi-keyslots";
const FORMAT_VERSION: u32 = 1;

/// A side file larger than this is not ours (slots are ~400 bytes; the lists below are bounded).
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// User IDs are 2–32 ASCII characters (`service::admin`); anything longer was never an account.
pub const MAX_USER_ID_BYTES: usize = 64;
/// Argon2 bounds a slot may ask for (`store::kdf`): never enough to exhaust memory (1 GiB) or
/// hang a login.
use super::kdf::{Cost, M_KIB as KDF_M_KIB, P as KDF_P, T as KDF_T};
/// Failure records kept for IDs that have no slot (made-up IDs): bounded, oldest dropped first.
/// Accounts with a slot are never dropped to make room.
pub const MAX_UNKNOWN_TRACKED: usize = 256;
/// Waiting failed-login events: at most this many, unknown IDs' oldest dropped first.
pub const MAX_PENDING: usize = 2000;

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
    /// The My Number key (`store::reveal`) wrapped under the same password-derived key: only
    /// accounts whose role may reveal My Numbers, and who were given it by a holder, have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reveal: Option<WrappedReveal>,
    /// This slot's X25519 public key (hex): a rekey seals the new database key to it, so every
    /// slot can be rewrapped without anyone's password (`store::rekey`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public: Option<String>,
    /// The matching X25519 secret, wrapped under the password-derived key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<WrappedReveal>,
    /// After a rekey and until this account's next login: the new database key sealed to
    /// `public` (ephemeral public ‖ nonce ‖ ciphertext, hex); `wrapped_key` is empty meanwhile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed_key: Option<String>,
}

impl Slot {
    pub fn cost(&self) -> Cost {
        Cost {
            m_kib: self.kdf.m_kib,
            t: self.kdf.t,
            p: self.kdf.p,
        }
    }
}

/// A rekey in progress (`store::rekey`): the complete new slot list, for the new database file
/// whose SQLCipher salt (its first 16 bytes) is `new_salt`. Whichever file is in place decides:
/// the new one → these slots replace the old; the old one → this is dropped.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PendingRekey {
    pub new_salt: String,
    pub slots: Vec<Slot>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct WrappedReveal {
    pub nonce: String,
    pub wrapped: String,
}

/// The key derived from an account's password (Argon2id), kept by an unlocked session so that a
/// holder of the My Number key can hand it to this account at this desk. Zeroed on drop.
#[derive(Clone)]
pub struct Kek([u8; 32]);

impl Drop for Kek {
    fn drop(&mut self) {
        for b in self.0.iter_mut() {
            // SAFETY-free zeroing; volatile so the compiler keeps it.
            unsafe { std::ptr::write_volatile(b, 0) };
        }
    }
}

impl std::fmt::Debug for Kek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Kek(..)")
    }
}

fn reveal_aad(db_id: &str, user_id: &str) -> Vec<u8> {
    format!("{FORMAT}:{FORMAT_VERSION}:reveal:{db_id}:{user_id}").into_bytes()
}

/// The My Number key wrapped for `user_id` under their password-derived key.
pub fn wrap_reveal(
    db_id: &str,
    user_id: &str,
    kek: &Kek,
    key: &super::reveal::RevealKey,
) -> WrappedReveal {
    let mut nonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let ct = XChaCha20Poly1305::new((&kek.0).into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &key.0,
                aad: &reveal_aad(db_id, user_id),
            },
        )
        .expect("XChaCha20-Poly1305 encryption does not fail");
    WrappedReveal {
        nonce: hex::encode(nonce),
        wrapped: hex::encode(ct),
    }
}

/// `None`: the slot holds no My Number key, or not one this password's key opens.
pub fn unwrap_reveal(db_id: &str, slot: &Slot, kek: &Kek) -> Option<super::reveal::RevealKey> {
    let w = slot.reveal.as_ref()?;
    let nonce = hex::decode(&w.nonce).ok().filter(|n| n.len() == 24)?;
    let ct = hex::decode(&w.wrapped).ok()?;
    let pt = XChaCha20Poly1305::new((&kek.0).into())
        .decrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &ct,
                aad: &reveal_aad(db_id, &slot.user_id),
            },
        )
        .ok()
        .filter(|p| p.len() == 32)?;
    let mut k = [0u8; 32];
    k.copy_from_slice(&pt);
    Some(super::reveal::RevealKey(k))
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Failures {
    /// Attempts counted toward the lockout, including any in progress: an attempt is counted
    /// before its password is checked, so parallel guessers cannot overrun the limit.
    pub count: u32,
    /// RFC 3339; set when the count reached the limit.
    pub locked_until: Option<String>,
    /// RFC 3339 of the latest attempt: which unknown ID's record is the oldest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
    /// Attempts being checked right now ("token@RFC 3339"): with the failures they may not
    /// exceed the limit, so parallel guessers wait for the outcome instead of racing past it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_flight: Vec<String>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rekey: Option<PendingRekey>,
}

pub fn side_file_path(db: &Path) -> PathBuf {
    with_suffix(db, ".keys")
}

/// `<db><suffix>`: the database's side files (`.keys`, `.anchors`, `.lock`) sit beside it.
pub fn with_suffix(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
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
            rekey: None,
        }
    }

    /// Read and bound-check the side file. A slot whose parameters are out of range makes the
    /// whole file damaged (it was edited); lists are trimmed and counts clamped.
    pub fn load(path: &Path) -> Result<KeyFile, StoreError> {
        let f = match fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::NoKeyFile(path.display().to_string()))
            }
            Err(e) => return Err(StoreError::Io(e.to_string())),
        };
        let mut bytes = vec![];
        f.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| StoreError::Io(e.to_string()))?;
        KeyFile::from_bytes(&bytes)
    }

    /// [`KeyFile::load`] on bytes already read (a backup's side file, the fuzz tests).
    pub fn from_bytes(bytes: &[u8]) -> Result<KeyFile, StoreError> {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(StoreError::KeyFileDamaged);
        }
        let mut kf: KeyFile =
            serde_json::from_slice(bytes).map_err(|_| StoreError::KeyFileDamaged)?;
        if kf.format != FORMAT {
            return Err(StoreError::KeyFileDamaged);
        }
        if kf.version > FORMAT_VERSION {
            return Err(StoreError::KeyFileTooNew);
        }
        kf.check_bounds()?;
        Ok(kf)
    }

    fn check_bounds(&mut self) -> Result<(), StoreError> {
        if self.db_id.is_empty()
            || self.db_id.len() > 64
            || !self
                .db_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(StoreError::KeyFileDamaged);
        }
        let hex_len = |v: &str, min: usize, max: usize| {
            (min..=max).contains(&v.len())
                && v.len() % 2 == 0
                && v.bytes().all(|b| b.is_ascii_hexdigit())
        };
        let pending = self
            .rekey
            .as_ref()
            .map(|r| r.slots.as_slice())
            .unwrap_or(&[]);
        if self
            .rekey
            .as_ref()
            .is_some_and(|r| !hex_len(&r.new_salt, 32, 32))
        {
            return Err(StoreError::KeyFileDamaged);
        }
        for s in self.slots.iter().chain(pending) {
            let wrapped_ok = match &s.sealed_key {
                // Sealed after a rekey: ephemeral key (32) + nonce (24) + key and tag (48).
                Some(sealed) => {
                    s.wrapped_key.is_empty() && s.nonce.is_empty() && hex_len(sealed, 208, 208)
                }
                None => hex_len(&s.wrapped_key, 2, 128) && hex_len(&s.nonce, 48, 48),
            };
            if !plausible_user_id(&s.user_id)
                || s.kdf.alg != "argon2id"
                || !KDF_M_KIB.contains(&s.kdf.m_kib)
                || !KDF_T.contains(&s.kdf.t)
                || !KDF_P.contains(&s.kdf.p)
                || !hex_len(&s.kdf.salt, 16, 64)
                || !wrapped_ok
                || s.public.as_ref().is_some_and(|p| !hex_len(p, 64, 64))
                || s.public.is_some() != s.secret.is_some()
                || s.sealed_key.is_some() && s.public.is_none()
                || s.secret
                    .as_ref()
                    .is_some_and(|r| !hex_len(&r.nonce, 48, 48) || !hex_len(&r.wrapped, 2, 128))
                || s.reveal
                    .as_ref()
                    .is_some_and(|r| !hex_len(&r.nonce, 48, 48) || !hex_len(&r.wrapped, 2, 128))
            {
                return Err(StoreError::KeyFileDamaged);
            }
        }
        self.failures.retain(|id, _| plausible_user_id(id));
        for f in self.failures.values_mut() {
            f.count = f.count.min(crate::auth::MAX_FAILURES);
            f.in_flight.truncate(crate::auth::MAX_FAILURES as usize);
            f.in_flight.retain(|t| t.len() <= 80);
            if f.locked_until.as_ref().is_some_and(|t| t.len() > 40) {
                f.locked_until = None;
            }
        }
        self.pending_events
            .retain(|e| plausible_user_id(&e.user_id) && e.at.len() <= 40 && e.action.len() <= 40);
        self.trim();
        Ok(())
    }

    /// Keep the lists bounded without ever dropping an account's record for a made-up ID's.
    pub fn trim(&mut self) {
        let known: std::collections::BTreeSet<&str> =
            self.slots.iter().map(|s| s.user_id.as_str()).collect();
        let mut unknown: Vec<(String, String)> = self
            .failures
            .iter()
            .filter(|(id, _)| !known.contains(id.as_str()))
            .map(|(id, f)| (f.last.clone().unwrap_or_default(), id.clone()))
            .collect();
        if unknown.len() > MAX_UNKNOWN_TRACKED {
            unknown.sort();
            for (_, id) in &unknown[..unknown.len() - MAX_UNKNOWN_TRACKED] {
                self.failures.remove(id);
            }
        }
        let excess = self.pending_events.len().saturating_sub(MAX_PENDING);
        if excess > 0 {
            // Unknown IDs' oldest go first; accounts' events only if they alone exceed the bound.
            let mut drop_unknown = excess;
            self.pending_events.retain(|e| {
                if drop_unknown > 0 && !known.contains(e.user_id.as_str()) {
                    drop_unknown -= 1;
                    false
                } else {
                    true
                }
            });
            let still = self.pending_events.len().saturating_sub(MAX_PENDING);
            self.pending_events.drain(..still);
        }
    }

    /// Write atomically under a fresh unpredictable temporary name: a crash leaves either the
    /// old or the new file, never half of one, and two processes never share a temporary file.
    /// The program changes an existing file only through [`update`], which holds the lock; a
    /// bare `save` is for a file nobody else can see yet (and for tests playing the attacker).
    pub fn save(&self, path: &Path) -> Result<(), StoreError> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| StoreError::Io(e.to_string()))?;
        crate::fsutil::write_atomic_private(path, &json).map_err(|e| StoreError::Io(e.to_string()))
    }

    /// Write the side file of a new database; refuses to replace one.
    pub fn save_new(&self, path: &Path) -> Result<(), StoreError> {
        let _lock = lock(path)?;
        if path.exists() {
            return Err(StoreError::DatabaseExists(path.display().to_string()));
        }
        self.save(path)
    }

    pub fn slot(&self, user_id: &str) -> Option<&Slot> {
        self.slots.iter().find(|s| s.user_id == user_id)
    }

    /// Add (or replace) `user_id`'s slot wrapping `key` under `password`, at the fallback cost
    /// (a side file made outside a database; the store uses its calibrated cost).
    pub fn set_slot(
        &mut self,
        user_id: &str,
        password: &str,
        key: &DbKey,
    ) -> Result<(), StoreError> {
        let slot = new_slot(&self.db_id, user_id, password, key, super::kdf::fallback())?;
        self.put_slot(slot);
        Ok(())
    }

    /// Insert a slot made with [`new_slot`] (made outside the lock: Argon2 takes a while).
    pub fn put_slot(&mut self, slot: Slot) {
        self.slots.retain(|s| s.user_id != slot.user_id);
        self.slots.push(slot);
    }

    pub fn remove_slot(&mut self, user_id: &str) -> bool {
        let before = self.slots.len();
        self.slots.retain(|s| s.user_id != user_id);
        self.slots.len() != before
    }

    /// Unwrap the database key with `user_id`'s password. `None`: wrong password, or a slot whose
    /// bytes were changed (the two are indistinguishable by design).
    /// An ID without a slot costs the same Argon2 work as a real one, so timing does not tell
    /// which IDs exist.
    pub fn unwrap_key(&self, user_id: &str, password: &str) -> Result<Option<DbKey>, StoreError> {
        let Some(slot) = self.slot(user_id) else {
            let salt =
                hex::encode(&Sha256::digest(format!("{}:{user_id}", self.db_id).as_bytes())[..16]);
            // As much work as the office's own slots cost.
            let Cost { m_kib, t, p } = self
                .slots
                .first()
                .map(Slot::cost)
                .unwrap_or_else(super::kdf::fallback);
            let _ = derive(
                password,
                &KdfParams {
                    alg: "argon2id".into(),
                    m_kib,
                    t,
                    p,
                    salt,
                },
            )?;
            return Ok(None);
        };
        unwrap(&self.db_id, slot, password)
    }

    /// [`KeyFile::unwrap_key`], also returning the password-derived key (for the My Number key,
    /// and to rewrap a sealed or weaker slot at login).
    pub fn unwrap_with_kek(
        &self,
        user_id: &str,
        password: &str,
    ) -> Result<Option<(DbKey, Kek)>, StoreError> {
        match self.slot(user_id) {
            None => self.unwrap_key(user_id, password).map(|_| None),
            Some(slot) => unwrap_kek(&self.db_id, slot, password),
        }
    }
}

/// A user ID the side file may hold: short, no control characters.
pub fn plausible_user_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_USER_ID_BYTES && !id.chars().any(|c| c.is_control())
}

/// What the database records for a slot (`store::slot_binding`): it covers the wrapped key and
/// its parameters, so any other slot for the same user — an old copy, a planted one — differs.
pub fn fingerprint(slot: &Slot) -> String {
    let mut h = Sha256::new();
    for part in [
        slot.user_id.as_str(),
        &slot.kdf.salt,
        &slot.nonce,
        &slot.wrapped_key,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    for n in [slot.kdf.m_kib, slot.kdf.t, slot.kdf.p] {
        h.update(n.to_be_bytes());
    }
    // Parts newer slots have (issue 14), only when present: an older slot's fingerprint, as
    // recorded by an older program, stays what it was.
    for (tag, part) in [
        ("public", slot.public.as_deref()),
        ("secret", slot.secret.as_ref().map(|s| s.wrapped.as_str())),
        ("sealed", slot.sealed_key.as_deref()),
    ] {
        if let Some(part) = part {
            h.update(tag.as_bytes());
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
    }
    hex::encode(h.finalize())
}

/// A new slot for `user_id` (the slow part, done before taking the lock).
pub fn new_slot(
    db_id: &str,
    user_id: &str,
    password: &str,
    key: &DbKey,
    cost: Cost,
) -> Result<Slot, StoreError> {
    wrap(db_id, user_id, password, key, cost).map(|(s, _)| s)
}

/// A new slot that also wraps the My Number key `reveal` (the holder's own password change).
pub fn new_slot_with_reveal(
    db_id: &str,
    user_id: &str,
    password: &str,
    key: &DbKey,
    reveal: Option<&super::reveal::RevealKey>,
    cost: Cost,
) -> Result<(Slot, Kek), StoreError> {
    let (mut slot, kek) = wrap(db_id, user_id, password, key, cost)?;
    slot.reveal = reveal.map(|r| wrap_reveal(db_id, user_id, &kek, r));
    Ok((slot, kek))
}

fn secret_aad(db_id: &str, user_id: &str) -> Vec<u8> {
    format!("{FORMAT}:{FORMAT_VERSION}:secret:{db_id}:{user_id}").into_bytes()
}

fn sealed_key_material(
    shared: &[u8; 32],
    eph: &[u8; 32],
    public: &[u8; 32],
    db_id: &str,
    user_id: &str,
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"madoguchi-rekey:v1:");
    h.update(shared);
    h.update(eph);
    h.update(public);
    h.update(db_id.as_bytes());
    h.update(b":");
    h.update(user_id.as_bytes());
    h.finalize().into()
}

fn decode32(s: &str) -> Option<[u8; 32]> {
    hex::decode(s).ok().and_then(|b| b.try_into().ok())
}

/// The slot after a rekey: the new database key sealed to the slot's public key, everything the
/// password opens (the X25519 secret, the My Number key) kept as it was. `None`: a slot from
/// before public keys (its account needs a password reset after the rekey).
pub fn seal_for_rekey(db_id: &str, slot: &Slot, new_key: &DbKey) -> Option<Slot> {
    let public = decode32(slot.public.as_deref()?)?;
    let eph = x25519_dalek::StaticSecret::random_from_rng(rand::rngs::OsRng);
    let eph_pub = x25519_dalek::PublicKey::from(&eph);
    let shared = eph.diffie_hellman(&x25519_dalek::PublicKey::from(public));
    let k = sealed_key_material(
        shared.as_bytes(),
        eph_pub.as_bytes(),
        &public,
        db_id,
        &slot.user_id,
    );
    let mut nonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let ct = XChaCha20Poly1305::new((&k).into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &new_key.0,
                aad: &aad(db_id, &slot.user_id),
            },
        )
        .expect("XChaCha20-Poly1305 encryption does not fail");
    let mut sealed = eph_pub.as_bytes().to_vec();
    sealed.extend(nonce);
    sealed.extend(ct);
    Some(Slot {
        nonce: String::new(),
        wrapped_key: String::new(),
        sealed_key: Some(hex::encode(sealed)),
        ..slot.clone()
    })
}

fn open_sealed(db_id: &str, slot: &Slot, kek: &[u8; 32]) -> Option<DbKey> {
    let public = decode32(slot.public.as_deref()?)?;
    let w = slot.secret.as_ref()?;
    let nonce = hex::decode(&w.nonce).ok().filter(|n| n.len() == 24)?;
    let secret: [u8; 32] = XChaCha20Poly1305::new(kek.into())
        .decrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &hex::decode(&w.wrapped).ok()?,
                aad: &secret_aad(db_id, &slot.user_id),
            },
        )
        .ok()?
        .try_into()
        .ok()?;
    let secret = x25519_dalek::StaticSecret::from(secret);
    let sealed = hex::decode(slot.sealed_key.as_deref()?).ok()?;
    if sealed.len() != 32 + 24 + 48 {
        return None;
    }
    let eph: [u8; 32] = sealed[..32].try_into().ok()?;
    let shared = secret.diffie_hellman(&x25519_dalek::PublicKey::from(eph));
    let k = sealed_key_material(shared.as_bytes(), &eph, &public, db_id, &slot.user_id);
    let pt = XChaCha20Poly1305::new((&k).into())
        .decrypt(
            XNonce::from_slice(&sealed[32..56]),
            Payload {
                msg: &sealed[56..],
                aad: &aad(db_id, &slot.user_id),
            },
        )
        .ok()?;
    let key: [u8; 32] = pt.try_into().ok()?;
    Some(DbKey(key))
}

/// The slot wants rewrapping at this login: sealed by a rekey, cheaper than the office's
/// calibrated cost, or from before public keys.
pub fn needs_rewrap(slot: &Slot, target: &Cost) -> bool {
    slot.sealed_key.is_some() || slot.public.is_none() || slot.cost().weaker_than(target)
}

/// Under the lock no one else is between writing and renaming a temporary side file, so any
/// `<keys>.<random>.tmp` still there was left by a killed process.
fn remove_stale_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{}.", name.to_string_lossy());
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with(&prefix) && n.ends_with(".tmp") && n.len() == prefix.len() + 24 + 4 {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

fn lock_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// An exclusive lock on `<keys>.lock` — a file that is never renamed, so every process locks the
/// same inode — released when the returned file is dropped.
fn lock(path: &Path) -> Result<fs::File, StoreError> {
    let lp = lock_path(path);
    let mut opts = fs::OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    let f = opts
        .open(&lp)
        .map_err(|e| StoreError::Io(format!("{}: {e}", lp.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        loop {
            // SAFETY: a valid open descriptor; flock has no other preconditions.
            if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) } == 0 {
                break;
            }
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(StoreError::Io(format!("{}: {e}", lp.display())));
            }
        }
    }
    Ok(f)
}

/// One locked read-modify-write of the side file: load, apply `f`, save, unlock. Nothing slow
/// (no Argon2) belongs inside `f`. If `f` fails, the file is left as it was.
pub fn update<T>(
    path: &Path,
    f: impl FnOnce(&mut KeyFile) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let _lock = lock(path)?;
    remove_stale_temporaries(path);
    let mut kf = KeyFile::load(path)?;
    let before = kf.clone();
    settle_rekey(&mut kf, path);
    let out = f(&mut kf)?;
    kf.trim();
    if kf != before {
        kf.save(path)?;
    }
    Ok(out)
}

/// The database file beside a side file `<db>.keys`.
fn db_of(keys_path: &Path) -> Option<PathBuf> {
    let s = keys_path.to_str()?.strip_suffix(".keys")?;
    Some(PathBuf::from(s))
}

/// The first 16 bytes of an SQLCipher file: its random salt, different for every file made.
pub fn file_salt(db: &Path) -> Option<String> {
    let mut head = [0u8; 16];
    fs::File::open(db).ok()?.read_exact(&mut head).ok()?;
    Some(hex::encode(head))
}

/// Finish or drop a rekey that was interrupted (`store::rekey`). The new file in place means
/// the rekey got past its one rename: its slots are the ones now. The old file in place means
/// it did not — but only when nobody has the database open (a rekey running right now holds it
/// exclusively) is its pending list dropped and its half-made file removed.
fn settle_rekey(kf: &mut KeyFile, keys_path: &Path) {
    let Some(db) = db_of(keys_path) else {
        return;
    };
    let Some(r) = kf.rekey.clone() else {
        // A rekey killed before it wrote its pending slots left only its half-made file.
        let new_file = super::rekey::new_file_path(&db);
        if new_file.exists() {
            if let Some(_alone) = super::wal_guard::exclusive(&db) {
                let _ = fs::remove_file(&new_file);
                let _ = fs::remove_file(with_suffix(&new_file, "-journal"));
            }
        }
        return;
    };
    if file_salt(&db).as_deref() == Some(r.new_salt.as_str()) {
        kf.slots = r.slots;
        kf.rekey = None;
        return;
    }
    if let Some(_alone) = super::wal_guard::exclusive(&db) {
        kf.rekey = None;
        let _ = fs::remove_file(super::rekey::new_file_path(&db));
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
    cost: Cost,
) -> Result<(Slot, Kek), StoreError> {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let kdf = KdfParams {
        alg: "argon2id".into(),
        m_kib: cost.m_kib,
        t: cost.t,
        p: cost.p,
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
    let secret = x25519_dalek::StaticSecret::random_from_rng(rand::rngs::OsRng);
    let public = x25519_dalek::PublicKey::from(&secret);
    let mut snonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut snonce);
    let wrapped_secret = cipher
        .encrypt(
            XNonce::from_slice(&snonce),
            Payload {
                msg: secret.as_bytes(),
                aad: &secret_aad(db_id, user_id),
            },
        )
        .map_err(|_| StoreError::Io("鍵の暗号化に失敗しました".into()))?;
    Ok((
        Slot {
            user_id: user_id.to_string(),
            kdf,
            nonce: hex::encode(nonce),
            wrapped_key: hex::encode(ct),
            reveal: None,
            public: Some(hex::encode(public.as_bytes())),
            secret: Some(WrappedReveal {
                nonce: hex::encode(snonce),
                wrapped: hex::encode(wrapped_secret),
            }),
            sealed_key: None,
        },
        Kek(kek),
    ))
}

fn unwrap(db_id: &str, slot: &Slot, password: &str) -> Result<Option<DbKey>, StoreError> {
    unwrap_kek(db_id, slot, password).map(|o| o.map(|(k, _)| k))
}

fn unwrap_kek(
    db_id: &str,
    slot: &Slot,
    password: &str,
) -> Result<Option<(DbKey, Kek)>, StoreError> {
    let kek = derive(password, &slot.kdf)?;
    if slot.sealed_key.is_some() {
        return Ok(open_sealed(db_id, slot, &kek).map(|k| (k, Kek(kek))));
    }
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
            Ok(Some((DbKey(k), Kek(kek))))
        }
        _ => Ok(None),
    }
}

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
