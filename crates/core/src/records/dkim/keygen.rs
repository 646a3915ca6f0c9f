//! DKIM key pairs made on this computer with aws-lc-rs: RSA (2048 by default, 4096 allowed) or
//! Ed25519 (RFC 8463). The private key is PKCS#8, wiped from memory on drop, never printed.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{DkimKeyRecord, KeyType};
use crate::error::{Error, Result};

/// Which kind of key to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum KeyAlgorithm {
    /// RSA with a 2048-bit modulus: understood by every receiver (RFC 8301 §3.2).
    #[default]
    Rsa2048,
    /// RSA with a 4096-bit modulus: stronger, but the record needs DNS over TCP.
    Rsa4096,
    /// Ed25519 (RFC 8463): short keys, but some receivers still ignore it, so use it only as a
    /// second selector beside RSA.
    Ed25519,
}

impl KeyAlgorithm {
    /// The id used on the command line and in JSON (`rsa2048`, `rsa4096`, `ed25519`).
    pub fn id(self) -> &'static str {
        match self {
            KeyAlgorithm::Rsa2048 => "rsa2048",
            KeyAlgorithm::Rsa4096 => "rsa4096",
            KeyAlgorithm::Ed25519 => "ed25519",
        }
    }

    /// The `k=` key type of the record.
    pub fn key_type(self) -> KeyType {
        match self {
            KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa4096 => KeyType::Rsa,
            KeyAlgorithm::Ed25519 => KeyType::Ed25519,
        }
    }
}

/// A private key in PKCS#8 DER form (RFC 5208). Debug shows `<redacted>`; the bytes are wiped
/// when it is dropped; it cannot be serialized.
pub struct PrivateKey(Zeroizing<Vec<u8>>);

impl PrivateKey {
    /// A key from its PKCS#8 DER bytes (as the keychain returns them). The bytes are not checked
    /// here; signing code checks them when it loads the key.
    pub fn from_pkcs8_der(der: Vec<u8>) -> Self {
        PrivateKey(Zeroizing::new(der))
    }

    /// The PKCS#8 DER bytes (what the keychain stores).
    pub fn der(&self) -> &[u8] {
        &self.0
    }

    /// The key as PEM text (`-----BEGIN PRIVATE KEY-----`), for the sending server's setup.
    pub fn to_pem(&self) -> Zeroizing<String> {
        let b64 = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(self.der()));
        let mut pem = Zeroizing::new(String::with_capacity(b64.len() + 80));
        pem.push_str("-----BEGIN PRIVATE KEY-----\n");
        for line in b64.as_bytes().chunks(64) {
            pem.push_str(&String::from_utf8_lossy(line));
            pem.push('\n');
        }
        pem.push_str("-----END PRIVATE KEY-----\n");
        pem
    }
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PrivateKey(<redacted>)")
    }
}

/// A freshly made key pair.
#[derive(Debug)]
pub struct GeneratedKey {
    /// What kind of key it is.
    pub algorithm: KeyAlgorithm,
    /// The private half, for the signing server (and the keychain).
    pub private: PrivateKey,
    /// The public half as base64: SubjectPublicKeyInfo for RSA, the raw 32 bytes for Ed25519.
    pub public_b64: String,
}

impl GeneratedKey {
    /// The key record to publish: `v=DKIM1; k=…; p=…`.
    pub fn record(&self) -> DkimKeyRecord {
        DkimKeyRecord::for_key(self.algorithm.key_type(), &self.public_b64)
    }
}

fn failed(what: &str) -> Error {
    Error::DkimKeyGeneration {
        reason: what.to_owned(),
    }
}

/// Make a new key pair on this computer. RSA-2048 takes tens of milliseconds.
pub fn generate(algorithm: KeyAlgorithm) -> Result<GeneratedKey> {
    let b64 = base64::engine::general_purpose::STANDARD;
    match algorithm {
        KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa4096 => {
            let size = if algorithm == KeyAlgorithm::Rsa2048 {
                aws_lc_rs::rsa::KeySize::Rsa2048
            } else {
                aws_lc_rs::rsa::KeySize::Rsa4096
            };
            let pair = aws_lc_rs::rsa::KeyPair::generate(size)
                .map_err(|_| failed("the RSA key could not be made"))?;
            let private = pair
                .as_der()
                .map_err(|_| failed("the RSA private key could not be encoded"))?;
            let public = pair
                .public_key()
                .as_der()
                .map_err(|_| failed("the RSA public key could not be encoded"))?;
            Ok(GeneratedKey {
                algorithm,
                private: PrivateKey(Zeroizing::new(private.as_ref().to_vec())),
                public_b64: b64.encode(public.as_ref()),
            })
        }
        KeyAlgorithm::Ed25519 => {
            let pair = aws_lc_rs::signature::Ed25519KeyPair::generate()
                .map_err(|_| failed("the Ed25519 key could not be made"))?;
            let private = pair
                .to_pkcs8v1()
                .map_err(|_| failed("the Ed25519 private key could not be encoded"))?;
            Ok(GeneratedKey {
                algorithm,
                private: PrivateKey(Zeroizing::new(private.as_ref().to_vec())),
                public_b64: b64.encode(pair.public_key().as_ref()),
            })
        }
    }
}

/// Rebuild a key pair from its PKCS#8 private key (as kept in the keychain), so a plan made again
/// publishes the same public key instead of a new one. Fails for bytes that are not a PKCS#8 key
/// of `algorithm`.
pub fn from_pkcs8(algorithm: KeyAlgorithm, der: &[u8]) -> Result<GeneratedKey> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let bad = || failed("the saved private key is not a key of this kind");
    let public_b64 = match algorithm {
        KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa4096 => {
            let pair = aws_lc_rs::rsa::KeyPair::from_pkcs8(der).map_err(|_| bad())?;
            let want = if algorithm == KeyAlgorithm::Rsa2048 {
                2048
            } else {
                4096
            };
            if pair.public_modulus_len() * 8 != want {
                return Err(bad());
            }
            let public = pair.public_key().as_der().map_err(|_| bad())?;
            b64.encode(public.as_ref())
        }
        KeyAlgorithm::Ed25519 => {
            let pair = aws_lc_rs::signature::Ed25519KeyPair::from_pkcs8(der).map_err(|_| bad())?;
            b64.encode(pair.public_key().as_ref())
        }
    };
    Ok(GeneratedKey {
        algorithm,
        private: PrivateKey(Zeroizing::new(der.to_vec())),
        public_b64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::dkim::{analyse_key, lint};

    #[test]
    fn a_saved_key_rebuilds_the_same_public_key() {
        for algorithm in [KeyAlgorithm::Rsa2048, KeyAlgorithm::Ed25519] {
            let key = generate(algorithm).expect("keygen");
            let again = from_pkcs8(algorithm, key.private.der()).expect("rebuilt");
            assert_eq!(again.public_b64, key.public_b64, "{algorithm:?}");
        }
        let rsa = generate(KeyAlgorithm::Rsa2048).expect("keygen");
        assert!(from_pkcs8(KeyAlgorithm::Ed25519, rsa.private.der()).is_err());
        assert!(from_pkcs8(KeyAlgorithm::Rsa4096, rsa.private.der()).is_err());
        assert!(from_pkcs8(KeyAlgorithm::Rsa2048, b"not a key").is_err());
    }

    #[test]
    fn rsa_2048_key_publishes_cleanly_and_never_prints() {
        let key = generate(KeyAlgorithm::Rsa2048).expect("keygen");
        let info = analyse_key(&KeyType::Rsa, &key.public_b64).expect("valid key");
        assert_eq!(info.bits, 2048);
        assert!(!info.bare_pkcs1);
        let text = key.record().to_string();
        assert!(text.starts_with("v=DKIM1; k=rsa; p=MIIB"), "{text}");
        assert!(lint(&text).is_empty(), "{:?}", lint(&text));
        let pem = key.private.to_pem();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        assert!(pem.lines().all(|l| l.len() <= 64));
        assert!(aws_lc_rs::rsa::KeyPair::from_pkcs8(key.private.der()).is_ok());
        assert!(!format!("{key:?}").contains(&pem[28..60]));
        assert!(format!("{:?}", key.private).contains("<redacted>"));
    }

    #[test]
    fn ed25519_key_is_32_raw_bytes() {
        let key = generate(KeyAlgorithm::Ed25519).expect("keygen");
        let info = analyse_key(&KeyType::Ed25519, &key.public_b64).expect("valid key");
        assert_eq!(info.bits, 256);
        assert!(key
            .record()
            .to_string()
            .starts_with("v=DKIM1; k=ed25519; p="));
        assert!(aws_lc_rs::signature::Ed25519KeyPair::from_pkcs8(key.private.der()).is_ok());
    }
}
