//! Identifier alignment (RFC 7489 §3.1): whether the domain that passed SPF or DKIM matches the
//! From domain, exactly (strict) or by organizational domain (relaxed, §3.2).

use serde::{Deserialize, Serialize};

/// `adkim=` / `aspf=` (RFC 7489 §6.3): `r` or `s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Alignment {
    /// The organizational domains match (the default).
    Relaxed,
    /// The names match exactly.
    Strict,
}

impl Alignment {
    /// The tag value: `r` or `s`.
    pub fn as_str(self) -> &'static str {
        match self {
            Alignment::Relaxed => "r",
            Alignment::Strict => "s",
        }
    }
}

/// The organizational domain (RFC 7489 §3.2): the public suffix plus one label.
fn organizational(name: &str) -> String {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    match psl::domain(lower.as_bytes()) {
        Some(d) => String::from_utf8_lossy(d.as_bytes()).into_owned(),
        None => lower,
    }
}

/// True when `authenticated` (the SPF or DKIM domain) aligns with `from` under `mode`.
pub fn aligned(from: &str, authenticated: &str, mode: Alignment) -> bool {
    let a = from.trim_matches('.').to_ascii_lowercase();
    let b = authenticated.trim_matches('.').to_ascii_lowercase();
    match mode {
        Alignment::Strict => a == b,
        Alignment::Relaxed => organizational(&a) == organizational(&b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_and_relaxed() {
        for (from, auth, mode, expected) in [
            ("example.com", "example.com", Alignment::Strict, true),
            ("example.com", "mail.example.com", Alignment::Strict, false),
            ("example.com", "mail.example.com", Alignment::Relaxed, true),
            (
                "a.example.co.uk",
                "b.example.co.uk",
                Alignment::Relaxed,
                true,
            ),
            ("example.co.uk", "other.co.uk", Alignment::Relaxed, false),
            ("Example.COM.", "example.com", Alignment::Strict, true),
        ] {
            assert_eq!(
                aligned(from, auth, mode),
                expected,
                "{from} {auth} {mode:?}"
            );
        }
    }
}
