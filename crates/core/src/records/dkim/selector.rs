//! DKIM selectors (RFC 6376 §3.1): the name part that says where a key record lives,
//! `<selector>._domainkey.<domain>`.

use crate::error::{Error, Result};

/// RFC 6376 §3.1: `selector = sub-domain *( "." sub-domain )`, where a sub-domain (RFC 5321
/// §4.1.2) is letters, digits and inner hyphens. Each label at most 63 bytes (RFC 1035 §2.3.4).
pub fn validate_selector(selector: &str) -> Result<&str> {
    let bad = || Error::DkimSelectorInvalid {
        selector: selector.to_owned(),
    };
    if selector.is_empty() {
        return Err(bad());
    }
    for label in selector.split('.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !ok {
            return Err(bad());
        }
    }
    Ok(selector)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_follow_rfc_6376() {
        for ok in ["google", "selector1", "s1", "k1", "2024.mail", "mx-1"] {
            assert_eq!(validate_selector(ok), Ok(ok));
        }
        for bad in [
            "",
            "a b",
            "../x",
            "s1.",
            ".s1",
            "-s1",
            "s_1",
            "sé",
            &"a".repeat(64),
        ] {
            assert_eq!(
                validate_selector(bad).map_err(|e| e.code()),
                Err("dkim.selector_invalid"),
                "{bad:?}"
            );
        }
    }
}
