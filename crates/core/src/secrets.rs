//! The operating system's keychain (Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows) for mailbox passwords and DKIM private keys. Never a file, never a mock.
//!
//! Every entry lives under the service [`SERVICE`]. A mailbox password's account is the address
//! (lowercase); a DKIM key's account is `dkim:<selector>._domainkey.<domain>` and its secret is
//! the private key as DER bytes (Windows Credential Manager holds at most 2560 bytes).
//! The store calls block, so each runs on a thread of its own (the Secret Service client must
//! not run inside the async runtime), with a deadline.

pub mod secret;

use std::sync::Arc;
use std::time::Duration;

use keyring_core::{CredentialStore, Entry};

pub use secret::Secret;

use crate::error::{Error, Result};

/// The service name every Sendwell entry is stored under.
pub const SERVICE: &str = "Sendwell";

/// How long one keychain call may take (a locked keychain may wait for a prompt that never comes).
pub const KEYCHAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// What an entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// A mailbox password (account = the address).
    MailboxPassword,
    /// A DKIM private key, DER bytes (account = `dkim:<selector>._domainkey.<domain>`).
    DkimKey,
}

/// The account name of a mailbox password: the address, lowercase.
pub fn mailbox_account(address: &str) -> String {
    address.trim().to_ascii_lowercase()
}

/// The account name of a DKIM private key: `dkim:<selector>._domainkey.<domain>`.
pub fn dkim_account(selector: &str, domain: &str) -> String {
    format!(
        "dkim:{}._domainkey.{}",
        selector.to_ascii_lowercase(),
        domain.trim_end_matches('.').to_ascii_lowercase()
    )
}

/// An open connection to the operating system's keychain.
#[derive(Clone)]
pub struct Keychain {
    store: Arc<CredentialStore>,
}

impl std::fmt::Debug for Keychain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keychain")
            .field("vendor", &self.store.vendor())
            .finish()
    }
}

impl Keychain {
    /// Connect to this platform's keychain. Fails with `keychain.unavailable` when there is none.
    pub async fn open() -> Result<Keychain> {
        let store = blocking(platform_store).await??;
        Ok(Keychain { store })
    }

    /// Who provides the store, e.g. "Secret Service store, https://crates.io/…" (tests check
    /// that this is the real platform store, not a mock).
    pub fn vendor(&self) -> String {
        self.store.vendor()
    }

    /// Save (or replace) a mailbox password.
    pub async fn save_password(&self, address: &str, password: &Secret) -> Result<()> {
        self.save(mailbox_account(address), password.clone()).await
    }

    /// The saved mailbox password, `None` when there is none.
    pub async fn read_password(&self, address: &str) -> Result<Option<Secret>> {
        self.read(mailbox_account(address)).await
    }

    /// Delete a saved mailbox password; `false` when there was none.
    pub async fn delete_password(&self, address: &str) -> Result<bool> {
        self.delete(mailbox_account(address)).await
    }

    /// Whether a mailbox password is saved.
    pub async fn password_exists(&self, address: &str) -> Result<bool> {
        Ok(self.read(mailbox_account(address)).await?.is_some())
    }

    /// Save (or replace) a DKIM private key (DER bytes).
    pub async fn save_dkim_key(&self, selector: &str, domain: &str, der: &Secret) -> Result<()> {
        self.save(dkim_account(selector, domain), der.clone()).await
    }

    /// The saved DKIM private key (DER bytes), `None` when there is none.
    pub async fn read_dkim_key(&self, selector: &str, domain: &str) -> Result<Option<Secret>> {
        self.read(dkim_account(selector, domain)).await
    }

    /// Delete a saved DKIM private key; `false` when there was none.
    pub async fn delete_dkim_key(&self, selector: &str, domain: &str) -> Result<bool> {
        self.delete(dkim_account(selector, domain)).await
    }

    /// Whether a DKIM private key is saved.
    pub async fn dkim_key_exists(&self, selector: &str, domain: &str) -> Result<bool> {
        Ok(self.read(dkim_account(selector, domain)).await?.is_some())
    }

    async fn save(&self, account: String, secret: Secret) -> Result<()> {
        let store = self.store.clone();
        blocking(move || {
            entry(&store, &account)?
                .set_secret(secret.expose_bytes())
                .map_err(convert)
        })
        .await?
    }

    async fn read(&self, account: String) -> Result<Option<Secret>> {
        let store = self.store.clone();
        blocking(move || match entry(&store, &account)?.get_secret() {
            Ok(bytes) => Ok(Some(Secret::from_bytes(bytes))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(convert(e)),
        })
        .await?
    }

    async fn delete(&self, account: String) -> Result<bool> {
        let store = self.store.clone();
        blocking(move || match entry(&store, &account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(e) => Err(convert(e)),
        })
        .await?
    }
}

fn entry(store: &Arc<CredentialStore>, account: &str) -> Result<Entry> {
    Entry::new_in_store(store, SERVICE, account).map_err(convert)
}

/// Run a blocking keychain call on a thread of its own, with [`KEYCHAIN_TIMEOUT`]. Not on an
/// async worker (the Secret Service client blocks), and not on tokio's blocking pool either: a
/// call that never returns (a prompt nobody answers) would keep the runtime from shutting down.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("sendwell-keychain".to_owned())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .map_err(|e| Error::Internal(format!("keychain thread: {e}")))?;
    match tokio::time::timeout(KEYCHAIN_TIMEOUT, rx).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) => Err(Error::Internal(
            "the keychain call ended without an answer".to_owned(),
        )),
        Err(_) => Err(Error::KeychainUnavailable {
            reason: format!(
                "it did not answer within {} s; it may be waiting to be unlocked",
                KEYCHAIN_TIMEOUT.as_secs()
            ),
        }),
    }
}

#[cfg(target_os = "linux")]
fn platform_store() -> Result<Arc<CredentialStore>> {
    let store = zbus_secret_service_keyring_store::Store::new().map_err(|e| {
        Error::KeychainUnavailable {
            reason: format!("no Secret Service on the session bus: {}", reason_of(&e)),
        }
    })?;
    Ok(store)
}

#[cfg(target_os = "macos")]
fn platform_store() -> Result<Arc<CredentialStore>> {
    let store = apple_native_keyring_store::keychain::Store::new().map_err(|e| {
        Error::KeychainUnavailable {
            reason: reason_of(&e),
        }
    })?;
    Ok(store)
}

#[cfg(target_os = "windows")]
fn platform_store() -> Result<Arc<CredentialStore>> {
    let store =
        windows_native_keyring_store::Store::new().map_err(|e| Error::KeychainUnavailable {
            reason: reason_of(&e),
        })?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_store() -> Result<Arc<CredentialStore>> {
    Err(Error::KeychainUnavailable {
        reason: "this operating system has no supported keychain".to_owned(),
    })
}

/// A keychain error as ours. Never formats `BadEncoding`/`BadDataFormat`: they carry the secret.
fn convert(e: keyring_core::Error) -> Error {
    use keyring_core::Error as K;
    match e {
        K::NoStorageAccess(_) => Error::KeychainLocked,
        K::PlatformFailure(inner) => {
            let text = inner.to_string();
            if looks_locked(&text) {
                Error::KeychainLocked
            } else {
                Error::KeychainFailed { reason: text }
            }
        }
        K::NoDefaultStore => Error::KeychainUnavailable {
            reason: "no keychain store is configured".to_owned(),
        },
        other => Error::KeychainFailed {
            reason: reason_of(&other),
        },
    }
}

/// The Secret Service names a locked collection `org.freedesktop.Secret.Error.IsLocked`;
/// secret-service reports some of those only as a platform failure with that text.
fn looks_locked(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("islocked") || t.contains("is locked") || t.contains("locked")
}

/// A description of a keychain error that cannot contain secret bytes.
fn reason_of(e: &keyring_core::Error) -> String {
    use keyring_core::Error as K;
    match e {
        K::BadEncoding(_) => "a stored entry is not valid text".to_owned(),
        K::BadDataFormat(_, _) => "a stored entry has an unexpected format".to_owned(),
        K::Ambiguous(list) => format!("{} entries match; expected one", list.len()),
        K::TooLong(what, max) => format!("{what} is longer than the keychain allows ({max})"),
        K::Invalid(what, why) => format!("{what} {why}"),
        K::NoEntry => "no such entry".to_owned(),
        K::NoDefaultStore => "no keychain store is configured".to_owned(),
        K::NotSupportedByStore(what) => format!("not supported: {what}"),
        K::BadStoreFormat(what) => format!("bad store format: {what}"),
        K::PlatformFailure(inner) | K::NoStorageAccess(inner) => inner.to_string(),
        _ => "unknown keychain error".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names() {
        assert_eq!(mailbox_account(" Test@Example.TEST "), "test@example.test");
        assert_eq!(
            dkim_account("S1", "Example.com."),
            "dkim:s1._domainkey.example.com"
        );
    }

    #[test]
    fn bad_encoding_never_shows_the_bytes() {
        let e = convert(keyring_core::Error::BadEncoding(b"top-secret".to_vec()));
        assert_eq!(e.code(), "keychain.failed");
        assert!(!e.to_string().contains("top-secret"));
        assert!(!format!("{e:?}").contains("top-secret"));
    }

    #[test]
    fn no_storage_access_is_locked() {
        let inner: Box<dyn std::error::Error + Send + Sync> = "x".into();
        assert_eq!(
            convert(keyring_core::Error::NoStorageAccess(inner)).code(),
            "keychain.locked"
        );
    }
}
