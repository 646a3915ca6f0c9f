//! DKIM key records (RFC 6376 §3.6.1, RFC 8463 for Ed25519, RFC 8301 for key sizes): the typed
//! record, its parser and renderer, key analysis, lints, and local key generation.

mod key;
mod keygen;
mod lint;
mod parse;
mod selector;

pub use key::{analyse_key, KeyInfo, KeyProblem};
pub use keygen::{from_pkcs8, generate, GeneratedKey, KeyAlgorithm, PrivateKey};
pub use lint::lint;
pub use parse::DkimSyntaxError;
pub use selector::validate_selector;

/// The label under which every DKIM key lives (RFC 6376 §3.6.2.1).
pub const DOMAINKEY_LABEL: &str = "_domainkey";

/// `k=` (RFC 6376 §3.6.1 `key-k-tag-type = "rsa" / x-key-k-tag-type`; RFC 8463 §4.1 adds
/// `ed25519`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyType {
    /// RSA (the default when `k=` is absent).
    Rsa,
    /// Ed25519 (RFC 8463).
    Ed25519,
    /// Anything else: receivers cannot use the key.
    Other(String),
}

impl KeyType {
    fn parse(value: &str) -> KeyType {
        match value.to_ascii_lowercase().as_str() {
            "rsa" => KeyType::Rsa,
            "ed25519" => KeyType::Ed25519,
            _ => KeyType::Other(value.to_owned()),
        }
    }

    /// The text of the `k=` tag.
    pub fn as_str(&self) -> &str {
        match self {
            KeyType::Rsa => "rsa",
            KeyType::Ed25519 => "ed25519",
            KeyType::Other(s) => s,
        }
    }
}

/// A DKIM key record, the TXT record at `<selector>._domainkey.<domain>` (RFC 6376 §3.6.1):
///
/// ```text
/// key-v-tag = %x76 [FWS] "=" [FWS] %x44.4B.49.4D.31          ; v=DKIM1
/// key-h-tag = %x68 [FWS] "=" [FWS] key-h-tag-alg *( [FWS] ":" [FWS] key-h-tag-alg )
/// key-k-tag = %x76 [FWS] "=" [FWS] key-k-tag-type
/// key-n-tag = %x6e [FWS] "=" [FWS] qp-section
/// key-p-tag = %x70 [FWS] "=" [ [FWS] base64string ]          ; empty = revoked
/// key-s-tag = %x73 [FWS] "=" [FWS] key-s-tag-type *( [FWS] ":" [FWS] key-s-tag-type )
/// key-t-tag = %x74 [FWS] "=" [FWS] key-t-tag-flag *( [FWS] ":" [FWS] key-t-tag-flag )
/// ```
///
/// Tags keep their values as written (lists split on `:`), so the record renders back as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DkimKeyRecord {
    /// `v=` when present (it must be `DKIM1` and come first).
    pub version: bool,
    /// `h=`: acceptable hash algorithms; `None` means all.
    pub hashes: Option<Vec<String>>,
    /// `k=`; `None` means the default, RSA.
    pub key_type: Option<KeyType>,
    /// `n=`: notes for humans.
    pub notes: Option<String>,
    /// `p=`: the base64 public key with whitespace removed; empty means revoked.
    pub public_key: String,
    /// `s=`: service types; `None` means all (`*`).
    pub services: Option<Vec<String>>,
    /// `t=`: flags such as `y` (testing) and `s` (no subdomains).
    pub flags: Vec<String>,
    /// Tags this version of DKIM does not define (ignored by receivers, kept for rendering).
    pub other: Vec<(String, String)>,
}

impl DkimKeyRecord {
    /// A record for a public key: `v=DKIM1; k=…; p=…`.
    pub fn for_key(key_type: KeyType, public_key_b64: &str) -> Self {
        DkimKeyRecord {
            version: true,
            hashes: None,
            key_type: Some(key_type),
            notes: None,
            public_key: public_key_b64.to_owned(),
            services: None,
            flags: Vec::new(),
            other: Vec::new(),
        }
    }

    /// The key type in effect (`k=` or the RSA default).
    pub fn effective_key_type(&self) -> KeyType {
        self.key_type.clone().unwrap_or(KeyType::Rsa)
    }

    /// True when `p=` is empty: the key was withdrawn (RFC 6376 §3.6.1).
    pub fn is_revoked(&self) -> bool {
        self.public_key.is_empty()
    }

    /// True when `t=y`: receivers treat failures as if unsigned.
    pub fn is_testing(&self) -> bool {
        self.flags.iter().any(|f| f.eq_ignore_ascii_case("y"))
    }
}

impl std::fmt::Display for DkimKeyRecord {
    /// Canonical text: `v=DKIM1` first, then `k h s t n`, other tags, and `p` last.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if self.version {
            parts.push("v=DKIM1".into());
        }
        if let Some(k) = &self.key_type {
            parts.push(format!("k={}", k.as_str()));
        }
        if let Some(h) = &self.hashes {
            parts.push(format!("h={}", h.join(":")));
        }
        if let Some(s) = &self.services {
            parts.push(format!("s={}", s.join(":")));
        }
        if !self.flags.is_empty() {
            parts.push(format!("t={}", self.flags.join(":")));
        }
        if let Some(n) = &self.notes {
            parts.push(format!("n={n}"));
        }
        for (name, value) in &self.other {
            parts.push(format!("{name}={value}"));
        }
        parts.push(format!("p={}", self.public_key));
        f.write_str(&parts.join("; "))
    }
}
