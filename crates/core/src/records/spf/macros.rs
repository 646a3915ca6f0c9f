//! Macro expansion (RFC 7208 §7.3–§7.4): the values behind `%{s}`, `%{d2}`, `%{ir}`, URL escaping,
//! and turning an expanded domain-spec into a name DNS can be asked about.

use std::fmt::Write as _;
use std::net::IpAddr;

use super::{MacroExpand, MacroLetter, MacroPart, MacroString};

/// The values the macro letters stand for during one evaluation (§7.2).
pub(super) struct MacroValues<'a> {
    /// `s`: `local-part@domain`.
    pub sender: &'a str,
    /// `l`.
    pub local: &'a str,
    /// `o`.
    pub sender_domain: &'a str,
    /// `d`: the domain whose record is being evaluated.
    pub domain: &'a str,
    /// `i`, `c`, `v`.
    pub ip: IpAddr,
    /// `h`.
    pub helo: &'a str,
    /// `p` (already worked out by the evaluator; `unknown` when none validated).
    pub validated: &'a str,
}

/// True when the string uses `%{p}`, which needs PTR lookups before expanding.
pub(super) fn uses_validated_name(ms: &MacroString) -> bool {
    ms.parts.iter().any(|p| {
        matches!(
            p,
            MacroPart::Macro(MacroExpand {
                letter: MacroLetter::ValidatedName,
                ..
            })
        )
    })
}

/// Expand every macro in `ms` (§7.3).
pub(super) fn expand(ms: &MacroString, v: &MacroValues<'_>) -> String {
    let mut out = String::new();
    for part in &ms.parts {
        match part {
            MacroPart::Literal(s) => out.push_str(s),
            MacroPart::Percent => out.push('%'),
            MacroPart::Space => out.push(' '),
            MacroPart::UrlSpace => out.push_str("%20"),
            MacroPart::Macro(m) => out.push_str(&expand_one(m, v)),
        }
    }
    out
}

fn expand_one(m: &MacroExpand, v: &MacroValues<'_>) -> String {
    let value = match m.letter {
        MacroLetter::Sender => v.sender.to_owned(),
        MacroLetter::LocalPart => v.local.to_owned(),
        MacroLetter::SenderDomain => v.sender_domain.to_owned(),
        MacroLetter::Domain => v.domain.to_owned(),
        MacroLetter::Ip => dotted_ip(v.ip),
        MacroLetter::ValidatedName => v.validated.to_owned(),
        MacroLetter::IpVersion => match v.ip {
            IpAddr::V4(_) => "in-addr".to_owned(),
            IpAddr::V6(_) => "ip6".to_owned(),
        },
        MacroLetter::Helo => v.helo.to_owned(),
        MacroLetter::ClientIp => v.ip.to_string(),
        MacroLetter::Receiver => "unknown".to_owned(),
        MacroLetter::Timestamp => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
            .to_string(),
    };
    let delimiters: &str = if m.delimiters.is_empty() {
        "."
    } else {
        &m.delimiters
    };
    let mut parts: Vec<&str> = value.split(|c| delimiters.contains(c)).collect();
    if m.reverse {
        parts.reverse();
    }
    if let Some(keep) = m.keep {
        let keep = usize::try_from(keep).unwrap_or(usize::MAX);
        if keep < parts.len() {
            parts.drain(..parts.len() - keep);
        }
    }
    let joined = parts.join(".");
    if m.url_escape {
        url_escape(&joined)
    } else {
        joined
    }
}

/// Escape every byte outside the URI `unreserved` set (RFC 3986 §2.3), as §7.3 asks for
/// uppercase macros.
fn url_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `%{i}`: dotted quad for IPv4, 32 dot-separated nibbles for IPv6 (§7.3).
pub(super) fn dotted_ip(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => {
            let mut out = String::with_capacity(63);
            for byte in a.octets() {
                for nibble in [byte >> 4, byte & 0xf] {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push(
                        char::from_digit(u32::from(nibble), 16)
                            .map_or('0', |c| c.to_ascii_uppercase()),
                    );
                }
            }
            out
        }
    }
}

/// The reverse-lookup name of an address (`4.3.2.1.in-addr.arpa`, `….ip6.arpa`).
pub(super) fn reverse_name(ip: IpAddr) -> String {
    let dotted = dotted_ip(ip);
    let mut parts: Vec<&str> = dotted.split('.').collect();
    parts.reverse();
    let suffix = match ip {
        IpAddr::V4(_) => "in-addr.arpa",
        IpAddr::V6(_) => "ip6.arpa",
    };
    format!("{}.{suffix}", parts.join("."))
}

/// The name to query for an expanded domain-spec: without a final dot, shortened from the left
/// to 253 characters (§7.3), and `None` when DNS cannot carry it (empty or over-long label).
pub(super) fn query_name(expanded: &str) -> Option<String> {
    let mut name = expanded.strip_suffix('.').unwrap_or(expanded);
    while name.len() > 253 {
        name = name.split_once('.')?.1;
    }
    valid_dns_name(name).then(|| name.to_owned())
}

/// Labels of 1–63 octets, at most 253 in all.
pub(super) fn valid_dns_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 253 && name.split('.').all(|l| !l.is_empty() && l.len() <= 63)
}

#[cfg(test)]
mod tests {
    use super::super::parse::{macro_string, MacroContext};
    use super::*;

    fn values(ip: &str) -> MacroValues<'static> {
        MacroValues {
            sender: "strong-bad@email.example.com",
            local: "strong-bad",
            sender_domain: "email.example.com",
            domain: "email.example.com",
            ip: ip.parse().expect("test ip"),
            helo: "mx.example.org",
            validated: "unknown",
        }
    }

    /// The examples of RFC 7208 §7.4.
    #[test]
    fn rfc_examples_expand() {
        let v4 = values("192.0.2.3");
        let v6 = values("2001:db8::cb01");
        for (input, ip, expected) in [
            ("%{s}", &v4, "strong-bad@email.example.com"),
            ("%{o}", &v4, "email.example.com"),
            ("%{d}", &v4, "email.example.com"),
            ("%{d4}", &v4, "email.example.com"),
            ("%{d3}", &v4, "email.example.com"),
            ("%{d2}", &v4, "example.com"),
            ("%{d1}", &v4, "com"),
            ("%{dr}", &v4, "com.example.email"),
            ("%{d2r}", &v4, "example.email"),
            ("%{l}", &v4, "strong-bad"),
            ("%{l-}", &v4, "strong.bad"),
            ("%{lr}", &v4, "strong-bad"),
            ("%{lr-}", &v4, "bad.strong"),
            ("%{l1r-}", &v4, "strong"),
            ("%{ir}.%{v}._spf.%{d2}", &v4, "3.2.0.192.in-addr._spf.example.com"),
            ("%{lr-}.lp._spf.%{d2}", &v4, "bad.strong.lp._spf.example.com"),
            (
                "%{ir}.%{v}._spf.%{d2}",
                &v6,
                "1.0.B.C.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.ip6._spf.example.com",
            ),
        ] {
            let ms = macro_string(input, 0, MacroContext::Term).expect("valid macro");
            assert_eq!(expand(&ms, ip), expected, "{input}");
        }
    }

    #[test]
    fn names_are_truncated_and_checked() {
        let long = format!("{}.example.com", ["abcdefghij"; 30].join("."));
        let q = query_name(&long).expect("truncated");
        assert!(q.len() <= 253 && q.ends_with(".example.com"));
        assert_eq!(query_name("a..b.com"), None);
        assert_eq!(query_name(&format!("{}.com", "x".repeat(64))), None);
        assert_eq!(query_name("example.com.").as_deref(), Some("example.com"));
        assert_eq!(
            reverse_name("192.0.2.3".parse().expect("ip")),
            "3.2.0.192.in-addr.arpa"
        );
    }
}
