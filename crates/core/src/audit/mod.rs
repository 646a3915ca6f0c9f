//! The domain audit behind the Domain step and `sendwell check`: NS (and, with direct queries,
//! each name server's SOA serial), MX, SPF (with the live lookup count), DMARC (with external
//! report authorization), DKIM (given and probed selectors), MTA-STS (with the policy fetched
//! over HTTPS), TLS-RPT and BIMI, looked up concurrently; hosts recognised; pasting mistakes
//! named. One file per record kind.

use crate::authority::{self, DirectResolvers, HickoryDirect};
use crate::dns::{DnsOutcome, MxHost, QueryType, Resolve};
use crate::domain::DomainName;
use crate::finding::Status;
use crate::hosting::HostingCatalog;
use crate::records::dmarc::DmarcRecord;

mod bimi;
mod cloudflare;
mod dkim;
mod dmarc;
mod findings;
mod mistakes;
mod mta_sts;
pub mod mta_sts_fetch;
mod mx;
mod ns;
mod preloaded;
mod report;
mod settings;
mod spf;
mod tlsrpt;

pub use cloudflare::is_cloudflare_proxy;
pub use dkim::PROBE_SELECTORS;
pub use mta_sts::audit_mta_sts;
pub use ns::AuthoritySummary;
pub use report::*;
pub use settings::{AuditSettings, PolicyFetchSettings, DEFAULT_POLICY_TIMEOUT};

use findings::{failed_lookup, lookup_findings};
use preloaded::Preloaded;

/// Look the domain up with the default settings (common DKIM selectors probed, the MTA-STS
/// policy fetched with the operating system's trust store) and the given selectors.
pub async fn check_domain<R: Resolve>(
    resolver: &R,
    name: &DomainName,
    dkim_selectors: &[String],
) -> DomainReport {
    check_domain_with(
        resolver,
        name,
        &AuditSettings::with_selectors(dkim_selectors),
    )
    .await
}

/// Look the domain up and describe what exists today, with these settings (no direct
/// questions to the name servers: `authority` is `null`; see [`audit_domain`]).
pub async fn check_domain_with<R: Resolve>(
    resolver: &R,
    name: &DomainName,
    settings: &AuditSettings,
) -> DomainReport {
    run(resolver, None::<&HickoryDirect>, name, settings).await
}

/// The full audit: [`check_domain_with`] plus NS consistency, each of the zone's name servers
/// asked directly through `direct` (live DNS: [`HickoryDirect`]).
pub async fn audit_domain<R: Resolve, D: DirectResolvers>(
    resolver: &R,
    direct: &D,
    name: &DomainName,
    settings: &AuditSettings,
) -> DomainReport {
    run(resolver, Some(direct), name, settings).await
}

async fn run<R: Resolve, D: DirectResolvers>(
    resolver: &R,
    direct: Option<&D>,
    name: &DomainName,
    settings: &AuditSettings,
) -> DomainReport {
    let domain = name.ascii.clone();
    let dmarc_name = format!("_dmarc.{domain}");
    let org_dmarc_name = format!("_dmarc.{}", name.registrable);
    let sts_name = mta_sts::record_name(&domain);
    let tlsrpt_name = tlsrpt::record_name(&domain);
    let bimi_name = bimi::record_name(&domain);
    let selectors = dkim_selectors_asked(settings);
    let (
        ns,
        mx,
        txt,
        dmarc_txt,
        org_dmarc_txt,
        sts_txt,
        tlsrpt_txt,
        bimi_txt,
        dkim,
        doubled,
        found_authority,
    ) = tokio::join!(
        resolver.lookup(&name.registrable, QueryType::Ns),
        resolver.lookup(&domain, QueryType::Mx),
        resolver.lookup(&domain, QueryType::Txt),
        resolver.lookup(&dmarc_name, QueryType::Txt),
        async {
            match name.is_subdomain {
                true => Some(resolver.lookup(&org_dmarc_name, QueryType::Txt).await),
                false => None,
            }
        },
        resolver.lookup(&sts_name, QueryType::Txt),
        resolver.lookup(&tlsrpt_name, QueryType::Txt),
        resolver.lookup(&bimi_name, QueryType::Txt),
        dkim::audit_dkim(
            resolver,
            &domain,
            &settings.dkim_selectors,
            settings.probe_dkim
        ),
        mistakes::doubled_names(resolver, &domain, &name.registrable, &selectors),
        async {
            match direct {
                Some(d) => Some(authority::discover(&domain, resolver, d).await),
                None => None,
            }
        },
    );

    let mut lookups = vec![
        Lookup::new(LookupPurpose::Ns, &name.registrable, &ns),
        Lookup::new(LookupPurpose::Mx, &domain, &mx),
        Lookup::new(LookupPurpose::Txt, &domain, &txt),
        Lookup::new(LookupPurpose::Dmarc, &dmarc_name, &dmarc_txt),
    ];
    if let Some(org) = &org_dmarc_txt {
        lookups.push(Lookup::new(LookupPurpose::Dmarc, &org_dmarc_name, org));
    }
    lookups.extend(dkim.lookups.iter().cloned());

    let mut ns_hosts: Vec<String> = ns.ns().map(str::to_owned).collect();
    let mut mx_hosts: Vec<MxHost> = mx.mx().cloned().collect();
    ns_hosts.sort();
    mx_hosts.sort_by(|a, b| (a.preference, &a.exchange).cmp(&(b.preference, &b.exchange)));

    let dmarc_answers = dmarc::DmarcAnswers {
        domain: &domain,
        registrable: &name.registrable,
        own: &dmarc_txt,
        org: org_dmarc_txt.as_ref(),
    };
    let spf_resolver = Preloaded::new(
        resolver,
        vec![
            (&domain, QueryType::Txt, &txt),
            (&domain, QueryType::Mx, &mx),
        ],
    );
    let ((spf, spf_findings), (dmarc, dmarc_findings), mx_findings, mta_sts, proxied) = tokio::join!(
        spf::audit_spf(&spf_resolver, &domain, &txt),
        dmarc::audit_dmarc(resolver, &dmarc_answers),
        mx::audit_mx(resolver, &mx, &mx_hosts),
        mta_sts::audit_mta_sts(
            resolver,
            &domain,
            &sts_txt,
            &mx_hosts,
            &settings.policy_fetch
        ),
        mistakes::proxied_selectors(resolver, &dkim.names_without_txt),
    );
    let (mta_sts, mta_sts_findings) = mta_sts;
    let dmarc_record = dmarc.record.as_deref().and_then(DmarcRecord::parse_lenient);
    let (tlsrpt, tlsrpt_findings) = tlsrpt::audit_tlsrpt(&domain, &tlsrpt_txt);
    let (bimi, bimi_findings) = bimi::audit_bimi(&domain, &bimi_txt, dmarc_record.as_ref());

    let (authority, authority_findings) = match found_authority {
        Some(a) => {
            let (summary, findings) = ns::summarize(a, &ns);
            (Some(summary), findings)
        }
        None => (None, Vec::new()),
    };

    let mut findings = Vec::new();
    lookup_findings(&lookups, &mut findings);
    if !matches!(ns, DnsOutcome::NxDomain { .. }) {
        findings.extend(authority_findings);
        findings.extend(spf_findings);
        findings.extend(dmarc_findings);
        findings.extend(mx_findings);
        findings.extend(dkim.findings);
        for (what, name, outcome) in [
            ("the MTA-STS record", &sts_name, &sts_txt),
            ("the TLS reporting record", &tlsrpt_name, &tlsrpt_txt),
            ("the BIMI record", &bimi_name, &bimi_txt),
        ] {
            findings.extend(failed_lookup(what, name, OutcomeCode::of(outcome).0));
        }
        findings.extend(mta_sts_findings);
        findings.extend(tlsrpt_findings);
        findings.extend(bimi_findings);
        findings.extend(mistakes::dmarc_at_apex(&domain, &txt));
        findings.extend(doubled);
        findings.extend(proxied);
    }
    let complete = lookups.iter().all(|l| l.outcome.is_conclusive());

    let catalog = HostingCatalog::builtin();
    DomainReport {
        domain,
        name: name.clone(),
        dns_host: catalog.dns_host(&ns_hosts),
        mail_provider: catalog.mail_provider(&mx_hosts),
        ns: ns_hosts,
        mx: mx_hosts,
        spf,
        dmarc,
        dkim: dkim.summaries,
        mta_sts,
        tlsrpt,
        bimi,
        authority,
        lookups,
        complete,
        status: Status::of(&findings),
        findings,
    }
}

/// Every selector the check asks about: the given ones, then the probe's.
fn dkim_selectors_asked(settings: &AuditSettings) -> Vec<String> {
    let mut all = settings.dkim_selectors.clone();
    if settings.probe_dkim {
        for (s, _) in PROBE_SELECTORS {
            if !all.iter().any(|a| a.eq_ignore_ascii_case(s)) {
                all.push((*s).to_owned());
            }
        }
    }
    all
}

#[cfg(test)]
mod tests;
