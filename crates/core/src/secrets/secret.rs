//! `Secret`: a password or private key in memory that never prints, never serializes,
//! and is overwritten with zeros when dropped.

use std::fmt;

use zeroize::Zeroizing;

/// Secret bytes (a mailbox password, a DKIM private key in DER). `Debug` and `Display` print
/// `<redacted>`; there is deliberately no `Serialize`; the buffer is wiped on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Take ownership of bytes (they are wiped when the `Secret` is dropped).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }

    /// Take ownership of a string (wiped on drop).
    pub fn from_string(text: String) -> Self {
        Secret::from_bytes(text.into_bytes())
    }

    /// The secret as UTF-8 text, when it is text (a password); `None` for binary keys.
    pub fn expose_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// The raw bytes. Hand them only to the code that needs them (a login, the keychain).
    pub fn expose_bytes(&self) -> &[u8] {
        &self.0
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_its_content() {
        let s = Secret::from_string("hunter2-unique".to_owned());
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&s)), "Some(<redacted>)");
        assert_eq!(s.expose_str(), Some("hunter2-unique"));
        assert!(Secret::from_bytes(vec![0xff, 0x00]).expose_str().is_none());
    }
}
