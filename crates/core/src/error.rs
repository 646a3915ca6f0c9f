//! The one error type of `sendwell-core`, with a stable machine code per variant.
//! Expected outcomes ("no SPF record", "timed out") are values elsewhere; this is for bad input.

use serde::Serialize;

/// Result alias used across the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can stop a core operation. The UI and the CLI branch on [`Error::code`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Nothing was typed.
    #[error("Type your domain name, for example yourcompany.com.")]
    DomainEmpty,

    /// An email address was typed where a domain belongs.
    #[error("That looks like an email address. Enter only the part after @: {suggestion}")]
    DomainEmailAddress {
        /// The part after the last `@`.
        suggestion: String,
    },

    /// A web address (URL) was typed where a domain belongs.
    #[error("That looks like a web address. Enter just the domain: {suggestion}")]
    DomainUrl {
        /// The registrable domain of the URL's host.
        suggestion: String,
    },

    /// The name contains spaces inside it.
    #[error("A domain name cannot contain spaces. Remove them and try again.")]
    DomainContainsSpaces {
        /// The name with the spaces removed, when that gives a plausible name.
        suggestion: Option<String>,
    },

    /// A character that cannot appear in a domain name.
    #[error(
        "A domain name cannot contain '{character}'. Use only letters, digits, hyphens and dots."
    )]
    DomainInvalidCharacter {
        /// The first offending character.
        character: char,
    },

    /// Two dots in a row, or a dot at the start.
    #[error("The name has an empty part between dots. Check for a doubled or leading dot.")]
    DomainEmptyLabel,

    /// A label (the part between dots) over 63 bytes (RFC 1035 §2.3.4).
    #[error("The part '{label}' is longer than 63 characters, the most a part of a domain name can have.")]
    DomainLabelTooLong {
        /// The label as typed (possibly shortened for display).
        label: String,
    },

    /// The whole name over 253 characters (RFC 1035 §2.3.4, without the root dot).
    #[error("The name is {length} characters long; a domain name can have at most 253.")]
    DomainNameTooLong {
        /// Length of the ASCII form.
        length: usize,
    },

    /// A label starts or ends with a hyphen (RFC 5891 §4.2.3.1 / RFC 952).
    #[error("The part '{label}' starts or ends with a hyphen, which domain names do not allow.")]
    DomainHyphenPosition {
        /// The offending label.
        label: String,
    },

    /// A single label such as `localhost` or `mycompany`.
    #[error("Add the ending of your domain, for example mycompany.com rather than mycompany.")]
    DomainNoDot,

    /// A bare public suffix such as `co.uk` or `com`.
    #[error("'{name}' is an ending shared by many domains, not a domain you can own. Type your full domain, for example yourcompany.{name}.")]
    DomainPublicSuffix {
        /// The suffix that was typed.
        name: String,
    },

    /// An internationalised name that IDNA (RFC 5891) rejects.
    #[error("'{input}' is not a valid international domain name. Check the spelling.")]
    DomainInvalidIdn {
        /// The input as typed.
        input: String,
    },

    /// A DKIM selector that is not a valid DNS name part (RFC 6376 §3.1).
    #[error("'{selector}' is not a valid DKIM selector. Use letters, digits and hyphens, for example google or s1.")]
    DkimSelectorInvalid {
        /// The selector as given.
        selector: String,
    },

    /// A resolver setting that cannot be used (e.g. `--resolver` or `SENDWELL_RESOLVERS`).
    #[error("The DNS server setting '{value}' is not valid: {reason}. Use an IP address, optionally with :PORT, for example 1.1.1.1 or 127.0.0.1:5353.")]
    DnsConfig {
        /// The setting as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The system's DNS configuration could not be read.
    #[error("Could not read this computer's DNS settings ({reason}). Set a DNS server explicitly, for example 1.1.1.1.")]
    DnsSystemConfig {
        /// The underlying reason.
        reason: String,
    },

    /// A DKIM key pair could not be made on this computer.
    #[error("Sendwell could not make a DKIM key ({reason}). Try again; if it keeps failing, please report it.")]
    DkimKeyGeneration {
        /// What failed.
        reason: String,
    },

    /// A DMARC report address that is not an email address (RFC 7489 §6.4 `dmarc-uri`).
    #[error("'{value}' is not a report address. Enter an email address such as dmarc@yourcompany.com (or mailto:dmarc@yourcompany.com).")]
    DmarcReportAddressInvalid {
        /// The address as typed.
        value: String,
    },

    /// A date that is not `YYYY-MM-DD` (the DMARC rollout start).
    #[error("'{value}' is not a date. Write it as YYYY-MM-DD, for example 2026-12-01.")]
    PlanDateInvalid {
        /// The value as typed.
        value: String,
    },

    /// A DKIM selector that a chosen provider already uses for its own key.
    #[error("The DKIM selector '{selector}' is used by {provider} for its own key. Choose another selector for the key Sendwell makes, for example sw1.")]
    DkimSelectorTaken {
        /// The selector.
        selector: String,
        /// The provider using it.
        provider: String,
    },

    /// A TLS-RPT report address that is neither an email address nor an https:// address.
    #[error("'{value}' is not a TLS report address. Enter an email address such as tls-reports@yourcompany.com, or an https:// address your report service gave you.")]
    TlsRptAddressInvalid {
        /// The address as typed.
        value: String,
    },

    /// A bug or an impossible state; the message says what happened.
    #[error("Something went wrong inside Sendwell: {0}. Please report this.")]
    Internal(String),

    /// A sending IP for SPF (`--ip`) that is not an address or network (RFC 7208 §5.6).
    #[error("'{value}' is not a valid sending IP address: {reason}. Use an address such as 203.0.113.7 or 2001:db8::1, optionally with a prefix such as /24.")]
    SpfIpInvalid {
        /// The value as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A sending-service id that is not in the provider catalog.
    #[error(
        "{}",
        unknown_message("sending service", id, close_matches, "sendwell providers")
    )]
    ProviderUnknown {
        /// The id as given.
        id: String,
        /// Catalog ids close to it, closest first (may be empty).
        close_matches: Vec<String>,
    },

    /// A DNS-panel (registrar) id that is not in the registrar catalog.
    #[error(
        "{}",
        unknown_message("DNS provider", id, close_matches, "sendwell registrars")
    )]
    RegistrarUnknown {
        /// The id as given.
        id: String,
        /// Catalog ids close to it, closest first (may be empty).
        close_matches: Vec<String>,
    },

    /// Text that is not one email address (`name@domain`) where a mailbox address belongs.
    #[error("'{address}' is not an email address. Type the whole address, for example you@yourcompany.com.")]
    MailboxAddressInvalid {
        /// The input as typed (possibly shortened for display).
        address: String,
    },

    /// A mail server setting such as `--imap HOST[:PORT]` that cannot be used.
    #[error("The {protocol} server setting '{value}' is not valid: {reason}. Use a host name or IP address, optionally with :PORT, for example imap.example.com:993.")]
    MailboxServerInvalid {
        /// `IMAP`, `POP3` or `SMTP`.
        protocol: &'static str,
        /// The setting as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The extra certificate authority file (`--ca-file`) cannot be read or holds no certificate.
    #[error("The certificate file '{path}' cannot be used: {reason}. Give a PEM file with at least one CERTIFICATE block.")]
    TlsCaFile {
        /// The path as given.
        path: String,
        /// What is wrong with it.
        reason: String,
    },

    /// No password was given and none is saved in the keychain for this mailbox.
    #[error("No password for {address}: none was given and none is saved in the keychain. Pipe it in with --password-stdin (add --save to keep it in the keychain).")]
    MailboxPasswordMissing {
        /// The mailbox address.
        address: String,
    },

    /// The operating system's keychain is locked and Sendwell may not unlock it.
    #[error("The keychain is locked. Unlock it (on Linux: open Passwords and Keys / Seahorse and unlock the Login keyring; on macOS: Keychain Access) and try again.")]
    KeychainLocked,

    /// No keychain service answers (for example no Secret Service on a Linux session).
    #[error("The keychain cannot be reached ({reason}). On Linux, make sure GNOME Keyring or KWallet is running in your session; Sendwell never falls back to keeping passwords or keys in a file.")]
    KeychainUnavailable {
        /// What the keychain layer said (never contains a secret).
        reason: String,
    },

    /// The keychain answered but refused or failed the operation.
    #[error("The keychain could not complete the request ({reason}). Try again; if it keeps failing, restart your keychain service.")]
    KeychainFailed {
        /// What the keychain layer said (never contains a secret).
        reason: String,
    },

    /// The plan file given to the watch (`--plan`) cannot be read.
    #[error("The plan file '{path}' cannot be read ({reason}). Make it with `sendwell plan DOMAIN --format json --out FILE` and give that file.")]
    WatchPlanUnreadable {
        /// The path as given.
        path: String,
        /// What the system said.
        reason: String,
    },

    /// The plan file is not the JSON `sendwell plan --format json` writes (docs/PLAN_JSON.md).
    #[error("The file '{path}' is not a Sendwell plan ({reason}). Give the file written by `sendwell plan DOMAIN --format json`.")]
    WatchPlanInvalid {
        /// The path as given.
        path: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The plan file is for another domain than the one to watch.
    #[error("The plan file is for {plan_domain}, not {domain}. Give the plan made for {domain}, or watch {plan_domain}.")]
    WatchPlanDomain {
        /// The domain in the plan.
        plan_domain: String,
        /// The domain asked for.
        domain: String,
    },

    /// The saved watch state (`--state`) exists but cannot be read.
    #[error("The saved watch '{path}' cannot be read ({reason}). Delete it to start the watch afresh, or give another file with --state.")]
    WatchStateUnreadable {
        /// The path.
        path: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The watch state cannot be saved.
    #[error("The watch could not be saved to '{path}' ({reason}). Choose a folder you can write to with --state FILE.")]
    WatchStateWrite {
        /// The path.
        path: String,
        /// What the system said.
        reason: String,
    },

    /// A `--timeout` that is not a duration.
    #[error("'{value}' is not a length of time. Write it like 90s, 30m, 2h or 1h30m.")]
    WatchTimeoutInvalid {
        /// The value as given.
        value: String,
    },

    /// An `--interval` outside 0.1 to 3600 seconds.
    #[error("'{value}' is not a usable interval. Give a number of seconds from 0.1 to 3600, for example 1 or 5.")]
    WatchIntervalInvalid {
        /// The value as given.
        value: String,
    },

    /// The domain's name servers could not be found, so nothing can be checked at the source.
    #[error("Could not find the name servers of {domain} ({reason}). Check the domain, or give them with --authoritative IP.")]
    WatchNoNameServers {
        /// The domain.
        domain: String,
        /// What the lookups said.
        reason: String,
    },

    /// The keychain holds no private key for this DKIM selector (it was made elsewhere, or
    /// deleted).
    #[error("The private key for {selector}._domainkey.{domain} is not in your keychain, so it cannot be saved as a file. Make a new key on the DKIM step.")]
    DkimKeyMissing {
        /// The selector.
        selector: String,
        /// The domain.
        domain: String,
    },

    /// The DNS panel's catalog entry has no page to open.
    #[error("Sendwell does not know the DNS page of {registrar}. Log in at {registrar} and open your domain's DNS settings.")]
    RegistrarNoPage {
        /// The registrar's name.
        registrar: String,
    },

    /// The system could not open a link in the browser.
    #[error(
        "The link could not be opened in your browser ({reason}). Copy it and open it yourself."
    )]
    OpenFailed {
        /// What the system said.
        reason: String,
    },

    /// An export could not be written.
    #[error("Could not save {path} ({reason}). Choose another folder or file name.")]
    ExportWrite {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// The saved data is damaged: not an SQLite database, failing SQLite's integrity check, or
    /// another program's file. On opening it is moved aside (`moved_to`) and a fresh one made.
    #[error("{}", store_corrupt_message(moved_to.as_deref()))]
    StoreCorrupt {
        /// Where the damaged file was moved, unchanged; `None` when found damaged while in use.
        moved_to: Option<String>,
    },

    /// The saved data was written by a newer Sendwell; it was moved aside unchanged.
    #[error("Your saved data was written by a newer version of Sendwell (data format {found}; this version knows up to {known}). It was moved aside unchanged to {moved_to}, and this version started afresh. Install the newer Sendwell to use that data again.")]
    StoreNewer {
        /// The file's schema version.
        found: u32,
        /// The newest schema version this build knows.
        known: u32,
        /// Where the file was moved.
        moved_to: String,
    },

    /// The folder for the saved data cannot be made or written (or the disk is full).
    #[error("Sendwell cannot keep its data in '{path}' ({reason}). Check that the folder exists, that you may write to it and that the disk is not full, then restart Sendwell. Until then nothing you do is saved.")]
    StoreUnavailable {
        /// The folder or file.
        path: String,
        /// What the system said (never file contents).
        reason: String,
    },

    /// SQLite failed an operation on the saved data (the reason quotes no saved value).
    #[error("Sendwell could not read or save its data ({reason}). Try again; if it keeps failing, restart Sendwell.")]
    StoreFailed {
        /// What SQLite said, naming tables and columns at most.
        reason: String,
    },
}

/// The damaged-data message: what was done with the file, and what to do now.
fn store_corrupt_message(moved_to: Option<&str>) -> String {
    match moved_to {
        Some(path) => format!("Sendwell's saved data was damaged, so it was moved aside unchanged to {path} and Sendwell started afresh. Check your domains again to bring them back; nothing at your DNS provider was changed."),
        None => "Sendwell's saved data is damaged. Restart Sendwell: it moves the damaged file aside, keeps it, and starts afresh.".to_owned(),
    }
}

/// "'x' is not a known ...; did you mean ...? Run `...` to see them all."
fn unknown_message(what: &str, id: &str, close: &[String], command: &str) -> String {
    let hint = match close {
        [] => String::new(),
        [one] => format!(" Did you mean {one}?"),
        many => format!(" Did you mean one of: {}?", many.join(", ")),
    };
    format!("'{id}' is not a {what} Sendwell knows.{hint} Run `{command}` to see them all.")
}

/// Every code [`Error::code`] can return; the UI's catalog must have a message for each.
pub const ALL_CODES: &[&str] = &[
    "domain.empty",
    "domain.email_address",
    "domain.url",
    "domain.contains_spaces",
    "domain.invalid_character",
    "domain.empty_label",
    "domain.label_too_long",
    "domain.name_too_long",
    "domain.hyphen_position",
    "domain.no_dot",
    "domain.public_suffix",
    "domain.invalid_idn",
    "dkim.selector_invalid",
    "dns.config",
    "dns.system_config",
    "dkim.key_generation",
    "dmarc.report_address_invalid",
    "plan.date_invalid",
    "dkim.selector_taken",
    "tlsrpt.address_invalid",
    "internal",
    "spf.ip_invalid",
    "provider.unknown",
    "registrar.unknown",
    "mailbox.address_invalid",
    "mailbox.server_invalid",
    "tls.ca_file",
    "mailbox.password_missing",
    "keychain.locked",
    "keychain.unavailable",
    "keychain.failed",
    "watch.plan_unreadable",
    "watch.plan_invalid",
    "watch.plan_domain",
    "watch.state_unreadable",
    "watch.state_write",
    "watch.timeout_invalid",
    "watch.interval_invalid",
    "watch.no_name_servers",
    "dkim.key_missing",
    "registrar.no_page",
    "app.open_failed",
    "export.write",
    "store.corrupt",
    "store.newer",
    "store.unavailable",
    "store.failed",
];

impl Error {
    /// A stable, machine-readable code. Never change an existing code; add new ones.
    pub fn code(&self) -> &'static str {
        match self {
            Error::DomainEmpty => "domain.empty",
            Error::DomainEmailAddress { .. } => "domain.email_address",
            Error::DomainUrl { .. } => "domain.url",
            Error::DomainContainsSpaces { .. } => "domain.contains_spaces",
            Error::DomainInvalidCharacter { .. } => "domain.invalid_character",
            Error::DomainEmptyLabel => "domain.empty_label",
            Error::DomainLabelTooLong { .. } => "domain.label_too_long",
            Error::DomainNameTooLong { .. } => "domain.name_too_long",
            Error::DomainHyphenPosition { .. } => "domain.hyphen_position",
            Error::DomainNoDot => "domain.no_dot",
            Error::DomainPublicSuffix { .. } => "domain.public_suffix",
            Error::DomainInvalidIdn { .. } => "domain.invalid_idn",
            Error::DkimSelectorInvalid { .. } => "dkim.selector_invalid",
            Error::DnsConfig { .. } => "dns.config",
            Error::DnsSystemConfig { .. } => "dns.system_config",
            Error::DkimKeyGeneration { .. } => "dkim.key_generation",
            Error::DmarcReportAddressInvalid { .. } => "dmarc.report_address_invalid",
            Error::PlanDateInvalid { .. } => "plan.date_invalid",
            Error::DkimSelectorTaken { .. } => "dkim.selector_taken",
            Error::TlsRptAddressInvalid { .. } => "tlsrpt.address_invalid",
            Error::Internal(_) => "internal",
            Error::SpfIpInvalid { .. } => "spf.ip_invalid",
            Error::ProviderUnknown { .. } => "provider.unknown",
            Error::RegistrarUnknown { .. } => "registrar.unknown",
            Error::MailboxAddressInvalid { .. } => "mailbox.address_invalid",
            Error::MailboxServerInvalid { .. } => "mailbox.server_invalid",
            Error::TlsCaFile { .. } => "tls.ca_file",
            Error::MailboxPasswordMissing { .. } => "mailbox.password_missing",
            Error::KeychainLocked => "keychain.locked",
            Error::KeychainUnavailable { .. } => "keychain.unavailable",
            Error::KeychainFailed { .. } => "keychain.failed",
            Error::WatchPlanUnreadable { .. } => "watch.plan_unreadable",
            Error::WatchPlanInvalid { .. } => "watch.plan_invalid",
            Error::WatchPlanDomain { .. } => "watch.plan_domain",
            Error::WatchStateUnreadable { .. } => "watch.state_unreadable",
            Error::WatchStateWrite { .. } => "watch.state_write",
            Error::WatchTimeoutInvalid { .. } => "watch.timeout_invalid",
            Error::WatchIntervalInvalid { .. } => "watch.interval_invalid",
            Error::WatchNoNameServers { .. } => "watch.no_name_servers",
            Error::DkimKeyMissing { .. } => "dkim.key_missing",
            Error::RegistrarNoPage { .. } => "registrar.no_page",
            Error::OpenFailed { .. } => "app.open_failed",
            Error::ExportWrite { .. } => "export.write",
            Error::StoreCorrupt { .. } => "store.corrupt",
            Error::StoreNewer { .. } => "store.newer",
            Error::StoreUnavailable { .. } => "store.unavailable",
            Error::StoreFailed { .. } => "store.failed",
        }
    }

    /// A corrected value the user can accept with one click, when there is one.
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            Error::DomainEmailAddress { suggestion } | Error::DomainUrl { suggestion } => {
                Some(suggestion)
            }
            Error::DomainContainsSpaces { suggestion } => suggestion.as_deref(),
            Error::ProviderUnknown { close_matches, .. }
            | Error::RegistrarUnknown { close_matches, .. } => {
                close_matches.first().map(String::as_str)
            }
            _ => None,
        }
    }

    /// True when the input was wrong (CLI exit status 2); false when the work could not be done.
    pub fn is_bad_input(&self) -> bool {
        !matches!(
            self,
            Error::DnsSystemConfig { .. }
                | Error::DkimKeyGeneration { .. }
                | Error::Internal(_)
                | Error::WatchStateWrite { .. }
                | Error::WatchNoNameServers { .. }
                | Error::ExportWrite { .. }
                | Error::OpenFailed { .. }
        ) && !self.is_keychain()
            && !self.is_store()
    }

    /// True for the saved-data errors (damaged, newer, unavailable, failed): the user's input
    /// was fine; the app can go on without saving, or after a restart.
    pub fn is_store(&self) -> bool {
        matches!(
            self,
            Error::StoreCorrupt { .. }
                | Error::StoreNewer { .. }
                | Error::StoreUnavailable { .. }
                | Error::StoreFailed { .. }
        )
    }

    /// True for the keychain errors (locked, unreachable, failed): the user can act, then retry.
    pub fn is_keychain(&self) -> bool {
        matches!(
            self,
            Error::KeychainLocked
                | Error::KeychainUnavailable { .. }
                | Error::KeychainFailed { .. }
        )
    }

    /// The serializable form handed to the UI and printed by `--json`.
    pub fn to_payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_owned(),
            message: self.to_string(),
            suggestion: self.suggestion().map(str::to_owned),
        }
    }
}

/// What crosses the process boundary for an [`Error`]: the code, the plain message and a fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorPayload {
    /// The stable code from [`Error::code`].
    pub code: String,
    /// The plain-language message, with the fix.
    pub message: String,
    /// A corrected value the user can accept, if any.
    pub suggestion: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_dotted() {
        let all = [
            Error::DomainEmpty,
            Error::DomainEmailAddress {
                suggestion: "x.com".into(),
            },
            Error::DomainUrl {
                suggestion: "x.com".into(),
            },
            Error::DomainContainsSpaces { suggestion: None },
            Error::DomainInvalidCharacter { character: '!' },
            Error::DomainEmptyLabel,
            Error::DomainLabelTooLong { label: "a".into() },
            Error::DomainNameTooLong { length: 300 },
            Error::DomainHyphenPosition { label: "-a".into() },
            Error::DomainNoDot,
            Error::DomainPublicSuffix {
                name: "co.uk".into(),
            },
            Error::DomainInvalidIdn { input: "x".into() },
            Error::DkimSelectorInvalid {
                selector: "a b".into(),
            },
            Error::DnsConfig {
                value: "x".into(),
                reason: "y".into(),
            },
            Error::DnsSystemConfig { reason: "y".into() },
            Error::DkimKeyGeneration { reason: "y".into() },
            Error::DmarcReportAddressInvalid { value: "x".into() },
            Error::PlanDateInvalid { value: "x".into() },
            Error::DkimSelectorTaken {
                selector: "s1".into(),
                provider: "SendGrid".into(),
            },
            Error::TlsRptAddressInvalid { value: "x".into() },
            Error::Internal("z".into()),
            Error::SpfIpInvalid {
                value: "x".into(),
                reason: "y".into(),
            },
            Error::ProviderUnknown {
                id: "x".into(),
                close_matches: vec![],
            },
            Error::RegistrarUnknown {
                id: "x".into(),
                close_matches: vec!["y".into()],
            },
            Error::MailboxAddressInvalid {
                address: "x".into(),
            },
            Error::MailboxServerInvalid {
                protocol: "IMAP",
                value: "x".into(),
                reason: "y".into(),
            },
            Error::TlsCaFile {
                path: "x".into(),
                reason: "y".into(),
            },
            Error::MailboxPasswordMissing {
                address: "x".into(),
            },
            Error::KeychainLocked,
            Error::KeychainUnavailable { reason: "y".into() },
            Error::KeychainFailed { reason: "y".into() },
            Error::WatchPlanUnreadable {
                path: "p".into(),
                reason: "y".into(),
            },
            Error::WatchPlanInvalid {
                path: "p".into(),
                reason: "y".into(),
            },
            Error::WatchPlanDomain {
                plan_domain: "a.com".into(),
                domain: "b.com".into(),
            },
            Error::WatchStateUnreadable {
                path: "p".into(),
                reason: "y".into(),
            },
            Error::WatchStateWrite {
                path: "p".into(),
                reason: "y".into(),
            },
            Error::WatchTimeoutInvalid { value: "x".into() },
            Error::WatchIntervalInvalid { value: "0".into() },
            Error::WatchNoNameServers {
                domain: "a.com".into(),
                reason: "y".into(),
            },
            Error::DkimKeyMissing {
                selector: "s".into(),
                domain: "a.com".into(),
            },
            Error::RegistrarNoPage {
                registrar: "X".into(),
            },
            Error::OpenFailed { reason: "r".into() },
            Error::ExportWrite {
                path: "p".into(),
                reason: "r".into(),
            },
            Error::StoreCorrupt { moved_to: None },
            Error::StoreNewer {
                found: 9,
                known: 1,
                moved_to: "p".into(),
            },
            Error::StoreUnavailable {
                path: "p".into(),
                reason: "y".into(),
            },
            Error::StoreFailed { reason: "y".into() },
        ];
        let mut codes: Vec<_> = all.iter().map(Error::code).collect();
        let mut listed = ALL_CODES.to_vec();
        listed.sort_unstable();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, listed, "ALL_CODES lists every variant");
        assert!(codes.iter().all(|c| *c == "internal" || c.contains('.')));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }

    #[test]
    fn payload_carries_code_message_and_suggestion() {
        let p = Error::DomainEmailAddress {
            suggestion: "x.com".into(),
        }
        .to_payload();
        assert_eq!(p.code, "domain.email_address");
        assert_eq!(p.suggestion.as_deref(), Some("x.com"));
        assert!(p.message.contains("after @"));
    }

    #[test]
    fn store_errors_are_not_bad_input() {
        let corrupt = Error::StoreCorrupt {
            moved_to: Some("/d/sendwell.db.corrupt-1".into()),
        };
        assert!(corrupt.is_store() && !corrupt.is_bad_input());
        assert!(corrupt.to_string().contains("/d/sendwell.db.corrupt-1"));
        assert!(!Error::StoreCorrupt { moved_to: None }
            .to_string()
            .contains("moved aside unchanged to"));
    }

    #[test]
    fn keychain_errors_are_not_bad_input() {
        assert!(!Error::KeychainLocked.is_bad_input());
        assert!(Error::KeychainLocked.is_keychain());
        assert!(Error::MailboxPasswordMissing {
            address: "a@b.c".into()
        }
        .is_bad_input());
    }
}
