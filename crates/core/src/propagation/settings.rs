//! How a watch runs: intervals, the per-server query budget, the overall timeout and where the
//! state is saved; the default resolver panel; reading the plan file and `--timeout` values.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::model::{expected_records, ExpectedRecord, Role, ServerInfo, Target};
use crate::authority::{Authority, ServerState};
use crate::dns::{HickoryResolver, ResolverSettings};
use crate::error::{Error, Result};
use crate::plan::PlanFile;

/// The knobs of a watch. `Default` is what `sendwell watch` uses without flags.
#[derive(Debug, Clone, PartialEq)]
pub struct WatchSettings {
    /// The base interval (`--interval`, default 1 s): each name server's SOA serial is polled
    /// every 1.5 intervals, and it is the first pause of the back-off at resolvers.
    pub interval: Duration,
    /// Queries per second each server may get on average (default one per `interval`).
    pub queries_per_second: f64,
    /// Queries a server may get at once after a quiet spell (token bucket depth).
    pub burst: u32,
    /// The longest pause between two questions to a resolver without a TTL to go by.
    pub max_backoff: Duration,
    /// Name servers are asked for every record at least this often, serial change or not.
    pub recheck: Duration,
    /// Give up after this long (`--timeout`); `None` watches until cancelled.
    pub timeout: Option<Duration>,
    /// Save the watch here, and resume from it when it exists; `None` keeps nothing.
    pub state_path: Option<PathBuf>,
    /// How long to wait for one answer from a name server.
    pub authoritative_timeout: Duration,
    /// How long to wait for one answer from a resolver.
    pub resolver_timeout: Duration,
}

impl Default for WatchSettings {
    fn default() -> Self {
        WatchSettings {
            interval: Duration::from_secs(1),
            queries_per_second: 1.0,
            burst: 2,
            max_backoff: Duration::from_secs(60),
            recheck: Duration::from_secs(60),
            timeout: None,
            state_path: None,
            authoritative_timeout: Duration::from_secs(2),
            resolver_timeout: Duration::from_secs(3),
        }
    }
}

impl WatchSettings {
    /// The defaults with another base interval (seconds, 0.1 to 3600); the budget follows it.
    pub fn with_interval(seconds: f64) -> Result<Self> {
        if !(0.1..=3600.0).contains(&seconds) {
            return Err(Error::WatchIntervalInvalid {
                value: seconds.to_string(),
            });
        }
        Ok(WatchSettings {
            interval: Duration::from_secs_f64(seconds),
            queries_per_second: 1.0 / seconds,
            ..WatchSettings::default()
        })
    }
}

/// The public resolvers of the default panel, beside the system's own.
pub const PUBLIC_RESOLVERS: &[(&str, Ipv4Addr)] = &[
    ("Google", Ipv4Addr::new(8, 8, 8, 8)),
    ("Cloudflare", Ipv4Addr::new(1, 1, 1, 1)),
    ("Quad9", Ipv4Addr::new(9, 9, 9, 9)),
    ("OpenDNS", Ipv4Addr::new(208, 67, 222, 222)),
];

/// The resolvers to ask: `explicit` when given (`--resolver`, `SENDWELL_RESOLVERS`), else the
/// system's resolvers plus [`PUBLIC_RESOLVERS`].
pub fn resolver_panel(
    explicit: &[SocketAddr],
    settings: &WatchSettings,
) -> Result<Vec<Target<HickoryResolver>>> {
    let one = |addr: SocketAddr| ResolverSettings {
        servers: vec![addr],
        ..resolver_settings(settings.resolver_timeout)
    };
    if !explicit.is_empty() {
        let mut seen = Vec::new();
        return explicit
            .iter()
            .filter(|addr| {
                // The same resolver given twice is asked once.
                let new = !seen.contains(*addr);
                seen.push(**addr);
                new
            })
            .map(|addr| {
                Ok(Target {
                    info: ServerInfo {
                        label: addr.to_string(),
                        address: Some(*addr),
                        role: Role::Resolver,
                    },
                    resolver: HickoryResolver::new(&one(*addr))?.without_servfail_walk(),
                })
            })
            .collect();
    }
    let system = resolver_settings(settings.resolver_timeout);
    let mut panel = Vec::new();
    // A computer whose DNS settings cannot be read still has the public resolvers to ask.
    if let Ok(resolver) = HickoryResolver::new(&system).map(HickoryResolver::without_servfail_walk)
    {
        panel.push(Target {
            info: ServerInfo {
                label: "system resolver".to_owned(),
                address: None,
                role: Role::Resolver,
            },
            resolver,
        });
    }
    // A system resolver that is one of the public ones is asked once, as the system resolver.
    let system_ips = crate::dns::system_resolver_ips();
    for (name, ip) in public_not_in(&system_ips) {
        let addr = SocketAddr::new(IpAddr::V4(*ip), 53);
        panel.push(Target {
            info: ServerInfo {
                label: format!("{name} ({ip})"),
                address: Some(addr),
                role: Role::Resolver,
            },
            resolver: HickoryResolver::new(&one(addr))?.without_servfail_walk(),
        });
    }
    Ok(panel)
}

/// The public resolvers whose address is not among `system` (the system's own resolvers).
fn public_not_in(
    system: &[IpAddr],
) -> impl Iterator<Item = &'static (&'static str, Ipv4Addr)> + '_ {
    PUBLIC_RESOLVERS
        .iter()
        .filter(move |(_, ip)| !system.contains(&IpAddr::V4(*ip)))
}

/// Direct, uncached queries to each name server (`label`, address).
pub fn authoritative_targets(
    servers: &[(String, SocketAddr)],
    settings: &WatchSettings,
) -> Result<Vec<Target<HickoryResolver>>> {
    servers
        .iter()
        .map(|(label, addr)| {
            let s = resolver_settings(settings.authoritative_timeout);
            Ok(Target {
                info: ServerInfo {
                    label: label.clone(),
                    address: Some(*addr),
                    role: Role::Authoritative,
                },
                resolver: HickoryResolver::direct(*addr, &s)?.without_servfail_walk(),
            })
        })
        .collect()
}

/// One attempt per question (the watch asks again on its own schedule), with `timeout`.
fn resolver_settings(timeout: Duration) -> ResolverSettings {
    ResolverSettings::default()
        .with_timeout(timeout)
        .with_attempts(1)
}

/// The name servers of an [`Authority`] as `(label, address)`: `ns1.example.com (192.0.2.1)`
/// (with the port when it is not 53), or the address alone for a server given by address.
/// Servers that did not answer discovery are kept: the watch reports them (a down server reads
/// "unreachable") — except an IPv6 address that did not answer while the same server answered
/// over IPv4: the network likely has no IPv6, and discovery's note already says so.
pub fn authority_servers(authority: &Authority) -> Vec<(String, SocketAddr)> {
    authority
        .nameservers
        .iter()
        .flat_map(|ns| {
            let answers_v4 = ns
                .addrs
                .iter()
                .any(|a| a.addr.is_ipv4() && a.state.serial().is_some());
            ns.addrs
                .iter()
                .filter(move |a| {
                    !(answers_v4
                        && a.addr.is_ipv6()
                        && matches!(a.state, ServerState::Unreachable { .. }))
                })
                .map(move |a| (ns.label(a.addr), a.addr))
        })
        .collect()
}

/// Read a plan written by `sendwell plan --format json` (docs/PLAN_JSON.md).
pub fn read_plan_file(path: &Path) -> Result<PlanFile> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::WatchPlanUnreadable {
        path: shown.clone(),
        reason: e.to_string(),
    })?;
    serde_json::from_str(&text).map_err(|e| Error::WatchPlanInvalid {
        path: shown,
        reason: e.to_string(),
    })
}

/// The records of `plan` to watch for `domain` (ASCII), each name checked: in A-label form
/// (UTS 46), a DNS name (RFC 1035 §2.3.4: labels of 1 to 63 octets, 253 in all) and `domain` or
/// below it — a name elsewhere would be asked of servers that do not serve it. A plan with no
/// record to wait for is refused too (the watch would end at once, having asked nothing).
pub fn plan_records(plan: &PlanFile, domain: &str, path: &Path) -> Result<Vec<ExpectedRecord>> {
    let invalid = |reason: String| Error::WatchPlanInvalid {
        path: path.display().to_string(),
        reason,
    };
    let mut records = expected_records(plan);
    if records.is_empty() {
        return Err(invalid(
            "it lists no record for you to publish in your own DNS".to_owned(),
        ));
    }
    for r in &mut records {
        let ascii = record_name(&r.name).ok_or_else(|| {
            invalid(format!(
                "the record name {} is not a valid DNS name",
                r.name
            ))
        })?;
        if ascii != domain && !ascii.ends_with(&format!(".{domain}")) {
            return Err(invalid(format!(
                "the record name {} is not {domain} or a name below it",
                r.name
            )));
        }
        r.name = ascii;
    }
    Ok(records)
}

/// A record's name in lowercase A-label form, when it is a DNS name (underscores allowed, as in
/// `_dmarc`, RFC 8552).
fn record_name(name: &str) -> Option<String> {
    let name = name.trim().trim_end_matches('.');
    let ascii = if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        idna::domain_to_ascii_cow(name.as_bytes(), idna::AsciiDenyList::EMPTY)
            .ok()?
            .into_owned()
    };
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    (!ascii.is_empty() && ascii.len() <= 253 && ascii.split('.').all(label_ok)).then_some(ascii)
}

/// The longest `--timeout`: a year (longer is surely a typo, and would overflow the clock).
pub const MAX_TIMEOUT: Duration = Duration::from_secs(366 * 86_400);

/// A duration as typed for `--timeout`: `90s`, `30m`, `2h`, `1h30m`, `1d`, or plain seconds.
/// At most [`MAX_TIMEOUT`].
pub fn parse_duration(text: &str) -> Result<Duration> {
    let bad = || Error::WatchTimeoutInvalid {
        value: text.to_owned(),
    };
    parse_seconds(text)
        .filter(|secs| *secs <= MAX_TIMEOUT.as_secs())
        .map(Duration::from_secs)
        .ok_or_else(bad)
}

/// The seconds of a `--timeout` text, when it is one and fits in a `u64`.
fn parse_seconds(text: &str) -> Option<u64> {
    let t = text.trim().to_ascii_lowercase();
    if t.is_empty() {
        return None;
    }
    if let Ok(secs) = t.parse::<u64>() {
        return Some(secs);
    }
    let mut total = 0u64;
    let mut number = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return None,
        };
        let n: u64 = number.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        number.clear();
    }
    number.is_empty().then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(names: &[&str]) -> PlanFile {
        let records: Vec<serde_json::Value> = names
            .iter()
            .map(|n| {
                serde_json::json!({"type": "TXT", "name": n, "host": "_dmarc",
                    "value": "v=DMARC1; p=none", "content": "v=DMARC1; p=none", "ttl": 300,
                    "purpose": "x", "topic": "dmarc", "change": {"kind": "new"}})
            })
            .collect();
        serde_json::from_value(serde_json::json!({"domain": "example.test", "records": records}))
            .expect("plan")
    }

    #[test]
    fn plan_record_names_must_be_dns_names_in_the_domain() {
        let path = Path::new("plan.json");
        let ok = plan_records(
            &plan(&[
                "_dmarc.Example.Test.",
                "example.test",
                "s1._domainkey.example.test",
            ]),
            "example.test",
            path,
        )
        .expect("valid");
        let names: Vec<&str> = ok.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "_dmarc.example.test",
                "example.test",
                "s1._domainkey.example.test"
            ]
        );
        let idn = plan_records(&plan(&["_dmarc.exämple.test"]), "xn--exmple-cua.test", path)
            .expect("an IDN in A-label form");
        assert_eq!(idn[0].name, "_dmarc.xn--exmple-cua.test");
        for (names, says) in [
            (
                &["_dmarc.exämple.test"][..],
                "not example.test or a name below",
            ),
            (&["other.invalid"][..], "not example.test or a name below"),
            (&["badexample.test"][..], "not example.test or a name below"),
            (&["a..example.test"][..], "not a valid DNS name"),
            (&["a b.example.test"][..], "not a valid DNS name"),
            (&[][..], "no record"),
        ] {
            let e = plan_records(&plan(names), "example.test", path).expect_err("invalid");
            assert_eq!(e.code(), "watch.plan_invalid", "{names:?}");
            assert!(e.to_string().contains(says), "{names:?}: {e}");
        }
    }

    #[test]
    fn an_ipv6_address_silent_while_ipv4_answers_is_not_watched() {
        use crate::authority::{NameServer, ServerAddress, ServerSource};
        let at = |s: &str| s.parse::<SocketAddr>().expect("addr");
        let answered = ServerState::Answered { serial: 1 };
        let silent = ServerState::Unreachable {
            detail: "no answer in time".into(),
        };
        let ns = |name: &str, addrs: Vec<(&str, ServerState)>| NameServer {
            name: name.into(),
            addrs: addrs
                .into_iter()
                .map(|(a, state)| ServerAddress { addr: at(a), state })
                .collect(),
            unresolved: None,
        };
        let authority = Authority {
            domain: "example.com".into(),
            apex: Some("example.com".into()),
            source: ServerSource::NsRecords,
            nameservers: vec![
                ns(
                    "ns1.example.net",
                    vec![
                        ("192.0.2.1:53", answered.clone()),
                        ("[2001:db8::1]:53", silent.clone()),
                    ],
                ),
                // Down everywhere: both rows stay, each reads "unreachable".
                ns(
                    "ns2.example.net",
                    vec![
                        ("192.0.2.2:5353", silent.clone()),
                        ("[2001:db8::2]:53", silent),
                    ],
                ),
            ],
            findings: Vec::new(),
        };
        let labels: Vec<String> = authority_servers(&authority)
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(
            labels,
            [
                "ns1.example.net (192.0.2.1)",
                "ns2.example.net (192.0.2.2:5353)",
                "ns2.example.net (2001:db8::2)"
            ]
        );
    }

    #[test]
    fn a_system_resolver_that_is_public_is_asked_once() {
        let google = IpAddr::V4(Ipv4Addr::new(8, 8, 8, 8));
        let names: Vec<&str> = public_not_in(&[google]).map(|(n, _)| *n).collect();
        assert_eq!(names.len(), PUBLIC_RESOLVERS.len() - 1);
        assert!(!names.contains(&"Google"), "{names:?}");
        assert_eq!(public_not_in(&[]).count(), PUBLIC_RESOLVERS.len());
    }

    #[test]
    fn durations_parse() {
        for (input, secs) in [
            ("90s", 90),
            ("30m", 1800),
            ("2h", 7200),
            ("1h30m", 5400),
            ("1d", 86_400),
            ("45", 45),
            (" 10S ", 10),
            ("366d", 366 * 86_400),
        ] {
            assert_eq!(
                parse_duration(input),
                Ok(Duration::from_secs(secs)),
                "{input}"
            );
        }
        for bad in [
            "",
            "m",
            "10x",
            "1.5m",
            "30m5",
            "-3s",
            "99999999999999999999d",
            "18446744073709551615",
            "367d",
        ] {
            assert_eq!(
                parse_duration(bad).map_err(|e| e.code()),
                Err("watch.timeout_invalid"),
                "{bad}"
            );
        }
    }

    #[test]
    fn interval_sets_the_budget() {
        let s = WatchSettings::with_interval(2.0).expect("valid");
        assert_eq!(s.interval, Duration::from_secs(2));
        assert!((s.queries_per_second - 0.5).abs() < 1e-9);
        assert!(WatchSettings::with_interval(0.0).is_err());
    }

    #[test]
    fn default_panel_is_the_system_plus_four() {
        let panel = resolver_panel(&[], &WatchSettings::default());
        if let Ok(panel) = panel {
            let labels: Vec<_> = panel.iter().map(|t| t.info.label.as_str()).collect();
            let public = labels.iter().skip_while(|l| **l == "system resolver");
            assert_eq!(
                public.copied().collect::<Vec<_>>(),
                [
                    "Google (8.8.8.8)",
                    "Cloudflare (1.1.1.1)",
                    "Quad9 (9.9.9.9)",
                    "OpenDNS (208.67.222.222)"
                ]
            );
            assert!(labels.len() <= 5);
        }
    }
}
