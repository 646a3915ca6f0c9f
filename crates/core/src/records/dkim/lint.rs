//! Lints for a published DKIM key record: revoked or testing keys, weak hashes and key sizes
//! (RFC 8301), unknown key types, keys cut short when pasting, and bare PKCS#1 keys.

use super::key::{analyse_key, KeyProblem};
use super::{DkimKeyRecord, KeyType};
use crate::finding::{Finding, Severity};

/// RSA keys below this many bits must not be used (RFC 8301 §3.2).
pub const RSA_MIN_BITS: u32 = 1024;
/// RSA keys below this many bits are weak; 2048 is the norm (RFC 8301 §3.2 "SHOULD use at least
/// 2048").
pub const RSA_GOOD_BITS: u32 = 2048;

/// Everything worth saying about a key record's text. A record that cannot be read at all gives
/// one `dkim.syntax` error.
pub fn lint(text: &str) -> Vec<Finding> {
    match DkimKeyRecord::parse(text) {
        Ok(record) => lint_record(&record),
        Err(e) => vec![Finding::new(
            "dkim.syntax",
            Severity::Error,
            format!("This DKIM record is broken: {e}."),
            "Copy the DKIM record again from where it was made, exactly as shown, and replace the published one.",
        )
        .rfc("RFC 6376 §3.6.1")],
    }
}

/// Lints for a parsed record.
pub fn lint_record(record: &DkimKeyRecord) -> Vec<Finding> {
    let mut out = Vec::new();
    if record.is_revoked() {
        out.push(
            Finding::new(
                "dkim.revoked",
                Severity::Error,
                "This DKIM key has been withdrawn (its p= is empty), so mail signed with it fails DKIM.",
                "If this selector is still used to sign mail, publish its current public key; otherwise remove the record.",
            )
            .rfc("RFC 6376 §3.6.1"),
        );
        return out;
    }
    if record.is_testing() {
        out.push(
            Finding::new(
                "dkim.testing",
                Severity::Warning,
                "This DKIM key is marked as a test (t=y): receivers may ignore failed signatures.",
                "Once signing works, remove t=y from the record.",
            )
            .rfc("RFC 6376 §3.6.1"),
        );
    }
    if let Some(hashes) = &record.hashes {
        let known: Vec<&String> = hashes
            .iter()
            .filter(|h| h.eq_ignore_ascii_case("sha1") || h.eq_ignore_ascii_case("sha256"))
            .collect();
        if known.is_empty() {
            out.push(
                Finding::new(
                    "dkim.hash_unknown",
                    Severity::Error,
                    format!(
                        "The key allows only hash algorithms receivers do not know (h={}).",
                        hashes.join(":")
                    ),
                    "Remove the h= part, or set h=sha256.",
                )
                .rfc("RFC 6376 §3.6.1"),
            );
        } else if known.iter().all(|h| h.eq_ignore_ascii_case("sha1")) {
            out.push(
                Finding::new(
                    "dkim.sha1_only",
                    Severity::Error,
                    "The key allows only SHA-1 signatures (h=sha1), which receivers no longer accept.",
                    "Change h=sha1 to h=sha256 (or remove h=) and sign with rsa-sha256.",
                )
                .rfc("RFC 8301 §3.1"),
            );
        }
    }
    if let Some(services) = &record.services {
        if !services
            .iter()
            .any(|s| s == "*" || s.eq_ignore_ascii_case("email"))
        {
            out.push(
                Finding::new(
                    "dkim.not_for_email",
                    Severity::Warning,
                    format!("The key is limited to other services (s={}), so email signatures cannot use it.", services.join(":")),
                    "Remove the s= part, or add email to it.",
                )
                .rfc("RFC 6376 §3.6.1"),
            );
        }
    }
    let key_type = record.effective_key_type();
    if let KeyType::Other(name) = &key_type {
        out.push(
            Finding::new(
                "dkim.key_type_unknown",
                Severity::Error,
                format!("The key type k={name} is not one receivers understand."),
                "Use k=rsa (or k=ed25519 for an Ed25519 key), as your mail server's setup says.",
            )
            .rfc("RFC 6376 §3.6.1"),
        );
        return out;
    }
    match analyse_key(&key_type, &record.public_key) {
        Err(KeyProblem::NotBase64) => out.push(
            Finding::new(
                "dkim.key_invalid",
                Severity::Error,
                "The key in p= contains characters a key cannot have (it is not base64).",
                "Copy the public key again and paste it without quotes, spaces or line breaks added.",
            )
            .rfc("RFC 6376 §3.6.1"),
        ),
        Err(KeyProblem::Truncated) => out.push(
            Finding::new(
                "dkim.key_truncated",
                Severity::Error,
                "The key in p= is incomplete: part of it is missing, often because a long value was cut when pasting.",
                "Paste the whole value again. If your DNS panel has a length limit, split it into 255-character pieces as Sendwell shows.",
            )
            .rfc("RFC 6376 §3.6.1"),
        ),
        Err(KeyProblem::LooksEd25519) => out.push(
            Finding::new(
                "dkim.key_type_missing",
                Severity::Error,
                "The key in p= looks like an Ed25519 key, but the record does not say k=ed25519, so receivers read it as a broken RSA key.",
                "Add k=ed25519; to the record, before p=.",
            )
            .rfc("RFC 8463 §4.2"),
        ),
        Err(KeyProblem::WrongType) => out.push(
            Finding::new(
                "dkim.key_type_mismatch",
                Severity::Error,
                "The key in p= is not an RSA key, but the record says it is.",
                "Check k= matches the key: k=rsa for RSA keys, k=ed25519 for Ed25519 keys.",
            )
            .rfc("RFC 6376 §3.6.1"),
        ),
        Ok(info) => {
            if info.bare_pkcs1 {
                out.push(
                    Finding::new(
                        "dkim.key_pkcs1",
                        Severity::Warning,
                        "The key is published in the bare PKCS#1 form; some receivers only accept the standard SubjectPublicKeyInfo form (starting MIIB, MIIC or MIGf).",
                        "Republish the public key in SubjectPublicKeyInfo form (openssl rsa -pubout gives it).",
                    )
                    .rfc("RFC 6376 §3.6.1"),
                );
            }
            if key_type == KeyType::Rsa {
                if info.bits < RSA_MIN_BITS {
                    out.push(
                        Finding::new(
                            "dkim.key_too_small",
                            Severity::Error,
                            format!("This RSA key has only {} bits; receivers reject keys under 1024 bits.", info.bits),
                            "Make a new 2048-bit key, publish it under a new selector and switch signing to it.",
                        )
                        .rfc("RFC 8301 §3.2"),
                    );
                } else if info.bits < RSA_GOOD_BITS {
                    out.push(
                        Finding::new(
                            "dkim.key_weak",
                            Severity::Warning,
                            format!("This RSA key has {} bits; 2048 bits is the current standard.", info.bits),
                            "Make a new 2048-bit key, publish it under a new selector and switch signing to it.",
                        )
                        .rfc("RFC 8301 §3.2"),
                    );
                } else if info.bits > RSA_GOOD_BITS {
                    out.push(
                        Finding::note(
                            "dkim.key_large",
                            format!("This RSA key has {} bits. That is fine, but the record is long (about 750 characters): it is split into several 255-character strings, and some DNS panels cannot hold it.", info.bits),
                        )
                        .rfc("RFC 8301 §3.2"),
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSA_1024: &str = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB";

    fn ids(text: &str) -> Vec<&'static str> {
        lint(text).iter().map(|f| f.id).collect()
    }

    #[test]
    fn each_problem_has_its_id() {
        for (input, expected) in [
            (format!("v=DKIM1; p={RSA_1024}"), vec!["dkim.key_weak"]),
            ("v=DKIM1; p=".to_owned(), vec!["dkim.revoked"]),
            (
                format!("v=DKIM1; t=y; p={RSA_1024}"),
                vec!["dkim.testing", "dkim.key_weak"],
            ),
            (
                format!("v=DKIM1; h=sha1; p={RSA_1024}"),
                vec!["dkim.sha1_only", "dkim.key_weak"],
            ),
            (
                format!("v=DKIM1; h=sha0; p={RSA_1024}"),
                vec!["dkim.hash_unknown", "dkim.key_weak"],
            ),
            (
                format!("v=DKIM1; k=xxx; p={RSA_1024}"),
                vec!["dkim.key_type_unknown"],
            ),
            (
                "v=DKIM1; p=MIGfMA0GCSqGSIb3DQEB".to_owned(),
                vec!["dkim.key_truncated"],
            ),
            ("v=DKIM1; p=@@@".to_owned(), vec!["dkim.key_invalid"]),
            (
                format!("v=DKIM1; s=tlsrpt; p={RSA_1024}"),
                vec!["dkim.not_for_email", "dkim.key_weak"],
            ),
            (
                "k=ed25519; p=yi50DjK5O9pqbFpNHklsv9lqaS0ArSYu02qp1S0DW1Y=".to_owned(),
                vec![],
            ),
            ("v=DKIM0; p=x".to_owned(), vec!["dkim.syntax"]),
            (
                "p=yi50DjK5O9pqbFpNHklsv9lqaS0ArSYu02qp1S0DW1Y=".to_owned(),
                vec!["dkim.key_type_missing"],
            ),
        ] {
            assert_eq!(ids(&input), expected, "{input}");
        }
    }
}
