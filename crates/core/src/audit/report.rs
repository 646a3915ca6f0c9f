//! The shape of a domain report (`check --json`, the app's Domain step): what was looked up, what
//! was found per record kind, and the findings. Fields are only ever added, never renamed.

use serde::Serialize;

use crate::dns::{DnsOutcome, MxHost};
use crate::domain::DomainName;
use crate::finding::{Finding, Status};
use crate::hosting::ProviderMatch;
use crate::records::dmarc;

/// What a lookup was for, as shown to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LookupPurpose {
    /// The zone's name servers.
    #[serde(rename = "NS")]
    Ns,
    /// The mail servers.
    #[serde(rename = "MX")]
    Mx,
    /// The TXT records at the name (where SPF lives).
    #[serde(rename = "TXT")]
    Txt,
    /// The TXT records at `_dmarc.<name>`.
    #[serde(rename = "DMARC")]
    Dmarc,
    /// The TXT record at `<selector>._domainkey.<name>`.
    #[serde(rename = "DKIM")]
    Dkim,
}

/// How a lookup ended, as a stable word (`lookups[].outcome`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeCode {
    /// Records came back.
    Found,
    /// The name exists, with no records of that type.
    NoRecords,
    /// The name does not exist.
    Nxdomain,
    /// The server failed.
    Servfail,
    /// No answer in time (never the same as "missing").
    Timeout,
    /// The server refused.
    Refused,
    /// Any other failure.
    Error,
}

impl OutcomeCode {
    /// True when the lookup completed, so "nothing there" is a fact (found, no records, NXDOMAIN).
    pub fn is_conclusive(self) -> bool {
        matches!(
            self,
            OutcomeCode::Found | OutcomeCode::NoRecords | OutcomeCode::Nxdomain
        )
    }

    /// The code of a DNS outcome, with the detail of an unclassified failure.
    pub fn of(outcome: &DnsOutcome) -> (OutcomeCode, Option<String>) {
        match outcome {
            DnsOutcome::Answer { .. } => (OutcomeCode::Found, None),
            DnsOutcome::NoRecords { .. } => (OutcomeCode::NoRecords, None),
            DnsOutcome::NxDomain { .. } => (OutcomeCode::Nxdomain, None),
            DnsOutcome::ServFail => (OutcomeCode::Servfail, None),
            DnsOutcome::Refused => (OutcomeCode::Refused, None),
            DnsOutcome::Timeout => (OutcomeCode::Timeout, None),
            DnsOutcome::BrokenCname { fault } => (OutcomeCode::Error, Some(fault.describe())),
            DnsOutcome::Failed { detail } => (OutcomeCode::Error, Some(detail.clone())),
        }
    }
}

/// One lookup the check made and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lookup {
    /// What it was for.
    pub query: LookupPurpose,
    /// The name asked.
    pub name: String,
    /// How it ended.
    pub outcome: OutcomeCode,
    /// More about a failure.
    pub detail: Option<String>,
}

impl Lookup {
    /// The lookup of `name` for `query` that ended with `outcome`.
    pub fn new(query: LookupPurpose, name: &str, outcome: &DnsOutcome) -> Lookup {
        let (outcome, detail) = OutcomeCode::of(outcome);
        Lookup {
            query,
            name: name.to_owned(),
            outcome,
            detail,
        }
    }
}

/// SPF as found (`check --json` `spf`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpfSummary {
    /// The SPF record when exactly one exists.
    pub record: Option<String>,
    /// Every SPF record found (more than one is an error, RFC 7208 §4.5).
    pub records_found: Vec<String>,
    /// DNS-querying terms of the whole include tree (RFC 7208 §4.6.4); `null` when there is no
    /// single record to evaluate.
    pub dns_lookups: Option<u32>,
    /// Lookups in the tree that found nothing (`null` when not evaluated).
    pub void_lookups: Option<u32>,
    /// False when a name in the include tree could not be looked up (the server failed or timed
    /// out): the counts are then a lower bound. `null` when not evaluated.
    pub lookups_complete: Option<bool>,
}

/// DMARC identifier alignment as a word (`relaxed` or `strict`, RFC 7489 §3.1).
pub type AlignmentMode = dmarc::Alignment;

/// One external report destination and whether it accepts the reports (RFC 7489 §7.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExternalReportCheck {
    /// The domain that receives the reports.
    pub report_domain: String,
    /// The name that must hold the authorization: `<domain>._report._dmarc.<report-domain>`.
    pub name: String,
    /// The TXT value it must hold: `v=DMARC1`.
    pub value: String,
    /// True when published, false when DNS says it is not, `null` when the lookup failed.
    pub authorized: Option<bool>,
}

/// DMARC as found (`check --json` `dmarc`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DmarcSummary {
    /// The DMARC record when exactly one exists.
    pub record: Option<String>,
    /// Its `p=` policy.
    pub policy: Option<dmarc::Policy>,
    /// Every DMARC record found at `_dmarc`.
    pub records_found: Vec<String>,
    /// For a subdomain without a record of its own: the registrable domain whose record (and
    /// `sp=` policy) applies instead (RFC 7489 §6.6.3). `record` and `policy` are then that one's.
    pub inherited_from: Option<String>,
    /// DKIM alignment in effect (`adkim=`, relaxed when absent); `null` without a record.
    pub adkim: Option<AlignmentMode>,
    /// SPF alignment in effect (`aspf=`, relaxed when absent); `null` without a record.
    pub aspf: Option<AlignmentMode>,
    /// Report destinations at other domains and whether they authorize the reports.
    pub external_reports: Vec<ExternalReportCheck>,
}

/// Whether a DKIM key record is published at a selector (`check --json` `dkim[].status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DkimStatus {
    /// A TXT record is published at `<selector>._domainkey`.
    Found,
    /// DNS answered: nothing there.
    Missing,
    /// The server failed; unknown whether the key exists.
    Servfail,
    /// No answer in time; unknown whether the key exists.
    Timeout,
    /// The server refused; unknown whether the key exists.
    Refused,
    /// Another failure; unknown whether the key exists.
    Error,
}

/// How a selector came to be checked (`dkim[].source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DkimSource {
    /// The user named it (`--dkim-selector`).
    Given,
    /// Found by probing the common selectors (only hits are listed).
    Probe,
}

/// A DKIM selector that was asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DkimSummary {
    /// The selector.
    pub selector: String,
    /// Whether the key is there, or the lookup outcome that stopped the check.
    pub status: DkimStatus,
    /// The key record, when found.
    pub record: Option<String>,
    /// Given by the user, or found by the probe.
    pub source: DkimSource,
    /// The key's size in bits (256 for Ed25519), when the record holds a readable key.
    pub key_bits: Option<u32>,
}

/// How fetching the MTA-STS policy ended (`mta_sts.fetch`), RFC 8461 §3.3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PolicyFetchOutcome {
    /// HTTP 200, `text/plain`, within the size limit: the body was read.
    Fetched,
    /// `mta-sts.<domain>` has no address.
    HostNotFound,
    /// The address lookup of `mta-sts.<domain>` failed (server failure, timeout).
    DnsFailed {
        /// What happened.
        detail: String,
    },
    /// No connection could be made.
    ConnectFailed {
        /// What happened.
        detail: String,
    },
    /// The certificate could not be verified (RFC 8461 §3.3 requires a valid one).
    Tls {
        /// What is wrong with it, in plain words.
        detail: String,
    },
    /// No complete answer within the timeout.
    Timeout,
    /// The server answered with a redirect, which senders must not follow.
    Redirect {
        /// The HTTP status.
        status: u16,
        /// Where it pointed, when it said.
        location: Option<String>,
    },
    /// A status other than 200.
    HttpStatus {
        /// The HTTP status.
        status: u16,
    },
    /// A media type other than `text/plain`.
    ContentType {
        /// The `Content-Type` sent (empty when none).
        content_type: String,
    },
    /// A body larger than 64 KiB.
    TooLarge,
    /// Anything else that stopped the request.
    Failed {
        /// What happened.
        detail: String,
    },
}

/// MTA-STS as found (`check --json` `mta_sts`), RFC 8461.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MtaStsSummary {
    /// How the `_mta-sts` TXT lookup ended.
    pub outcome: OutcomeCode,
    /// The `v=STSv1` record when exactly one exists.
    pub record: Option<String>,
    /// Every `v=STSv1` record found.
    pub records_found: Vec<String>,
    /// The policy address, when a record announces a policy.
    pub policy_url: Option<String>,
    /// How the policy fetch ended (`null` when there was nothing to fetch).
    pub fetch: Option<PolicyFetchOutcome>,
    /// The policy file's text, when fetched.
    pub policy: Option<String>,
    /// `mode:` of a valid policy (`enforce`, `testing`, `none`).
    pub mode: Option<String>,
    /// `mx:` patterns of a valid policy.
    pub mx_patterns: Vec<String>,
    /// `max_age:` of a valid policy, in seconds.
    pub max_age: Option<u64>,
    /// The domain's MX hosts that no `mx:` pattern covers (senders will refuse them).
    pub mx_not_covered: Vec<String>,
}

/// A TXT record kind found at one fixed name: TLS-RPT (`_smtp._tls`) or BIMI (`default._bimi`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TxtRecordSummary {
    /// The name looked up.
    pub name: String,
    /// How the lookup ended.
    pub outcome: OutcomeCode,
    /// The record when exactly one exists.
    pub record: Option<String>,
    /// Every record of this kind found there.
    pub records_found: Vec<String>,
}

impl TxtRecordSummary {
    /// The records at `name` that `belongs` accepts, with the lookup's outcome.
    pub fn of(name: String, txt: &DnsOutcome, belongs: impl Fn(&str) -> bool) -> Self {
        let found: Vec<String> = txt
            .txt()
            .filter(|t| belongs(t))
            .map(str::to_owned)
            .collect();
        TxtRecordSummary {
            name,
            outcome: OutcomeCode::of(txt).0,
            record: match found.as_slice() {
                [one] => Some(one.clone()),
                _ => None,
            },
            records_found: found,
        }
    }
}

/// Everything the Domain step shows and `sendwell check --json` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DomainReport {
    /// The ASCII name checked.
    pub domain: String,
    /// The validated name in all its forms.
    pub name: DomainName,
    /// Name servers of the registrable domain.
    pub ns: Vec<String>,
    /// Mail servers, most preferred first.
    pub mx: Vec<MxHost>,
    /// Who hosts the DNS, when recognised.
    pub dns_host: Option<ProviderMatch>,
    /// Who hosts the mail, when recognised.
    pub mail_provider: Option<ProviderMatch>,
    /// SPF as found.
    pub spf: SpfSummary,
    /// DMARC as found.
    pub dmarc: DmarcSummary,
    /// DKIM selectors asked about, then the probe's hits.
    pub dkim: Vec<DkimSummary>,
    /// MTA-STS record and policy.
    pub mta_sts: MtaStsSummary,
    /// TLS reporting (`_smtp._tls`, RFC 8460).
    pub tlsrpt: TxtRecordSummary,
    /// BIMI (`default._bimi`).
    pub bimi: TxtRecordSummary,
    /// The zone's name servers asked directly (NS consistency); `null` when the check was run
    /// without direct queries ([`check_domain`](super::check_domain)).
    pub authority: Option<super::ns::AuthoritySummary>,
    /// Every lookup made and how it ended.
    pub lookups: Vec<Lookup>,
    /// True when every lookup completed, so "not found" is a fact, not a guess.
    pub complete: bool,
    /// The verdict.
    pub status: Status,
    /// What was noticed.
    pub findings: Vec<Finding>,
}
