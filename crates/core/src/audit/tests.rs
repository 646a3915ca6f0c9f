//! Unit tests of the domain check over fixture DNS answers.

use super::*;
use crate::records::dmarc;
use crate::testing::StaticResolver;

fn name(s: &str) -> DomainName {
    DomainName::parse(s).expect("valid test name")
}

#[tokio::test]
async fn complete_domain_passes_with_notes() {
    let r = StaticResolver::complete_example();
    let report = check_domain(&r, &name("example.com"), &[]).await;
    assert_eq!(report.status, Status::Pass, "{:?}", report.findings);
    assert_eq!(report.dns_host.map(|m| m.id), Some("cloudflare".to_owned()));
    assert_eq!(
        report.mail_provider.map(|m| m.id),
        Some("google-workspace".to_owned())
    );
    assert_eq!(
        report.spf.record.as_deref(),
        Some("v=spf1 include:_spf.google.com ~all")
    );
    assert_eq!(report.dmarc.policy, Some(dmarc::Policy::None));
    let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, ["dmarc.policy_none"]);
    assert!(report.complete);
}

#[tokio::test]
async fn subdomain_inherits_the_organisations_dmarc() {
    let r = StaticResolver::complete_example()
        .txt("_dmarc.example.com", &["; sp=reject"])
        .txt("mail.example.com", &["v=spf1 -all"])
        .mx("mail.example.com", &[(10, "mx.example.com")]);
    let report = check_domain(&r, &name("mail.example.com"), &[]).await;
    assert_eq!(report.dmarc.inherited_from.as_deref(), Some("example.com"));
    assert_eq!(
        report.dmarc.policy,
        Some(dmarc::Policy::None),
        "two records at _dmarc: the valid one"
    );
    let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, ["dmarc.inherited"]);
    assert_eq!(
        report.lookups.last().map(|l| l.name.as_str()),
        Some("_dmarc.example.com")
    );

    let r = StaticResolver::new()
        .ns("example.com", &["ns1.example.net"])
        .txt("_dmarc.example.com", &["v=DMARC1; p=reject; sp=quarantine"])
        .txt("mail.example.com", &["v=spf1 -all"])
        .mx("mail.example.com", &[(10, "mx.example.com")]);
    let report = check_domain(&r, &name("mail.example.com"), &[]).await;
    assert_eq!(
        report.dmarc.policy,
        Some(dmarc::Policy::Quarantine),
        "sp= applies"
    );
}

#[tokio::test]
async fn empty_domain_fails_with_named_findings() {
    let r = StaticResolver::new()
        .ns("example.com", &["ns1.example.net"])
        .exists("_dmarc.example.com");
    let report = check_domain(&r, &name("example.com"), &[]).await;
    let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, ["spf.missing", "dmarc.missing", "mx.missing"]);
    assert_eq!(report.status, Status::Fail);
}

#[tokio::test]
async fn timeout_is_never_missing() {
    let r = StaticResolver::new()
        .ns("example.com", &["ns1.example.net"])
        .txt("_dmarc.example.com", &["v=DMARC1; p=reject"])
        .timeout("example.com");
    let report = check_domain(&r, &name("example.com"), &[]).await;
    let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
    assert!(!ids.contains(&"spf.missing"), "{ids:?}");
    assert!(ids.contains(&"dns.timeout"));
    assert!(!report.complete);
    assert_eq!(report.status, Status::Warn);
}

#[tokio::test]
async fn nxdomain_is_one_clear_finding() {
    let r = StaticResolver::new();
    let report = check_domain(&r, &name("nosuch.example"), &[]).await;
    let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, ["domain.nxdomain"]);
    assert_eq!(report.status, Status::Fail);
}

#[tokio::test]
async fn multiple_records_and_dkim_selectors() {
    let r = StaticResolver::new()
        .ns("example.com", &["ns1.example.net"])
        .mx("example.com", &[(0, ".")])
        .txt("example.com", &["v=spf1 -all", "v=spf1 ~all"])
        .txt(
            "_dmarc.example.com",
            &["v=DMARC1; p=none", "v=DMARC1; p=reject"],
        )
        .txt("s1._domainkey.example.com", &["v=DKIM1; k=rsa; p=MIIB"]);
    let selectors = vec!["s1".to_owned(), "s2".to_owned()];
    let report = check_domain(&r, &name("example.com"), &selectors).await;
    let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
    assert_eq!(
        ids,
        [
            "spf.multiple",
            "dmarc.multiple",
            "mx.null",
            "dkim.key_truncated"
        ],
        "the fixture's key is cut short"
    );
    assert_eq!(report.spf.record, None);
    assert_eq!(report.spf.records_found.len(), 2);
    let dkim: Vec<_> = report
        .dkim
        .iter()
        .map(|d| (d.selector.as_str(), d.status))
        .collect();
    assert_eq!(
        dkim,
        [("s1", DkimStatus::Found), ("s2", DkimStatus::Missing)]
    );
}

#[tokio::test]
async fn full_audit_fills_every_section() {
    let r = StaticResolver::complete_example()
        .txt(
            "_smtp._tls.example.com",
            &["v=TLSRPTv1; rua=mailto:t@example.com"],
        )
        .txt(
            "default._bimi.example.com",
            &["v=BIMI1; l=https://example.com/l.svg"],
        )
        .txt("_mta-sts.example.com", &["v=STSv1; id=1"])
        .txt("google._domainkey.example.com", &["v=DKIM1; k=rsa; p="]);
    let report = check_domain(&r, &name("example.com"), &[]).await;
    assert_eq!(report.spf.dns_lookups, Some(1));
    assert_eq!(report.spf.void_lookups, Some(0));
    assert_eq!(report.spf.lookups_complete, Some(true));
    assert_eq!(report.dmarc.adkim, Some(dmarc::Alignment::Relaxed));
    assert_eq!(
        report.tlsrpt.record.as_deref(),
        Some("v=TLSRPTv1; rua=mailto:t@example.com")
    );
    assert!(report.bimi.record.is_some());
    assert_eq!(report.mta_sts.record.as_deref(), Some("v=STSv1; id=1"));
    assert_eq!(report.mta_sts.fetch, Some(PolicyFetchOutcome::HostNotFound));
    assert_eq!(report.dkim.len(), 1);
    assert_eq!(report.dkim[0].source, DkimSource::Probe);
    let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
    assert_eq!(
        ids,
        [
            "dmarc.policy_none",
            "dkim.revoked",
            "mta_sts.policy_host_missing",
            "bimi.no_certificate",
            "bimi.dmarc_not_enforced"
        ]
    );
    assert!(
        report.complete,
        "the extra lookups do not decide completeness"
    );
}

#[tokio::test]
async fn failed_extra_lookups_are_warnings_not_incomplete() {
    let r = StaticResolver::complete_example().timeout("_mta-sts.example.com");
    let report = check_domain(&r, &name("example.com"), &[]).await;
    let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, ["dmarc.policy_none", "dns.timeout"]);
    assert_eq!(report.mta_sts.outcome, OutcomeCode::Timeout);
    assert!(report.complete);

    let settings = AuditSettings {
        probe_dkim: false,
        ..AuditSettings::default()
    };
    let r = StaticResolver::complete_example()
        .txt("google._domainkey.example.com", &["v=DKIM1; k=rsa; p="]);
    let report = check_domain_with(&r, &name("example.com"), &settings).await;
    assert!(report.dkim.is_empty(), "probe off");
}

#[tokio::test]
async fn mistakes_are_named() {
    let r = StaticResolver::new()
        .ns("example.com", &["ns1.example.net"])
        .mx("example.com", &[(10, "mx.example.com"), (20, "192.0.2.25")])
        .cname("mx.example.com", "mail.example.net")
        .txt(
            "example.com",
            &["v=spf1 ip4:192.0.2.25 -all", "v=DMARC1; p=none"],
        )
        .txt("_dmarc.example.com", &["v=spf1 -all"])
        .txt("_dmarc.example.com.example.com", &["v=DMARC1; p=none"])
        .txt(
            "sw1._domainkey.example.com.example.com",
            &["v=DKIM1; k=rsa; p=MIIB"],
        )
        .ip(
            "s1._domainkey.example.com",
            &["104.16.132.229".parse().expect("ip")],
        );
    let report = check_domain(&r, &name("example.com"), &["sw1".to_owned()]).await;
    let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
    for id in [
        "dmarc.spf_at_dmarc",
        "mx.ip_address",
        "mx.cname",
        "dmarc.at_apex",
        "dmarc.doubled_name",
        "dkim.doubled_name",
        "dkim.cloudflare_proxied",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
}

/// example.com's two name servers answering directly with these SOA serials (`None`: silent).
fn name_servers(
    serials: [Option<u32>; 2],
) -> impl Fn(std::net::SocketAddr) -> crate::Result<StaticResolver> + Send + Sync {
    move |addr| {
        let serial = match addr.ip().to_string().as_str() {
            "192.0.2.1" => serials[0],
            _ => serials[1],
        };
        Ok(match serial {
            Some(s) => StaticResolver::new().soa("example.com", s),
            None => StaticResolver::new().timeout("example.com"),
        })
    }
}

#[tokio::test]
async fn ns_consistency_from_direct_questions() {
    let r = StaticResolver::new()
        .txt("example.com", &["v=spf1 -all"])
        .txt(
            "_dmarc.example.com",
            &["v=DMARC1; p=reject; rua=mailto:d@example.com"],
        )
        .mx("example.com", &[(10, "mx.example.com")])
        .soa("example.com", 7)
        .ns("example.com", &["ns1.example.net", "ns2.example.net"])
        .ip("ns1.example.net", &["192.0.2.1".parse().expect("ip")])
        .ip("ns2.example.net", &["192.0.2.2".parse().expect("ip")]);
    let settings = AuditSettings::default();
    let cases = [
        ([Some(7), Some(7)], vec![], true),
        ([Some(8), Some(7)], vec!["ns.serial_mismatch"], false),
        ([Some(7), None], vec!["ns.unreachable"], true),
    ];
    for (serials, expected, in_sync) in cases {
        let direct = name_servers(serials);
        let report = audit_domain(&r, &direct, &name("example.com"), &settings).await;
        let authority = report.authority.as_ref().expect("authority checked");
        assert_eq!(authority.in_sync, in_sync, "{serials:?}");
        let ns_ids: Vec<_> = report
            .findings
            .iter()
            .map(|f| f.id)
            .filter(|id| id.starts_with("ns."))
            .collect();
        assert_eq!(ns_ids, expected, "{serials:?}");
        assert!(
            report.complete,
            "NS consistency does not decide completeness"
        );
    }
    let report = check_domain(&r, &name("example.com"), &[]).await;
    assert_eq!(report.authority, None, "not asked without direct resolvers");
}

#[tokio::test]
async fn ns_discovery_does_not_repeat_a_failed_ns_lookup() {
    let r = StaticResolver::new().timeout("example.com");
    let direct = name_servers([None, None]);
    let report = audit_domain(&r, &direct, &name("example.com"), &AuditSettings::default()).await;
    assert!(
        report.findings.iter().all(|f| !f.id.starts_with("ns.")),
        "{:?}",
        report.findings
    );
}
