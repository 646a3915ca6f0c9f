//! TLS-RPT record vectors from checkdmarc (`checkdmarc/mta-sts-tlsrpt-vectors.json`).

use sendwell_core::records::tlsrpt::TlsRptRecord;

use crate::{checkdmarc_vectors, data_dir, load, Tally};

#[test]
fn checkdmarc_tlsrpt_vectors() {
    let Some(dir) = data_dir() else { return };
    let doc = load(&dir, "checkdmarc/mta-sts-tlsrpt-vectors.json");
    let mut tally = Tally::new("checkdmarc tls-rpt");
    for (test, mock, function, input, expect) in checkdmarc_vectors(&doc) {
        if mock || function != "parse_smtp_tls_reporting_record" {
            continue;
        }
        let raises = expect.starts_with("raises");
        let rejected = TlsRptRecord::parse(&input)
            .map(|r| !r.extensions.is_empty())
            .unwrap_or(true);
        tally.check(
            rejected == raises,
            format!("{test} {input:?}: expected {expect}"),
        );
    }
    tally.finish();
}
