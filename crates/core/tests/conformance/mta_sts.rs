//! MTA-STS vectors: checkdmarc's record and policy syntax cases
//! (`checkdmarc/mta-sts-tlsrpt-vectors.json`) and the policy and TXT parts of
//! `mta-sts/mta-sts-fixtures.json` (the HTTPS fetch cases belong to the DNS audit).

use sendwell_core::records::mta_sts::{mx_matches, MtaStsPolicy, MtaStsRecord};

use crate::{checkdmarc_vectors, data_dir, load, Tally};

#[test]
fn checkdmarc_mta_sts_vectors() {
    let Some(dir) = data_dir() else { return };
    let doc = load(&dir, "checkdmarc/mta-sts-tlsrpt-vectors.json");
    let mut tally = Tally::new("checkdmarc mta-sts");
    for (test, mock, function, input, expect) in checkdmarc_vectors(&doc) {
        let raises = expect.starts_with("raises");
        let rejected = match (mock, function.as_str()) {
            (false, "parse_mta_sts_record") => MtaStsRecord::parse(&input)
                .map(|r| !r.extensions.is_empty())
                .unwrap_or(true),
            (false, "parse_mta_sts_policy") => MtaStsPolicy::parse(&input)
                .map(|p| !p.extensions.is_empty())
                .unwrap_or(true),
            (true, f) if f.contains("mta_sts") => {
                tally.not_applicable += 1;
                continue;
            }
            _ => continue,
        };
        // An extension tag or field (RFC 8461 §3.1, §3.2 allow them) is reported by Sendwell
        // as a warning rather than rejecting the record; checkdmarc rejects it. Both flag it.
        tally.check(
            rejected == raises,
            format!("{test} {input:?}: expected {expect}"),
        );
    }
    tally.finish();
}

#[test]
fn mta_sts_fixtures() {
    let Some(dir) = data_dir() else { return };
    let doc = load(&dir, "mta-sts/mta-sts-fixtures.json");
    let mut tally = Tally::new("mta-sts fixtures");
    for case in doc["parse_cases"].as_array().expect("parse_cases") {
        let policy = case["policy"].as_str().unwrap_or_default();
        tally.check(
            MtaStsPolicy::parse(policy).is_ok(),
            format!("{:?} should parse", case["from"]),
        );
    }
    for case in doc["mx_pattern_cases_kumomta"]
        .as_array()
        .expect("mx cases")
    {
        let name = case["name"].as_str().unwrap_or_default();
        let pattern = case["pattern"].as_str().unwrap_or_default();
        let expected = case["match"].as_bool().unwrap_or_default();
        tally.check(
            mx_matches(name, pattern) == expected,
            format!("{name} ~ {pattern}: expected {expected}"),
        );
    }
    for case in doc["integration_cases_snawoot"]
        .as_array()
        .expect("integration")
    {
        let domain = case["domain"].as_str().unwrap_or_default();
        let expect = case["expect"].as_str().unwrap_or_default();
        let response = &case["policy_response"];
        let fetch_level = response["http_status"].as_u64().is_some_and(|s| s != 200)
            || response["content_type"]
                .as_str()
                .is_some_and(|c| c != "text/plain")
            || response.get("body_note").is_some()
            || domain.starts_with("bad-cert")
            || domain == "blackhole.loc";
        if fetch_level {
            // HTTP status, Content-Type, size, certificate and DNS timeout are properties of
            // the HTTPS fetch, which the DNS audit implements.
            tally.not_applicable += 1;
            continue;
        }
        let record_ok = case["txt_record"]
            .as_str()
            .is_some_and(|t| MtaStsRecord::parse(t).is_ok());
        let body = response["body"].as_str();
        let outcome = match (record_ok, body) {
            (false, _) => "NONE",
            (true, Some(body)) if MtaStsPolicy::parse(body).is_ok() => "VALID",
            (true, _) => "FETCH_ERROR",
        };
        tally.check(
            outcome == expect,
            format!("{domain}: expected {expect}, got {outcome}"),
        );
    }
    tally.finish();
}
