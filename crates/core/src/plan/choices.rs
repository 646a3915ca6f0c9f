//! What the user chose in the wizard (or on the `sendwell plan` command line): the senders, own
//! IPs, DKIM key, DMARC policy, extras and the DNS panel to format for.

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::records::dkim::KeyAlgorithm;
use crate::records::dmarc::DmarcChoices;

/// The locally made DKIM key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DkimChoice {
    /// Make a key pair here (for your own server, or a tool that accepts your key).
    pub generate: bool,
    /// Its selector; `None` means `sw<YYYYMM>` from the start date, so later keys can rotate.
    pub selector: Option<String>,
    /// RSA-2048 by default.
    pub algorithm: KeyAlgorithm,
    /// Selectors not to pick by default (e.g. ones whose private key is already in the keychain).
    pub avoid_selectors: Vec<String>,
}

impl Default for DkimChoice {
    fn default() -> Self {
        DkimChoice {
            generate: true,
            selector: None,
            algorithm: KeyAlgorithm::Rsa2048,
            avoid_selectors: Vec::new(),
        }
    }
}

/// MTA-STS: require TLS for mail sent to this domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MtaStsChoice {
    /// `true` for enforce; `false` (the safe start) for testing.
    pub enforce: bool,
    /// How long senders keep the policy, in seconds (a week by default).
    pub max_age: u64,
}

impl Default for MtaStsChoice {
    fn default() -> Self {
        MtaStsChoice {
            enforce: false,
            max_age: 604_800,
        }
    }
}

/// BIMI: the brand logo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BimiChoice {
    /// `https://` URL of the SVG Tiny PS logo.
    pub logo_url: String,
    /// `https://` URL of the mark certificate (PEM), when there is one.
    #[serde(default)]
    pub certificate_url: Option<String>,
}

/// Optional records, all off by default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Extras {
    /// MTA-STS TXT record and policy file.
    pub mta_sts: Option<MtaStsChoice>,
    /// TLS-RPT report addresses (`mailto:` or `https:`); empty means no TLS-RPT record.
    pub tls_rpt: Vec<String>,
    /// BIMI (only once DMARC enforces).
    pub bimi: Option<BimiChoice>,
    /// Publish the MX records of the chosen mailbox provider.
    pub provider_mx: bool,
    /// This domain never sends or receives mail: null MX, `v=spf1 -all`, `p=reject`.
    pub never_sends: bool,
}

/// Everything the plan is made from, besides the domain and its current records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanChoices {
    /// Provider catalog ids of every service that sends as the domain.
    pub providers: Vec<String>,
    /// Your own sending servers' addresses (`203.0.113.7`, `2001:db8::/64`).
    pub ips: Vec<String>,
    /// End SPF with `-all` (reject others, `Some(true)`) or `~all` (mark others as suspicious,
    /// `Some(false)`). `None` keeps an existing `-all` and otherwise uses `~all`.
    pub spf_fail_all: Option<bool>,
    /// The DKIM key made here.
    pub dkim: DkimChoice,
    /// DMARC policy, report addresses and rollout.
    pub dmarc: DmarcChoices,
    /// Optional records.
    pub extras: Extras,
    /// The DNS panel's catalog id; `None` uses the detected DNS host, else the generic panel.
    pub registrar: Option<String>,
    /// TTL for every record, in seconds.
    pub ttl: u32,
    /// The day the rollout starts (today when unset; set it for reproducible plans).
    pub start: Option<Date>,
}

impl Default for PlanChoices {
    fn default() -> Self {
        PlanChoices {
            providers: Vec::new(),
            ips: Vec::new(),
            spf_fail_all: None,
            dkim: DkimChoice::default(),
            dmarc: DmarcChoices::default(),
            extras: Extras::default(),
            registrar: None,
            ttl: 3600,
            start: None,
        }
    }
}
