//! Property tests for every record parser and renderer: arbitrary input never panics, and a
//! rendered model parses back to itself. Plus a table of hostile inputs that must be refused
//! with a clear reason.

use proptest::prelude::*;
use sendwell_core::records::bimi::BimiRecord;
use sendwell_core::records::dkim::{self, DkimKeyRecord, KeyType};
use sendwell_core::records::dmarc::{self, Alignment, DmarcRecord, Policy, ReportUri};
use sendwell_core::records::mta_sts::{MtaStsMode, MtaStsPolicy, MtaStsRecord};
use sendwell_core::records::tlsrpt::TlsRptRecord;
use sendwell_core::records::{tags, txt};

/// Text built from the pieces records are made of, so parsers get past their first checks.
fn recordish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("v=DKIM1".to_owned()),
        Just("v=DMARC1".to_owned()),
        Just("v=STSv1".to_owned()),
        Just("v=TLSRPTv1".to_owned()),
        Just("v=BIMI1".to_owned()),
        Just(";".to_owned()),
        Just("=".to_owned()),
        Just(":".to_owned()),
        Just(",".to_owned()),
        Just("!".to_owned()),
        Just(" ".to_owned()),
        Just("\r\n".to_owned()),
        Just("p=".to_owned()),
        Just("mailto:".to_owned()),
        Just("@".to_owned()),
        Just("MIIB".to_owned()),
        "[a-z0-9]{0,6}".prop_map(|s| s),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn policy() -> impl Strategy<Value = Policy> {
    prop_oneof![
        Just(Policy::None),
        Just(Policy::Quarantine),
        Just(Policy::Reject)
    ]
}

fn alignment() -> impl Strategy<Value = Alignment> {
    prop_oneof![Just(Alignment::Relaxed), Just(Alignment::Strict)]
}

fn address() -> impl Strategy<Value = ReportUri> {
    (
        "[a-z][a-z0-9.-]{0,10}",
        "[a-z][a-z0-9-]{0,10}\\.[a-z]{2,6}",
        prop::option::of("[0-9]{1,3}[kmgt]?"),
    )
        .prop_map(|(local, domain, size)| ReportUri {
            uri: format!("mailto:{local}@{domain}"),
            max_size: size,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(text in recordish()) {
        let _ = tags::parse(&text);
        let _ = DkimKeyRecord::parse(&text);
        let _ = dkim::lint(&text);
        let _ = DmarcRecord::parse(&text);
        let _ = dmarc::lint(&text);
        let _ = MtaStsRecord::parse(&text);
        let _ = MtaStsPolicy::parse(&text);
        let _ = TlsRptRecord::parse(&text);
        let _ = BimiRecord::parse(&text);
        let _ = dkim::analyse_key(&KeyType::Rsa, &text);
    }

    #[test]
    fn parsers_never_panic_on_any_string(text in any::<String>()) {
        let _ = dkim::lint(&text);
        let _ = dmarc::lint(&text);
        let _ = MtaStsPolicy::parse(&text);
        let _ = BimiRecord::parse(&text);
        let _ = TlsRptRecord::parse(&text);
    }

    #[test]
    fn txt_split_keeps_every_byte(text in any::<String>(), limit in 4usize..300) {
        let parts = txt::split_at_most(&text, limit);
        prop_assert_eq!(parts.concat(), text);
        prop_assert!(parts.iter().all(|p| p.len() <= limit));
    }

    #[test]
    fn dmarc_round_trips(
        p in prop::option::of(policy()),
        sp in prop::option::of(policy()),
        adkim in prop::option::of(alignment()),
        rua in prop::collection::vec(address(), 0..3),
        ruf in prop::collection::vec(address(), 0..2),
        testing in prop::option::of(any::<bool>()),
    ) {
        let mut record = DmarcRecord::with_policy(Policy::None);
        record.policy = p;
        record.subdomain_policy = sp;
        record.adkim = adkim;
        record.rua = rua;
        record.ruf = ruf;
        record.testing = testing;
        prop_assert_eq!(DmarcRecord::parse(&record.to_string()), Ok(record));
    }

    #[test]
    fn dkim_round_trips(
        key in "[A-Za-z0-9+/]{0,400}",
        ed in any::<bool>(),
        testing in any::<bool>(),
        hashes in prop::option::of(prop::collection::vec(prop_oneof![Just("sha256".to_owned()), Just("sha1".to_owned())], 1..3)),
    ) {
        let mut record = DkimKeyRecord::for_key(if ed { KeyType::Ed25519 } else { KeyType::Rsa }, &key);
        record.hashes = hashes;
        if testing {
            record.flags = vec!["y".to_owned()];
        }
        prop_assert_eq!(DkimKeyRecord::parse(&record.to_string()), Ok(record));
    }

    #[test]
    fn mta_sts_round_trips(
        id in "[A-Za-z0-9]{1,32}",
        mode in prop_oneof![Just(MtaStsMode::Enforce), Just(MtaStsMode::Testing)],
        mx in prop::collection::vec("(\\*\\.)?[a-z][a-z0-9-]{0,8}\\.[a-z]{2,5}", 1..4),
        max_age in 0u64..=31_557_600,
    ) {
        let record = MtaStsRecord::new(id);
        prop_assert_eq!(MtaStsRecord::parse(&record.to_string()), Ok(record));
        let policy = MtaStsPolicy { mode, mx, max_age, extensions: Vec::new() };
        prop_assert_eq!(MtaStsPolicy::parse(&policy.to_string()), Ok(policy));
    }

    #[test]
    fn tlsrpt_and_bimi_round_trip(
        rua in prop::collection::vec("mailto:[a-z]{1,8}@[a-z]{1,8}\\.[a-z]{2,4}", 1..3),
        logo in "https://[a-z]{1,10}\\.[a-z]{2,4}/[a-z]{1,8}\\.svg",
    ) {
        let record = TlsRptRecord::new(rua);
        prop_assert_eq!(TlsRptRecord::parse(&record.to_string()), Ok(record));
        let bimi = BimiRecord::new(&logo, None);
        prop_assert_eq!(BimiRecord::parse(&bimi.to_string()), Ok(bimi));
    }
}

/// Hostile values a user might paste or a server might return: each is refused (or, for a DKIM
/// key, reported as an error) with a message naming the problem.
#[test]
fn hostile_inputs_get_clear_errors() {
    let long = "a".repeat(70_000);
    let cases: Vec<(&str, String, &str)> = vec![
        ("dmarc", "v=DMARC1; p=\"reject\"".into(), "p="),
        (
            "dmarc",
            "v=DMARC1; p=reject\nrua=mailto:x@y.com".into(),
            "p=",
        ),
        (
            "dmarc",
            "v=DMARC1; p=none; rua=mailto:a@b.com;; ; p=reject".into(),
            "twice",
        ),
        ("dmarc", "v=DMARC1; p=re\0ject".into(), "control character"),
        ("dmarc", format!("v=DMARC1; p={long}"), "p="),
        // A Cyrillic "а" in the report domain (a lookalike of example.com).
        (
            "dmarc",
            "v=DMARC1; p=none; rua=mailto:dmarc@exаmple.com".into(),
            "report address",
        ),
        ("dkim", "v=DKIM1; k=rsa; p=\"MIIB\"".into(), "not base64"),
        ("dkim", "v=DKIM1; p=MIIB\0AAA".into(), "control character"),
        ("dkim", "v=DKIM1; p=MIIB; p=MIIB".into(), "twice"),
        ("dkim", format!("v=DKIM1; n={long}"), "no p="),
    ];
    for (kind, input, needle) in cases {
        let message = if kind == "dmarc" {
            DmarcRecord::parse(&input)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        } else {
            dkim::lint(&input)
                .into_iter()
                .find(|f| f.severity == sendwell_core::finding::Severity::Error)
                .map(|f| f.message)
                .unwrap_or_default()
        };
        assert!(
            message.to_lowercase().contains(needle),
            "{:.80?}: message {message:?} should mention {needle:?}",
            input
        );
        assert!(message.len() < 300, "message too long for {:.40?}", input);
    }
}
