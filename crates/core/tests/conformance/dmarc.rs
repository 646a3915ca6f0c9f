//! DMARC record vectors: checkdmarc (`checkdmarc/dmarc-vectors.json`, the cases that need no
//! mocked DNS) and OpenDMARC (`opendmarc/opendmarc-vectors.json`, parse and alignment tables).

use sendwell_core::records::dmarc::{self, Alignment, DmarcRecord, ReportUri};

use crate::{checkdmarc_vectors, data_dir, has_error, load, Tally};

/// OpenDMARC cases where Sendwell follows RFC 9989 instead, with the reason.
const OPENDMARC_DIFFERENCES: &[(u64, &str)] = &[
    (5, "p=n: OpenDMARC accepts an abbreviated policy; RFC 7489 §6.3 allows only none, quarantine, reject, so Sendwell reports it as broken"),
    (12, "rf=bob: rf was removed by RFC 9989 and receivers ignore it; Sendwell warns (dmarc.removed_tag) instead of rejecting the record"),
    (13, "ri=bob: ri was removed by RFC 9989; a warning, not an error"),
    (14, "pct=500: pct was removed by RFC 9989; a warning, not an error"),
    (19, "rf=000…: as rf=bob"),
];

#[test]
fn checkdmarc_dmarc_vectors() {
    let Some(dir) = data_dir() else { return };
    let doc = load(&dir, "checkdmarc/dmarc-vectors.json");
    let mut tally = Tally::new("checkdmarc dmarc");
    for (test, mock, function, input, expect) in checkdmarc_vectors(&doc) {
        let raises = expect.starts_with("raises");
        match (mock, function.as_str()) {
            (false, "parse_dmarc_record") => {
                let findings = dmarc::lint(&input);
                let rejected = DmarcRecord::parse(&input).is_err() || has_error(&findings);
                tally.check(
                    rejected == raises,
                    format!(
                        "{test} {input:?}: expected {expect}, got {:?}",
                        ids(&findings)
                    ),
                );
            }
            (false, "parse_dmarc_report_uri") => {
                let parsed = ReportUri::parse(&input).filter(|u| u.mailto_address().is_some());
                tally.check(
                    parsed.is_none() == raises,
                    format!("{test} {input:?}: {expect}"),
                );
            }
            _ => tally.not_applicable += 1,
        }
    }
    tally.finish();
}

fn ids(findings: &[sendwell_core::finding::Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.id).collect()
}

#[test]
fn opendmarc_parse_and_alignment() {
    let Some(dir) = data_dir() else { return };
    let doc = load(&dir, "opendmarc/opendmarc-vectors.json");
    let mut tally = Tally::new("opendmarc parse");
    for case in doc["dmarc_parse"].as_array().expect("dmarc_parse") {
        let n = case["n"].as_u64().unwrap_or_default();
        let record = case["record"].as_str().unwrap_or_default();
        let okay = case["expect"].as_str() == Some("DMARC_PARSE_OKAY");
        let findings = dmarc::lint(record);
        let accepted = DmarcRecord::parse(record).is_ok() && !has_error(&findings);
        if let Some((_, why)) = OPENDMARC_DIFFERENCES.iter().find(|(m, _)| *m == n) {
            assert_ne!(
                accepted, okay,
                "#{n} is listed as a difference but now agrees"
            );
            tally.differences.push(format!("#{n} {record:?}: {why}"));
            continue;
        }
        tally.check(
            accepted == okay,
            format!(
                "#{n} {record:?}: expected {}, got {:?}",
                case["expect"],
                ids(&findings)
            ),
        );
    }
    tally.finish();

    let mut tally = Tally::new("opendmarc alignment");
    for case in doc["alignment"].as_array().expect("alignment") {
        let mode = if case["mode"].as_str() == Some("DMARC_RECORD_A_STRICT") {
            Alignment::Strict
        } else {
            Alignment::Relaxed
        };
        let a = case["subdomain"].as_str().unwrap_or_default();
        let b = case["org_domain"].as_str().unwrap_or_default();
        let expected = case["expect"].as_i64() == Some(0);
        tally.check(
            dmarc::aligned(a, b, mode) == expected,
            format!("#{} {a} / {b} {mode:?}: expected {expected}", case["n"]),
        );
    }
    tally.finish();
}
