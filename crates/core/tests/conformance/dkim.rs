//! DKIM key-record vectors (mail-auth, dkimpy, OpenDKIM; `dkim-key-record-vectors.json`): each
//! record is parsed and linted, and the outcome compared with the upstream assertion.

use sendwell_core::records::dkim;

use crate::{data_dir, has_error, load, Tally};

/// What each vector must give, in file order: `None` = usable (no error finding), `Some(id)` =
/// that finding must be reported as an error.
const EXPECTED: [Option<&str>; 23] = [
    None,                          // 0 plain RSA key
    None,                          // 1 h=, s=, t= lists with unknown values
    None,                          // 2 no v=
    Some("dkim.revoked"),          // 3 p= empty
    Some("dkim.revoked"),          // 4
    Some("dkim.revoked"),          // 5
    None,                          // 6 RSA 1024 (a warning, not an error), g=*
    None,                          // 7 no k=
    Some("dkim.syntax"),           // 8 v=DKIM1: (colon)
    Some("dkim.key_type_unknown"), // 9 k=ed25519-sha256
    Some("dkim.key_truncated"),    // 10 altered last base64 quantum
    None,                          // 11 s=tlsrpt (a warning for email use)
    None,                          // 12 Ed25519
    None,                          // 13 Ed25519
    None,                          // 14 usable key (the signature is what is wrong)
    Some("dkim.syntax"),           // 15 v=DKIM0
    None,                          // 16 h=sha256 only: the key is fine for rsa-sha256
    Some("dkim.hash_unknown"),     // 17 h=sha0
    Some("dkim.key_type_unknown"), // 18 k=xxx
    Some("dkim.syntax"),           // 19 no p=
    Some("dkim.revoked"),          // 20 p= empty
    Some("dkim.key_truncated"),    // 21 truncated key
    None,                          // 22 baseline t=y:s
];

#[test]
fn dkim_key_record_vectors() {
    let Some(dir) = data_dir() else { return };
    let doc = load(&dir, "dkim-key-record-vectors.json");
    let records = doc["key_records"].as_array().expect("key_records");
    assert_eq!(records.len(), EXPECTED.len(), "the vector file changed");
    let mut tally = Tally::new("dkim key records");
    for (i, (vector, expected)) in records.iter().zip(EXPECTED).enumerate() {
        let text = vector["record"].as_str().unwrap_or_default();
        let findings = dkim::lint(text);
        let ok = match expected {
            None => !has_error(&findings),
            Some(id) => findings
                .iter()
                .any(|f| f.id == id && f.severity == sendwell_core::finding::Severity::Error),
        };
        let ids: Vec<_> = findings.iter().map(|f| f.id).collect();
        tally.check(
            ok,
            format!("#{i} {text:.60}: expected {expected:?}, got {ids:?}"),
        );
        if let Ok(record) = dkim::DkimKeyRecord::parse(text) {
            let again = dkim::DkimKeyRecord::parse(&record.to_string());
            assert_eq!(again.as_ref(), Ok(&record), "#{i} does not round-trip");
        }
    }
    tally.finish();
}
