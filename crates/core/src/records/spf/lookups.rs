//! The live lookup count: walk a domain's SPF include/redirect tree against real DNS, without a
//! client IP, and count what a receiver will spend (10 DNS lookups, 2 void lookups, RFC 7208 §4.6.4).

use std::future::Future;
use std::pin::Pin;

use serde::Serialize;

use super::{
    select, DomainSpec, Mechanism, SpfRecord, SpfSyntaxError, Term, MAX_DNS_LOOKUPS,
    MAX_NAMES_PER_LOOKUP, MAX_VOID_LOOKUPS,
};
use crate::dns::{QueryType, Resolve};
use crate::finding::{Finding, Severity};

/// Stop walking after this many lookup terms, so a loop or a huge tree cannot run forever.
const WALK_CAP: u32 = 60;

/// What [`count_lookups`] found: the worst-case counts for a client that matches nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LookupCount {
    /// DNS-querying terms a receiver evaluates (10 is the most allowed).
    pub dns_lookups: u32,
    /// `a`, `mx` and `exists` lookups that found nothing (2 is the most allowed).
    pub void_lookups: u32,
    /// The first thing that makes receivers return `permerror`/`temperror`, if any.
    pub error: Option<LookupProblem>,
    /// Targets that use macros (they depend on the sender), so they were counted but not followed.
    pub not_followed: Vec<String>,
}

/// Why the tree walk says the record will fail (RFC 7208 §4.6.4, §5.2, §6.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LookupProblem {
    /// More than 10 DNS-querying terms.
    TooManyLookups {
        /// How many were counted.
        count: u32,
    },
    /// More than 2 lookups found nothing.
    TooManyVoidLookups {
        /// How many were counted.
        count: u32,
    },
    /// An `mx` target with more than 10 MX records.
    TooManyMx {
        /// The name.
        domain: String,
        /// How many MX records it has.
        count: usize,
    },
    /// An include or redirect target with no SPF record.
    NoRecord {
        /// The target.
        domain: String,
    },
    /// A name with more than one SPF record.
    MultipleRecords {
        /// The name.
        domain: String,
    },
    /// A record with a syntax error.
    Syntax {
        /// Where.
        domain: String,
        /// The error, in plain words.
        message: String,
    },
    /// An include or redirect that leads back to a record already being evaluated.
    Loop {
        /// The target that closes the loop.
        domain: String,
    },
    /// A lookup that failed (timeout, server failure): the count is incomplete.
    Dns {
        /// The name.
        domain: String,
        /// What happened.
        detail: String,
    },
}

impl LookupCount {
    /// Findings for the counts: `spf.too_many_lookups`, `spf.too_many_void_lookups`, and the
    /// other problems of the tree.
    pub fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        if self.dns_lookups > MAX_DNS_LOOKUPS {
            out.push(
                Finding::new(
                    "spf.too_many_lookups",
                    Severity::Error,
                    format!(
                        "Checking this SPF record takes {} DNS lookups; receivers stop at {MAX_DNS_LOOKUPS} and treat the record as broken (permerror).",
                        self.dns_lookups
                    ),
                    "Remove includes of services that no longer send for you, replace a and mx by ip4/ip6 where you can, or flatten an include (with its trade-off).",
                )
                .rfc("RFC 7208 §4.6.4"),
            );
        }
        if self.void_lookups > MAX_VOID_LOOKUPS {
            out.push(
                Finding::new(
                    "spf.too_many_void_lookups",
                    Severity::Error,
                    format!(
                        "{} lookups in this SPF record find nothing; receivers allow {MAX_VOID_LOOKUPS} and then treat the record as broken (permerror).",
                        self.void_lookups
                    ),
                    "Remove the a, mx, include or exists terms that point at names with no records.",
                )
                .rfc("RFC 7208 §4.6.4"),
            );
        }
        let problem = match &self.error {
            Some(LookupProblem::TooManyMx { domain, count }) => Some((
                "spf.too_many_mx",
                format!("{domain} has {count} MX records; the mx mechanism may use at most {MAX_NAMES_PER_LOOKUP}, so receivers return permerror."),
                "Use ip4/ip6 for those mail servers instead of mx.".to_owned(),
                "RFC 7208 §4.6.4",
            )),
            Some(LookupProblem::NoRecord { domain }) => Some((
                "spf.include_missing",
                format!("{domain} is included (or redirected to) but publishes no SPF record, so receivers return permerror."),
                format!("Check the spelling of {domain} against your provider's instructions, or remove it."),
                "RFC 7208 §5.2",
            )),
            Some(LookupProblem::MultipleRecords { domain }) => Some((
                "spf.include_multiple",
                format!("{domain} publishes more than one SPF record, so receivers return permerror."),
                format!("Ask whoever runs {domain} to merge its SPF records into one."),
                "RFC 7208 §4.5",
            )),
            Some(LookupProblem::Syntax { domain, message }) => Some((
                "spf.include_syntax",
                format!("The SPF record of {domain} is invalid: {message}"),
                format!("Fix the record of {domain}, or stop including it."),
                "RFC 7208 §4.6",
            )),
            Some(LookupProblem::Loop { domain }) => Some((
                "spf.loop",
                format!("The SPF records loop back to {domain} through include or redirect, so receivers return permerror."),
                "Remove the include or redirect that points back.".to_owned(),
                "RFC 7208 §4.6.4",
            )),
            Some(LookupProblem::Dns { domain, detail }) => Some((
                "spf.lookup_incomplete",
                format!("The lookup for {domain} failed ({detail}), so the count is incomplete."),
                "Check again in a moment.".to_owned(),
                "RFC 7208 §4.4",
            )),
            _ => None,
        };
        if let Some((id, message, fix, rfc)) = problem {
            let severity = if id == "spf.lookup_incomplete" {
                Severity::Warning
            } else {
                Severity::Error
            };
            out.push(Finding::new(id, severity, message, fix).rfc(rfc));
        }
        out
    }
}

/// Count the DNS lookups and void lookups that checking `domain`'s SPF record costs, following
/// literal include and redirect targets (RFC 7208 §4.6.4). Terms after `all` are not counted,
/// since receivers never reach them; `redirect` is counted only without `all`.
pub async fn count_lookups<R: Resolve>(resolver: &R, domain: &str) -> LookupCount {
    let mut walk = Walk {
        resolver,
        count: LookupCount {
            dns_lookups: 0,
            void_lookups: 0,
            error: None,
            not_followed: Vec::new(),
        },
        stack: Vec::new(),
    };
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    walk.visit(domain, true).await;
    let mut count = walk.count;
    if count.error.is_none() {
        if count.dns_lookups > MAX_DNS_LOOKUPS {
            count.error = Some(LookupProblem::TooManyLookups {
                count: count.dns_lookups,
            });
        } else if count.void_lookups > MAX_VOID_LOOKUPS {
            count.error = Some(LookupProblem::TooManyVoidLookups {
                count: count.void_lookups,
            });
        }
    }
    count
}

struct Walk<'r, R> {
    resolver: &'r R,
    count: LookupCount,
    stack: Vec<String>,
}

impl<'r, R: Resolve> Walk<'r, R> {
    fn problem(&mut self, p: LookupProblem) {
        if self.count.error.is_none() {
            self.count.error = Some(p);
        }
    }

    fn visit(
        &mut self,
        domain: String,
        top: bool,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(async move {
            if self.stack.contains(&domain) {
                self.problem(LookupProblem::Loop { domain });
                return;
            }
            let outcome = self.resolver.lookup(&domain, QueryType::Txt).await;
            if !outcome.is_conclusive() {
                self.problem(LookupProblem::Dns {
                    detail: outcome.describe(),
                    domain,
                });
                return;
            }
            let found = select(outcome.txt());
            let record = match found.as_slice() {
                [] => {
                    if !top {
                        self.problem(LookupProblem::NoRecord { domain });
                    }
                    return;
                }
                [one] => match SpfRecord::parse(one) {
                    Ok(r) => r,
                    Err(e) => {
                        self.problem(syntax(&domain, &e));
                        return;
                    }
                },
                _ => {
                    self.problem(LookupProblem::MultipleRecords { domain });
                    return;
                }
            };
            self.stack.push(domain.clone());
            let mut saw_all = false;
            for term in &record.terms {
                if self.count.dns_lookups >= WALK_CAP {
                    break;
                }
                let Term::Directive(d) = term else { continue };
                if d.mechanism == Mechanism::All {
                    saw_all = true;
                    break;
                }
                if !d.mechanism.needs_dns() {
                    continue;
                }
                self.count.dns_lookups += 1;
                self.mechanism(&d.mechanism, &domain).await;
            }
            if let (false, Some(target)) = (saw_all, record.redirect()) {
                if self.count.dns_lookups < WALK_CAP {
                    self.count.dns_lookups += 1;
                    if let Some(name) = self.literal(target) {
                        self.visit(name, false).await;
                    }
                }
            }
            self.stack.pop();
        })
    }

    /// The target name when it has no macros; else note it as not followed.
    fn literal(&mut self, spec: &DomainSpec) -> Option<String> {
        match spec.as_literal() {
            Some(n) => Some(n.trim_end_matches('.').to_ascii_lowercase()),
            None => {
                self.count.not_followed.push(spec.to_string());
                None
            }
        }
    }

    async fn mechanism(&mut self, m: &Mechanism, domain: &str) {
        match m {
            Mechanism::Include(spec) => {
                if let Some(name) = self.literal(spec) {
                    self.visit(name, false).await;
                }
            }
            Mechanism::A { domain: spec, .. } => {
                let Some(name) = self.name_or(spec.as_ref(), domain) else {
                    return;
                };
                if !self.has_address(&name).await {
                    self.count.void_lookups += 1;
                }
            }
            Mechanism::Mx { domain: spec, .. } => {
                let Some(name) = self.name_or(spec.as_ref(), domain) else {
                    return;
                };
                let outcome = self.resolver.lookup(&name, QueryType::Mx).await;
                if !outcome.is_conclusive() {
                    self.problem(LookupProblem::Dns {
                        detail: outcome.describe(),
                        domain: name,
                    });
                    return;
                }
                let hosts = outcome.mx().count();
                if hosts == 0 {
                    self.count.void_lookups += 1;
                } else if hosts > MAX_NAMES_PER_LOOKUP {
                    self.problem(LookupProblem::TooManyMx {
                        domain: name,
                        count: hosts,
                    });
                }
            }
            Mechanism::Exists(spec) => {
                let Some(name) = self.literal(spec) else {
                    return;
                };
                let outcome = self.resolver.lookup(&name, QueryType::A).await;
                if outcome.is_conclusive() && outcome.ips().next().is_none() {
                    self.count.void_lookups += 1;
                }
            }
            _ => {}
        }
    }

    fn name_or(&mut self, spec: Option<&DomainSpec>, domain: &str) -> Option<String> {
        match spec {
            Some(s) => self.literal(s),
            None => Some(domain.to_owned()),
        }
    }

    /// True when the name has an A or an AAAA record (or the lookup failed: not a void).
    async fn has_address(&mut self, name: &str) -> bool {
        for kind in [QueryType::A, QueryType::Aaaa] {
            let outcome = self.resolver.lookup(name, kind).await;
            if !outcome.is_conclusive() {
                self.problem(LookupProblem::Dns {
                    domain: name.to_owned(),
                    detail: outcome.describe(),
                });
                return true;
            }
            if outcome.ips().next().is_some() {
                return true;
            }
        }
        false
    }
}

fn syntax(domain: &str, e: &SpfSyntaxError) -> LookupProblem {
    LookupProblem::Syntax {
        domain: domain.to_owned(),
        message: e.to_string(),
    }
}
