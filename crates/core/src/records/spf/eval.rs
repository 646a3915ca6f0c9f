//! The SPF evaluator: `check_host()` of RFC 7208 §4–§6 over the [`Resolve`] interface, with the
//! DNS-lookup, MX, PTR and void-lookup limits of §4.6.4 and explanations (`exp=`, §6.2).

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::macros::{self, MacroValues};
use super::parse::{macro_string, MacroContext};
use super::{
    select, DomainSpec, DualCidr, MacroString, Mechanism, Qualifier, SpfRecord, Term,
    MAX_DNS_LOOKUPS, MAX_NAMES_PER_LOOKUP, MAX_VOID_LOOKUPS,
};
use crate::dns::{DnsOutcome, QueryType, Resolve};

/// How long one check may take before it ends in `temperror` (RFC 7208 §4.6.4: at least 20 s).
pub const MAX_ELAPSED: Duration = Duration::from_secs(20);

/// The result of an SPF check (RFC 7208 §2.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpfResult {
    /// No SPF record (or no valid domain to check).
    None,
    /// The record makes no statement about this client.
    Neutral,
    /// The client is authorized.
    Pass,
    /// The client is not authorized.
    Fail,
    /// The client is probably not authorized.
    SoftFail,
    /// A DNS problem that may go away (a timeout or server failure).
    TempError,
    /// The published records are broken and need fixing by the domain owner.
    PermError,
}

impl SpfResult {
    /// The result as RFC 7208 writes it (`pass`, `softfail`, `permerror`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            SpfResult::None => "none",
            SpfResult::Neutral => "neutral",
            SpfResult::Pass => "pass",
            SpfResult::Fail => "fail",
            SpfResult::SoftFail => "softfail",
            SpfResult::TempError => "temperror",
            SpfResult::PermError => "permerror",
        }
    }
}

impl std::fmt::Display for SpfResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Qualifier> for SpfResult {
    fn from(q: Qualifier) -> Self {
        match q {
            Qualifier::Pass => SpfResult::Pass,
            Qualifier::Fail => SpfResult::Fail,
            Qualifier::SoftFail => SpfResult::SoftFail,
            Qualifier::Neutral => SpfResult::Neutral,
        }
    }
}

/// What [`check_host`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// The SPF result.
    pub result: SpfResult,
    /// The domain owner's explanation (`exp=`, §6.2), only for `fail`, when one was published
    /// and could be fetched; `None` means "use your default explanation".
    pub explanation: Option<String>,
    /// Terms that cost a DNS lookup (`include`, `a`, `mx`, `ptr`, `exists`, `redirect`; at most 10).
    pub dns_lookups: u32,
    /// Lookups that found nothing (NXDOMAIN or no data; at most 2).
    pub void_lookups: u32,
    /// For `permerror`/`temperror`: what went wrong, in plain words.
    pub problem: Option<String>,
    /// The directive that decided (`include:_spf.google.com`, `~all`), when one matched.
    pub matched: Option<String>,
    /// The domain whose record holds [`Evaluation::matched`] (differs from the checked domain
    /// after a `redirect=`).
    pub matched_domain: Option<String>,
}

/// Run `check_host(<ip>, <domain>, <sender>)` (RFC 7208 §4) for a client at `ip` that said
/// `HELO helo` and `MAIL FROM:<sender>`. An IPv4-mapped IPv6 address is checked as IPv4 (§5).
pub async fn check_host<R: Resolve>(
    resolver: &R,
    ip: IpAddr,
    domain: &str,
    sender: &str,
    helo: &str,
) -> Evaluation {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    // §4.3: a sender without a local part is postmaster@<its domain>; an empty one, of <domain>.
    let (local, sender_domain) = match sender.rsplit_once('@') {
        Some((l, d)) if !l.is_empty() => (l.to_owned(), d.to_owned()),
        Some((_, d)) => ("postmaster".to_owned(), d.to_owned()),
        None if sender.is_empty() => ("postmaster".to_owned(), domain.to_owned()),
        None => ("postmaster".to_owned(), sender.to_owned()),
    };
    let mut eval = Evaluator {
        resolver,
        ip,
        sender: format!("{local}@{sender_domain}"),
        local,
        sender_domain,
        helo: helo.to_owned(),
        lookups: 0,
        voids: 0,
        started: Instant::now(),
        validated: None,
    };
    let domain = domain.strip_suffix('.').unwrap_or(domain).to_owned();
    let (result, explanation, problem, matched) = match eval.check(domain, 0).await {
        Ok(Checked::NoRecord) => (SpfResult::None, None, None, None),
        Ok(Checked::Result {
            result,
            exp,
            domain,
            matched,
        }) => {
            let explanation = match (result, exp) {
                (SpfResult::Fail, Some(spec)) => eval.explanation(&spec, &domain).await,
                _ => None,
            };
            (result, explanation, None, matched.map(|m| (domain, m)))
        }
        Err(Abort { result, problem }) => (result, None, Some(problem), None),
    };
    Evaluation {
        result,
        explanation,
        dns_lookups: eval.lookups,
        void_lookups: eval.voids,
        problem,
        matched_domain: matched.as_ref().map(|(d, _)| d.clone()),
        matched: matched.map(|(_, m)| m),
    }
}

/// [`check_host`] for an SMTP transaction: the domain is the part of `mail_from` after the last
/// `@`; an empty `MAIL FROM` (a bounce) checks `postmaster@<helo>` instead (RFC 7208 §2.4).
pub async fn check_mail_from<R: Resolve>(
    resolver: &R,
    ip: IpAddr,
    mail_from: &str,
    helo: &str,
) -> Evaluation {
    if mail_from.is_empty() {
        let sender = format!("postmaster@{helo}");
        return check_host(resolver, ip, helo, &sender, helo).await;
    }
    let domain = mail_from.rsplit_once('@').map_or(mail_from, |(_, d)| d);
    check_host(resolver, ip, domain, mail_from, helo).await
}

/// How one `check_host()` level ended without an error.
enum Checked {
    /// No SPF record at the domain (`none`).
    NoRecord,
    /// A result, with the `exp=` of the record that decided it.
    Result {
        result: SpfResult,
        exp: Option<DomainSpec>,
        domain: String,
        matched: Option<String>,
    },
}

/// `permerror` or `temperror`: evaluation stops at once.
struct Abort {
    result: SpfResult,
    problem: String,
}

fn perm(problem: impl Into<String>) -> Abort {
    Abort {
        result: SpfResult::PermError,
        problem: problem.into(),
    }
}

fn temp(problem: impl Into<String>) -> Abort {
    Abort {
        result: SpfResult::TempError,
        problem: problem.into(),
    }
}

type Step<'a, T> = Pin<Box<dyn Future<Output = Result<T, Abort>> + Send + 'a>>;

struct Evaluator<'r, R> {
    resolver: &'r R,
    ip: IpAddr,
    sender: String,
    local: String,
    sender_domain: String,
    helo: String,
    lookups: u32,
    voids: u32,
    /// When the check started (§4.6.4: give up with `temperror` after [`MAX_ELAPSED`]).
    started: Instant,
    /// The client's validated names (§5.5), looked up once when `ptr` or `%{p}` first needs them.
    validated: Option<Vec<String>>,
}

/// A domain fit for `check_host()`: 2+ labels of 1–63 octets, not a `[literal]` (§4.3).
fn valid_domain(domain: &str) -> bool {
    macros::valid_dns_name(domain) && domain.contains('.') && !domain.starts_with('[')
}

impl<'r, R: Resolve> Evaluator<'r, R> {
    /// One level of `check_host()` for `domain` (the top, an include target or a redirect target).
    fn check(&mut self, domain: String, depth: u32) -> Step<'_, Checked> {
        Box::pin(async move {
            if !valid_domain(&domain) {
                return Ok(Checked::NoRecord);
            }
            let Some(record) = self.fetch(&domain).await? else {
                return Ok(Checked::NoRecord);
            };
            for term in &record.terms {
                let Term::Directive(d) = term else { continue };
                if self.matches(&d.mechanism, &domain, depth).await? {
                    let result = SpfResult::from(d.qualifier);
                    return Ok(Checked::Result {
                        result,
                        exp: record.exp().cloned(),
                        domain,
                        matched: Some(d.to_string()),
                    });
                }
            }
            if let Some(target) = record.redirect() {
                self.count_lookup()?;
                let name = self.target(target, &domain).await;
                let Some(name) = name.filter(|n| valid_domain(n)) else {
                    return Err(perm(format!(
                        "redirect={target} in the record of {domain} does not name a valid domain"
                    )));
                };
                return match self.check(name.clone(), depth + 1).await? {
                    Checked::NoRecord => Err(perm(format!(
                        "redirect={name} in the record of {domain} points at a domain with no SPF record"
                    ))),
                    done => Ok(done),
                };
            }
            Ok(Checked::Result {
                result: SpfResult::Neutral,
                exp: None,
                domain,
                matched: None,
            })
        })
    }

    /// The one SPF record at `domain` (§4.4, §4.5), parsed; `None` when there is none.
    async fn fetch(&self, domain: &str) -> Result<Option<SpfRecord>, Abort> {
        let outcome = self.resolver.lookup(domain, QueryType::Txt).await;
        match &outcome {
            DnsOutcome::Answer { .. } => {}
            DnsOutcome::NoRecords { .. } | DnsOutcome::NxDomain { .. } => return Ok(None),
            other => {
                return Err(temp(format!(
                    "the TXT lookup for {domain} failed ({})",
                    other.describe()
                )))
            }
        }
        let found = select(outcome.txt());
        match found.as_slice() {
            [] => Ok(None),
            [one] => SpfRecord::parse(one)
                .map(Some)
                .map_err(|e| perm(format!("the SPF record of {domain} is invalid: {e}"))),
            _ => Err(perm(format!(
                "{domain} publishes {} SPF records; there must be exactly one",
                found.len()
            ))),
        }
    }

    fn count_lookup(&mut self) -> Result<(), Abort> {
        if self.started.elapsed() > MAX_ELAPSED {
            return Err(temp(format!(
                "checking this SPF record took longer than {} seconds",
                MAX_ELAPSED.as_secs()
            )));
        }
        self.lookups += 1;
        if self.lookups > MAX_DNS_LOOKUPS {
            return Err(perm(format!(
                "more than {MAX_DNS_LOOKUPS} DNS lookups are needed to check this SPF record"
            )));
        }
        Ok(())
    }

    fn count_void(&mut self) -> Result<(), Abort> {
        self.voids += 1;
        if self.voids > MAX_VOID_LOOKUPS {
            return Err(perm(format!(
                "more than {MAX_VOID_LOOKUPS} lookups in this SPF record found nothing"
            )));
        }
        Ok(())
    }

    /// Expand a domain-spec into a query name; `None` when it cannot be a DNS name.
    async fn target(&mut self, spec: &DomainSpec, domain: &str) -> Option<String> {
        let text = self.expand(&spec.0, domain).await;
        macros::query_name(&text)
    }

    /// The name for `a`, `mx` or `ptr`: the domain-spec, or the current domain.
    async fn target_or_domain(
        &mut self,
        spec: Option<&DomainSpec>,
        domain: &str,
    ) -> Option<String> {
        match spec {
            Some(s) => self.target(s, domain).await,
            None => Some(domain.to_owned()),
        }
    }

    async fn expand(&mut self, ms: &MacroString, domain: &str) -> String {
        let mut validated = String::from("unknown");
        if macros::uses_validated_name(ms) {
            // §7.3: prefer the domain itself, then a subdomain of it, then any validated name.
            let names = self.validated_names().await;
            if let Some(best) = names
                .iter()
                .find(|n| n.eq_ignore_ascii_case(domain))
                .or_else(|| names.iter().find(|n| is_subdomain(n, domain)))
                .or(names.first())
            {
                validated.clone_from(best);
            }
        }
        let values = MacroValues {
            sender: &self.sender,
            local: &self.local,
            sender_domain: &self.sender_domain,
            domain,
            ip: self.ip,
            helo: &self.helo,
            validated: &validated,
        };
        macros::expand(ms, &values)
    }

    /// Does one mechanism match (§5)?
    async fn matches(&mut self, m: &Mechanism, domain: &str, depth: u32) -> Result<bool, Abort> {
        match m {
            Mechanism::All => Ok(true),
            Mechanism::Ip4 { .. } | Mechanism::Ip6 { .. } => Ok(ip_matches(m, self.ip)),
            Mechanism::Include(spec) => {
                self.count_lookup()?;
                let name = self.target(spec, domain).await;
                let Some(name) = name.filter(|n| valid_domain(n)) else {
                    return Err(perm(format!(
                        "include:{spec} in the record of {domain} does not name a valid domain"
                    )));
                };
                match self.check(name.clone(), depth + 1).await? {
                    Checked::NoRecord => Err(perm(format!(
                        "include:{name} in the record of {domain} points at a domain with no SPF record"
                    ))),
                    Checked::Result { result, .. } => Ok(result == SpfResult::Pass),
                }
            }
            Mechanism::A { domain: spec, cidr } => {
                self.count_lookup()?;
                let Some(name) = self.target_or_domain(spec.as_ref(), domain).await else {
                    return Ok(false);
                };
                let outcome = self.addresses(&name).await?;
                if outcome.is_empty() {
                    self.count_void()?;
                }
                Ok(outcome.iter().any(|a| in_cidr(*a, self.ip, *cidr)))
            }
            Mechanism::Mx { domain: spec, cidr } => {
                self.count_lookup()?;
                let Some(name) = self.target_or_domain(spec.as_ref(), domain).await else {
                    return Ok(false);
                };
                let outcome = self.resolver.lookup(&name, QueryType::Mx).await;
                if !outcome.is_conclusive() {
                    return Err(temp(format!(
                        "the MX lookup for {name} failed ({})",
                        outcome.describe()
                    )));
                }
                let mut mx: Vec<_> = outcome.mx().cloned().collect();
                if mx.is_empty() {
                    self.count_void()?;
                    return Ok(false);
                }
                mx.sort_by_key(|m| m.preference);
                let mut queried = 0;
                for m in &mx {
                    let host = m.exchange.strip_suffix('.').unwrap_or(&m.exchange);
                    if host.is_empty() || !macros::valid_dns_name(host) {
                        continue; // a null MX (RFC 7505) names no host
                    }
                    // §4.6.4: at most 10 address lookups for one mx; the 11th is a permerror.
                    if queried == MAX_NAMES_PER_LOOKUP {
                        return Err(perm(format!(
                            "{name} has {} MX records; the mx mechanism may use at most {MAX_NAMES_PER_LOOKUP}",
                            mx.len()
                        )));
                    }
                    queried += 1;
                    let addrs = self.addresses(host).await?;
                    if addrs.iter().any(|a| in_cidr(*a, self.ip, *cidr)) {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Mechanism::Ptr(spec) => {
                self.count_lookup()?;
                let Some(target) = self.target_or_domain(spec.as_ref(), domain).await else {
                    return Ok(false);
                };
                let names = self.validated_names().await;
                Ok(names
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(&target) || is_subdomain(n, &target)))
            }
            Mechanism::Exists(spec) => {
                self.count_lookup()?;
                let Some(name) = self.target(spec, domain).await else {
                    return Ok(false);
                };
                let outcome = self.resolver.lookup(&name, QueryType::A).await;
                if !outcome.is_conclusive() {
                    return Err(temp(format!(
                        "the A lookup for {name} failed ({})",
                        outcome.describe()
                    )));
                }
                let found = outcome.ips().next().is_some();
                if !found {
                    self.count_void()?;
                }
                Ok(found)
            }
        }
    }

    /// The A (IPv4 client) or AAAA (IPv6 client) addresses of `name`; a failed lookup stops the
    /// check with `temperror` (§5).
    async fn addresses(&self, name: &str) -> Result<Vec<IpAddr>, Abort> {
        let kind = match self.ip {
            IpAddr::V4(_) => QueryType::A,
            IpAddr::V6(_) => QueryType::Aaaa,
        };
        let outcome = self.resolver.lookup(name, kind).await;
        if !outcome.is_conclusive() {
            return Err(temp(format!(
                "the address lookup for {name} failed ({})",
                outcome.describe()
            )));
        }
        Ok(outcome.ips().collect())
    }

    /// The client's validated names (§5.5): PTR names (at most 10) whose own addresses include
    /// the client. DNS errors here only skip a name; they never stop the check.
    async fn validated_names(&mut self) -> Vec<String> {
        if let Some(names) = &self.validated {
            return names.clone();
        }
        let outcome = self
            .resolver
            .lookup(&macros::reverse_name(self.ip), QueryType::Ptr)
            .await;
        let kind = match self.ip {
            IpAddr::V4(_) => QueryType::A,
            IpAddr::V6(_) => QueryType::Aaaa,
        };
        let mut validated = Vec::new();
        for name in outcome.names().take(MAX_NAMES_PER_LOOKUP) {
            let name = name.strip_suffix('.').unwrap_or(name);
            if !macros::valid_dns_name(name) {
                continue;
            }
            let addrs = self.resolver.lookup(name, kind).await;
            if addrs.ips().any(|a| a == self.ip) {
                validated.push(name.to_ascii_lowercase());
            }
        }
        self.validated = Some(validated.clone());
        validated
    }

    /// The explanation for a `fail` (§6.2): one TXT record at the expanded `exp=` name, itself
    /// macro-expanded. Any problem means "no explanation".
    async fn explanation(&mut self, spec: &DomainSpec, domain: &str) -> Option<String> {
        let name = self.target(spec, domain).await?;
        let outcome = self.resolver.lookup(&name, QueryType::Txt).await;
        let mut texts = outcome.txt();
        let text = texts.next()?.to_owned();
        if texts.next().is_some() {
            return None;
        }
        let ms = macro_string(&text, 0, MacroContext::Explanation).ok()?;
        Some(self.expand(&ms, domain).await)
    }
}

/// `name` is below `parent` (`mx.example.com` under `example.com`), case-insensitively.
fn is_subdomain(name: &str, parent: &str) -> bool {
    let (n, p) = (name.as_bytes(), parent.as_bytes());
    n.len() > p.len() + 1
        && n[n.len() - p.len()..].eq_ignore_ascii_case(p)
        && n[n.len() - p.len() - 1] == b'.'
}

fn ip_matches(m: &Mechanism, ip: IpAddr) -> bool {
    match (m, ip) {
        (Mechanism::Ip4 { addr, prefix }, IpAddr::V4(client)) => in_prefix(
            u128::from(u32::from(*addr)),
            u128::from(u32::from(client)),
            prefix.unwrap_or(32),
            32,
        ),
        (Mechanism::Ip6 { addr, prefix }, IpAddr::V6(client)) => in_prefix(
            u128::from(*addr),
            u128::from(client),
            prefix.unwrap_or(128),
            128,
        ),
        _ => false,
    }
}

/// Whether `client` is within `/cidr` of the address `found` (same family only).
fn in_cidr(found: IpAddr, client: IpAddr, cidr: DualCidr) -> bool {
    match (found, client) {
        (IpAddr::V4(f), IpAddr::V4(c)) => in_prefix(
            u128::from(u32::from(f)),
            u128::from(u32::from(c)),
            cidr.ip4.unwrap_or(32),
            32,
        ),
        (IpAddr::V6(f), IpAddr::V6(c)) => {
            in_prefix(u128::from(f), u128::from(c), cidr.ip6.unwrap_or(128), 128)
        }
        _ => false,
    }
}

fn in_prefix(net: u128, addr: u128, prefix: u8, bits: u8) -> bool {
    let prefix = prefix.min(bits);
    if prefix == 0 {
        return true;
    }
    let shift = u32::from(bits - prefix);
    (net >> shift) == (addr >> shift)
}
