//! One mailbox check with its password: typed now or read from the keychain; a typed password
//! is kept in the keychain only once a server has accepted it (so a typo is never saved).

use serde::Serialize;

use super::discover::{DiscoverOptions, MailSettings};
use super::{check_mailbox, CheckOptions, Credentials, MailboxReport, ProbeStatus, TlsSettings};
use crate::dns::Resolve;
use crate::error::{Error, Result};
use crate::secrets::{Keychain, Secret};

/// Where the password comes from.
pub enum Password {
    /// Typed by the user for this check.
    Typed(Secret),
    /// The one saved in the keychain for this address.
    Saved,
}

/// One check to run.
pub struct AccountRequest {
    /// The mailbox address (also the login name).
    pub address: String,
    /// Servers the user gave, per protocol; the rest are discovered.
    pub given: MailSettings,
    /// The password.
    pub password: Password,
    /// Keep a typed password in the keychain once a server accepts it.
    pub save: bool,
}

/// What happened to the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordOutcome {
    /// It was read from the keychain.
    FromKeychain,
    /// A server accepted it and it is now in the keychain.
    Saved,
    /// No server accepted it, so it was not kept.
    NotSaved,
    /// It was used for this check only (saving was not asked for).
    UsedOnce,
}

/// The report and the password's fate.
#[derive(Debug, Serialize)]
pub struct AccountCheck {
    /// The three probes and the verdict.
    pub report: MailboxReport,
    /// What happened to the password.
    pub password: PasswordOutcome,
}

/// Run `request`; with `save`, keep a typed password that a server accepted. A keychain error
/// while saving is an error (nothing else is lost: the caller may check again).
pub async fn check_account<R: Resolve>(
    resolver: &R,
    keychain: &Keychain,
    request: AccountRequest,
    tls: &TlsSettings,
    options: &CheckOptions,
) -> Result<AccountCheck> {
    let AccountRequest {
        address,
        given,
        password,
        save,
    } = request;
    let (address, _) = super::parse_address(&address)?;
    let (secret, typed) = match password {
        Password::Typed(s) if !s.is_empty() => (s, true),
        Password::Typed(_) => return Err(Error::MailboxPasswordMissing { address }),
        Password::Saved => match keychain.read_password(&address).await? {
            Some(s) => (s, false),
            None => return Err(Error::MailboxPasswordMissing { address }),
        },
    };
    let credentials = Credentials {
        user: address.clone(),
        password: secret,
    };
    let discover = DiscoverOptions {
        autoconfig: true,
        dns: true,
    };
    let report = check_mailbox(
        resolver,
        &address,
        given,
        &credentials,
        tls,
        options,
        discover,
    )
    .await?;
    let accepted = [&report.imap, &report.pop3, &report.smtp]
        .iter()
        .any(|r| r.status == ProbeStatus::Ok);
    let outcome = match (typed, save, accepted) {
        (false, _, _) => PasswordOutcome::FromKeychain,
        (true, false, _) => PasswordOutcome::UsedOnce,
        (true, true, false) => PasswordOutcome::NotSaved,
        (true, true, true) => {
            keychain
                .save_password(&address, &credentials.password)
                .await?;
            PasswordOutcome::Saved
        }
    };
    Ok(AccountCheck {
        report,
        password: outcome,
    })
}
