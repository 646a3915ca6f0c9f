//! The verdict on one answer: the expected record is there, it is absent, or something else is
//! there — and then which classic pasting mistake it is, in plain words with the fix.

use std::net::IpAddr;

use super::compare::{self, family, Sameness, TxtFamily};
use super::model::{ExpectedRecord, Role};
use crate::dns::{MxHost, RecordData};
use crate::finding::{Finding, Severity};
use crate::records::RecordType;

/// What an answer says about the expected record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judgement {
    /// The record is there; a note when it is written differently but means the same.
    Match {
        /// How it differs harmlessly.
        note: Option<&'static str>,
    },
    /// Something else is there: the mistake, with the fix.
    Mismatch(Finding),
    /// Nothing that is, or is meant to be, this record.
    Absent,
}

/// Judge the records an answer holds (of the expected type) against the expected record.
pub fn judge(
    expected: &ExpectedRecord,
    found: &[RecordData],
    domain: &str,
    role: Role,
) -> Judgement {
    match expected.kind {
        RecordType::Txt => judge_txt(expected, found, role),
        RecordType::Cname => judge_cname(expected, found, domain, role),
        RecordType::Mx => judge_mx(expected, found, role),
    }
}

fn judge_txt(e: &ExpectedRecord, found: &[RecordData], role: Role) -> Judgement {
    let values: Vec<&str> = found
        .iter()
        .filter_map(|r| match r {
            RecordData::Txt(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let fam = family(&e.content);
    let related: Vec<&str> = values
        .iter()
        .copied()
        .filter(|v| related_txt(&fam, &e.content, v))
        .collect();
    let same: Vec<Sameness> = values
        .iter()
        .map(|v| compare::txt(&e.content, v))
        .filter(Sameness::is_same)
        .collect();
    if let Some(first) = same.first() {
        if fam != TxtFamily::Plain && related.len() > 1 {
            return Judgement::Mismatch(duplicate(e, related.len()));
        }
        return Judgement::Match {
            note: match first {
                Sameness::Equivalent(note) => Some(note),
                _ => None,
            },
        };
    }
    match related.first() {
        None => Judgement::Absent,
        Some(value) => Judgement::Mismatch(txt_mistake(e, value, role)),
    }
}

/// A found TXT value is a version of the expected record (and not, say, a verification token).
fn related_txt(fam: &TxtFamily, expected: &str, found: &str) -> bool {
    match fam {
        TxtFamily::Plain => {
            let prefix = |s: &str| {
                s.trim_start_matches(['"', '\\', ' '])
                    .split(['=', ':'])
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase()
            };
            expected.contains(['=', ':']) && prefix(expected) == prefix(found)
        }
        other => family(found) == *other,
    }
}

/// Which mistake turns `expected` into `found`, tried from the most specific.
fn txt_mistake(e: &ExpectedRecord, found: &str, role: Role) -> Finding {
    let expected = e.content.as_str();
    let same = |candidate: &str| compare::txt(expected, candidate).is_same();
    if let Some(old) = &e.old {
        if compare::txt(old, found).is_same() {
            return old_value(e, role);
        }
    }
    let unquoted = strip_quotes(found);
    if unquoted != found && same(unquoted) {
        return Finding::new(
            "watch.extra_quotes",
            Severity::Error,
            "The value was saved with quote marks around it, so receivers read the quotes as part of the record.",
            format!("Edit the record at {} and remove the quote marks at the start and the end; this DNS panel adds them itself.", e.host),
        );
    }
    let unescaped = found.replace("\\\"", "\"").replace("\\\\", "\\");
    let no_backslash = found.replace('\\', "");
    for candidate in [unescaped.as_str(), no_backslash.as_str()] {
        if candidate != found && (same(candidate) || same(strip_quotes(candidate))) {
            return Finding::new(
                "watch.extra_backslashes",
                Severity::Error,
                "The value has backslashes (\\) in it that are not part of the record; they were probably copied from a zone file or a command line.",
                format!("Edit the record at {} and paste the value again exactly as Sendwell shows it, without backslashes.", e.host),
            );
        }
    }
    let pieces = strip_quotes(found).replace("\" \"", "").replace("\"\"", "");
    if pieces != strip_quotes(found) && same(&pieces) {
        return Finding::new(
            "watch.split_wrongly",
            Severity::Error,
            "The value was pasted as several quoted pieces into a field that keeps the quote marks, so the pieces were not joined.",
            format!("Edit the record at {} and paste the value exactly as Sendwell shows it for your DNS panel.", e.host),
        );
    }
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    if squash(found) == squash(expected) {
        return if found.len() < expected.len() {
            Finding::new(
                "watch.missing_quotes",
                Severity::Error,
                "The spaces of the value are missing: it was saved without quote marks, so the server cut it into pieces at every space.",
                format!("Edit the record at {} and put the whole value in double quotes (\"…\").", e.host),
            )
        } else {
            Finding::new(
                "watch.split_wrongly",
                Severity::Error,
                "The value was split into pieces at the wrong places: spaces were added where it was cut.",
                format!("Edit the record at {} and paste the value again exactly as Sendwell shows it for your DNS panel.", e.host),
            )
        };
    }
    if expected.starts_with(found) && !found.is_empty() {
        return Finding::new(
            "watch.truncated",
            Severity::Error,
            format!(
                "Only the first {} of the value's {} characters were saved.",
                found.len(),
                expected.len()
            ),
            format!("Edit the record at {} and paste the whole value; if the panel limits the length, paste it as Sendwell shows it for your panel (split into quoted pieces).", e.host),
        );
    }
    Finding::new(
        "watch.different_value",
        Severity::Error,
        format!("The record holds a different value: {}", shorten(found)),
        format!(
            "Edit the record at {} so its value is exactly: {}",
            e.host, expected
        ),
    )
}

/// Remove one pair of quote marks around a value (and spaces outside them).
fn strip_quotes(s: &str) -> &str {
    let t = s.trim();
    match t.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) => inner,
        None => t,
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 120 {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(120).collect::<String>())
    }
}

fn old_value(e: &ExpectedRecord, role: Role) -> Finding {
    match role {
        Role::Authoritative => Finding::new(
            "watch.old_value",
            Severity::Warning,
            "Still the old value: this name server has not been given the new one.",
            format!("Edit the existing record at {} in your DNS panel to the new value (do not add a second one).", e.host),
        ),
        Role::Resolver => Finding::new(
            "watch.old_value",
            Severity::Warning,
            "Still the old value: this resolver has it cached and asks again when that copy expires.",
            "Nothing to do: wait for the time shown.",
        ),
    }
}

fn duplicate(e: &ExpectedRecord, count: usize) -> Finding {
    let what = match family(&e.content) {
        TxtFamily::Spf => "SPF".to_owned(),
        TxtFamily::Versioned(v) => v.to_ascii_uppercase(),
        TxtFamily::Plain => "TXT".to_owned(),
    };
    Finding::new(
        "watch.duplicate_record",
        Severity::Error,
        format!("The new record is there, but so are {} other {what} record(s) at the same name; receivers then ignore them all.", count - 1),
        format!("Delete the other {what} record(s) at {} and keep only the one Sendwell gave you.", e.host),
    )
    .rfc(if what == "SPF" { "RFC 7208 §4.5" } else { "RFC 7489 §6.6.3" })
}

fn judge_cname(e: &ExpectedRecord, found: &[RecordData], domain: &str, role: Role) -> Judgement {
    let targets: Vec<&str> = found
        .iter()
        .filter_map(|r| match r {
            RecordData::Cname(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let Some(target) = targets.first() else {
        return Judgement::Absent;
    };
    if compare::same_host(target, &e.content) {
        return Judgement::Match { note: None };
    }
    if let Some(old) = &e.old {
        if compare::same_host(target, old) {
            return Judgement::Mismatch(old_value(e, role));
        }
    }
    let wanted = compare::host(&e.content);
    if compare::host(target) == format!("{wanted}.{domain}") {
        return Judgement::Mismatch(Finding::new(
            "watch.doubled_domain_target",
            Severity::Error,
            format!("The CNAME points to {target}: your DNS panel added {domain} to the end of the target."),
            format!("Edit the record at {} so it points to {wanted}. — with a final dot, which tells the panel not to add your domain.", e.host),
        ));
    }
    Judgement::Mismatch(Finding::new(
        "watch.wrong_target",
        Severity::Error,
        format!("The CNAME points to {target} instead of {wanted}."),
        format!("Edit the record at {} so it points to {wanted}.", e.host),
    ))
}

fn judge_mx(e: &ExpectedRecord, found: &[RecordData], role: Role) -> Judgement {
    let mx: Vec<_> = found
        .iter()
        .filter_map(|r| match r {
            RecordData::Mx(m) => Some(m),
            _ => None,
        })
        .collect();
    let wanted = compare::host(&e.content);
    if let Some(m) = mx.iter().find(|m| compare::same_host(&m.exchange, &wanted)) {
        return match e.priority {
            Some(p) if p != m.preference => Judgement::Mismatch(Finding::new(
                "watch.wrong_priority",
                Severity::Warning,
                format!(
                    "The mail server {wanted} is listed with priority {} instead of {p}.",
                    m.preference
                ),
                format!(
                    "Edit the MX record at {} and set its priority to {p}.",
                    e.host
                ),
            )),
            _ => Judgement::Match { note: None },
        };
    }
    if let Some(old) = &e.old {
        // The old value is `host` or `preference host`: compare host names, not substrings
        // (a null MX "." is in every text).
        let was_old = |m: &&MxHost| {
            old.split_whitespace()
                .any(|h| compare::same_host(h, &m.exchange))
        };
        if mx.len() == 1 && mx.iter().any(was_old) {
            return Judgement::Mismatch(old_value(e, role));
        }
    }
    if let Some(ip) = mx.iter().find(|m| m.exchange.parse::<IpAddr>().is_ok()) {
        return Judgement::Mismatch(
            Finding::new(
                "watch.mx_ip",
                Severity::Error,
                format!(
                    "An MX record holds the IP address {} where a mail server's host name belongs.",
                    ip.exchange
                ),
                format!("Edit that MX record at {} so it holds {wanted}.", e.host),
            )
            .rfc("RFC 5321 §5.1"),
        );
    }
    if !mx.is_empty() {
        let hosts: Vec<String> = mx.iter().map(|m| compare::host(&m.exchange)).collect();
        return Judgement::Mismatch(
            Finding::new(
                "watch.wrong_mx",
                Severity::Error,
                format!(
                    "The mail servers (MX) of {} are {}, without {wanted}: mail still goes to the servers listed.",
                    e.name,
                    hosts.join(", ")
                ),
                format!(
                    "At {}, add the MX record {wanted} and delete the MX records the plan does not list.",
                    e.host
                ),
            )
            .rfc("RFC 5321 §5.1"),
        );
    }
    Judgement::Absent
}

/// The record was found under the doubled name `<name>.<domain>`.
pub fn doubled_domain(e: &ExpectedRecord, domain: &str) -> Finding {
    Finding::new(
        "watch.doubled_domain",
        Severity::Error,
        format!(
            "The record was added at {}.{domain}: your DNS panel added {domain} a second time.",
            e.name
        ),
        format!(
            "Edit the record's Host field so it says exactly `{}`; the panel adds {domain} itself.",
            e.host
        ),
    )
}

/// Cloudflare's anycast ranges (published at cloudflare.com/ips-v4): a proxied record answers
/// with these instead of its CNAME.
const CLOUDFLARE_V4: &[(u32, u8)] = &[
    (0x6810_0000, 13), // 104.16.0.0/13
    (0x6818_0000, 14), // 104.24.0.0/14
    (0xAC40_0000, 13), // 172.64.0.0/13
    (0xBC72_6000, 20), // 188.114.96.0/20
    (0xA29E_0000, 15), // 162.158.0.0/15
    (0x8D65_4000, 18), // 141.101.64.0/18
    (0x6CA2_C000, 18), // 108.162.192.0/18
    (0xBE5D_F000, 20), // 190.93.240.0/20
    (0xC5EA_F000, 22), // 197.234.240.0/22
    (0xC629_8000, 17), // 198.41.128.0/17
    (0xADF5_3000, 20), // 173.245.48.0/20
    (0x6715_F400, 22), // 103.21.244.0/22
    (0x6716_C800, 22), // 103.22.200.0/22
    (0x671F_0400, 22), // 103.31.4.0/22
    (0x8300_4800, 22), // 131.0.72.0/22
];

/// True for an address of Cloudflare's proxy.
pub fn is_cloudflare_proxy(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let a = u32::from(v4);
            CLOUDFLARE_V4
                .iter()
                .any(|(net, len)| a >> (32 - len) == net >> (32 - len))
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            matches!(
                (s[0], s[1]),
                (0x2606, 0x4700)
                    | (0x2400, 0xcb00)
                    | (0x2803, 0xf800)
                    | (0x2405, 0xb500)
                    | (0x2405, 0x8100)
                    | (0x2a06, 0x98c0)
                    | (0x2c0f, 0xf248)
            )
        }
    }
}

/// A CNAME was expected and the name answers with addresses instead.
pub fn addresses_instead_of_cname(e: &ExpectedRecord, ips: &[IpAddr]) -> Finding {
    if !ips.is_empty() && ips.iter().all(|ip| is_cloudflare_proxy(*ip)) {
        return Finding::new(
            "watch.cloudflare_proxy",
            Severity::Error,
            "The name answers with Cloudflare's own addresses instead of the CNAME: Cloudflare's proxy (the orange cloud) is on for this record, which hides the CNAME from mail receivers.",
            format!("In Cloudflare's DNS page, click the orange cloud beside the CNAME at {} so it turns grey (\"DNS only\").", e.host),
        );
    }
    wrong_type(e, "an address (A) record")
}

/// Another record type sits where the expected one belongs.
pub fn wrong_type(e: &ExpectedRecord, found: &str) -> Finding {
    Finding::new(
        "watch.wrong_type",
        Severity::Error,
        format!(
            "There is {found} at {} where a {} record belongs.",
            e.name, e.kind
        ),
        format!(
            "Delete that record at {} and add a {} record with the value Sendwell gave you.",
            e.host, e.kind
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txt_record(content: &str, old: Option<&str>) -> ExpectedRecord {
        ExpectedRecord {
            kind: RecordType::Txt,
            name: "_dmarc.example.com".into(),
            host: "_dmarc".into(),
            content: content.into(),
            priority: None,
            ttl: 3600,
            old: old.map(str::to_owned),
        }
    }

    fn id(j: &Judgement) -> &'static str {
        match j {
            Judgement::Match { note: None } => "match",
            Judgement::Match { note: Some(_) } => "match+note",
            Judgement::Mismatch(f) => f.id,
            Judgement::Absent => "absent",
        }
    }

    #[test]
    fn txt_mistakes_are_named() {
        let dmarc = "v=DMARC1; p=none; rua=mailto:d@example.com";
        let spf = "v=spf1 include:_spf.google.com ~all";
        for (expected, old, found, verdict) in [
            (dmarc, None, vec![dmarc], "match"),
            (
                dmarc,
                None,
                vec!["v=DMARC1; rua=mailto:d@example.com; p=none"],
                "match+note",
            ),
            (
                dmarc,
                Some("v=DMARC1; p=reject"),
                vec!["v=DMARC1; p=reject"],
                "watch.old_value",
            ),
            (
                dmarc,
                None,
                vec!["\"v=DMARC1; p=none; rua=mailto:d@example.com\""],
                "watch.extra_quotes",
            ),
            (
                dmarc,
                None,
                vec!["\\\"v=DMARC1; p=none; rua=mailto:d@example.com\\\""],
                "watch.extra_backslashes",
            ),
            (
                spf,
                None,
                vec!["v=spf1include:_spf.google.com~all"],
                "watch.missing_quotes",
            ),
            (
                spf,
                None,
                vec!["\"v=spf1 include:_spf.go\" \"ogle.com ~all\""],
                "watch.split_wrongly",
            ),
            (
                spf,
                None,
                vec!["v=spf1 include:_spf.go ogle.com ~all"],
                "watch.split_wrongly",
            ),
            (
                spf,
                None,
                vec!["v=spf1 include:_spf.goo"],
                "watch.truncated",
            ),
            (spf, None, vec!["v=spf1 -all"], "watch.different_value"),
            (
                spf,
                None,
                vec![spf, "v=spf1 include:sendgrid.net ~all"],
                "watch.duplicate_record",
            ),
            (spf, None, vec!["google-site-verification=abc"], "absent"),
            (
                spf,
                None,
                vec![spf, "google-site-verification=abc"],
                "match",
            ),
            (spf, None, vec![], "absent"),
        ] {
            let e = txt_record(expected, old);
            let found: Vec<RecordData> = found
                .iter()
                .map(|s| RecordData::Txt((*s).to_owned()))
                .collect();
            let j = judge(&e, &found, "example.com", Role::Resolver);
            assert_eq!(id(&j), verdict, "{found:?}: {j:?}");
        }
    }

    #[test]
    fn cname_and_mx_mistakes_are_named() {
        let cname = ExpectedRecord {
            kind: RecordType::Cname,
            name: "s1._domainkey.example.com".into(),
            host: "s1._domainkey".into(),
            content: "s1.domainkey.u1.wl.sendgrid.net".into(),
            priority: None,
            ttl: 3600,
            old: None,
        };
        for (target, verdict) in [
            ("S1.domainkey.u1.wl.sendgrid.net", "match"),
            (
                "s1.domainkey.u1.wl.sendgrid.net.example.com",
                "watch.doubled_domain_target",
            ),
            ("other.example.net", "watch.wrong_target"),
        ] {
            let j = judge(
                &cname,
                &[RecordData::Cname(target.into())],
                "example.com",
                Role::Authoritative,
            );
            assert_eq!(id(&j), verdict, "{target}");
        }
        let mx = ExpectedRecord {
            kind: RecordType::Mx,
            name: "example.com".into(),
            host: "@".into(),
            content: "aspmx.l.google.com".into(),
            priority: Some(1),
            ttl: 3600,
            old: None,
        };
        let m = |p: u16, h: &str| {
            RecordData::Mx(MxHost {
                preference: p,
                exchange: h.into(),
            })
        };
        for (found, verdict) in [
            (vec![m(1, "aspmx.l.google.com")], "match"),
            (vec![m(10, "aspmx.l.google.com")], "watch.wrong_priority"),
            (vec![m(10, "192.0.2.25")], "watch.mx_ip"),
            (vec![m(10, "mx.other.net")], "watch.wrong_mx"),
            (
                vec![m(1, "alt1.l.google.com"), m(5, "mx.other.net")],
                "watch.wrong_mx",
            ),
            (vec![], "absent"),
        ] {
            assert_eq!(
                id(&judge(&mx, &found, "example.com", Role::Resolver)),
                verdict
            );
        }
        // The old value is compared by host name: a null MX is not "the old value".
        let replacing = ExpectedRecord {
            old: Some("10 mx.old.example.net".into()),
            ..mx.clone()
        };
        for (found, verdict) in [
            (vec![m(10, "mx.old.example.net.")], "watch.old_value"),
            (vec![m(0, ".")], "watch.wrong_mx"),
            (vec![m(10, "old.example.net")], "watch.wrong_mx"),
        ] {
            assert_eq!(
                id(&judge(&replacing, &found, "example.com", Role::Resolver)),
                verdict,
                "{found:?}"
            );
        }
    }

    #[test]
    fn cloudflare_addresses_are_recognised() {
        for (ip, proxy) in [
            ("104.16.132.229", true),
            ("172.67.1.1", true),
            ("2606:4700::6810:84e5", true),
            ("192.0.2.1", false),
            ("8.8.8.8", false),
        ] {
            assert_eq!(is_cloudflare_proxy(ip.parse().expect("ip")), proxy, "{ip}");
        }
    }
}
