//! BIMI record vectors from checkdmarc (`checkdmarc/bimi-vectors.json`): the record-syntax cases
//! that need no mocked DNS or HTTP.

use sendwell_core::records::bimi::BimiRecord;

use crate::{checkdmarc_vectors, data_dir, load, Tally};

#[test]
fn checkdmarc_bimi_vectors() {
    let Some(dir) = data_dir() else { return };
    let doc = load(&dir, "checkdmarc/bimi-vectors.json");
    let mut tally = Tally::new("checkdmarc bimi");
    for (test, mock, function, input, expect) in checkdmarc_vectors(&doc) {
        if mock || function != "parse_bimi_record" {
            tally.not_applicable += 1;
            continue;
        }
        let raises = expect.starts_with("raises");
        let rejected = BimiRecord::parse(&input)
            .map(|r| !r.extensions.is_empty())
            .unwrap_or(true);
        tally.check(
            rejected == raises,
            format!("{test} {input:?}: expected {expect}"),
        );
    }
    tally.finish();
}
