//! SPF records (RFC 7208): recognising an SPF record among a name's TXT records.

/// RFC 7208 §4.5: a record is SPF when it begins with the version section `v=spf1`, terminated by
/// a space or the end of the record (ABNF `version = "v=spf1"`, case-insensitive as ABNF strings are).
pub fn is_spf_record(txt: &str) -> bool {
    let bytes = txt.as_bytes();
    bytes.len() >= 6
        && bytes[..6].eq_ignore_ascii_case(b"v=spf1")
        && (bytes.len() == 6 || bytes[6] == b' ')
}

/// The SPF records among a set of TXT strings, in the order DNS gave them (RFC 7208 §4.5).
pub fn select<'a>(txts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    txts.into_iter()
        .filter(|t| is_spf_record(t))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
