//! 個人番号鍵 (the My Number key): a second key, besides the database key, under which every
//! My Number is sealed inside the database.
//!
//! Every account's slot wraps the database key, so any password opens the file. The My Number
//! must not open with every password: it is sealed (XChaCha20-Poly1305, bound to the database and
//! the person) under this key, and only the slots of accounts whose role may reveal My Numbers
//! wrap it. A read-only or medical-clerk account holding the database key sees only ciphertext,
//! a keyed lookup hash (for the one-number-one-person check) and the last four digits the masked
//! display shows. The key reaches a new or reset account only from someone who holds it
//! (`App::grant_reveal_key_from`): the second-person check the seeds ask for.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The My Number key. Zeroed on drop.
#[derive(Clone)]
pub struct RevealKey(pub(crate) [u8; 32]);

impl RevealKey {
    pub fn generate() -> RevealKey {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        RevealKey(k)
    }

    /// What the database records (`meta.reveal_check`) to recognise the right key; reveals
    /// nothing about it.
    pub fn check_value(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"madoguchi-reveal-check:v1:");
        h.update(self.0);
        hex::encode(h.finalize())
    }
}

impl Drop for RevealKey {
    fn drop(&mut self) {
        for b in self.0.iter_mut() {
            // SAFETY-free zeroing; volatile so the compiler keeps it.
            unsafe { std::ptr::write_volatile(b, 0) };
        }
    }
}

impl std::fmt::Debug for RevealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RevealKey(..)")
    }
}

fn aad(db_id: &str, person_id: i64) -> Vec<u8> {
    format!("madoguchi-my-number:v1:{db_id}:{person_id}").into_bytes()
}

/// The number sealed for `person_id` of database `db_id`: hex of nonce ‖ ciphertext.
pub fn seal(key: &RevealKey, db_id: &str, person_id: i64, number: &str) -> String {
    let mut nonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let ct = XChaCha20Poly1305::new((&key.0).into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: number.as_bytes(),
                aad: &aad(db_id, person_id),
            },
        )
        .expect("XChaCha20-Poly1305 encryption does not fail");
    let mut out = nonce.to_vec();
    out.extend(ct);
    hex::encode(out)
}

/// `None`: the wrong key, or a value moved to another person or database.
pub fn open(key: &RevealKey, db_id: &str, person_id: i64, sealed: &str) -> Option<String> {
    let bytes = hex::decode(sealed).ok()?;
    if bytes.len() < 24 + 16 {
        return None;
    }
    let (nonce, ct) = bytes.split_at(24);
    let pt = XChaCha20Poly1305::new((&key.0).into())
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ct,
                aad: &aad(db_id, person_id),
            },
        )
        .ok()?;
    String::from_utf8(pt).ok()
}

/// A keyed hash for "is this number already registered to someone else": without the key, the
/// 10^11 possible numbers cannot be tried against it.
pub fn lookup(key: &RevealKey, number: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"madoguchi-my-number-lookup:v1:");
    h.update(key.0);
    h.update(number.as_bytes());
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_numbers_open_only_with_the_key_for_the_same_person() {
        let k = RevealKey::generate();
        let s = seal(&k, "db1", 7, "123456789018");
        assert!(!s.contains("123456789018"));
        assert_eq!(open(&k, "db1", 7, &s).as_deref(), Some("123456789018"));
        assert_eq!(open(&k, "db1", 8, &s), None);
        assert_eq!(open(&k, "db2", 7, &s), None);
        assert_eq!(open(&RevealKey::generate(), "db1", 7, &s), None);
        assert_eq!(lookup(&k, "123456789018"), lookup(&k, "123456789018"));
        assert_ne!(
            lookup(&k, "123456789018"),
            lookup(&RevealKey::generate(), "123456789018")
        );
    }
}
