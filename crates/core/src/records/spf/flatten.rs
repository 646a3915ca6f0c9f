//! Flattening, offered only on request: replace `include:` terms by the `ip4`/`ip6` addresses
//! they currently stand for, to get under the 10-lookup limit — with the trade-off stated.

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

use super::{select, Directive, Mechanism, Modifier, Qualifier, SpfRecord, Term};
use crate::dns::{QueryType, Resolve};
use crate::finding::{Finding, Severity};

/// The price of flattening, shown wherever it is offered.
pub const FLATTEN_TRADE_OFF: &str = "Flattening copies your providers' current IP addresses into your own record. When a provider changes its servers (they do, without telling you), your record silently goes out of date and their mail starts failing SPF. A flattened record must be re-done regularly, or whenever a provider's addresses change. Prefer removing includes you no longer need.";

/// How deep nested includes are followed before giving up.
const MAX_DEPTH: u32 = 10;

/// A flattened record and what could not be flattened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flattened {
    /// The record with flattenable includes replaced by `ip4`/`ip6` terms.
    pub record: SpfRecord,
    /// The includes that were flattened.
    pub flattened: Vec<String>,
    /// The includes kept as they are (they use macros, `exists`, `ptr`, a non-pass term, or
    /// their lookup failed).
    pub kept: Vec<String>,
    /// `spf.flattened` with the trade-off, and `spf.flatten_kept` for each kept include.
    pub findings: Vec<Finding>,
    /// [`FLATTEN_TRADE_OFF`].
    pub trade_off: &'static str,
}

/// Resolve each `include:` of `record` (published at `domain`) to the addresses it allows now.
/// Only includes whose whole tree is pass-only `ip4`/`ip6`/`a`/`mx`/`include` ending in a
/// non-pass `all` (or nothing) are flattened; anything else would change the result, so it is kept.
pub async fn flatten<R: Resolve>(resolver: &R, record: &SpfRecord, domain: &str) -> Flattened {
    let mut terms = Vec::new();
    let mut flattened = Vec::new();
    let mut kept = Vec::new();
    let mut seen: Vec<Mechanism> = Vec::new();
    for term in &record.terms {
        let Term::Directive(Directive {
            qualifier: Qualifier::Pass,
            mechanism: Mechanism::Include(spec),
        }) = term
        else {
            terms.push(term.clone());
            continue;
        };
        let Some(name) = spec.as_literal() else {
            kept.push(spec.to_string());
            terms.push(term.clone());
            continue;
        };
        let mut addrs = Vec::new();
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if collect(resolver, name.clone(), 0, &mut addrs)
            .await
            .is_some()
        {
            flattened.push(name);
            for m in addrs {
                if !seen.contains(&m) {
                    seen.push(m.clone());
                    terms.push(Term::Directive(Directive {
                        qualifier: Qualifier::Pass,
                        mechanism: m,
                    }));
                }
            }
        } else {
            kept.push(name);
            terms.push(term.clone());
        }
    }
    let mut findings = Vec::new();
    if !flattened.is_empty() {
        findings.push(
            Finding::new(
                "spf.flattened",
                Severity::Warning,
                format!(
                    "The record of {domain} was flattened ({} replaced by addresses). {FLATTEN_TRADE_OFF}",
                    flattened.join(", ")
                ),
                "Only publish it if you will re-do it regularly; otherwise keep the includes.",
            )
            .rfc("RFC 7208 §4.6.4"),
        );
    }
    for k in &kept {
        findings.push(Finding::note(
            "spf.flatten_kept",
            format!("include:{k} was kept: its record cannot be replaced by a fixed list of addresses without changing what it allows."),
        ));
    }
    Flattened {
        record: SpfRecord { terms },
        flattened,
        kept,
        findings,
        trade_off: FLATTEN_TRADE_OFF,
    }
}

type Collect<'a> = Pin<Box<dyn Future<Output = Option<()>> + Send + 'a>>;

/// Push the addresses `domain`'s record allows; `None` when it cannot be flattened exactly.
fn collect<'a, R: Resolve>(
    resolver: &'a R,
    domain: String,
    depth: u32,
    out: &'a mut Vec<Mechanism>,
) -> Collect<'a> {
    Box::pin(async move {
        if depth > MAX_DEPTH {
            return None;
        }
        let outcome = resolver.lookup(&domain, QueryType::Txt).await;
        let found = select(outcome.txt());
        let [text] = found.as_slice() else {
            return None;
        };
        let record = SpfRecord::parse(text).ok()?;
        let mut ended = false;
        for d in record.directives() {
            match (&d.qualifier, &d.mechanism) {
                (Qualifier::Pass, Mechanism::All) => return None,
                (_, Mechanism::All) => {
                    ended = true;
                    break;
                }
                (Qualifier::Pass, m @ (Mechanism::Ip4 { .. } | Mechanism::Ip6 { .. })) => {
                    out.push(m.clone());
                }
                (Qualifier::Pass, Mechanism::Include(spec)) => {
                    let name = spec.as_literal()?;
                    collect(
                        resolver,
                        name.trim_end_matches('.').to_owned(),
                        depth + 1,
                        out,
                    )
                    .await?;
                }
                (Qualifier::Pass, Mechanism::A { domain: spec, cidr }) => {
                    let name = match spec {
                        Some(s) => s.as_literal()?,
                        None => domain.clone(),
                    };
                    addresses(resolver, &name, cidr.ip4, cidr.ip6, out).await?;
                }
                (Qualifier::Pass, Mechanism::Mx { domain: spec, cidr }) => {
                    let name = match spec {
                        Some(s) => s.as_literal()?,
                        None => domain.clone(),
                    };
                    let mx = resolver.lookup(&name, QueryType::Mx).await;
                    if !mx.is_conclusive() {
                        return None;
                    }
                    let hosts: Vec<String> = mx.mx().map(|m| m.exchange.clone()).collect();
                    for host in hosts.iter().filter(|h| h.as_str() != ".") {
                        addresses(resolver, host, cidr.ip4, cidr.ip6, out).await?;
                    }
                }
                _ => return None,
            }
        }
        if !ended {
            if let Some(target) = record.terms.iter().find_map(|t| match t {
                Term::Modifier(Modifier::Redirect(r)) => Some(r),
                _ => None,
            }) {
                let name = target.as_literal()?;
                collect(
                    resolver,
                    name.trim_end_matches('.').to_owned(),
                    depth + 1,
                    out,
                )
                .await?;
            }
        }
        Some(())
    })
}

/// The A and AAAA addresses of `name` as `ip4`/`ip6` terms; `None` when a lookup failed.
async fn addresses<R: Resolve>(
    resolver: &R,
    name: &str,
    ip4: Option<u8>,
    ip6: Option<u8>,
    out: &mut Vec<Mechanism>,
) -> Option<()> {
    for kind in [QueryType::A, QueryType::Aaaa] {
        let outcome = resolver.lookup(name, kind).await;
        if !outcome.is_conclusive() {
            return None;
        }
        for ip in outcome.ips() {
            out.push(match ip {
                IpAddr::V4(addr) => Mechanism::Ip4 {
                    addr,
                    prefix: ip4.filter(|p| *p != 32),
                },
                IpAddr::V6(addr) => Mechanism::Ip6 {
                    addr,
                    prefix: ip6.filter(|p| *p != 128),
                },
            });
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::StaticResolver;

    #[tokio::test]
    async fn flattens_plain_includes_and_keeps_the_rest() {
        let dns = StaticResolver::new()
            .txt(
                "_spf.provider.example",
                &["v=spf1 ip4:192.0.2.0/24 include:_v6.provider.example ~all"],
            )
            .txt(
                "_v6.provider.example",
                &["v=spf1 ip6:2001:db8::/32 a:mail.provider.example -all"],
            )
            .ip(
                "mail.provider.example",
                &["198.51.100.5".parse().expect("ip")],
            )
            .txt("_macro.example", &["v=spf1 exists:%{i}.bl.example -all"]);
        let record =
            SpfRecord::parse("v=spf1 mx include:_spf.provider.example include:_macro.example ~all")
                .expect("valid");
        let f = flatten(&dns, &record, "example.com").await;
        assert_eq!(
            f.record.to_string(),
            "v=spf1 mx ip4:192.0.2.0/24 ip6:2001:db8::/32 ip4:198.51.100.5 include:_macro.example ~all"
        );
        assert_eq!(f.flattened, ["_spf.provider.example"]);
        assert_eq!(f.kept, ["_macro.example"]);
        let ids: Vec<_> = f.findings.iter().map(|x| x.id).collect();
        assert_eq!(ids, ["spf.flattened", "spf.flatten_kept"]);
        assert!(f.findings[0].message.contains("silently"));
        assert_eq!(f.trade_off, FLATTEN_TRADE_OFF);
    }
}
