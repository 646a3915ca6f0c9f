//! The plan: given a domain, the services that send as it and what its DNS holds today, the exact
//! records to publish (merged with what exists), formatted for the user's DNS panel, with findings.
//!
//! [`build::plan`] makes a [`Plan`] from [`PlanChoices`] and [`ExistingRecords`]; everything
//! is deterministic apart from the DKIM key material. `crate::export` writes a plan as a zone
//! snippet, CSV, JSON or a printable checklist.

mod build;
mod choices;
mod existing;
mod kept_key;
mod spf_count;

pub use build::{plan, plan_with_keys};
pub use choices::{BimiChoice, DkimChoice, Extras, MtaStsChoice, PlanChoices};
pub use existing::{names_to_read, read_existing, ExistingRecords};
pub use kept_key::{plan_keeping_key, KeptKey};
pub use spf_count::count_spf_lookups;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::records::dkim::{KeyAlgorithm, PrivateKey};
use crate::records::dmarc::RolloutStep;
use crate::records::RecordType;

/// The selectors tried, in order, for a key made here without a chosen selector: `sw<YYYYMM>`,
/// then `sw<YYYYMM>b` … `sw<YYYYMM>e` when a key is already published there (keys rotate).
pub fn default_selectors(start: crate::calendar::Date) -> Vec<String> {
    let (y, m, _) = start.ymd();
    ["", "b", "c", "d", "e"]
        .iter()
        .map(|suffix| format!("sw{y:04}{m:02}{suffix}"))
        .collect()
}

/// Which part of email authentication a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Mail servers for the domain (a new mailbox provider, or a null MX).
    Mx,
    /// Which servers may send as the domain (RFC 7208).
    Spf,
    /// Signing keys (RFC 6376).
    Dkim,
    /// The policy for mail that fails SPF and DKIM (RFC 7489).
    Dmarc,
    /// Permission for another domain to receive DMARC reports (RFC 7489 §7.1).
    ReportAuthorization,
    /// Require TLS for mail to this domain (RFC 8461).
    MtaSts,
    /// Reports about TLS problems (RFC 8460).
    TlsRpt,
    /// The brand logo shown by some mailbox providers.
    Bimi,
}

/// What publishing the record changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Change {
    /// A record that does not exist yet: add it.
    New,
    /// Edit the existing record (its current value is `old`) to the new value.
    Replace {
        /// The value published today.
        old: String,
    },
    /// Already published exactly like this: nothing to do.
    Unchanged,
}

/// One record to publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedRecord {
    /// TXT, CNAME or MX.
    #[serde(rename = "type")]
    pub kind: RecordType,
    /// The full name (ASCII, lowercase, no final dot), e.g. `_dmarc.example.com`.
    pub name: String,
    /// The name as the chosen DNS panel wants it in its Host field, e.g. `_dmarc` or `@`.
    pub host: String,
    /// The value as the chosen DNS panel wants it pasted.
    pub value: String,
    /// The record data itself: TXT text with its strings joined, or the target host name.
    pub content: String,
    /// MX preference (lower is tried first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u16>,
    /// Seconds resolvers may cache it.
    pub ttl: u32,
    /// One line saying what it is for.
    pub purpose: String,
    /// Which part of email authentication it belongs to.
    pub topic: Topic,
    /// What publishing it changes.
    pub change: Change,
    /// Who must publish it: empty for the user, or the other domain whose owner must.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_by: Option<String>,
    /// A caveat for this panel (e.g. Cloudflare's proxy must be off for this CNAME).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panel_note: Option<String>,
}

/// A step only a provider's dashboard can complete (a DKIM value Google shows you, SES tokens…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderStep {
    /// The provider's catalog id.
    pub provider: String,
    /// Its name.
    pub provider_name: String,
    /// Which part it belongs to.
    pub topic: Topic,
    /// What to do, in plain words.
    pub instructions: String,
    /// The host(s) to add, when known, as the panel wants them.
    pub hosts: Vec<String>,
    /// Where to do it, when the catalog has a link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// The DNS panel the plan is formatted for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PanelRef {
    /// Catalog id, e.g. `cloudflare` or `generic`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Where the panel's DNS settings are, when the catalog knows.
    pub dns_page: Option<String>,
    /// Numbered steps to add each record type in this panel.
    pub steps: Vec<PanelSteps>,
}

/// How to add one record type in the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PanelSteps {
    /// The record type.
    #[serde(rename = "type")]
    pub kind: RecordType,
    /// The steps, in order.
    pub steps: Vec<String>,
}

/// The SPF facts shown beside the merged record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpfSummary {
    /// The merged record.
    pub record: String,
    /// DNS lookups the record needs when receivers check it (at most 10), if counted.
    pub dns_lookups: Option<u32>,
    /// Lookups that found nothing (at most 2), if counted.
    pub void_lookups: Option<u32>,
    /// What the chosen ending (`~all` or `-all`) means.
    pub all_explained: String,
}

/// A public key the plan generated (the private half is kept apart, never serialized).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeySummary {
    /// The selector it is published under.
    pub selector: String,
    /// RSA-2048, RSA-4096 or Ed25519.
    pub algorithm: KeyAlgorithm,
    /// Key size in bits (256 for Ed25519).
    pub bits: u32,
}

/// The MTA-STS policy file to host, when MTA-STS was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyFile {
    /// Where it must be served: `https://mta-sts.<domain>/.well-known/mta-sts.txt`.
    pub url: String,
    /// The file's text.
    pub body: String,
    /// How to host it, in plain words.
    pub hosting: String,
}

/// Everything to publish for one domain.
#[derive(Debug, Serialize)]
pub struct Plan {
    /// The domain (ASCII).
    pub domain: String,
    /// The domain as the user typed it (Unicode for an IDN).
    pub domain_unicode: String,
    /// The DNS panel the hosts and values are formatted for.
    pub panel: PanelRef,
    /// The records, in the order to publish them.
    pub records: Vec<PlannedRecord>,
    /// Steps that need a provider's dashboard.
    pub provider_steps: Vec<ProviderStep>,
    /// What Sendwell noticed while planning.
    pub findings: Vec<Finding>,
    /// The SPF record's facts.
    pub spf: Option<SpfSummary>,
    /// The dated DMARC rollout.
    pub rollout: Vec<RolloutStep>,
    /// Keys made for this plan (public facts only).
    pub keys: Vec<KeySummary>,
    /// The MTA-STS policy file to host.
    pub mta_sts_policy: Option<PolicyFile>,
    /// The private keys, by selector, for the keychain or a PEM export. Never serialized.
    #[serde(skip)]
    pub private_keys: Vec<(String, PrivateKey)>,
}

/// What `sendwell watch --plan FILE` and the app read back from a plan's JSON.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PlanFile {
    /// The domain (ASCII).
    pub domain: String,
    /// The records to watch for.
    pub records: Vec<PlannedRecord>,
}
