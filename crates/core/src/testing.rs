//! An in-memory resolver for tests: fixture answers by name and type, with NXDOMAIN for unknown
//! names, NODATA for known names without that type, and injectable timeouts.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;

use crate::dns::{DnsOutcome, DnsReply, MxHost, QueryType, RecordData, Resolve, Soa};

/// Fixture DNS answers, built with chained calls.
#[derive(Debug, Clone, Default)]
pub struct StaticResolver {
    records: HashMap<(String, QueryType), Vec<RecordData>>,
    names: HashSet<String>,
    timeouts: HashSet<String>,
    fixed: HashMap<String, DnsOutcome>,
}

impl StaticResolver {
    /// No names at all: every lookup is NXDOMAIN.
    pub fn new() -> Self {
        Self::default()
    }

    /// `example.com` set up the common way: DNS at Cloudflare, mail at Google Workspace, one SPF
    /// record (its include resolves), DMARC at `p=none` with a report address.
    pub fn complete_example() -> Self {
        Self::new()
            .ns(
                "example.com",
                &["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
            )
            .mx(
                "example.com",
                &[(1, "aspmx.l.google.com"), (5, "alt1.aspmx.l.google.com")],
            )
            .txt(
                "example.com",
                &[
                    "v=spf1 include:_spf.google.com ~all",
                    "google-site-verification=abc",
                ],
            )
            .txt(
                "_dmarc.example.com",
                &["v=DMARC1; p=none; rua=mailto:dmarc@example.com"],
            )
            .txt("_spf.google.com", &["v=spf1 ip4:192.0.2.0/24 ~all"])
    }

    fn add(
        mut self,
        name: &str,
        kind: QueryType,
        data: impl IntoIterator<Item = RecordData>,
    ) -> Self {
        let name = name.to_ascii_lowercase();
        self.names.insert(name.clone());
        self.records.entry((name, kind)).or_default().extend(data);
        self
    }

    /// The name exists (no records of any type yet).
    pub fn exists(mut self, name: &str) -> Self {
        self.names.insert(name.to_ascii_lowercase());
        self
    }

    /// NS records.
    pub fn ns(self, name: &str, hosts: &[&str]) -> Self {
        self.add(
            name,
            QueryType::Ns,
            hosts.iter().map(|h| RecordData::Ns((*h).to_owned())),
        )
    }

    /// MX records as (preference, exchange).
    pub fn mx(self, name: &str, hosts: &[(u16, &str)]) -> Self {
        self.add(
            name,
            QueryType::Mx,
            hosts.iter().map(|(p, e)| {
                RecordData::Mx(MxHost {
                    preference: *p,
                    exchange: (*e).to_owned(),
                })
            }),
        )
    }

    /// TXT records (each already joined).
    pub fn txt(self, name: &str, values: &[&str]) -> Self {
        self.add(
            name,
            QueryType::Txt,
            values.iter().map(|v| RecordData::Txt((*v).to_owned())),
        )
    }

    /// A and AAAA records (each address goes to the type it belongs to).
    pub fn ip(self, name: &str, addrs: &[IpAddr]) -> Self {
        let v4 = addrs.iter().filter_map(|a| match a {
            IpAddr::V4(a) => Some(RecordData::A(*a)),
            IpAddr::V6(_) => None,
        });
        let v6 = addrs.iter().filter_map(|a| match a {
            IpAddr::V6(a) => Some(RecordData::Aaaa(*a)),
            IpAddr::V4(_) => None,
        });
        self.add(name, QueryType::A, v4.collect::<Vec<_>>()).add(
            name,
            QueryType::Aaaa,
            v6.collect::<Vec<_>>(),
        )
    }

    /// A CNAME record.
    pub fn cname(self, name: &str, target: &str) -> Self {
        self.add(
            name,
            QueryType::Cname,
            [RecordData::Cname(target.to_owned())],
        )
    }

    /// SRV records as (priority, weight, port, target).
    pub fn srv(self, name: &str, targets: &[(u16, u16, u16, &str)]) -> Self {
        self.add(
            name,
            QueryType::Srv,
            targets.iter().map(|(priority, weight, port, target)| {
                RecordData::Srv(crate::dns::SrvTarget {
                    priority: *priority,
                    weight: *weight,
                    port: *port,
                    target: (*target).to_owned(),
                })
            }),
        )
    }

    /// Every lookup at this name times out.
    pub fn timeout(mut self, name: &str) -> Self {
        self.timeouts.insert(name.to_ascii_lowercase());
        self
    }
}

impl StaticResolver {
    /// An SOA record at the zone apex `zone` with this serial (the fixture zones' other values:
    /// refresh 3600, retry 600, expire 86400, minimum 60). Names below it report it as their zone.
    pub fn soa(self, zone: &str, serial: u32) -> Self {
        let soa = Soa {
            mname: format!("ns1.{zone}"),
            rname: format!("hostmaster.{zone}"),
            serial,
            refresh: 3600,
            retry: 600,
            expire: 86400,
            minimum: 60,
        };
        self.add(zone, QueryType::Soa, [RecordData::Soa(soa)])
    }

    /// Every lookup at this name gives `outcome` (e.g. `DnsOutcome::Refused`).
    pub fn outcome(mut self, name: &str, outcome: DnsOutcome) -> Self {
        self.fixed.insert(name.to_ascii_lowercase(), outcome);
        self
    }

    /// The closest enclosing name with an SOA record, as a server names its zone.
    fn zone_of(&self, name: &str) -> Option<String> {
        let mut current = name;
        loop {
            if self
                .records
                .contains_key(&(current.to_owned(), QueryType::Soa))
            {
                return Some(current.to_owned());
            }
            current = current.split_once('.')?.1;
        }
    }
}

impl Resolve for StaticResolver {
    async fn lookup_reply(&self, name: &str, kind: QueryType) -> DnsReply {
        let outcome = self.lookup(name, kind).await;
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        let zone = outcome
            .is_conclusive()
            .then(|| self.zone_of(&name))
            .flatten();
        DnsReply {
            authoritative: zone.as_ref().map(|_| true),
            zone,
            ..DnsReply::from(outcome)
        }
    }

    async fn lookup(&self, name: &str, kind: QueryType) -> DnsOutcome {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if self.timeouts.contains(&name) {
            return DnsOutcome::Timeout;
        }
        if let Some(outcome) = self.fixed.get(&name) {
            return outcome.clone();
        }
        match self.records.get(&(name.clone(), kind)) {
            Some(records) if !records.is_empty() => DnsOutcome::Answer {
                records: records.clone(),
                ttl: 300,
            },
            _ if self.names.contains(&name)
                || self.names.iter().any(|n| n.ends_with(&format!(".{name}"))) =>
            {
                DnsOutcome::NoRecords {
                    negative_ttl: Some(60),
                }
            }
            _ => DnsOutcome::NxDomain {
                negative_ttl: Some(60),
            },
        }
    }
}

/// The environment variable that points at the shared conformance data (`../shared/conformance`).
pub const CONFORMANCE_ENV: &str = "SENDWELL_CONFORMANCE_DIR";

/// Where the third-party conformance suites are: [`CONFORMANCE_ENV`], else `../shared/conformance`
/// beside the project. `None` when the folder is absent (a user's fresh clone): the caller prints
/// that its suite was skipped. When `CI` is set an absent folder is a failure, so this panics.
pub fn conformance_dir() -> Option<std::path::PathBuf> {
    let dir = match std::env::var_os(CONFORMANCE_ENV) {
        Some(d) if !d.is_empty() => std::path::PathBuf::from(d),
        _ => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance"),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty());
    assert!(
        !in_ci,
        "CI is set but the conformance data is missing at {} (set {CONFORMANCE_ENV})",
        dir.display()
    );
    eprintln!(
        "skipped: conformance data not found at {} (set {CONFORMANCE_ENV})",
        dir.display()
    );
    None
}

/// The environment variable naming a file that collects every suite's pass-count line, so that
/// `make test` can show them together (`tests/run-all.sh` sets it).
pub const CONFORMANCE_REPORT_ENV: &str = "SENDWELL_CONFORMANCE_REPORT";

/// Print a suite's summary line (`rfc7208: 203/203 passed`) and append it to the report file
/// named by [`CONFORMANCE_REPORT_ENV`], when set.
pub fn report_conformance(line: &str) {
    println!("{line}");
    if let Some(path) = std::env::var_os(CONFORMANCE_REPORT_ENV).filter(|p| !p.is_empty()) {
        use std::io::Write as _;
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(file, "{line}");
        }
    }
}
