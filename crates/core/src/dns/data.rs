//! What the core asks DNS for and the record data it gets back, typed by the RFC that defines
//! each record (RFC 1035 §3.3 for most of them).

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::Serialize;

/// The record types the core asks for (RFC 1035 §3.2.2, RFC 7208 §3 for SPF-in-TXT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryType {
    /// Name servers of a zone.
    Ns,
    /// Mail exchangers.
    Mx,
    /// Text records (SPF, DMARC, DKIM, verification tokens).
    Txt,
    /// IPv4 addresses (SPF `a`/`mx` mechanisms, RFC 7208 §5.3).
    A,
    /// IPv6 addresses.
    Aaaa,
    /// Reverse-mapping names (SPF `ptr`, RFC 7208 §5.5).
    Ptr,
    /// An alias (DKIM delegated to a provider by CNAME). Asked for directly, the CNAME itself
    /// comes back; it is not followed.
    Cname,
    /// Service location (RFC 2782), e.g. `_imaps._tcp` for mail settings (RFC 6186 §3).
    Srv,
    /// The start of a zone of authority (RFC 1035 §3.3.13): finds the zone apex and its serial.
    Soa,
}

impl QueryType {
    /// The type's mnemonic as written in zone files (`TXT`, `AAAA`, ...).
    pub fn mnemonic(self) -> &'static str {
        match self {
            QueryType::Ns => "NS",
            QueryType::Mx => "MX",
            QueryType::Txt => "TXT",
            QueryType::A => "A",
            QueryType::Aaaa => "AAAA",
            QueryType::Ptr => "PTR",
            QueryType::Cname => "CNAME",
            QueryType::Srv => "SRV",
            QueryType::Soa => "SOA",
        }
    }
}

/// An MX record's data (RFC 1035 §3.3.9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MxHost {
    /// Lower is tried first.
    pub preference: u16,
    /// The mail server's host name, lowercase, without the final dot (`.` for a null MX, RFC 7505).
    pub exchange: String,
}

/// An SRV record's data (RFC 2782): where a service is, in which order to try it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SrvTarget {
    /// Lower is tried first.
    pub priority: u16,
    /// Relative share among records of the same priority.
    pub weight: u16,
    /// TCP port.
    pub port: u16,
    /// Host name, lowercase, without the final dot (`.` means "not offered here", RFC 2782).
    pub target: String,
}

/// An SOA record's data (RFC 1035 §3.3.13):
///
/// ```text
/// MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM
/// ```
///
/// Times are in seconds. `minimum` is, since RFC 2308 §4, the TTL of negative answers; a
/// resolver caches "no such record" for min(SOA TTL, `minimum`) (RFC 2308 §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Soa {
    /// The primary name server of the zone (lowercase, no final dot).
    pub mname: String,
    /// The mailbox of the person responsible, as a name (`hostmaster.example.com`: the first
    /// label is the local part).
    pub rname: String,
    /// The version of the zone; secondaries copy the zone when it grows (RFC 1982 arithmetic).
    pub serial: u32,
    /// How often a secondary checks the primary's serial.
    pub refresh: u32,
    /// How long a secondary waits before retrying a failed refresh.
    pub retry: u32,
    /// How long a secondary keeps serving the zone without reaching the primary.
    pub expire: u32,
    /// The negative-caching TTL (RFC 2308 §4).
    pub minimum: u32,
}

/// One record's data, typed by what the core uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordData {
    /// A name server host name (lowercase, no final dot).
    Ns(String),
    /// A mail exchanger.
    Mx(MxHost),
    /// A TXT record with its character-strings joined without separators (RFC 7208 §3.3).
    Txt(String),
    /// An IPv4 address.
    A(Ipv4Addr),
    /// An IPv6 address.
    Aaaa(Ipv6Addr),
    /// A PTR target host name (lowercase, no final dot).
    Ptr(String),
    /// A CNAME target host name (lowercase, no final dot).
    Cname(String),
    /// A service location (RFC 2782).
    Srv(SrvTarget),
    /// The start of a zone of authority (RFC 1035 §3.3.13).
    Soa(Soa),
}

/// Join a TXT record's character-strings without separators (RFC 7208 §3.3, RFC 6376 §3.6.2.2);
/// bytes that are not UTF-8 become U+FFFD.
pub fn join_txt<'a>(strings: impl IntoIterator<Item = &'a [u8]>) -> String {
    let joined: Vec<u8> = strings.into_iter().flatten().copied().collect();
    String::from_utf8_lossy(&joined).into_owned()
}

/// A host name as the core keeps it: lowercase, the final dot dropped except for the root itself
/// (a null MX's `.`).
pub fn host_text(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    match lower.strip_suffix('.') {
        Some(s) if !s.is_empty() => s.to_owned(),
        _ => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_strings_join_without_separators() {
        for (strings, expected) in [
            (
                vec![&b"v=spf1 "[..], b"include:a -all"],
                "v=spf1 include:a -all",
            ),
            (
                vec![&b"v=DKIM1; k=rsa; p=MIIB"[..], b"IjAN", b"BgkqhkiG"],
                "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG",
            ),
            (vec![&b"one"[..]], "one"),
            (vec![&b""[..], b"a", b""], "a"),
            (vec![], ""),
            (vec![&b"caf\xc3\xa9"[..]], "café"),
            (vec![&b"bad \xff byte"[..]], "bad \u{fffd} byte"),
        ] {
            assert_eq!(join_txt(strings.iter().copied()), expected);
        }
    }

    #[test]
    fn host_text_keeps_null_mx_root() {
        for (input, expected) in [
            ("ASPMX.L.Google.com.", "aspmx.l.google.com"),
            ("mail.example.test", "mail.example.test"),
            (".", "."),
        ] {
            assert_eq!(host_text(input), expected);
        }
    }
}
