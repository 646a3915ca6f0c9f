//! Does what DNS returned mean the expected record? TXT values compare as their joined
//! character-strings (RFC 7208 §3.3), with SPF and tag-list records compared by meaning; host
//! names compare case-insensitively without the final dot (RFC 4343 §3).

use crate::records::{spf, tags};

/// How a found value relates to the expected one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sameness {
    /// Byte for byte the same.
    Exact,
    /// Written differently but means the same; the note says how it differs.
    Equivalent(&'static str),
    /// Something else.
    Different,
}

impl Sameness {
    /// True unless [`Sameness::Different`].
    pub fn is_same(&self) -> bool {
        !matches!(self, Sameness::Different)
    }
}

/// The kind of TXT record a value is, so that a verification token at the apex is not taken for
/// a wrong SPF record: `v=spf1`, another `v=` version tag (DMARC1, DKIM1, STSv1, TLSRPTv1,
/// BIMI1), or a plain value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TxtFamily {
    /// An SPF record (RFC 7208 §4.5).
    Spf,
    /// A tag list whose first tag is `v=<version>` (lowercased).
    Versioned(String),
    /// Anything else.
    Plain,
}

/// The family of `value`, looking past quote marks, backslashes and spaces pasted before it.
pub fn family(value: &str) -> TxtFamily {
    let v = value.trim_start_matches(['"', '\\', ' ', '\'']);
    if v.len() >= 6 && v.as_bytes()[..6].eq_ignore_ascii_case(b"v=spf1") {
        return TxtFamily::Spf;
    }
    let first = v.split(';').next().unwrap_or_default();
    match first.split_once('=') {
        Some((tag, version)) if tag.trim().eq_ignore_ascii_case("v") => {
            let version: String = version
                .trim()
                .trim_end_matches(['"', '\\'])
                .to_ascii_lowercase();
            TxtFamily::Versioned(version)
        }
        _ => TxtFamily::Plain,
    }
}

/// Compare two TXT values (each with its character-strings already joined).
pub fn txt(expected: &str, found: &str) -> Sameness {
    if expected == found {
        return Sameness::Exact;
    }
    if spf::is_spf_record(expected) && spf::is_spf_record(found) {
        return spf_same(expected, found);
    }
    if let (TxtFamily::Versioned(a), TxtFamily::Versioned(b)) = (family(expected), family(found)) {
        if a == b && !found.starts_with(['"', '\\', ' ']) {
            return tag_lists_same(expected, found);
        }
    }
    Sameness::Different
}

/// SPF terms (RFC 7208 §4.6.1: `terms = *( 1*SP ( directive / modifier ) )`): the same terms,
/// spaced or cased differently, mean the same; so does another order when every mechanism but
/// `all` has the same qualifier (the first match wins, RFC 7208 §4.6.2, so only then is order
/// irrelevant).
fn spf_same(expected: &str, found: &str) -> Sameness {
    let terms = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .skip(1)
            .map(|t| {
                let t = t.to_ascii_lowercase();
                match t.strip_prefix('+') {
                    Some(rest) => rest.to_owned(),
                    None => t,
                }
            })
            .collect()
    };
    let (a, b) = (terms(expected), terms(found));
    if a == b {
        return Sameness::Equivalent("the same SPF record, spaced or capitalised differently");
    }
    let is_all = |t: &String| t.trim_start_matches(['-', '~', '?']) == "all";
    let is_modifier = |t: &String| t.contains('=');
    let split = |v: &[String]| {
        let mut mechanisms: Vec<String> = v
            .iter()
            .filter(|t| !is_all(t) && !is_modifier(t))
            .cloned()
            .collect();
        let mut modifiers: Vec<String> = v.iter().filter(|t| is_modifier(t)).cloned().collect();
        let all: Vec<String> = v.iter().filter(|t| is_all(t)).cloned().collect();
        let one_qualifier = mechanisms
            .iter()
            .map(|t| t.starts_with(['-', '~', '?']).then(|| t.as_bytes()[0]))
            .collect::<std::collections::HashSet<_>>()
            .len()
            <= 1;
        mechanisms.sort();
        modifiers.sort();
        (mechanisms, modifiers, all, one_qualifier)
    };
    let (ma, da, la, qa) = split(&a);
    let (mb, db, lb, _) = split(&b);
    let all_last = |v: &[String]| v.iter().position(is_all).is_none_or(|i| i + 1 == v.len());
    if qa && ma == mb && da == db && la == lb && all_last(&a) && all_last(&b) {
        Sameness::Equivalent("the same SPF mechanisms in another order, which changes nothing here")
    } else {
        Sameness::Different
    }
}

/// Tag lists (RFC 6376 §3.2, RFC 7489 §6.4): the version tag first in both, then the same tags
/// with the same values in any order, spacing around `;`, `=` and `,` ignored, names
/// case-insensitive, and whitespace inside a DKIM key (`p=`, base64) ignored.
fn tag_lists_same(expected: &str, found: &str) -> Sameness {
    let (Ok(a), Ok(b)) = (tags::parse(expected), tags::parse(found)) else {
        return Sameness::Different;
    };
    let version_first = |t: &[tags::Tag]| t.first().is_some_and(|t| t.name == "v");
    if !version_first(&a) || !version_first(&b) {
        return Sameness::Different;
    }
    let normal = |t: &[tags::Tag]| {
        let mut v: Vec<(String, String)> = t
            .iter()
            .map(|t| {
                let name = t.name.to_ascii_lowercase();
                let value = if name == "p" || name == "rua" || name == "ruf" {
                    tags::without_whitespace(&t.value)
                } else {
                    t.value
                        .split(',')
                        .map(str::trim)
                        .collect::<Vec<_>>()
                        .join(",")
                };
                (name, value)
            })
            .collect();
        v.sort();
        v
    };
    if normal(&a) != normal(&b) {
        return Sameness::Different;
    }
    let names = |t: &[tags::Tag]| {
        t.iter()
            .map(|t| t.name.to_ascii_lowercase())
            .collect::<Vec<_>>()
    };
    if names(&a) == names(&b) {
        Sameness::Equivalent("the same record, spaced differently")
    } else {
        Sameness::Equivalent("the same tags in another order, which means the same")
    }
}

/// A host name as DNS compares it: lowercase, without the final dot (RFC 4343 §3).
pub fn host(name: &str) -> String {
    crate::dns::host_text(name.trim())
}

/// Two host names are the same name (case-insensitive, final dot ignored).
pub fn same_host(a: &str, b: &str) -> bool {
    host(a) == host(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_values_compare_by_meaning() {
        use Sameness::*;
        for (expected, found, same) in [
            ("v=spf1 -all", "v=spf1 -all", true),
            (
                "v=spf1 include:a.com ~all",
                "v=spf1  include:a.com ~all",
                true,
            ),
            (
                "v=spf1 include:a.com ~all",
                "v=spf1 +include:A.com ~all",
                true,
            ),
            (
                "v=spf1 include:a.com include:b.com ~all",
                "v=spf1 include:b.com include:a.com ~all",
                true,
            ),
            (
                "v=spf1 -ip4:192.0.2.1 include:a.com ~all",
                "v=spf1 include:a.com -ip4:192.0.2.1 ~all",
                false,
            ),
            (
                "v=spf1 include:a.com ~all",
                "v=spf1 include:a.com -all",
                false,
            ),
            (
                "v=spf1 include:a.com ~all",
                "v=spf1 ~all include:a.com",
                false,
            ),
            (
                "v=DMARC1; p=none; rua=mailto:a@b.c",
                "v=DMARC1;p=none;rua=mailto:a@b.c",
                true,
            ),
            (
                "v=DMARC1; p=none; rua=mailto:a@b.c",
                "v=DMARC1; rua=mailto:a@b.c; p=none",
                true,
            ),
            ("v=DMARC1; p=none", "p=none; v=DMARC1", false),
            ("v=DMARC1; p=none", "v=DMARC1; p=reject", false),
            ("v=DKIM1; k=rsa; p=ABCD", "v=DKIM1; k=rsa; p=AB CD", true),
            (
                "v=DKIM1; k=rsa; p=ABCD",
                "\"v=DKIM1; k=rsa; p=ABCD\"",
                false,
            ),
            ("token=abc", "token=abd", false),
        ] {
            let got = txt(expected, found);
            assert_eq!(got.is_same(), same, "{expected:?} vs {found:?}: {got:?}");
            if expected == found {
                assert_eq!(got, Exact);
            }
        }
    }

    #[test]
    fn families_look_past_pasted_quotes() {
        for (value, expected) in [
            ("v=spf1 -all", TxtFamily::Spf),
            ("\"v=spf1 -all\"", TxtFamily::Spf),
            ("v=DMARC1; p=none", TxtFamily::Versioned("dmarc1".into())),
            ("\\\"v=DKIM1; p=x\\\"", TxtFamily::Versioned("dkim1".into())),
            ("google-site-verification=abc", TxtFamily::Plain),
        ] {
            assert_eq!(family(value), expected, "{value}");
        }
    }

    #[test]
    fn hosts_ignore_case_and_final_dot() {
        assert!(same_host("U1.wl.SendGrid.net.", "u1.wl.sendgrid.net"));
        assert!(!same_host("a.example.com", "a.example.com.example.com"));
        assert_eq!(host("."), ".");
    }
}
