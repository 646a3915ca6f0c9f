//! Typed views of the authentication records Sendwell reads and writes.
//! One module per protocol (parse, render, validate, generate); `txt` holds the shared TXT rules.

use serde::{Deserialize, Serialize};

pub mod bimi;
pub mod dkim;
pub mod dmarc;
pub mod mta_sts;
pub mod spf;
pub mod tags;
pub mod tlsrpt;
pub mod txt;

/// The DNS record types a plan publishes (RFC 1035 §3.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RecordType {
    /// Text: SPF, DKIM keys, DMARC, MTA-STS, TLS-RPT, BIMI.
    Txt,
    /// An alias: DKIM keys hosted by a provider, the MTA-STS policy host.
    Cname,
    /// A mail exchanger (a new mailbox provider, or a null MX).
    Mx,
}

impl RecordType {
    /// The type as DNS panels and zone files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::Txt => "TXT",
            RecordType::Cname => "CNAME",
            RecordType::Mx => "MX",
        }
    }
}

impl std::fmt::Display for RecordType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
