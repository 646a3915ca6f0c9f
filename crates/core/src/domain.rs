//! Turning what a person typed into a validated domain name: plain errors for every mistake,
//! IDN to punycode (RFC 5891 via UTS 46), length limits (RFC 1035 §2.3.4), the public suffix list.

use serde::Serialize;

use crate::error::{Error, Result};

/// Most bytes in one label (RFC 1035 §2.3.4).
pub const MAX_LABEL_LEN: usize = 63;
/// Most characters in a name in text form, without the root dot (RFC 1035 §2.3.4: 255 octets
/// on the wire, which is 253 characters of text).
pub const MAX_NAME_LEN: usize = 253;

/// A small note about how the input was tidied, shown to the user ("we removed the final dot").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameNote {
    /// Spaces around the name were removed.
    WhitespaceTrimmed,
    /// A final dot (the DNS root) was removed.
    TrailingDotRemoved,
    /// Capital letters were made lowercase (DNS names are case-insensitive, RFC 4343).
    Lowercased,
}

/// A validated domain name, as typed and in the forms DNS and people need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DomainName {
    /// Exactly what the user typed.
    pub input: String,
    /// The ASCII (punycode, "A-label") form used in DNS, lowercase, no final dot.
    pub ascii: String,
    /// The Unicode ("U-label") form for display.
    pub unicode: String,
    /// True when the name has international characters (any `xn--` label).
    pub is_idn: bool,
    /// The registrable domain (public suffix + one label), in ASCII.
    pub registrable: String,
    /// True when `ascii` is below its registrable domain (e.g. `mail.example.com`).
    pub is_subdomain: bool,
    /// How the input was tidied.
    pub notes: Vec<NameNote>,
}

impl DomainName {
    /// Validate and normalise what a person typed. Never panics, on any input.
    pub fn parse(input: &str) -> Result<Self> {
        let mut notes = Vec::new();
        let trimmed = input.trim();
        if trimmed.len() != input.len() {
            notes.push(NameNote::WhitespaceTrimmed);
        }
        if trimmed.is_empty() {
            return Err(Error::DomainEmpty);
        }
        if let Some(host) = url_host(trimmed) {
            return Err(Error::DomainUrl {
                suggestion: suggest(host),
            });
        }
        if let Some((_, after)) = trimmed.rsplit_once('@') {
            return Err(Error::DomainEmailAddress {
                suggestion: suggest(after),
            });
        }
        if trimmed.chars().any(char::is_whitespace) {
            let joined: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
            let suggestion = DomainName::parse(&joined)
                .ok()
                .map(|d| d.unicode_or_ascii());
            return Err(Error::DomainContainsSpaces { suggestion });
        }
        if let Some(character) = trimmed
            .chars()
            .find(|c| c.is_ascii() && !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
        {
            return Err(Error::DomainInvalidCharacter { character });
        }

        let mut name = trimmed;
        if let Some(stripped) = name.strip_suffix('.') {
            name = stripped;
            notes.push(NameNote::TrailingDotRemoved);
        }
        if name.chars().any(|c| c.is_ascii_uppercase()) {
            notes.push(NameNote::Lowercased);
        }
        let ascii = to_ascii(name)?;
        check_labels(&ascii)?;
        if ascii.len() > MAX_NAME_LEN {
            return Err(Error::DomainNameTooLong {
                length: ascii.len(),
            });
        }
        let registrable = registrable_domain(&ascii)?;
        let unicode = to_unicode(&ascii);
        Ok(DomainName {
            input: input.to_owned(),
            is_idn: ascii.split('.').any(|l| l.starts_with("xn--")),
            is_subdomain: registrable != ascii,
            registrable,
            unicode,
            ascii,
            notes,
        })
    }

    /// The name for display: Unicode when it is an IDN, else the ASCII form.
    pub fn unicode_or_ascii(&self) -> String {
        if self.is_idn {
            self.unicode.clone()
        } else {
            self.ascii.clone()
        }
    }
}

/// The host of a URL-looking input (`https://www.x.com/page`, `www.x.com/page`), if it is one.
fn url_host(input: &str) -> Option<&str> {
    let (rest, had_scheme) = match input.find("://") {
        Some(i) => (&input[i + 3..], true),
        None => (input, false),
    };
    if !had_scheme && !input.contains('/') {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => host_port,
    };
    Some(host)
}

/// A best-effort corrected name for a suggestion: the registrable domain when the host is valid.
fn suggest(host: &str) -> String {
    match DomainName::parse(host) {
        Ok(d) => {
            let reg = to_unicode(&d.registrable);
            if d.is_idn {
                reg
            } else {
                d.registrable
            }
        }
        Err(_) => host.trim().to_lowercase(),
    }
}

/// UTS 46 processing to the A-label form; pure ASCII input is only lowercased.
fn to_ascii(name: &str) -> Result<String> {
    if name.is_ascii() {
        return Ok(name.to_ascii_lowercase());
    }
    idna::domain_to_ascii_cow(name.as_bytes(), idna::AsciiDenyList::STD3)
        .map(|c| c.into_owned())
        .map_err(|_| Error::DomainInvalidIdn {
            input: name.to_owned(),
        })
}

/// The U-label form for display (falls back to ASCII when a label does not decode).
fn to_unicode(ascii: &str) -> String {
    match idna::domain_to_unicode(ascii) {
        (unicode, Ok(())) => unicode,
        (_, Err(_)) => ascii.to_owned(),
    }
}

/// Label rules: not empty, at most 63 bytes, no hyphen at either end (RFC 1035 §2.3.1, §2.3.4).
fn check_labels(ascii: &str) -> Result<()> {
    for label in ascii.split('.') {
        if label.is_empty() {
            return Err(Error::DomainEmptyLabel);
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(Error::DomainLabelTooLong {
                label: shorten(label),
            });
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(Error::DomainHyphenPosition {
                label: label.to_owned(),
            });
        }
    }
    if let Some(tld) = ascii.rsplit('.').next() {
        if tld.chars().all(|c| c.is_ascii_digit()) {
            return Err(Error::DomainNoDot);
        }
    }
    Ok(())
}

/// The registrable domain from the public suffix list; bare suffixes and single labels are errors.
fn registrable_domain(ascii: &str) -> Result<String> {
    let known_suffix = psl::suffix(ascii.as_bytes())
        .filter(|s| s.is_known())
        .map(|s| s.as_bytes().len() == ascii.len())
        .unwrap_or(false);
    if known_suffix {
        return Err(Error::DomainPublicSuffix {
            name: to_unicode(ascii),
        });
    }
    if !ascii.contains('.') {
        return Err(Error::DomainNoDot);
    }
    psl::domain_str(ascii)
        .map(str::to_owned)
        .ok_or_else(|| Error::DomainPublicSuffix {
            name: to_unicode(ascii),
        })
}

/// A label cut for display in a message.
fn shorten(label: &str) -> String {
    if label.chars().count() <= 24 {
        label.to_owned()
    } else {
        let head: String = label.chars().take(20).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_names_normalise() {
        for (input, ascii, registrable, sub, notes) in [
            ("example.com", "example.com", "example.com", false, vec![]),
            (
                "Example.COM",
                "example.com",
                "example.com",
                false,
                vec![NameNote::Lowercased],
            ),
            (
                "example.com.",
                "example.com",
                "example.com",
                false,
                vec![NameNote::TrailingDotRemoved],
            ),
            (
                "  example.com ",
                "example.com",
                "example.com",
                false,
                vec![NameNote::WhitespaceTrimmed],
            ),
            (
                "mail.example.co.uk",
                "mail.example.co.uk",
                "example.co.uk",
                true,
                vec![],
            ),
            (
                "example.test",
                "example.test",
                "example.test",
                false,
                vec![],
            ),
            (
                "a-b.example.org",
                "a-b.example.org",
                "example.org",
                true,
                vec![],
            ),
            (
                "xn--bcher-kva.example",
                "xn--bcher-kva.example",
                "xn--bcher-kva.example",
                false,
                vec![],
            ),
        ] {
            let d = DomainName::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(d.ascii, ascii, "{input}");
            assert_eq!(d.registrable, registrable, "{input}");
            assert_eq!(d.is_subdomain, sub, "{input}");
            assert_eq!(d.notes, notes, "{input}");
        }
    }

    #[test]
    fn idn_shows_both_forms() {
        let d = DomainName::parse("Bücher.de").expect("valid IDN");
        assert_eq!(d.ascii, "xn--bcher-kva.de");
        assert_eq!(d.unicode, "bücher.de");
        assert!(d.is_idn);
        let d = DomainName::parse("münchen.de").expect("valid IDN");
        assert_eq!(d.ascii, "xn--mnchen-3ya.de");
    }

    #[test]
    fn mistakes_get_their_own_code() {
        let long_label = format!("{}.com", "a".repeat(64));
        let long_name = format!("{}.com", vec!["a".repeat(60); 5].join("."));
        for (input, code, suggestion) in [
            ("", "domain.empty", None),
            ("   ", "domain.empty", None),
            (
                "bob@example.com",
                "domain.email_address",
                Some("example.com"),
            ),
            ("https://www.x.com/page", "domain.url", Some("x.com")),
            (
                "http://shop.example.co.uk:8080/a?b",
                "domain.url",
                Some("example.co.uk"),
            ),
            ("www.x.com/page", "domain.url", Some("x.com")),
            (
                "exam ple.com",
                "domain.contains_spaces",
                Some("example.com"),
            ),
            ("example!.com", "domain.invalid_character", None),
            ("under_score.com", "domain.invalid_character", None),
            ("example..com", "domain.empty_label", None),
            (".example.com", "domain.empty_label", None),
            ("example.com..", "domain.empty_label", None),
            (long_label.as_str(), "domain.label_too_long", None),
            (long_name.as_str(), "domain.name_too_long", None),
            ("-example.com", "domain.hyphen_position", None),
            ("example-.com", "domain.hyphen_position", None),
            ("localhost", "domain.no_dot", None),
            ("192.168.1.1", "domain.no_dot", None),
            ("co.uk", "domain.public_suffix", None),
            ("com", "domain.public_suffix", None),
            ("github.io", "domain.public_suffix", None),
        ] {
            match DomainName::parse(input) {
                Ok(d) => panic!("{input:?} accepted as {d:?}"),
                Err(e) => {
                    assert_eq!(e.code(), code, "{input:?}: {e}");
                    assert_eq!(e.suggestion(), suggestion, "{input:?}");
                }
            }
        }
    }

    #[test]
    fn bad_idn_is_reported() {
        let e = DomainName::parse("exa\u{200b}mple.com").map(|d| d.ascii);
        // A zero-width space is either removed by UTS 46 mapping or rejected, never passed on raw.
        if let Ok(ascii) = e {
            assert!(ascii.is_ascii());
        }
        let e = DomainName::parse("ex\u{0378}ample.com").expect_err("unassigned code point");
        assert_eq!(e.code(), "domain.invalid_idn");
    }

    /// Many pseudo-random strings over an alphabet of the characters that matter: no panic, and
    /// every accepted name obeys the limits.
    #[test]
    fn random_input_never_panics_and_accepted_names_obey_limits() {
        let alphabet: Vec<char> = "aZ09-._@:/ ?#\tü日🙂\u{200b}\u{0}xn--".chars().collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 80) as usize;
            let input: String = (0..len)
                .map(|_| alphabet[(next() as usize) % alphabet.len()])
                .collect();
            if let Ok(d) = DomainName::parse(&input) {
                assert!(
                    d.ascii.is_ascii() && d.ascii.len() <= MAX_NAME_LEN,
                    "{input:?}"
                );
                assert!(
                    d.ascii
                        .split('.')
                        .all(|l| !l.is_empty() && l.len() <= MAX_LABEL_LEN),
                    "{input:?}"
                );
                assert!(d.ascii.ends_with(&d.registrable), "{input:?}");
            }
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for input in [
            "://", "@", "a@", "http://", "..", ".", "\u{0}", "🙂.com", "a:b", "[::1]",
        ] {
            let _ = DomainName::parse(input);
        }
    }
}
