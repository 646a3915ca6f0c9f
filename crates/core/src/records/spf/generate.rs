//! Writing the one SPF record a domain should publish: the existing record merged with the chosen
//! providers' includes and the user's own IPs, one `all` at the end, every change explained.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use super::lint::lint_text;
use super::parse::{macro_string, MacroContext};
use super::{Directive, DomainSpec, Mechanism, Modifier, Qualifier, SpfRecord, Term};
use crate::error::Error;
use crate::finding::{Finding, Severity};

/// What the user chose for SPF in the wizard (or on the `plan` command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpfChoices {
    /// `include:` targets of the chosen providers (e.g. `_spf.google.com`).
    pub includes: Vec<String>,
    /// The user's own sending servers (`--ip`).
    pub ips: Vec<SpfIp>,
    /// The `all` to end with: [`Qualifier::SoftFail`] (`~all`, the default) or
    /// [`Qualifier::Fail`] (`-all`). See [`explain_all`].
    pub all: Qualifier,
}

impl Default for SpfChoices {
    /// No includes, no IPs, `~all`.
    fn default() -> Self {
        SpfChoices::new(Vec::new(), Vec::new())
    }
}

impl SpfChoices {
    /// Choices with `~all`, the safe default while senders are being added.
    pub fn new(includes: Vec<String>, ips: Vec<SpfIp>) -> Self {
        SpfChoices {
            includes,
            ips,
            all: Qualifier::SoftFail,
        }
    }
}

/// An address or network that may send, as `ip4:`/`ip6:` write it (RFC 7208 §5.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpfIp {
    /// The address.
    pub addr: IpAddr,
    /// The prefix length, `None` for the single address.
    pub prefix: Option<u8>,
}

impl SpfIp {
    /// The mechanism for this address (`ip4:203.0.113.7`).
    pub fn mechanism(self) -> Mechanism {
        match self.addr {
            IpAddr::V4(addr) => Mechanism::Ip4 {
                addr,
                prefix: self.prefix.filter(|p| *p != 32),
            },
            IpAddr::V6(addr) => Mechanism::Ip6 {
                addr,
                prefix: self.prefix.filter(|p| *p != 128),
            },
        }
    }
}

impl fmt::Display for SpfIp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.prefix {
            Some(p) => write!(f, "{}/{p}", self.addr),
            None => write!(f, "{}", self.addr),
        }
    }
}

impl FromStr for SpfIp {
    type Err = Error;

    /// `203.0.113.7`, `203.0.113.0/24`, `2001:db8::1`, `2001:db8::/48` (an `ip4:`/`ip6:` in front
    /// is accepted too). A malformed value is [`Error::SpfIpInvalid`] (`spf.ip_invalid`).
    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = |reason: &str| Error::SpfIpInvalid {
            value: s.to_owned(),
            reason: reason.to_owned(),
        };
        let t = s.trim();
        let t = ["ip4:", "ip6:", "IP4:", "IP6:"]
            .iter()
            .find_map(|p| t.strip_prefix(p))
            .unwrap_or(t);
        if t.is_empty() {
            return Err(bad("it is empty"));
        }
        let (addr_text, prefix_text) = match t.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (t, None),
        };
        let addr: IpAddr = addr_text
            .parse()
            .map_err(|_| bad("it is not an IP address"))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix_text {
            None => None,
            Some(p) => {
                let ok = !p.is_empty()
                    && p.len() <= 3
                    && p.bytes().all(|b| b.is_ascii_digit())
                    && !(p.len() > 1 && p.starts_with('0'));
                match p.parse::<u8>() {
                    Ok(n) if ok && n <= max => Some(n),
                    _ => return Err(bad(&format!("the prefix must be a number from 0 to {max}"))),
                }
            }
        };
        Ok(SpfIp { addr, prefix })
    }
}

/// The merged record and what the merge changed or noticed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The one record to publish.
    pub record: SpfRecord,
    /// What changed and what to watch (ids `spf.*`), followed by the lint of the result.
    pub findings: Vec<Finding>,
}

/// What `~all` and `-all` mean, in plain words, for the SPF step.
pub fn explain_all(all: Qualifier) -> &'static str {
    match all {
        Qualifier::SoftFail => "~all (soft fail): mail from servers not listed here is accepted but marked as suspicious. Start with this: if you forgot a service that sends for you, its mail still arrives while you add it. DMARC decides what really happens to failing mail.",
        Qualifier::Fail => "-all (fail): mail from servers not listed here should be rejected. Use it once every service that sends as your domain is listed and DMARC reports show nothing legitimate failing; a forgotten sender's mail will then bounce.",
        Qualifier::Neutral => "?all (neutral): says nothing about servers not listed here, so it gives your domain no protection. Use ~all or -all instead.",
        Qualifier::Pass => "+all (pass): allows every server on the internet to send as your domain. Never use it.",
    }
}

/// A comparable form of a mechanism: lowercase, default prefixes spelled out, no final dot.
fn key(m: &Mechanism) -> String {
    match m {
        Mechanism::Ip4 { addr, prefix } => format!("ip4:{addr}/{}", prefix.unwrap_or(32)),
        Mechanism::Ip6 { addr, prefix } => format!("ip6:{addr}/{}", prefix.unwrap_or(128)),
        other => other
            .to_string()
            .to_ascii_lowercase()
            .trim_end_matches('.')
            .to_owned(),
    }
}

/// True when an existing pass `ip4`/`ip6` network already covers `ip`.
fn covered(directives: &[Directive], ip: SpfIp) -> Option<String> {
    directives.iter().find_map(|d| {
        if d.qualifier != Qualifier::Pass {
            return None;
        }
        let hit = match (&d.mechanism, ip.addr) {
            (Mechanism::Ip4 { addr, prefix }, IpAddr::V4(a)) => {
                let p = prefix.unwrap_or(32);
                p <= ip.prefix.unwrap_or(32)
                    && same_net(u32::from(*addr).into(), u32::from(a).into(), p, 32)
            }
            (Mechanism::Ip6 { addr, prefix }, IpAddr::V6(a)) => {
                let p = prefix.unwrap_or(128);
                p <= ip.prefix.unwrap_or(128) && same_net(u128::from(*addr), u128::from(a), p, 128)
            }
            _ => false,
        };
        hit.then(|| d.to_string())
    })
}

fn same_net(a: u128, b: u128, prefix: u8, bits: u8) -> bool {
    if prefix == 0 {
        return true;
    }
    let shift = u32::from(bits.saturating_sub(prefix));
    (a >> shift) == (b >> shift)
}

/// Add a directive unless an equal mechanism is already there (then say why it was skipped).
fn push(directives: &mut Vec<Directive>, d: Directive, notes: &mut Vec<Finding>) {
    let k = key(&d.mechanism);
    match directives.iter().find(|e| key(&e.mechanism) == k) {
        Some(e) if e.qualifier != d.qualifier => notes.push(
            Finding::new(
                "spf.conflicting_qualifier",
                Severity::Warning,
                format!("{e} is already in the record and comes first, so {d} has no effect."),
                format!(
                    "If {} should be allowed to send, change {e} to {}.",
                    d.mechanism, d.mechanism
                ),
            )
            .rfc("RFC 7208 §4.6.2"),
        ),
        Some(_) => notes.push(Finding::note(
            "spf.duplicate_removed",
            format!("{d} was listed twice; Sendwell keeps it once."),
        )),
        None => directives.push(d),
    }
}

/// Merge the existing record (if any) with the choices (RFC 7208 §4.5: a name has one SPF record).
///
/// Keeps the existing mechanisms in their order (those written after `all` are moved before it),
/// adds the new IPs and includes, drops duplicates, and ends with exactly one `all` — the chosen
/// one. An existing `redirect=` without `all` becomes an `include:` (a record with `all` ignores
/// `redirect=`); `exp=` and unknown modifiers are kept after `all`.
pub fn merge(existing: Option<&SpfRecord>, choices: &SpfChoices) -> Merged {
    let mut notes = Vec::new();
    let mut directives: Vec<Directive> = Vec::new();
    let mut modifiers: Vec<Modifier> = Vec::new();

    if let Some(record) = existing {
        let had_all = record.all();
        let mut seen_all = false;
        let mut moved = Vec::new();
        for term in &record.terms {
            match term {
                Term::Directive(d) if d.mechanism == Mechanism::All => seen_all = true,
                Term::Directive(d) => {
                    if seen_all {
                        moved.push(d.to_string());
                    }
                    push(&mut directives, d.clone(), &mut notes);
                }
                Term::Modifier(Modifier::Redirect(target)) => {
                    if had_all.is_some() {
                        notes.push(Finding::note(
                            "spf.redirect_dropped",
                            format!("redirect={target} was never used because the record also has all; Sendwell leaves it out."),
                        ).rfc("RFC 7208 §6.1"));
                    } else {
                        notes.push(
                            Finding::new(
                                "spf.redirect_converted",
                                Severity::Warning,
                                format!("Your record handed the decision to {target} with redirect=. A record that ends in all ignores redirect=, so Sendwell turned it into include:{target}: the servers {target} allows still pass, and servers it does not list now get the all you chose."),
                                format!("Check that {target} is still needed; remove the include if not."),
                            )
                            .rfc("RFC 7208 §6.1"),
                        );
                        push(
                            &mut directives,
                            Directive {
                                qualifier: Qualifier::Pass,
                                mechanism: Mechanism::Include(target.clone()),
                            },
                            &mut notes,
                        );
                    }
                }
                Term::Modifier(m) => {
                    // One exp= at most (RFC 7208 §6), and each other modifier once.
                    let repeated = modifiers.iter().any(|kept| match (kept, m) {
                        (Modifier::Exp(_), Modifier::Exp(_)) => true,
                        _ => kept == m,
                    });
                    if repeated {
                        if !matches!(m, Modifier::Exp(_)) || modifiers.contains(m) {
                            continue;
                        }
                        notes.push(
                            Finding::new(
                                "spf.exp_dropped",
                                Severity::Warning,
                                format!("The records being merged had more than one exp= modifier; Sendwell kept the first and left out {m}."),
                                "Check that the explanation kept is the one you want.",
                            )
                            .rfc("RFC 7208 §6"),
                        );
                        continue;
                    }
                    modifiers.push(m.clone());
                }
            }
        }
        if !moved.is_empty() {
            notes.push(
                Finding::new(
                    "spf.after_all_moved",
                    Severity::Warning,
                    format!("{} came after all, where receivers never look, so it never allowed anything. Sendwell moved it before all, which now lets those servers send as your domain.", moved.join(" ")),
                    "Check that every server listed there should really send as your domain; remove any you do not recognise.",
                )
                .rfc("RFC 7208 §5.1"),
            );
        }
        match had_all {
            Some(Qualifier::Pass) => notes.push(
                Finding::new(
                    "spf.plus_all_replaced",
                    Severity::Warning,
                    format!("Your current record ends in +all, which lets any server send as your domain. The new record ends in {}all instead.", choices.all.as_char()),
                    "Publish the new record to close this hole.",
                )
                .rfc("RFC 7208 §5.1"),
            ),
            Some(Qualifier::Neutral) => notes.push(
                Finding::new(
                    "spf.neutral_all_replaced",
                    Severity::Warning,
                    format!("Your current record ends in ?all, which protects nothing. The new record ends in {}all instead.", choices.all.as_char()),
                    "Publish the new record.",
                )
                .rfc("RFC 7208 §5.1"),
            ),
            Some(q) if q != choices.all => notes.push(Finding::note(
                "spf.all_changed",
                format!("Your current record ends in {}all; the new one ends in {}all as chosen.", q.as_char(), choices.all.as_char()),
            )),
            _ => {}
        }
    }

    for ip in &choices.ips {
        if let Some(by) = covered(&directives, *ip) {
            notes.push(Finding::note(
                "spf.ip_covered",
                format!("{ip} is already allowed by {by}; nothing to add."),
            ));
            continue;
        }
        push(
            &mut directives,
            Directive {
                qualifier: Qualifier::Pass,
                mechanism: ip.mechanism(),
            },
            &mut notes,
        );
    }
    for include in &choices.includes {
        let name = include.trim();
        let parsed = macro_string(name, 0, MacroContext::Term)
            .ok()
            .map(DomainSpec)
            .and_then(|spec| {
                SpfRecord::parse(&format!("v=spf1 include:{spec}"))
                    .ok()
                    .and(Some(spec))
            });
        match parsed {
            Some(spec) => push(
                &mut directives,
                Directive {
                    qualifier: Qualifier::Pass,
                    mechanism: Mechanism::Include(spec),
                },
                &mut notes,
            ),
            None => notes.push(
                Finding::new(
                    "spf.include_invalid",
                    Severity::Error,
                    format!("'{name}' is not a valid include target, so it was left out."),
                    "Check the provider's SPF instructions for the exact name.",
                )
                .rfc("RFC 7208 §5.2"),
            ),
        }
    }

    let mut terms: Vec<Term> = directives.into_iter().map(Term::Directive).collect();
    terms.push(Term::Directive(Directive {
        qualifier: choices.all,
        mechanism: Mechanism::All,
    }));
    terms.extend(modifiers.into_iter().map(Term::Modifier));
    let record = SpfRecord { terms };
    notes.extend(lint_text(&record.render()));
    Merged {
        record,
        findings: notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> SpfRecord {
        SpfRecord::parse(s).expect("valid test record")
    }

    fn ids(m: &Merged) -> Vec<&'static str> {
        m.findings.iter().map(|f| f.id).collect()
    }

    #[test]
    fn new_record_from_choices() {
        let choices = SpfChoices::new(
            vec!["_spf.google.com".into(), "sendgrid.net".into()],
            vec!["203.0.113.7".parse().expect("ip")],
        );
        let m = merge(None, &choices);
        assert_eq!(
            m.record.to_string(),
            "v=spf1 ip4:203.0.113.7 include:_spf.google.com include:sendgrid.net ~all"
        );
        assert!(m.findings.is_empty(), "{:?}", m.findings);
    }

    #[test]
    fn merge_keeps_existing_drops_duplicates_and_one_all() {
        for (existing, all, expected, expected_ids) in [
            (
                "v=spf1 include:_spf.google.com +all",
                Qualifier::SoftFail,
                "v=spf1 include:_spf.google.com ip4:203.0.113.7 include:sendgrid.net ~all",
                vec!["spf.plus_all_replaced", "spf.duplicate_removed"],
            ),
            (
                "v=spf1 a mx ?all",
                Qualifier::Fail,
                "v=spf1 a mx ip4:203.0.113.7 include:_spf.google.com include:sendgrid.net -all",
                vec!["spf.neutral_all_replaced"],
            ),
            (
                "v=spf1 ptr -all include:_spf.google.com",
                Qualifier::Fail,
                "v=spf1 ptr include:_spf.google.com ip4:203.0.113.7 include:sendgrid.net -all",
                vec!["spf.after_all_moved", "spf.duplicate_removed", "spf.ptr"],
            ),
            (
                "v=spf1 ip4:203.0.113.0/24 redirect=_spf.example.net",
                Qualifier::SoftFail,
                "v=spf1 ip4:203.0.113.0/24 include:_spf.example.net include:_spf.google.com include:sendgrid.net ~all",
                vec!["spf.redirect_converted", "spf.ip_covered"],
            ),
            (
                "v=spf1 mx -all exp=explain.example.com redirect=x.example.com",
                Qualifier::SoftFail,
                "v=spf1 mx ip4:203.0.113.7 include:_spf.google.com include:sendgrid.net ~all exp=explain.example.com",
                vec!["spf.redirect_dropped", "spf.all_changed"],
            ),
        ] {
            let choices = SpfChoices {
                includes: vec!["_spf.google.com".into(), "sendgrid.net".into()],
                ips: vec!["203.0.113.7".parse().expect("ip")],
                all,
            };
            let m = merge(Some(&parse(existing)), &choices);
            assert_eq!(m.record.to_string(), expected, "{existing}");
            assert_eq!(ids(&m), expected_ids, "{existing}");
            assert_eq!(
                m.record.directives().filter(|d| d.mechanism == Mechanism::All).count(),
                1
            );
        }
    }

    #[test]
    fn conflicting_and_invalid_inputs_are_explained() {
        let choices = SpfChoices {
            includes: vec!["not a domain".into(), "bad".into()],
            ips: vec!["192.0.2.1".parse().expect("ip")],
            all: Qualifier::SoftFail,
        };
        let m = merge(Some(&parse("v=spf1 -ip4:192.0.2.1 ~all")), &choices);
        assert_eq!(m.record.to_string(), "v=spf1 -ip4:192.0.2.1 ~all");
        assert_eq!(
            ids(&m),
            [
                "spf.conflicting_qualifier",
                "spf.include_invalid",
                "spf.include_invalid"
            ]
        );
    }

    #[test]
    fn ip_choices_parse_or_say_why() {
        for (input, expected) in [
            ("203.0.113.7", "203.0.113.7"),
            (" 203.0.113.0/24 ", "203.0.113.0/24"),
            ("ip4:198.51.100.1", "198.51.100.1"),
            ("2001:db8::/48", "2001:db8::/48"),
        ] {
            assert_eq!(
                input.parse::<SpfIp>().map(|i| i.to_string()),
                Ok(expected.to_owned())
            );
        }
        for bad in [
            "",
            "example.com",
            "1.2.3.4/33",
            "1.2.3.4/024",
            "::1/129",
            "1.2.3",
            "1.2.3.4/",
        ] {
            let err = bad.parse::<SpfIp>().expect_err(bad);
            assert_eq!(err.code(), "spf.ip_invalid");
            assert!(err.is_bad_input());
        }
    }

    #[test]
    fn default_choice_is_soft_fail() {
        assert_eq!(SpfChoices::default().all, Qualifier::SoftFail);
        assert_eq!(
            merge(None, &SpfChoices::default()).record.to_string(),
            "v=spf1 ~all"
        );
    }

    #[test]
    fn all_is_explained() {
        assert!(explain_all(Qualifier::SoftFail).starts_with("~all"));
        assert!(explain_all(Qualifier::Fail).starts_with("-all"));
        assert!(explain_all(Qualifier::Pass).contains("Never"));
    }
}
