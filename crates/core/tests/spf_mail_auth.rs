//! Stalwart mail-auth's SPF cases (`mail-auth/spf/*.yml`, written from RFC 7208 text) through
//! `spf::check_host`. The files are line-based (keys repeat), so they are read line by line.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;

use sendwell_core::dns::{DnsOutcome, MxHost, QueryType, RecordData, Resolve};
use sendwell_core::records::spf::{self, SpfResult};
use sendwell_core::testing::conformance_dir;

/// Fixture DNS in the shape the files describe: `spf:`/`exp:` replace a name's TXT, `a:`/`aaaa:`
/// add addresses, `mx:` lists addresses (one exchange per address), `ptr:` maps an IP to names,
/// and a name containing `_dns_error` fails.
#[derive(Default)]
struct Zone {
    records: HashMap<(String, QueryType), Vec<RecordData>>,
    names: HashSet<String>,
}

impl Zone {
    fn set(&mut self, name: &str, kind: QueryType, data: Vec<RecordData>) {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        self.names.insert(name.clone());
        self.records.insert((name, kind), data);
    }

    fn add(&mut self, name: &str, kind: QueryType, data: RecordData) {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        self.names.insert(name.clone());
        self.records.entry((name, kind)).or_default().push(data);
    }

    fn address(&mut self, name: &str, ip: IpAddr) {
        match ip {
            IpAddr::V4(a) => self.add(name, QueryType::A, RecordData::A(a)),
            IpAddr::V6(a) => self.add(name, QueryType::Aaaa, RecordData::Aaaa(a)),
        }
    }

    /// Apply one `kind: name values` line; false when the line is not a record line.
    fn apply(&mut self, line: &str) -> bool {
        let Some((kind, rest)) = line.split_once(':') else {
            return false;
        };
        let Some((name, value)) = rest.trim().split_once(' ') else {
            return false;
        };
        let list = || value.split(',').map(str::trim).filter(|s| !s.is_empty());
        match kind {
            "spf" | "exp" => self.set(
                name,
                QueryType::Txt,
                vec![RecordData::Txt(value.to_owned())],
            ),
            "a" | "aaaa" => {
                for ip in list().filter_map(|s| s.parse().ok()) {
                    self.address(name, ip);
                }
            }
            "mx" => {
                for (pos, ip) in list().filter_map(|s| s.parse::<IpAddr>().ok()).enumerate() {
                    let exchange = format!("mx{pos}.{name}.mx-fixture");
                    self.address(&exchange, ip);
                    self.add(
                        name,
                        QueryType::Mx,
                        RecordData::Mx(MxHost {
                            preference: u16::try_from(pos).unwrap_or(u16::MAX),
                            exchange,
                        }),
                    );
                }
            }
            "ptr" => {
                let Ok(ip) = name.parse::<IpAddr>() else {
                    return false;
                };
                let reverse = reverse_name(ip);
                for target in list() {
                    self.add(
                        &reverse,
                        QueryType::Ptr,
                        RecordData::Ptr(target.trim_end_matches('.').to_ascii_lowercase()),
                    );
                }
            }
            _ => return false,
        }
        true
    }
}

fn reverse_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(a) => {
            let o = a.octets();
            format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0])
        }
        IpAddr::V6(a) => {
            let mut nibbles: Vec<String> = a
                .octets()
                .iter()
                .flat_map(|b| [b >> 4, b & 0xf])
                .map(|n| format!("{n:x}"))
                .collect();
            nibbles.reverse();
            format!("{}.ip6.arpa", nibbles.join("."))
        }
    }
}

impl Resolve for Zone {
    async fn lookup(&self, name: &str, kind: QueryType) -> DnsOutcome {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if name.contains("_dns_error") {
            return DnsOutcome::ServFail;
        }
        match self.records.get(&(name.clone(), kind)) {
            Some(r) if !r.is_empty() => DnsOutcome::Answer {
                records: r.clone(),
                ttl: 300,
            },
            _ if self.names.contains(&name) => DnsOutcome::NoRecords { negative_ttl: None },
            _ => DnsOutcome::NxDomain { negative_ttl: None },
        }
    }
}

/// The files' driver: the HELO identity (`domain:`) is checked first and decides unless it
/// passes or has no record; then the MAIL FROM identity (`sender:`), if there is one.
async fn verify(zone: &Zone, ip: IpAddr, helo: &str, mail_from: &str) -> spf::Evaluation {
    let helo_check = spf::check_host(zone, ip, helo, &format!("postmaster@{helo}"), helo).await;
    if mail_from.is_empty() || !matches!(helo_check.result, SpfResult::Pass | SpfResult::None) {
        return helo_check;
    }
    spf::check_mail_from(zone, ip, mail_from, helo).await
}

/// Cases where Sendwell deliberately differs, with the reason (also in docs/CONFORMANCE.md).
const DIFFERENCES: &[(&str, usize, &str, &str)] = &[
    (
        "All test",
        1,
        "permerror",
        "`ip:10.0.0.1` after -all is a syntax error, and a syntax error anywhere in the record is a permerror (RFC 7208 §4.6; suite test detect-errors-anywhere)",
    ),
    (
        "DNS Lookup Limits",
        1,
        "permerror",
        "ten a: terms at names that do not exist are ten void lookups; RFC 7208 §4.6.4 limits void lookups to two (suite test void-over-limit)",
    ),
    (
        "Exists",
        2,
        "fail",
        "exists looks up A records only, even for IPv6 clients, so a name with only AAAA does not match (RFC 7208 §5.7; suite test exists-ip6only)",
    ),
    (
        "IPv6 match",
        4,
        "fail",
        "an IPv4 client never matches ip6:, not even ip6:::ffff:10.1.2.3 (RFC 7208 §5, §5.6; suite tests cidr6-0-ip4, cidr6-ip4)",
    ),
    (
        "Macro expansion 2",
        2,
        "fail",
        "the exists: target has only an AAAA record; exists looks up A records only (RFC 7208 §5.7; suite test exists-ip6only)",
    ),
];

#[tokio::test]
async fn mail_auth_spf_cases() {
    let Some(dir) = conformance_dir() else {
        println!("mail-auth spf: skipped (conformance data not found)");
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(dir.join("mail-auth/spf"))
        .expect("mail-auth/spf folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yml"))
        .collect();
    files.sort();
    let (mut total, mut passed, mut differ) = (0, 0, 0);
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read fixture");
        for scenario in text.split("---\n") {
            let mut zone = Zone::default();
            let (mut name, mut helo, mut mail_from) = (String::new(), String::new(), String::new());
            let mut ip: IpAddr = IpAddr::from([127, 0, 0, 1]);
            let mut number = 0;
            for line in scenario.lines().map(str::trim) {
                let line = line.strip_prefix("- ").unwrap_or(line);
                if line.starts_with('#') || line.is_empty() {
                    continue;
                }
                if let Some(v) = line.strip_prefix("name:") {
                    name = v.trim().to_owned();
                } else if let Some(v) = line.strip_prefix("domain:") {
                    helo = v.trim().to_owned();
                } else if let Some(v) = line.strip_prefix("sender:") {
                    mail_from = v.trim().to_owned();
                } else if let Some(v) = line.strip_prefix("ip:") {
                    ip = v.trim().parse().expect("fixture IP");
                } else if let Some(v) = line.strip_prefix("expect:") {
                    total += 1;
                    number += 1;
                    let v = v.trim();
                    let (want, exp) = v.split_once(' ').unwrap_or((v, ""));
                    let got = verify(&zone, ip, &helo, &mail_from).await;
                    let ok = got.result.as_str() == want
                        && (exp.is_empty() || got.explanation.as_deref() == Some(exp));
                    let known = DIFFERENCES.iter().find(|(n, i, ours, _)| {
                        *n == name && *i == number && *ours == got.result.as_str()
                    });
                    if ok {
                        passed += 1;
                    } else if let Some((_, _, _, why)) = known {
                        differ += 1;
                        println!("  differs by design: {name} #{number}: expected {want}, ours {} — {why}", got.result);
                    } else {
                        failures.push(format!(
                            "  {name} #{number} (helo {helo}, from {mail_from}, ip {ip}): expected {v}, got {} {:?} ({:?})",
                            got.result, got.explanation, got.problem
                        ));
                    }
                } else {
                    zone.apply(line);
                }
            }
        }
    }
    sendwell_core::testing::report_conformance(&format!(
        "mail-auth spf: {passed}/{total} passed, {differ} differ by design"
    ));
    for f in &failures {
        println!("{f}");
    }
    assert!(total > 150, "only {total} cases found");
    assert!(
        failures.is_empty(),
        "{} mail-auth SPF cases failed",
        failures.len()
    );
}
