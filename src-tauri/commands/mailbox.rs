//! The Mailboxes step: find a mailbox's servers, check IMAP, POP3 and SMTP over verified TLS,
//! keep the password in the keychain (never in the store, never sent back) and the result in
//! the saved progress.

use std::time::Duration;

use sendwell_core::mailbox::account::{self, AccountRequest, Password};
use sendwell_core::mailbox::discover::{self, DiscoverOptions, MailSettings, SettingsSource};
use sendwell_core::mailbox::{self, CheckOptions, Endpoint, MailboxReport, Protocol};
use sendwell_core::secrets::Secret;
use sendwell_core::store::{MailServers, MailboxRow};
use sendwell_core::HickoryResolver;
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandResult;
use crate::settings::AppSettings;
use crate::state::{now, AppState};

/// Each protocol's check may take this long.
const PROBE_TIMEOUT: Duration = Duration::from_secs(20);

/// The servers Sendwell would try for `address` (presets, autoconfig, SRV, MX), to prefill the
/// Advanced fields.
#[tauri::command]
pub async fn discover_mailbox<R: Runtime>(
    app: AppHandle<R>,
    address: String,
) -> CommandResult<MailSettings> {
    let (address, domain) = mailbox::parse_address(&address)?;
    let resolver = HickoryResolver::new(&AppSettings::of(&app)?)?;
    let tls = AppSettings::tls(&app)?;
    let mut settings = MailSettings::empty();
    let options = DiscoverOptions {
        autoconfig: true,
        dns: true,
    };
    discover::discover(
        &resolver,
        &address,
        &domain.ascii,
        &tls,
        options,
        &mut settings,
    )
    .await;
    Ok(settings)
}

/// Check `address` with the servers given (the rest discovered) and `password` (typed now, or
/// `None` for the keychain's). A typed password is kept once a server accepts it.
#[tauri::command]
pub async fn check_mailbox<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    address: String,
    servers: MailServers,
    password: Option<String>,
) -> CommandResult<MailboxReport> {
    let (_, name) = mailbox::parse_address(&address)?;
    let domain = name.ascii;
    let password = match password {
        Some(p) => Password::Typed(Secret::from_string(p)),
        None => Password::Saved,
    };
    let mut given = MailSettings::empty();
    for (protocol, value) in [
        (Protocol::Imap, &servers.imap),
        (Protocol::Pop3, &servers.pop3),
        (Protocol::Smtp, &servers.smtp),
    ] {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            given.set(
                protocol,
                Endpoint::from_setting(protocol, v)?,
                SettingsSource::CommandLine,
            );
        }
    }
    let resolver = HickoryResolver::new(&AppSettings::of(&app)?)?;
    let tls = AppSettings::tls(&app)?;
    let keychain = state.keychain().await?;
    let options = CheckOptions {
        probe_timeout: PROBE_TIMEOUT,
        connect_timeout: Duration::from_secs(8),
    };
    let request = AccountRequest {
        address,
        given,
        password,
        save: true,
    };
    let checked = account::check_account(&resolver, &keychain, request, &tls, &options).await?;
    let row = MailboxRow {
        address: checked.report.address.clone(),
        domain,
        servers,
        report: serde_json::to_value(&checked.report).ok(),
        checked_at: Some(now()),
    };
    state.store().save_mailbox(&row, now())?;
    Ok(checked.report)
}

/// Remove the mailbox from the saved progress and its password from the keychain.
#[tauri::command]
pub async fn forget_mailbox(state: State<'_, AppState>, address: String) -> CommandResult<()> {
    let (address, _) = mailbox::parse_address(&address)?;
    let keychain = state.keychain().await?;
    keychain.delete_password(&address).await?;
    state.store().delete_mailbox(&address)?;
    Ok(())
}
