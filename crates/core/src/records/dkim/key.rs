//! What the `p=` of a DKIM key record holds: an RSA key as SubjectPublicKeyInfo (RFC 6376
//! §3.6.1), a bare PKCS#1 RSAPublicKey some tools publish, or a raw Ed25519 key (RFC 8463 §4.2).

use base64::Engine;

use super::KeyType;

/// The facts about a published key that the lints need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    /// Bits in the RSA modulus, or 256 for Ed25519.
    pub bits: u32,
    /// True when the RSA key is a bare PKCS#1 `RSAPublicKey` rather than SubjectPublicKeyInfo.
    pub bare_pkcs1: bool,
}

/// Why `p=` does not hold a usable key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProblem {
    /// Not valid base64.
    NotBase64,
    /// Valid base64, but not a complete key (often a value cut short when pasting).
    Truncated,
    /// A key, but not of the type `k=` says.
    WrongType,
    /// 32 bytes where an RSA key was expected: an Ed25519 key published without `k=ed25519`.
    LooksEd25519,
}

/// rsaEncryption, OID 1.2.840.113549.1.1.1 (RFC 8017 Appendix C), DER-encoded.
const RSA_ENCRYPTION_OID: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/// Decode and measure the key in `p=`. Never panics on any input.
pub fn analyse_key(key_type: &KeyType, public_key_b64: &str) -> Result<KeyInfo, KeyProblem> {
    let alphabet_only = public_key_b64
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    if !alphabet_only {
        return Err(KeyProblem::NotBase64);
    }
    // Padding is optional here: a value cut short loses it, and is then reported as truncated.
    let lenient = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let bytes = lenient
        .decode(public_key_b64)
        .map_err(|_| KeyProblem::Truncated)?;
    match key_type {
        KeyType::Ed25519 => {
            if bytes.len() == 32 {
                Ok(KeyInfo {
                    bits: 256,
                    bare_pkcs1: false,
                })
            } else {
                Err(KeyProblem::Truncated)
            }
        }
        KeyType::Rsa | KeyType::Other(_) if bytes.len() == 32 => Err(KeyProblem::LooksEd25519),
        KeyType::Rsa | KeyType::Other(_) => rsa_key(&bytes),
    }
}

fn rsa_key(bytes: &[u8]) -> Result<KeyInfo, KeyProblem> {
    let (tag, body, rest) = der(bytes).ok_or(KeyProblem::Truncated)?;
    if tag != 0x30 || !rest.is_empty() {
        return Err(KeyProblem::Truncated);
    }
    // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
    let (first_tag, first, after) = der(body).ok_or(KeyProblem::Truncated)?;
    if first_tag == 0x30 {
        let (oid_tag, oid, _) = der(first).ok_or(KeyProblem::Truncated)?;
        if oid_tag != 0x06 || oid != RSA_ENCRYPTION_OID {
            return Err(KeyProblem::WrongType);
        }
        let (bit_tag, bits, end) = der(after).ok_or(KeyProblem::Truncated)?;
        if bit_tag != 0x03 || !end.is_empty() || bits.first() != Some(&0) {
            return Err(KeyProblem::Truncated);
        }
        let (seq_tag, inner, end) = der(&bits[1..]).ok_or(KeyProblem::Truncated)?;
        if seq_tag != 0x30 || !end.is_empty() {
            return Err(KeyProblem::Truncated);
        }
        return pkcs1(inner).map(|bits| KeyInfo {
            bits,
            bare_pkcs1: false,
        });
    }
    // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 §A.1.1)
    pkcs1(body).map(|bits| KeyInfo {
        bits,
        bare_pkcs1: true,
    })
}

/// The modulus size of an RSAPublicKey's contents.
fn pkcs1(body: &[u8]) -> Result<u32, KeyProblem> {
    let (n_tag, modulus, rest) = der(body).ok_or(KeyProblem::Truncated)?;
    let (e_tag, exponent, end) = der(rest).ok_or(KeyProblem::Truncated)?;
    if n_tag != 0x02 || e_tag != 0x02 || !end.is_empty() || exponent.is_empty() {
        return Err(KeyProblem::Truncated);
    }
    let significant: Vec<u8> = modulus.iter().copied().skip_while(|b| *b == 0).collect();
    let Some(first) = significant.first() else {
        return Err(KeyProblem::Truncated);
    };
    let bits = (significant.len() as u32 - 1) * 8 + (8 - first.leading_zeros());
    Ok(bits)
}

/// One DER element: (tag, contents, what follows). `None` when the bytes end early.
fn der(bytes: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let tag = *bytes.first()?;
    let first_len = *bytes.get(1)?;
    let (len, header) = if first_len < 0x80 {
        (usize::from(first_len), 2)
    } else {
        let count = usize::from(first_len & 0x7f);
        if count == 0 || count > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..count {
            len = (len << 8) | usize::from(*bytes.get(2 + i)?);
        }
        (len, 2 + count)
    };
    let end = header.checked_add(len)?;
    if end > bytes.len() {
        return None;
    }
    Some((tag, &bytes[header..end], &bytes[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSA_1024_SPKI: &str = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB";

    #[test]
    fn measures_and_rejects_keys() {
        for (kind, input, expected) in [
            (
                KeyType::Rsa,
                RSA_1024_SPKI,
                Ok(KeyInfo {
                    bits: 1024,
                    bare_pkcs1: false,
                }),
            ),
            (KeyType::Rsa, "not base64!", Err(KeyProblem::NotBase64)),
            (KeyType::Rsa, "MIGfMA0G", Err(KeyProblem::Truncated)),
            (KeyType::Rsa, "", Err(KeyProblem::Truncated)),
            (
                KeyType::Ed25519,
                "yi50DjK5O9pqbFpNHklsv9lqaS0ArSYu02qp1S0DW1Y=",
                Ok(KeyInfo {
                    bits: 256,
                    bare_pkcs1: false,
                }),
            ),
            (KeyType::Ed25519, RSA_1024_SPKI, Err(KeyProblem::Truncated)),
        ] {
            assert_eq!(analyse_key(&kind, input), expected, "{input}");
        }
        // The bare PKCS#1 tail of the same key (re-encoded) is recognised as such.
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(RSA_1024_SPKI)
            .expect("fixture");
        let bare = base64::engine::general_purpose::STANDARD.encode(&bytes[22..]);
        assert_eq!(
            analyse_key(&KeyType::Rsa, &bare),
            Ok(KeyInfo {
                bits: 1024,
                bare_pkcs1: true
            })
        );
    }
}
