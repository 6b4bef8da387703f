//! argon2id with OWASP's parameters: 19 MiB of memory, 2 passes, 1 lane.
//!
//! Every hash needs those 19 MiB. A flood of parallel sign-ins once took the process to 6 GiB
//! (the allocator kept most of it afterwards), so the server hashes through `Hasher`: a
//! bounded number at a time, each in a memory block allocated once and reused.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::Mutex;
use std::time::Duration;
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hash")
        .to_string()
}

pub fn verify(stored_hash: &str, password: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|parsed| {
            argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Verifies `password` against a PHC string using `memory` as argon2's working memory.
fn verify_in(memory: &mut Vec<Block>, stored_hash: &str, password: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored_hash) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    let blocks = params.block_count();
    let mut computed = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(
            password.as_bytes(),
            salt,
            &mut computed,
            &mut memory[..blocks],
        )
        .is_ok()
        && bool::from(computed.ct_eq(expected.as_bytes()))
}

/// All the server's argon2 work: at most `parallel` hashes run at once; a caller that cannot
/// start within `wait` is told the server is busy (a 429, not a queue that grows without end).
pub struct Hasher {
    turns: Semaphore,
    /// Working memory, one per turn, allocated on first use and kept.
    memory: Mutex<Vec<Vec<Block>>>,
    wait: Duration,
}

/// Too many hashes waiting already.
#[derive(Debug, PartialEq)]
pub struct Busy;

impl Hasher {
    pub fn new(parallel: usize, wait: Duration) -> Hasher {
        Hasher {
            turns: Semaphore::new(parallel),
            memory: Mutex::new((0..parallel).map(|_| Vec::new()).collect()),
            wait,
        }
    }

    /// Checks a sign-in: `stored_hash` is `None` for an unknown email, which costs the same.
    pub async fn verify(
        &self,
        stored_hash: Option<String>,
        password: String,
    ) -> Result<bool, Busy> {
        self.run(move |memory| match stored_hash {
            Some(hash) => verify_in(memory, &hash, &password),
            None => {
                let _ = verify_in(memory, dummy_hash(), &password);
                false
            }
        })
        .await
    }

    /// A new hash, for a new admin or a changed password.
    pub async fn hash(&self, password: String) -> Result<String, Busy> {
        self.run(move |_| hash(&password)).await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let _turn = actix_web::rt::time::timeout(self.wait, self.turns.acquire())
            .await
            .map_err(|_| Busy)?
            .map_err(|_| Busy)?;
        // Holding a turn guarantees a free block: there are as many blocks as turns.
        let mut memory = self
            .memory
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop()
            .unwrap_or_default();
        let (answer, memory) = actix_web::web::block(move || {
            let answer = work(&mut memory);
            (answer, memory)
        })
        .await
        .map_err(|_| Busy)?;
        self.memory
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(memory);
        Ok(answer)
    }
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash("tagcart-dummy-password"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_argon2id_with_owasp_parameters_and_verifies() {
        let stored = hash("correct horse battery");
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify(&stored, "correct horse battery"));
        assert!(!verify(&stored, "correct horse battery!"));
        assert!(!verify("garbage", "x"));
    }

    #[test]
    fn verifying_in_reused_memory_agrees_with_the_library() {
        let stored = hash("correct horse battery");
        let mut memory = Vec::new();
        assert!(verify_in(&mut memory, &stored, "correct horse battery"));
        assert_eq!(memory.len(), 19 * 1024, "one block per KiB of m_cost");
        assert!(!verify_in(&mut memory, &stored, "correct horse battery!"));
        assert!(
            verify_in(&mut memory, &stored, "correct horse battery"),
            "dirty memory is fine"
        );
        assert!(!verify_in(&mut memory, "garbage", "x"));
        assert!(!verify_in(
            &mut memory,
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ",
            "x"
        ));
    }

    #[actix_web::test]
    async fn a_caller_that_cannot_get_a_turn_in_time_is_told_busy() {
        let hasher = Hasher::new(1, Duration::from_millis(1));
        let held = hasher.turns.acquire().await.unwrap();
        assert_eq!(hasher.verify(None, "x".into()).await, Err(Busy));
        drop(held);
        let stored = hash("correct horse battery");
        assert_eq!(
            hasher
                .verify(Some(stored), "correct horse battery".into())
                .await,
            Ok(true)
        );
        assert_eq!(
            hasher.memory.lock().unwrap().len(),
            1,
            "the block came back"
        );
    }
}
