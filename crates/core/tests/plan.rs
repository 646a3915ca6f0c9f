//! The plan end to end through the library: the acceptance example, merging with existing
//! records, the never-sends set, extras, determinism, and every export read back by the
//! project's own parsers (the zone snippet also by `named-checkzone` when it is installed).

use sendwell_core::export;
use sendwell_core::plan::{
    plan, plan_with_keys, BimiChoice, Change, ExistingRecords, MtaStsChoice, PlanChoices, PlanFile,
    Topic,
};
use sendwell_core::records::bimi::BimiRecord;
use sendwell_core::records::dkim::{self, DkimKeyRecord, GeneratedKey, KeyAlgorithm, PrivateKey};
use sendwell_core::records::dmarc::{DmarcRecord, Policy};
use sendwell_core::records::mta_sts::MtaStsRecord;
use sendwell_core::records::spf::SpfRecord;
use sendwell_core::records::tlsrpt::TlsRptRecord;
use sendwell_core::records::RecordType;
use sendwell_core::{calendar::Date, dns::MxHost, DomainName};

fn domain(name: &str) -> DomainName {
    DomainName::parse(name).expect("valid domain")
}

/// The example: Google Workspace + SendGrid + one IP, reports elsewhere, Cloudflare.
fn example_choices() -> PlanChoices {
    let mut c = PlanChoices {
        providers: vec!["google-workspace".into(), "sendgrid".into()],
        ips: vec!["203.0.113.7".into()],
        registrar: Some("cloudflare".into()),
        start: Date::parse("2026-12-01"),
        ..PlanChoices::default()
    };
    c.dmarc.rua = vec!["mailto:dmarc@reports.example.net".into()];
    c
}

#[test]
fn acceptance_example() {
    let p = plan(
        &domain("example.com"),
        &example_choices(),
        &ExistingRecords::none(),
    )
    .expect("plan");
    let spf: Vec<_> = p.records.iter().filter(|r| r.topic == Topic::Spf).collect();
    assert_eq!(spf.len(), 1, "exactly one SPF record");
    assert_eq!(spf[0].name, "example.com");
    assert_eq!(spf[0].host, "@");
    let record = SpfRecord::parse(&spf[0].content).expect("SPF parses");
    let text = record.to_string();
    for part in [
        "include:_spf.google.com",
        "include:sendgrid.net",
        "ip4:203.0.113.7",
        "~all",
    ] {
        assert!(text.contains(part), "{text} lacks {part}");
    }

    let dkim_rec = p
        .records
        .iter()
        .find(|r| r.topic == Topic::Dkim && r.kind == RecordType::Txt)
        .expect("a DKIM key record");
    assert_eq!(dkim_rec.name, "sw202612._domainkey.example.com");
    assert_eq!(dkim_rec.host, "sw202612._domainkey");
    let key = DkimKeyRecord::parse(&dkim_rec.content).expect("DKIM parses");
    let info = dkim::analyse_key(&key.effective_key_type(), &key.public_key).expect("valid key");
    assert_eq!(info.bits, 2048);
    assert_eq!(p.keys[0].bits, 2048);
    assert_eq!(p.private_keys.len(), 1);

    let dmarc_rec = p
        .records
        .iter()
        .find(|r| r.topic == Topic::Dmarc)
        .expect("DMARC");
    let dmarc = DmarcRecord::parse(&dmarc_rec.content).expect("DMARC parses");
    assert_eq!(dmarc.policy, Some(Policy::None));
    assert_eq!(dmarc.rua[0].uri, "mailto:dmarc@reports.example.net");
    assert_eq!(dmarc_rec.host, "_dmarc");

    let auth = p
        .records
        .iter()
        .find(|r| r.topic == Topic::ReportAuthorization)
        .expect("external authorization");
    assert_eq!(auth.name, "example.com._report._dmarc.reports.example.net");
    assert_eq!(auth.content, "v=DMARC1");
    assert_eq!(auth.published_by.as_deref(), Some("reports.example.net"));

    let steps: Vec<_> = p
        .provider_steps
        .iter()
        .map(|s| s.provider.as_str())
        .collect();
    assert!(
        steps.contains(&"google-workspace") && steps.contains(&"sendgrid"),
        "{steps:?}"
    );
    let zone = export::to_zone(&p);
    assert!(
        zone.contains("\nexample.com._report._dmarc.reports.example.net. 3600 IN TXT \"v=DMARC1\""),
        "{zone}"
    );
    let dates: Vec<String> = p.rollout.iter().map(|s| s.date.to_string()).collect();
    assert_eq!(dates, ["2026-12-01", "2026-12-22", "2027-01-12"]);
}

#[test]
fn merges_with_existing_records_and_never_adds_a_second_spf() {
    let existing = ExistingRecords {
        spf: vec![
            "v=spf1 include:_spf.google.com ?all".into(),
            "v=spf1 mx -all".into(),
        ],
        dmarc: vec!["v=DMARC1; p=quarantine; rua=mailto:old@example.com".into()],
        mx: vec![MxHost {
            preference: 1,
            exchange: "aspmx.l.google.com".into(),
        }],
        complete: true,
        ..ExistingRecords::default()
    };
    let p = plan(&domain("example.com"), &example_choices(), &existing).expect("plan");
    let spf: Vec<_> = p.records.iter().filter(|r| r.topic == Topic::Spf).collect();
    assert_eq!(spf.len(), 1);
    let text = &spf[0].content;
    assert_eq!(text.matches("include:_spf.google.com").count(), 1, "{text}");
    assert!(text.contains(" mx"), "{text}");
    assert!(text.ends_with("~all"), "{text}");
    assert!(matches!(spf[0].change, Change::Replace { .. }));
    let ids: Vec<_> = p.findings.iter().map(|f| f.id).collect();
    assert!(ids.contains(&"plan.spf_multiple_merged"), "{ids:?}");
    let dmarc = p
        .records
        .iter()
        .find(|r| r.topic == Topic::Dmarc)
        .expect("DMARC");
    assert!(
        dmarc.content.contains("p=quarantine"),
        "never weakened: {}",
        dmarc.content
    );
    assert!(dmarc.content.contains("mailto:old@example.com"));
}

#[test]
fn never_sends_set() {
    let mut choices = PlanChoices::default();
    choices.extras.never_sends = true;
    let p = plan(
        &domain("parked.example"),
        &choices,
        &ExistingRecords::none(),
    )
    .expect("plan");
    let contents: Vec<(&str, &str)> = p
        .records
        .iter()
        .map(|r| (r.name.as_str(), r.content.as_str()))
        .collect();
    assert_eq!(
        contents,
        [
            ("parked.example", "."),
            ("parked.example", "v=spf1 -all"),
            ("*._domainkey.parked.example", "v=DKIM1; p="),
            ("_dmarc.parked.example", "v=DMARC1; p=reject"),
        ]
    );
    assert!(p.keys.is_empty());
}

#[test]
fn extras_follow_the_rules() {
    let existing = ExistingRecords {
        mx: vec![MxHost {
            preference: 10,
            exchange: "mx1.example.com".into(),
        }],
        complete: true,
        ..ExistingRecords::default()
    };
    let mut choices = example_choices();
    choices.extras.mta_sts = Some(MtaStsChoice::default());
    choices.extras.tls_rpt = vec!["tlsrpt@example.com".into()];
    choices.extras.bimi = Some(BimiChoice {
        logo_url: "https://example.com/logo.svg".into(),
        certificate_url: None,
    });
    let p = plan(&domain("example.com"), &choices, &existing).expect("plan");
    let sts = p
        .records
        .iter()
        .find(|r| r.topic == Topic::MtaSts)
        .expect("MTA-STS TXT");
    assert_eq!(sts.name, "_mta-sts.example.com");
    assert!(MtaStsRecord::parse(&sts.content).is_ok());
    let policy = p.mta_sts_policy.as_ref().expect("policy file");
    assert!(
        policy
            .body
            .contains("mode: testing\r\nmx: mx1.example.com\r\n"),
        "{}",
        policy.body
    );
    assert_eq!(
        policy.url,
        "https://mta-sts.example.com/.well-known/mta-sts.txt"
    );
    let tls = p
        .records
        .iter()
        .find(|r| r.topic == Topic::TlsRpt)
        .expect("TLS-RPT");
    assert_eq!(tls.content, "v=TLSRPTv1; rua=mailto:tlsrpt@example.com");
    // BIMI waits for DMARC enforcement.
    assert!(p.records.iter().all(|r| r.topic != Topic::Bimi));
    assert!(p
        .findings
        .iter()
        .any(|f| f.id == "plan.bimi_needs_enforcement"));

    choices.dmarc.policy = Policy::Reject;
    let p = plan(&domain("example.com"), &choices, &existing).expect("plan");
    let bimi = p
        .records
        .iter()
        .find(|r| r.topic == Topic::Bimi)
        .expect("BIMI once DMARC enforces");
    assert_eq!(bimi.name, "default._bimi.example.com");
    assert!(BimiRecord::parse(&bimi.content).is_ok());
}

#[test]
fn bad_choices_are_bad_input() {
    for (change, code) in [
        (
            PlanChoices {
                providers: vec!["sendgird".into()],
                ..PlanChoices::default()
            },
            "provider.unknown",
        ),
        (
            PlanChoices {
                ips: vec!["203.0.113.300".into()],
                ..PlanChoices::default()
            },
            "spf.ip_invalid",
        ),
        (
            PlanChoices {
                registrar: Some("cloudflair".into()),
                ..PlanChoices::default()
            },
            "registrar.unknown",
        ),
    ] {
        let err = plan(&domain("example.com"), &change, &ExistingRecords::none()).expect_err(code);
        assert_eq!(err.code(), code);
    }
    let mut choices = PlanChoices::default();
    choices.dmarc.rua = vec!["not an address".into()];
    let err = plan(&domain("example.com"), &choices, &ExistingRecords::none()).expect_err("rua");
    assert_eq!(err.code(), "dmarc.report_address_invalid");
}

/// A fixed Ed25519 key so that two plans can be compared byte for byte.
fn fixed_keys() -> impl FnMut(KeyAlgorithm) -> sendwell_core::Result<GeneratedKey> {
    let key = dkim::generate(KeyAlgorithm::Ed25519).expect("keygen");
    let der = key.private.der().to_vec();
    let public = key.public_b64.clone();
    move |_| {
        Ok(GeneratedKey {
            algorithm: KeyAlgorithm::Ed25519,
            private: PrivateKey::from_pkcs8_der(der.clone()),
            public_b64: public.clone(),
        })
    }
}

#[test]
fn plans_are_deterministic_apart_from_keys() {
    let mut keys = fixed_keys();
    let choices = example_choices();
    let a = plan_with_keys(
        &domain("example.com"),
        &choices,
        &ExistingRecords::none(),
        &mut keys,
    )
    .expect("a");
    let b = plan_with_keys(
        &domain("example.com"),
        &choices,
        &ExistingRecords::none(),
        &mut keys,
    )
    .expect("b");
    assert_eq!(export::to_json(&a), export::to_json(&b));
    assert_eq!(export::to_zone(&a), export::to_zone(&b));
    assert!(
        !export::to_json(&a).contains("PRIVATE"),
        "no private key in the JSON"
    );
}

/// Parse the TXT data of a zone line: quoted strings with `\"`, `\\` and `\DDD` escapes.
fn zone_txt(rdata: &str) -> String {
    let bytes = rdata.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i] != b'"' {
            if bytes[i] == b'\\' {
                if bytes[i + 1].is_ascii_digit() {
                    let n: u8 = rdata[i + 1..i + 4].parse().expect("\\DDD");
                    out.push(n);
                    i += 4;
                } else {
                    out.push(bytes[i + 1]);
                    i += 2;
                }
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        i += 1;
    }
    String::from_utf8(out).expect("utf-8")
}

/// RFC 4180 rows.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// Parse a record's content with the parser for its topic.
fn parses(kind: RecordType, topic: Topic, content: &str) -> bool {
    match (kind, topic) {
        (RecordType::Txt, Topic::Spf) => SpfRecord::parse(content).is_ok(),
        (RecordType::Txt, Topic::Dkim) => DkimKeyRecord::parse(content).is_ok(),
        (RecordType::Txt, Topic::Dmarc | Topic::ReportAuthorization) => {
            DmarcRecord::parse(content).is_ok()
        }
        (RecordType::Txt, Topic::MtaSts) => MtaStsRecord::parse(content).is_ok(),
        (RecordType::Txt, Topic::TlsRpt) => TlsRptRecord::parse(content).is_ok(),
        (RecordType::Txt, Topic::Bimi) => BimiRecord::parse(content).is_ok(),
        (RecordType::Cname | RecordType::Mx, _) => {
            DomainName::parse(content).is_ok() || content == "."
        }
        _ => false,
    }
}

#[test]
fn every_export_reads_back() {
    let mut choices = example_choices();
    choices.dmarc.policy = Policy::Reject;
    choices.providers.push("fastmail".into());
    choices.extras.tls_rpt = vec!["tlsrpt@example.com".into()];
    choices.extras.mta_sts = Some(MtaStsChoice::default());
    choices.extras.bimi = Some(BimiChoice {
        logo_url: "https://example.com/logo.svg".into(),
        certificate_url: None,
    });
    choices.extras.provider_mx = true;
    choices.dkim.algorithm = KeyAlgorithm::Rsa4096;
    let p = plan(&domain("example.com"), &choices, &ExistingRecords::none()).expect("plan");
    assert!(
        p.records.iter().any(|r| r.content.len() > 255),
        "a long DKIM value is in the test"
    );

    // Zone: every record line, in order, with the same data.
    let zone = export::to_zone(&p);
    let lines: Vec<&str> = zone
        .lines()
        .filter(|l| !l.starts_with(';') && !l.is_empty())
        .collect();
    assert_eq!(lines.len(), p.records.len(), "{zone}");
    for (line, record) in lines.iter().zip(&p.records) {
        let mut parts = line.splitn(5, ' ');
        let (name, ttl, class, kind, rdata) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        assert_eq!(name, format!("{}.", record.name));
        assert_eq!(ttl, record.ttl.to_string());
        assert_eq!(class, "IN");
        assert_eq!(kind, record.kind.as_str());
        let content = match record.kind {
            RecordType::Txt => zone_txt(rdata),
            RecordType::Cname => rdata.trim_end_matches('.').to_owned(),
            RecordType::Mx => rdata
                .split_once(' ')
                .map(|(_, h)| h.trim_end_matches('.').to_owned())
                .unwrap_or_default(),
        };
        let expected = if record.content == "." {
            ""
        } else {
            record.content.as_str()
        };
        assert_eq!(content, expected, "{line}");
        assert!(parses(record.kind, record.topic, &record.content), "{line}");
        if record.kind == RecordType::Txt {
            assert!(
                rdata.split("\" \"").all(|s| s.len() <= 257),
                "strings over 255 bytes: {line}"
            );
        }
    }

    // CSV: a header, then one row per record with the panel's value.
    let rows = csv_rows(&export::to_csv(&p));
    assert_eq!(rows[0], export::CSV_COLUMNS);
    assert_eq!(rows.len(), p.records.len() + 1);
    for (row, record) in rows[1..].iter().zip(&p.records) {
        assert_eq!(row[0], record.kind.as_str());
        assert_eq!(row[1], record.name);
        assert_eq!(row[2], record.host);
        assert_eq!(row[3], record.value);
    }

    // JSON: read back as the watch reads it.
    let file: PlanFile = serde_json::from_str(&export::to_json(&p)).expect("plan JSON reads back");
    assert_eq!(file.domain, "example.com");
    assert_eq!(file.records, p.records);

    // HTML: self-contained, every value present, nothing to fetch.
    let html = export::to_html(&p);
    assert!(!html.contains("<script"));
    assert!(!html.contains("src=\"http"));
    assert!(!html.contains("<link"));
    for r in &p.records {
        assert!(html.contains(&export::html_escape(&r.value)), "{}", r.name);
    }
}

#[test]
fn zone_snippet_passes_named_checkzone() {
    let Some(checker) = which("named-checkzone") else {
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty());
        assert!(
            !in_ci,
            "CI is set but named-checkzone is missing (apt-get install bind9-utils)"
        );
        eprintln!("skipped: named-checkzone not installed (apt-get install bind9-utils)");
        return;
    };
    let mut choices = example_choices();
    choices.extras.tls_rpt = vec!["tlsrpt@example.com".into()];
    choices.providers.push("fastmail".into());
    choices.dkim.algorithm = KeyAlgorithm::Rsa4096;
    let p = plan(&domain("example.com"), &choices, &ExistingRecords::none()).expect("plan");
    check_zone(&checker, &p);
    let mut never = PlanChoices::default();
    never.extras.never_sends = true;
    let p = plan(&domain("example.com"), &never, &ExistingRecords::none()).expect("plan");
    check_zone(&checker, &p);
}

fn check_zone(checker: &std::path::Path, p: &sendwell_core::plan::Plan) {
    let zone = format!(
        "$TTL 3600\nexample.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300\nexample.com. 3600 IN NS ns1.example.com.\nns1.example.com. 3600 IN A 192.0.2.53\n{}",
        export::to_zone(p)
    );
    let dir = std::env::temp_dir().join(format!("sendwell-zone-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("example.com.zone");
    std::fs::write(&file, &zone).expect("write zone");
    let out = std::process::Command::new(checker)
        .args(["-i", "full", "example.com"])
        .arg(&file)
        .output()
        .expect("run named-checkzone");
    let _ = std::fs::remove_dir_all(&dir);
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "named-checkzone failed:\n{text}\n--- zone ---\n{zone}"
    );
    println!("named-checkzone: {}", text.trim().replace('\n', " | "));
}

fn which(program: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(program))
            .find(|p| p.is_file())
    })
}

#[test]
fn null_mx_value_is_a_dot_in_every_panel() {
    let mut choices = PlanChoices::default();
    choices.extras.never_sends = true;
    for panel in sendwell_core::registrars::all() {
        choices.registrar = Some(panel.id.clone());
        let p = plan(
            &domain("parked.example"),
            &choices,
            &ExistingRecords::none(),
        )
        .expect("plan");
        let mx = p
            .records
            .iter()
            .find(|r| r.kind == RecordType::Mx)
            .expect("null MX");
        assert!(
            mx.value == "." || mx.value == "0 .",
            "{}: null MX value {:?}",
            panel.id,
            mx.value
        );
        assert_eq!(mx.priority, Some(0));
    }
}

#[test]
fn a_broken_dmarc_record_is_never_weakened() {
    let existing = ExistingRecords {
        dmarc: vec!["v=DMARC1; p=reject; rua=dmarc@example.com; fo=x".into()],
        complete: true,
        ..ExistingRecords::default()
    };
    let p = plan(&domain("example.com"), &PlanChoices::default(), &existing).expect("plan");
    let dmarc = p
        .records
        .iter()
        .find(|r| r.topic == Topic::Dmarc)
        .expect("DMARC");
    assert!(dmarc.content.contains("p=reject"), "{}", dmarc.content);
    assert!(p
        .findings
        .iter()
        .any(|f| f.id == "plan.dmarc_existing_unreadable"));
}

#[test]
fn an_existing_minus_all_is_kept_unless_asked() {
    let existing = ExistingRecords {
        spf: vec!["v=spf1 include:_spf.google.com -all".into()],
        complete: true,
        ..ExistingRecords::default()
    };
    let mut choices = PlanChoices {
        ips: vec!["203.0.113.7".into()],
        ..PlanChoices::default()
    };
    let p = plan(&domain("example.com"), &choices, &existing).expect("plan");
    let spf = p
        .records
        .iter()
        .find(|r| r.topic == Topic::Spf)
        .expect("SPF");
    assert!(spf.content.ends_with(" -all"), "{}", spf.content);
    choices.spf_fail_all = Some(false);
    let p = plan(&domain("example.com"), &choices, &existing).expect("plan");
    let spf = p
        .records
        .iter()
        .find(|r| r.topic == Topic::Spf)
        .expect("SPF");
    assert!(spf.content.ends_with(" ~all"), "{}", spf.content);
}

#[test]
fn a_selector_a_provider_uses_is_refused_and_the_default_moves_on() {
    let choices = PlanChoices {
        providers: vec!["sendgrid".into()],
        dkim: sendwell_core::plan::DkimChoice {
            selector: Some("s1".into()),
            ..Default::default()
        },
        ..PlanChoices::default()
    };
    let err = plan(&domain("example.com"), &choices, &ExistingRecords::none()).expect_err("taken");
    assert_eq!(err.code(), "dkim.selector_taken");

    let existing = ExistingRecords {
        txt: vec![(
            "sw202612._domainkey.example.com".into(),
            vec!["v=DKIM1; p=MIIB".into()],
        )],
        complete: true,
        ..ExistingRecords::default()
    };
    let p = plan(&domain("example.com"), &example_choices(), &existing).expect("plan");
    assert_eq!(p.keys[0].selector, "sw202612b");
}

#[test]
fn hostile_report_addresses_never_reach_the_zone() {
    for rua in [
        "a@ex(ample.com",
        "a@report_s.example.net",
        "a@[192.0.2.1].x",
        "a@x.com;p=none",
    ] {
        let mut choices = PlanChoices::default();
        choices.dmarc.rua = vec![rua.into()];
        let err = plan(&domain("example.com"), &choices, &ExistingRecords::none()).expect_err(rua);
        assert_eq!(err.code(), "dmarc.report_address_invalid", "{rua}");
    }
    // A published record with a broken address: kept out of the authorization records.
    let existing = ExistingRecords {
        dmarc: vec!["v=DMARC1; p=none; rua=mailto:a@ex(ample.com".into()],
        complete: true,
        ..ExistingRecords::default()
    };
    let p = plan(&domain("example.com"), &PlanChoices::default(), &existing).expect("plan");
    assert!(p.records.iter().all(|r| !r.name.contains('(')));
}

#[test]
fn bimi_urls_cannot_smuggle_tags() {
    let mut choices = example_choices();
    choices.dmarc.policy = Policy::Reject;
    choices.extras.bimi = Some(BimiChoice {
        logo_url: "https://x.example/l.svg;avp=personal".into(),
        certificate_url: None,
    });
    let p = plan(&domain("example.com"), &choices, &ExistingRecords::none()).expect("plan");
    assert!(p.records.iter().all(|r| r.topic != Topic::Bimi));
    assert!(p.findings.iter().any(|f| f.id == "plan.bimi_invalid"));
}
