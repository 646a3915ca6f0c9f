//! Unit tests of the SPF model: parse ⇄ render tables, hostile inputs, lint ids, the evaluator
//! and lookup counter over fixtures, and property tests. The suites run from `tests/spf_*.rs`.

use std::net::IpAddr;

use proptest::prelude::*;

use super::*;
use crate::testing::StaticResolver;

fn ip(s: &str) -> IpAddr {
    s.parse().expect("test IP")
}

#[test]
fn recognises_version_section() {
    for (txt, expected) in [
        ("v=spf1 -all", true),
        ("v=spf1", true),
        ("V=SPF1 include:_spf.google.com ~all", true),
        ("v=spf10 -all", false),
        ("v=spf1-all", false),
        (" v=spf1 -all", false),
        ("spf2.0/pra ip4:1.2.3.4", false),
        ("google-site-verification=abc", false),
        ("", false),
        ("v=sp", false),
    ] {
        assert_eq!(is_spf_record(txt), expected, "{txt:?}");
    }
}

#[test]
fn select_keeps_only_spf() {
    let found = select(["v=spf1 -all", "hello", "v=spf1 ~all"]);
    assert_eq!(
        found,
        vec!["v=spf1 -all".to_owned(), "v=spf1 ~all".to_owned()]
    );
}

#[test]
fn parse_then_render_is_canonical() {
    for (input, canonical) in [
        ("v=spf1", "v=spf1"),
        ("v=spf1 -all", "v=spf1 -all"),
        ("V=SPF1 +ALL", "v=spf1 all"),
        ("v=spf1  a   mx  ~all ", "v=spf1 a mx ~all"),
        (
            "v=spf1 include:_spf.google.com ip4:203.0.113.0/24 ip6:2001:DB8::/32 -all",
            "v=spf1 include:_spf.google.com ip4:203.0.113.0/24 ip6:2001:db8::/32 -all",
        ),
        (
            "v=spf1 a/24//64 mx:mail.example.com//48 ?all",
            "v=spf1 a/24//64 mx:mail.example.com//48 ?all",
        ),
        (
            "v=spf1 a:foo:bar/baz.example.com",
            "v=spf1 a:foo:bar/baz.example.com",
        ),
        (
            "v=spf1 ptr ptr:example.com -all",
            "v=spf1 ptr ptr:example.com -all",
        ),
        (
            "v=spf1 exists:%{ir}.%{l1r+-}.%{D2}._spf.example.com -all",
            "v=spf1 exists:%{ir}.%{l1r+-}.%{D2}._spf.example.com -all",
        ),
        (
            "v=spf1 a:macro%%percent%_%_space%-url-space.example.com",
            "v=spf1 a:macro%%percent%_%_space%-url-space.example.com",
        ),
        (
            "v=spf1 REDIRECT=_spf.example.com",
            "v=spf1 redirect=_spf.example.com",
        ),
        (
            "v=spf1 -all exp=explain.%{d}",
            "v=spf1 -all exp=explain.%{d}",
        ),
        (
            "v=spf1 -all MS=83859DAEBD1978F9A7A67D3",
            "v=spf1 -all MS=83859DAEBD1978F9A7A67D3",
        ),
        (
            "v=spf1 default=+ moo.cow-far_out=man:dog/cat",
            "v=spf1 default=+ moo.cow-far_out=man:dog/cat",
        ),
        (
            "v=spf1 ip4:192.0.2.1/32 ip6:::ffff:1.2.3.4",
            "v=spf1 ip4:192.0.2.1/32 ip6:::ffff:1.2.3.4",
        ),
        (
            "v=spf1 a:foo.example.xn--zckzah",
            "v=spf1 a:foo.example.xn--zckzah",
        ),
        (
            "v=spf1 include:o.spf.example.com. ~all",
            "v=spf1 include:o.spf.example.com. ~all",
        ),
    ] {
        let record = SpfRecord::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(record.to_string(), canonical, "{input}");
        assert_eq!(SpfRecord::parse(canonical), Ok(record), "{input}");
    }
}

#[test]
fn model_is_typed() {
    let r = SpfRecord::parse("v=spf1 -include:_spf.example.com a:mail.example.com/24 ip4:192.0.2.0/24 redirect=x.example.com")
        .expect("valid");
    let literal = |s: &str| DomainSpec(MacroString::from_parts([MacroPart::Literal(s.into())]));
    assert_eq!(
        r.terms,
        vec![
            Term::Directive(Directive {
                qualifier: Qualifier::Fail,
                mechanism: Mechanism::Include(literal("_spf.example.com")),
            }),
            Term::Directive(Directive {
                qualifier: Qualifier::Pass,
                mechanism: Mechanism::A {
                    domain: Some(literal("mail.example.com")),
                    cidr: DualCidr {
                        ip4: Some(24),
                        ip6: None
                    },
                },
            }),
            Term::Directive(Directive {
                qualifier: Qualifier::Pass,
                mechanism: Mechanism::Ip4 {
                    addr: "192.0.2.0".parse().expect("ip"),
                    prefix: Some(24),
                },
            }),
            Term::Modifier(Modifier::Redirect(literal("x.example.com"))),
        ]
    );
    assert_eq!(r.lookup_terms(), 3);
    assert_eq!(
        r.redirect().and_then(DomainSpec::as_literal).as_deref(),
        Some("x.example.com")
    );
}

#[test]
fn syntax_errors_say_what_and_where() {
    use SyntaxErrorKind as K;
    for (input, position, kind) in [
        ("spf1 -all", 0, K::NotSpf),
        (
            "v=spf1 -all moo",
            12,
            K::UnknownMechanism { name: "moo".into() },
        ),
        (
            "v=spf1 -all.",
            8,
            K::UnknownMechanism {
                name: "all.".into(),
            },
        ),
        (
            "v=spf1 -all:foo",
            11,
            K::UnexpectedArgument { mechanism: "all" },
        ),
        (
            "v=spf1 include: -all",
            15,
            K::MissingDomain { term: "include:" },
        ),
        ("v=spf1 include", 14, K::MissingDomain { term: "include:" }),
        (
            "v=spf1 redirect=",
            16,
            K::MissingDomain { term: "redirect=" },
        ),
        ("v=spf1 a:museum", 9, K::BadDomain),
        ("v=spf1 a:111.222.33.44", 9, K::BadDomain),
        ("v=spf1 a:example.-com", 9, K::BadDomain),
        ("v=spf1 ip4:1.2.3", 11, K::BadIp4),
        ("v=spf1 ip4:1.2.3.4:8080", 11, K::BadIp4),
        ("v=spf1 ip4:78.46.96.236/99 ~all", 23, K::BadCidr),
        ("v=spf1 ip4:1.2.3.4/032", 18, K::BadCidr),
        ("v=spf1 ip6::CAFE::BABE", 11, K::BadIp6),
        ("v=spf1 ip6:::1/129", 14, K::BadCidr),
        ("v=spf1 a//129", 8, K::BadCidr),
        (
            "v=spf1 ptr/0",
            10,
            K::UnexpectedArgument { mechanism: "ptr" },
        ),
        (
            "v=spf1 exp=a.com exp=b.com",
            17,
            K::DuplicateModifier { name: "exp" },
        ),
        (
            "v=spf1 a:%{z}.example.com",
            9,
            K::BadMacro {
                reason: "the letter after \"%{\" must be one of s, l, o, d, i, p, h, v",
            },
        ),
        (
            "v=spf1 -all exp=%{r}.example.com",
            16,
            K::BadMacro {
                reason: "the macros c, r and t may only be used in explanation text",
            },
        ),
        (
            "v=spf1 exists:%(ir).sbl.example.com",
            14,
            K::BadMacro {
                reason: "a % must be followed by {, %, _ or - (write %% for a percent sign)",
            },
        ),
        (
            "v=spf1 a:%{d0}.example.com",
            9,
            K::BadMacro {
                reason: "the number of parts to keep must be at least 1",
            },
        ),
        (
            "v=spf1 a:%{d.example.com",
            9,
            K::BadMacro {
                reason: "a \"%{\" is never closed with \"}\"",
            },
        ),
    ] {
        let err = SpfRecord::parse(input).expect_err(input);
        assert_eq!((err.position, &err.kind), (position, &kind), "{input}");
        assert!(!err.to_string().is_empty());
    }
}

/// Quotes, line breaks, semicolons, NUL, very long text and lookalike letters all get an error
/// that names the problem (never a panic, never a silent acceptance).
#[test]
fn hostile_inputs_get_clear_errors() {
    let long = format!("v=spf1 {}", "include:a.example.com ".repeat(5000));
    for (input, needle) in [
        ("\"v=spf1 -all\"", "must start with \"v=spf1\""),
        ("v=spf1 ip4:192.0.2.1\n-all", "\\n"),
        ("v=spf1 ip4:192.0.2.1\r\n-all", "\\r"),
        ("v=spf1 ip4:192.0.2.1\t-all", "\\t"),
        ("v=spf1 ip4:192.0.2.1; -all", "not a valid IPv4"),
        ("v=spf1 a:foo.example.com\0", "\\u{0}"),
        ("v=spf1 include:ex\u{0430}mple.com -all", "\\u{430}"),
        ("v=spf1 include:example.com \u{2013}all", "\\u{2013}"),
        ("v=spf1 \u{201c}-all\u{201d}", "\\u{201c}"),
        ("v=spf1 include:\u{ff45}xample.com", "\\u{ff45}"),
        ("v=spf1 include:exa mple.com", "valid domain name"),
        ("v=spf1 \u{feff}a -all", "\\u{feff}"),
    ] {
        let err = SpfRecord::parse(input).expect_err(input);
        assert!(err.to_string().contains(needle), "{input:?}: {err}");
    }
    // A very long record of valid terms parses; lint flags its size and lookups.
    let record = SpfRecord::parse(&long).expect("long but valid");
    assert_eq!(record.terms.len(), 5000);
    let ids: Vec<_> = lint_text(&long).iter().map(|f| f.id).collect();
    for id in [
        "spf.duplicate",
        "spf.lookups_over_limit",
        "spf.long_string",
        "spf.too_long",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    // A very long single term errors without copying it all into the message.
    let err = SpfRecord::parse(&format!("v=spf1 {}", "x".repeat(100_000))).expect_err("junk");
    assert!(err.to_string().len() < 400);
}

#[test]
fn lint_names_each_problem() {
    let ids =
        |records: &[&str]| -> Vec<&'static str> { lint(records).iter().map(|f| f.id).collect() };
    for (records, expected) in [
        (&["v=spf1 include:_spf.google.com ~all", "google-site-verification=x"][..], &[][..]),
        (&["v=spf1 -all", "v=spf1 ~all"][..], &["spf.multiple"][..]),
        (&["v=spf1 +all"][..], &["spf.plus_all"][..]),
        (&["v=spf1 all"][..], &["spf.plus_all"][..]),
        (&["v=spf1 mx ?all"][..], &["spf.neutral_all"][..]),
        (&["v=spf1 ptr -all"][..], &["spf.ptr"][..]),
        (&["v=spf1 mx"][..], &["spf.no_all"][..]),
        (&["v=spf1 redirect=_spf.example.com"][..], &[][..]),
        (&["v=spf1 -all mx"][..], &["spf.after_all"][..]),
        (&["v=spf1 mx -all redirect=x.example.com"][..], &["spf.redirect_ignored"][..]),
        (&["v=spf1 mx a mx -all"][..], &["spf.duplicate"][..]),
        (&["v=spf1 -all MS=ms1234"][..], &["spf.unknown_modifier"][..]),
        (&["v=spf1 ip4:192.0.2.1~all"][..], &["spf.syntax"][..]),
        (
            &["v=spf1 a:a.example a:b.example a:c.example a:d.example a:e.example a:f.example a:g.example a:h.example a:i.example a:j.example a:k.example -all"][..],
            &["spf.lookups_over_limit"][..],
        ),
    ] {
        assert_eq!(ids(records), expected, "{records:?}");
    }
    let f = &lint(&["v=spf1 ptr -all"])[0];
    assert_eq!(f.rfc, Some("RFC 7208 §5.5"));
    assert!(f.fix.is_some());
    let mut long = String::from("v=spf1");
    while long.len() <= 460 {
        long.push_str(" ip4:192.0.2.1");
    }
    let ids: Vec<_> = lint_text(&long).iter().map(|f| f.id).collect();
    assert!(
        ids.contains(&"spf.long_string") && ids.contains(&"spf.too_long"),
        "{ids:?}"
    );
}

fn provider_dns() -> StaticResolver {
    StaticResolver::new()
        .txt(
            "example.com",
            &["v=spf1 mx include:_spf.provider.example ip4:198.51.100.0/24 -all"],
        )
        .mx("example.com", &[(10, "mx1.example.com")])
        .ip("mx1.example.com", &[ip("192.0.2.10"), ip("2001:db8::10")])
        .txt(
            "_spf.provider.example",
            &["v=spf1 ip4:203.0.113.0/24 ip6:2001:db8:5::/48 ~all"],
        )
        .txt(
            "soft.example",
            &["v=spf1 a:missing1.example a:missing2.example a:missing3.example ~all"],
        )
        .txt("loop.example", &["v=spf1 include:loop2.example -all"])
        .txt("loop2.example", &["v=spf1 include:loop.example -all"])
        .txt("slow.example", &["v=spf1 include:timeout.example -all"])
        .timeout("timeout.example")
}

#[tokio::test]
async fn check_host_evaluates_over_the_resolver() {
    let dns = provider_dns();
    for (client, domain, expected, lookups) in [
        ("192.0.2.10", "example.com", SpfResult::Pass, 1),
        ("2001:db8::10", "example.com", SpfResult::Pass, 1),
        ("203.0.113.9", "example.com", SpfResult::Pass, 2),
        ("2001:db8:5::1", "example.com", SpfResult::Pass, 2),
        ("198.51.100.200", "example.com", SpfResult::Pass, 2),
        ("::ffff:198.51.100.200", "example.com", SpfResult::Pass, 2),
        ("192.0.2.99", "example.com", SpfResult::Fail, 2),
        ("192.0.2.99", "nothing.example", SpfResult::None, 0),
        ("192.0.2.99", "soft.example", SpfResult::PermError, 3),
        ("192.0.2.99", "loop.example", SpfResult::PermError, 11),
        ("192.0.2.99", "slow.example", SpfResult::TempError, 1),
        ("192.0.2.99", "not-a-domain", SpfResult::None, 0),
    ] {
        let e = check_host(
            &dns,
            ip(client),
            domain,
            &format!("user@{domain}"),
            "mail.example.com",
        )
        .await;
        assert_eq!(
            (e.result, e.dns_lookups),
            (expected, lookups),
            "{client} {domain}: {e:?}"
        );
        assert_eq!(
            e.problem.is_some(),
            matches!(expected, SpfResult::PermError | SpfResult::TempError)
        );
    }
    let bounce = check_mail_from(&dns, ip("192.0.2.10"), "", "example.com").await;
    assert_eq!(bounce.result, SpfResult::Pass);
    let e = check_host(&dns, ip("203.0.113.9"), "example.com", "a@example.com", "h").await;
    assert_eq!(e.matched.as_deref(), Some("include:_spf.provider.example"));
    assert_eq!(e.matched_domain.as_deref(), Some("example.com"));
    let e = check_host(&dns, ip("192.0.2.99"), "example.com", "a@example.com", "h").await;
    assert_eq!(e.matched.as_deref(), Some("-all"));
}

#[tokio::test]
async fn count_lookups_walks_the_tree() {
    let dns = provider_dns()
        .txt("big.example", &["v=spf1 include:_spf.provider.example include:example.com a a:none.example mx:none.example exists:%{i}.x.example -all ip4:192.0.2.1"])
        .exists("big.example");
    let c = count_lookups(&dns, "example.com").await;
    assert_eq!((c.dns_lookups, c.void_lookups, &c.error), (2, 0, &None));
    assert!(c.findings().is_empty());

    let c = count_lookups(&dns, "big.example").await;
    // include (1) + include example.com (1 + its mx and include: 2) + a + a + mx + exists = 8
    assert_eq!((c.dns_lookups, c.void_lookups), (8, 3), "{c:?}");
    assert_eq!(
        c.error,
        Some(LookupProblem::TooManyVoidLookups { count: 3 })
    );
    assert_eq!(c.not_followed, ["%{i}.x.example"]);
    let ids: Vec<_> = c.findings().iter().map(|f| f.id).collect();
    assert_eq!(ids, ["spf.too_many_void_lookups"]);

    let c = count_lookups(&dns, "loop.example").await;
    assert_eq!(
        c.error,
        Some(LookupProblem::Loop {
            domain: "loop.example".into()
        })
    );
    let c = count_lookups(&dns, "slow.example").await;
    assert!(matches!(c.error, Some(LookupProblem::Dns { .. })), "{c:?}");
    let c = count_lookups(&dns, "nothing.example").await;
    assert_eq!((c.dns_lookups, c.error), (0, None));
}

// ---- property tests ----

fn qualifier() -> impl Strategy<Value = Qualifier> {
    prop_oneof![
        Just(Qualifier::Pass),
        Just(Qualifier::Fail),
        Just(Qualifier::SoftFail),
        Just(Qualifier::Neutral),
    ]
}

fn macro_expand(explanation: bool) -> impl Strategy<Value = MacroPart> {
    let letters: &'static [char] = if explanation {
        &['s', 'l', 'o', 'd', 'i', 'p', 'v', 'h', 'c', 'r', 't']
    } else {
        &['s', 'l', 'o', 'd', 'i', 'p', 'v', 'h']
    };
    (
        proptest::sample::select(letters),
        any::<bool>(),
        proptest::option::of(1u32..300),
        any::<bool>(),
        proptest::collection::vec(
            proptest::sample::select(&['.', '-', '+', ',', '/', '_', '='][..]),
            0..3,
        ),
    )
        .prop_map(|(c, url_escape, keep, reverse, delims)| {
            MacroPart::Macro(MacroExpand {
                letter: MacroLetter::from_char(c).unwrap_or(MacroLetter::Domain),
                url_escape,
                keep,
                reverse,
                delimiters: delims.into_iter().collect(),
            })
        })
}

fn macro_part() -> impl Strategy<Value = MacroPart> {
    prop_oneof![
        "[!-$&-~]{1,8}".prop_map(MacroPart::Literal),
        macro_expand(false),
        Just(MacroPart::Percent),
        Just(MacroPart::Space),
        Just(MacroPart::UrlSpace),
    ]
}

fn domain_spec() -> impl Strategy<Value = DomainSpec> {
    let prefix = proptest::collection::vec(
        prop_oneof![
            macro_expand(false),
            "[a-z0-9_-]{1,8}\\.".prop_map(MacroPart::Literal)
        ],
        0..3,
    );
    let end = prop_oneof![
        ("[a-z0-9]{1,10}", "[a-z]{2,6}", any::<bool>()).prop_map(|(l, t, dot)| MacroPart::Literal(
            format!("{l}.{t}{}", if dot { "." } else { "" })
        )),
        macro_expand(false),
    ];
    (prefix, end).prop_map(|(mut parts, end)| {
        parts.push(end);
        DomainSpec(MacroString::from_parts(parts))
    })
}

fn cidr() -> impl Strategy<Value = DualCidr> {
    (
        proptest::option::of(0u8..=32),
        proptest::option::of(0u8..=128),
    )
        .prop_map(|(ip4, ip6)| DualCidr { ip4, ip6 })
}

fn mechanism() -> impl Strategy<Value = Mechanism> {
    prop_oneof![
        Just(Mechanism::All),
        domain_spec().prop_map(Mechanism::Include),
        (proptest::option::of(domain_spec()), cidr())
            .prop_map(|(domain, cidr)| Mechanism::A { domain, cidr }),
        (proptest::option::of(domain_spec()), cidr())
            .prop_map(|(domain, cidr)| Mechanism::Mx { domain, cidr }),
        proptest::option::of(domain_spec()).prop_map(Mechanism::Ptr),
        (any::<u32>(), proptest::option::of(0u8..=32)).prop_map(|(a, prefix)| Mechanism::Ip4 {
            addr: a.into(),
            prefix
        }),
        (any::<u128>(), proptest::option::of(0u8..=128)).prop_map(|(a, prefix)| Mechanism::Ip6 {
            addr: a.into(),
            prefix
        }),
        domain_spec().prop_map(Mechanism::Exists),
    ]
}

fn term() -> impl Strategy<Value = Term> {
    prop_oneof![
        4 => (qualifier(), mechanism()).prop_map(|(qualifier, mechanism)| Term::Directive(Directive { qualifier, mechanism })),
        1 => ("[a-zA-Z][a-zA-Z0-9._-]{0,8}", proptest::collection::vec(macro_part(), 0..4))
            .prop_filter("known modifier names", |(n, _)| {
                !n.eq_ignore_ascii_case("redirect") && !n.eq_ignore_ascii_case("exp")
            })
            .prop_map(|(name, parts)| Term::Modifier(Modifier::Unknown {
                name,
                value: MacroString::from_parts(parts),
            })),
    ]
}

fn record() -> impl Strategy<Value = SpfRecord> {
    (
        proptest::collection::vec(term(), 0..8),
        proptest::option::of(domain_spec()),
        proptest::option::of(domain_spec()),
    )
        .prop_map(|(mut terms, redirect, exp)| {
            terms.extend(redirect.map(|d| Term::Modifier(Modifier::Redirect(d))));
            terms.extend(exp.map(|d| Term::Modifier(Modifier::Exp(d))));
            SpfRecord { terms }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any record, any client: the evaluator never panics and never spends more than the limits.
    #[test]
    fn check_host_stays_within_limits(r in record(), client in any::<u128>(), v4 in any::<bool>()) {
        let dns = StaticResolver::new()
            .txt("example.com", &[&r.render()])
            .txt("inc.example.com", &["v=spf1 a mx include:example.com ~all"])
            .ip("example.com", &[ip("192.0.2.1"), ip("2001:db8::1")])
            .mx("example.com", &[(10, "example.com")]);
        let client: IpAddr = if v4 {
            IpAddr::V4(std::net::Ipv4Addr::from(client as u32))
        } else {
            IpAddr::V6(client.into())
        };
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        let e = runtime.block_on(check_host(&dns, client, "example.com", "a@example.com", "h.example.com"));
        prop_assert!(e.dns_lookups <= MAX_DNS_LOOKUPS + 1, "{e:?}");
        prop_assert!(e.void_lookups <= MAX_VOID_LOOKUPS + 1, "{e:?}");
        if e.dns_lookups > MAX_DNS_LOOKUPS || e.void_lookups > MAX_VOID_LOOKUPS {
            prop_assert_eq!(e.result, SpfResult::PermError);
        }
        let c = runtime.block_on(count_lookups(&dns, "example.com"));
        let _ = c.findings();
    }

    #[test]
    fn parse_render_round_trips(r in record()) {
        let text = r.render();
        prop_assert_eq!(SpfRecord::parse(&text), Ok(r), "{}", text);
    }

    #[test]
    fn parse_and_lint_never_panic(s in "\\PC{0,200}") {
        let _ = SpfRecord::parse(&s);
        let _ = lint(&[&s]);
        let with_version = format!("v=spf1 {s}");
        let _ = SpfRecord::parse(&with_version);
        let _ = lint_text(&with_version);
    }

    #[test]
    fn ascii_soup_never_panics(s in "[ -~%{}/:=.]{0,120}") {
        let with_version = format!("v=spf1 {s}");
        if let Ok(r) = SpfRecord::parse(&with_version) {
            // Whatever parses renders to text that parses to the same record.
            prop_assert_eq!(SpfRecord::parse(&r.render()), Ok(r));
        }
        let _ = lint_text(&with_version);
    }

    #[test]
    fn explanation_strings_never_panic(s in "[ -~]{0,80}") {
        let _ = parse::macro_string(&s, 0, parse::MacroContext::Explanation);
    }
}
