//! Recognising DMARC records among the TXT strings at `_dmarc.<domain>` (RFC 7489 §6.6.3) and
//! reading their policy quickly, without a full parse.

use super::Policy;

/// RFC 7489 §6.4: `dmarc-version = "v" *WSP "=" *WSP %x44 %x4d %x41 %x52 %x43 %x31` first,
/// then `;` or the end. The `DMARC1` is case-sensitive (given as hex in the ABNF).
pub fn is_dmarc_record(txt: &str) -> bool {
    let mut parts = txt.splitn(2, ';');
    let first = parts.next().unwrap_or_default();
    match first.split_once('=') {
        Some((tag, value)) => {
            tag.trim_start() == tag && tag.trim() == "v" && value.trim() == "DMARC1"
        }
        None => false,
    }
}

/// The DMARC records among the TXT strings at `_dmarc.<domain>` (RFC 7489 §6.6.3 step 3).
pub fn select<'a>(txts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    txts.into_iter()
        .filter(|t| is_dmarc_record(t))
        .map(str::to_owned)
        .collect()
}

/// The `p=` policy of a DMARC record, when the record has a valid one.
pub fn policy(txt: &str) -> Option<Policy> {
    policy_tag(txt, "p")
}

/// The policy for subdomains (RFC 7489 §6.3 `sp=`, defaulting to `p=`), which applies to a
/// subdomain that has no DMARC record of its own (§6.6.3).
pub fn subdomain_policy(txt: &str) -> Option<Policy> {
    policy_tag(txt, "sp").or_else(|| policy(txt))
}

fn policy_tag(txt: &str, name: &str) -> Option<Policy> {
    txt.split(';').skip(1).find_map(|part| {
        let (tag, value) = part.split_once('=')?;
        if !tag.trim().eq_ignore_ascii_case(name) {
            return None;
        }
        match value.trim().to_ascii_lowercase().as_str() {
            "none" => Some(Policy::None),
            "quarantine" => Some(Policy::Quarantine),
            "reject" => Some(Policy::Reject),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_and_reads_policy() {
        for (txt, is_dmarc, p) in [
            (
                "v=DMARC1; p=none; rua=mailto:d@example.com",
                true,
                Some(Policy::None),
            ),
            ("v=DMARC1;p=reject", true, Some(Policy::Reject)),
            (
                "v = DMARC1 ; p = Quarantine",
                true,
                Some(Policy::Quarantine),
            ),
            ("v=DMARC1", true, None),
            ("v=DMARC1; p=block", true, None),
            ("v=dmarc1; p=none", false, Some(Policy::None)),
            (" v=DMARC1; p=none", false, Some(Policy::None)),
            ("p=none; v=DMARC1", false, None),
            ("v=spf1 -all", false, None),
            ("", false, None),
        ] {
            assert_eq!(is_dmarc_record(txt), is_dmarc, "{txt:?}");
            assert_eq!(policy(txt), p, "{txt:?}");
        }
    }

    #[test]
    fn subdomain_policy_prefers_sp() {
        for (txt, expected) in [
            ("v=DMARC1; p=reject; sp=none", Some(Policy::None)),
            ("v=DMARC1; p=quarantine", Some(Policy::Quarantine)),
            ("v=DMARC1; sp=reject", Some(Policy::Reject)),
            ("v=DMARC1", None),
        ] {
            assert_eq!(subdomain_policy(txt), expected, "{txt:?}");
        }
    }
}
