//! Random tokens, token hashing, and the secret key that encrypts provider secrets at rest.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::Path;

/// A fresh random token, URL-safe, 256 bits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Tokens are high-entropy, so a plain SHA-256 is the right lookup hash (argon2 is for passwords).
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Constant-time equality for secrets compared against user input.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The data dir's secret key: AES-256-GCM for provider secrets stored in the database.
/// Debug never prints the key.
pub struct SecretKey(Aes256Gcm);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read or create the secret key file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the secret key file {0} is damaged: it must hold 64 hex digits")]
    Malformed(String),
}

#[derive(Debug, thiserror::Error)]
#[error("a stored secret cannot be decrypted with this data dir's key")]
pub struct DecryptError;

impl SecretKey {
    /// Reads the key file, or creates it with mode 0600 when it does not exist yet.
    pub fn load_or_create(path: &Path) -> Result<SecretKey, KeyError> {
        let io = |source| KeyError::Io {
            path: path.display().to_string(),
            source,
        };
        if !path.exists() {
            let mut bytes = [0u8; 32];
            rand::thread_rng().fill_bytes(&mut bytes);
            let mut options = fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(path).map_err(io)?;
            file.write_all(hex::encode(bytes).as_bytes()).map_err(io)?;
            file.sync_all().map_err(io)?;
        }
        let text = fs::read_to_string(path).map_err(io)?;
        let bytes = hex::decode(text.trim())
            .ok()
            .filter(|b| b.len() == 32)
            .ok_or_else(|| KeyError::Malformed(path.display().to_string()))?;
        Ok(SecretKey::from_bytes(&bytes))
    }

    pub fn from_bytes(bytes: &[u8]) -> SecretKey {
        SecretKey(Aes256Gcm::new_from_slice(bytes).expect("32-byte key"))
    }

    /// Encrypts with a random nonce; the output is `nonce || ciphertext+tag`.
    /// `context` (e.g. the setting's name) is bound as associated data, so a value cannot be
    /// moved to another setting.
    pub fn seal(&self, context: &str, plaintext: &str) -> Vec<u8> {
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        let payload = aes_gcm::aead::Payload {
            msg: plaintext.as_bytes(),
            aad: context.as_bytes(),
        };
        let sealed = self
            .0
            .encrypt(Nonce::from_slice(&nonce), payload)
            .expect("AES-GCM encrypt");
        [nonce.as_slice(), &sealed].concat()
    }

    pub fn open(&self, context: &str, sealed: &[u8]) -> Result<String, DecryptError> {
        if sealed.len() < 12 + 16 {
            return Err(DecryptError);
        }
        let (nonce, body) = sealed.split_at(12);
        let payload = aes_gcm::aead::Payload {
            msg: body,
            aad: context.as_bytes(),
        };
        let plain = self
            .0
            .decrypt(Nonce::from_slice(nonce), payload)
            .map_err(|_| DecryptError)?;
        String::from_utf8(plain).map_err(|_| DecryptError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secret_opens_only_with_same_key_and_context() {
        let key = SecretKey::from_bytes(&[7u8; 32]);
        let sealed = key.seal("kartra.api_password", "hunter2");
        assert!(
            !sealed.windows(7).any(|w| w == b"hunter2"),
            "ciphertext must not hold the secret"
        );
        assert_eq!(key.open("kartra.api_password", &sealed).unwrap(), "hunter2");
        assert!(key.open("stripe.secret_key", &sealed).is_err());
        assert!(SecretKey::from_bytes(&[8u8; 32])
            .open("kartra.api_password", &sealed)
            .is_err());
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(key.open("kartra.api_password", &tampered).is_err());
    }

    #[test]
    fn key_file_is_created_once_with_owner_only_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret.key");
        let first = SecretKey::load_or_create(&path).unwrap();
        let sealed = first.seal("x", "y");
        let again = SecretKey::load_or_create(&path).unwrap();
        assert_eq!(again.open("x", &sealed).unwrap(), "y");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(format!("{first:?}").contains(".."));
    }

    #[test]
    fn damaged_key_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret.key");
        fs::write(&path, "not hex").unwrap();
        assert!(matches!(
            SecretKey::load_or_create(&path),
            Err(KeyError::Malformed(_))
        ));
    }

    #[test]
    fn tokens_are_distinct_and_hash_stably() {
        let a = random_token();
        assert_ne!(a, random_token());
        assert_eq!(token_hash(&a), token_hash(&a));
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, "short"));
    }
}
