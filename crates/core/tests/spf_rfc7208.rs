//! The OpenSPF RFC 7208 test suite (`rfc7208-tests.yml`, 203 tests) through `spf::check_mail_from`,
//! over a fixture resolver that follows the suite's driver rules (see the conformance README).

use std::collections::HashMap;
use std::net::IpAddr;

use sendwell_core::dns::{DnsOutcome, MxHost, QueryType, RecordData, Resolve};
use sendwell_core::records::spf;
use sendwell_core::testing::conformance_dir;
use serde_yaml::Value;

/// One scenario's zone data, served the way pyspf's `testspf.py` serves it.
struct SuiteResolver {
    zone: HashMap<String, Vec<Value>>,
}

/// One `{TYPE: value}` entry (or the bare `TIMEOUT`).
enum Entry<'a> {
    Timeout,
    Record(&'a str, &'a Value),
}

fn entry(v: &Value) -> Option<Entry<'_>> {
    match v {
        Value::String(s) if s == "TIMEOUT" => Some(Entry::Timeout),
        Value::Mapping(m) => {
            let (k, v) = m.iter().next()?;
            Some(Entry::Record(k.as_str()?, v))
        }
        _ => None,
    }
}

fn type_name(kind: QueryType) -> &'static str {
    match kind {
        QueryType::Txt => "TXT",
        QueryType::A => "A",
        QueryType::Aaaa => "AAAA",
        QueryType::Mx => "MX",
        QueryType::Ptr => "PTR",
        QueryType::Cname => "CNAME",
        QueryType::Ns => "NS",
        QueryType::Srv => "SRV",
        QueryType::Soa => "SOA",
    }
}

fn host(s: &str) -> String {
    let lower = s.trim_end_matches('.').to_ascii_lowercase();
    if lower.is_empty() {
        ".".to_owned()
    } else {
        lower
    }
}

/// TXT data: a string, or a list of strings joined with no separator; `NONE` is no record.
fn txt(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if s == "NONE" => None,
        Value::String(s) => Some(s.clone()),
        Value::Sequence(parts) => Some(parts.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

fn record(kind: QueryType, v: &Value) -> Option<RecordData> {
    if v.as_str() == Some("NONE") {
        return None;
    }
    match kind {
        QueryType::Txt => txt(v).map(RecordData::Txt),
        QueryType::A => v.as_str()?.parse().ok().map(RecordData::A),
        QueryType::Aaaa => v.as_str()?.parse().ok().map(RecordData::Aaaa),
        QueryType::Ptr => Some(RecordData::Ptr(host(v.as_str()?))),
        QueryType::Cname => Some(RecordData::Cname(host(v.as_str()?))),
        QueryType::Mx => {
            let pair = v.as_sequence()?;
            Some(RecordData::Mx(MxHost {
                preference: u16::try_from(pair.first()?.as_u64()?).ok()?,
                exchange: host(pair.get(1)?.as_str()?),
            }))
        }
        QueryType::Ns | QueryType::Srv | QueryType::Soa => None,
    }
}

impl SuiteResolver {
    fn new(zonedata: &Value) -> Self {
        let mut zone = HashMap::new();
        if let Some(m) = zonedata.as_mapping() {
            for (name, entries) in m {
                let (Some(name), Some(entries)) = (name.as_str(), entries.as_sequence()) else {
                    continue;
                };
                zone.insert(host(name), entries.clone());
            }
        }
        SuiteResolver { zone }
    }

    fn answer(&self, name: &str, kind: QueryType, follow_cname: bool) -> DnsOutcome {
        let Some(entries) = self.zone.get(name) else {
            return DnsOutcome::NxDomain { negative_ttl: None };
        };
        let parsed: Vec<Entry<'_>> = entries.iter().filter_map(entry).collect();
        let has = |t: &str| {
            parsed
                .iter()
                .any(|e| matches!(e, Entry::Record(k, _) if *k == t))
        };
        // An SPF-type record is also served as TXT unless the name has TXT records of its own.
        let wanted: &[&str] = match kind {
            QueryType::Txt if !has("TXT") => &["SPF"],
            _ => &[type_name(kind)],
        };
        let records: Vec<RecordData> = parsed
            .iter()
            .filter_map(|e| match e {
                Entry::Record(k, v) if wanted.contains(k) => record(kind, v),
                _ => None,
            })
            .collect();
        if !records.is_empty() {
            return DnsOutcome::Answer { records, ttl: 300 };
        }
        if follow_cname && kind != QueryType::Cname {
            let target = parsed.iter().find_map(|e| match e {
                Entry::Record("CNAME", v) => v.as_str().map(host),
                _ => None,
            });
            if let Some(target) = target {
                // One level of CNAME is followed.
                return self.answer(&target, kind, false);
            }
        }
        if parsed.iter().any(|e| matches!(e, Entry::Timeout)) {
            return DnsOutcome::Timeout;
        }
        DnsOutcome::NoRecords { negative_ttl: None }
    }
}

impl Resolve for SuiteResolver {
    async fn lookup(&self, name: &str, kind: QueryType) -> DnsOutcome {
        let name = host(name);
        if name.split('.').any(|l| l.len() > 63) {
            return DnsOutcome::Failed {
                detail: "label longer than 63 octets".into(),
            };
        }
        if name.starts_with("error.") {
            return DnsOutcome::Timeout;
        }
        self.answer(&name, kind, true)
    }
}

fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

#[tokio::test]
async fn rfc7208_suite() {
    let Some(dir) = conformance_dir() else {
        println!("rfc7208: skipped (conformance data not found)");
        return;
    };
    let path = dir.join("rfc7208-tests.yml");
    let yaml = std::fs::read_to_string(&path).expect("read rfc7208-tests.yml");
    let (mut total, mut passed) = (0, 0);
    let mut failures = Vec::new();
    for doc in serde_yaml::Deserializer::from_str(&yaml) {
        let doc = <Value as serde::Deserialize>::deserialize(doc).expect("valid YAML document");
        let Some(tests) = doc.get("tests").and_then(Value::as_mapping) else {
            continue;
        };
        let scenario = text(&doc, "description");
        let dns = SuiteResolver::new(doc.get("zonedata").unwrap_or(&Value::Null));
        for (name, t) in tests {
            total += 1;
            let name = name.as_str().unwrap_or("?");
            let accepted: Vec<String> = match t.get("result") {
                Some(Value::Sequence(list)) => list
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                Some(v) => v.as_str().map(str::to_owned).into_iter().collect(),
                None => Vec::new(),
            };
            let ip: IpAddr = text(t, "host").parse().expect("test host is an IP");
            let eval = spf::check_mail_from(&dns, ip, &text(t, "mailfrom"), &text(t, "helo")).await;
            let result_ok = accepted.iter().any(|r| r == eval.result.as_str());
            // The suite's drivers set the default explanation to "DEFAULT".
            let got_exp = eval.explanation.clone().unwrap_or_else(|| "DEFAULT".into());
            let exp_ok = match t.get("explanation").and_then(Value::as_str) {
                Some(expected) => expected == got_exp,
                None => true,
            };
            if std::env::var_os("SPF_SUITE_VERBOSE").is_some() {
                println!("  {name}: {} (accepted {accepted:?})", eval.result);
            }
            if result_ok && exp_ok {
                passed += 1;
            } else {
                failures.push(format!(
                    "  {scenario} / {name}: expected {accepted:?} (explanation {:?}), got {} (explanation {got_exp:?}, problem {:?}, lookups {}, voids {})",
                    t.get("explanation").and_then(Value::as_str),
                    eval.result,
                    eval.problem,
                    eval.dns_lookups,
                    eval.void_lookups,
                ));
            }
        }
    }
    sendwell_core::testing::report_conformance(&format!("rfc7208: {passed}/{total} passed"));
    for f in &failures {
        println!("{f}");
    }
    assert_eq!(total, 203, "the suite has 203 tests");
    assert!(
        failures.is_empty(),
        "{} RFC 7208 tests failed",
        failures.len()
    );
}
