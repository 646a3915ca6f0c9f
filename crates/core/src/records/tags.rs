//! The `tag=value; tag=value` lists that DKIM key records (RFC 6376 §3.2), DMARC (RFC 7489 §6.4),
//! MTA-STS (RFC 8461 §3.1), TLS-RPT (RFC 8460 §3) and BIMI records share, parsed leniently.

use std::fmt;

/// One `name=value` pair, whitespace around both removed, the name as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The tag name, e.g. `p`.
    pub name: String,
    /// The value with surrounding whitespace removed.
    pub value: String,
}

/// Why a tag list could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagListError {
    /// The record is empty or only whitespace.
    Empty,
    /// A part between semicolons has no `=`.
    MissingEquals {
        /// The part as written.
        part: String,
    },
    /// A tag name that is empty or not `ALPHA *(ALPHA / DIGIT / "_")`.
    BadName {
        /// The name as written.
        name: String,
    },
    /// The same tag twice (RFC 6376 §3.2: "Tags with duplicate names MUST NOT occur").
    Duplicate {
        /// The repeated tag name (lowercase).
        name: String,
    },
    /// A control character (newline, NUL, …) inside the record.
    ControlCharacter {
        /// The byte offset.
        at: usize,
    },
}

impl fmt::Display for TagListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TagListError::Empty => f.write_str("the record is empty"),
            TagListError::MissingEquals { part } => {
                write!(
                    f,
                    "'{}' has no '=' (each part must be name=value)",
                    shorten(part)
                )
            }
            TagListError::BadName { name } => {
                write!(f, "'{}' is not a valid tag name", shorten(name))
            }
            TagListError::Duplicate { name } => write!(f, "the tag '{name}' appears twice"),
            TagListError::ControlCharacter { at } => {
                write!(
                    f,
                    "there is an invisible control character at position {at}"
                )
            }
        }
    }
}

/// At most 40 characters of `s` for a message.
pub(crate) fn shorten(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_owned()
    } else {
        let head: String = s.chars().take(40).collect();
        format!("{head}…")
    }
}

/// RFC 6376 §3.2 `tag-name = ALPHA *ALNUMPUNC` (ALNUMPUNC = ALPHA / DIGIT / "_").
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Split `text` into tags: parts separated by `;`, an optional trailing `;`, whitespace (space,
/// tab, folded CRLF) allowed around names, `=` and values. Names compare case-insensitively for
/// duplicates. Never panics.
pub fn parse(text: &str) -> Result<Vec<Tag>, TagListError> {
    if let Some(at) = text
        .bytes()
        .position(|b| (b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n')) || b == 0x7f)
    {
        return Err(TagListError::ControlCharacter { at });
    }
    if text.trim().is_empty() {
        return Err(TagListError::Empty);
    }
    let mut tags: Vec<Tag> = Vec::new();
    let parts: Vec<&str> = text.split(';').collect();
    for (i, part) in parts.iter().enumerate() {
        if part.trim().is_empty() {
            if i + 1 == parts.len() {
                break;
            }
            // `a=1;; b=2`: an empty part between semicolons is tolerated by every receiver.
            continue;
        }
        let Some((name, value)) = part.split_once('=') else {
            return Err(TagListError::MissingEquals {
                part: part.trim().to_owned(),
            });
        };
        let name = name.trim();
        if !valid_name(name) {
            return Err(TagListError::BadName {
                name: name.to_owned(),
            });
        }
        if tags.iter().any(|t| t.name.eq_ignore_ascii_case(name)) {
            return Err(TagListError::Duplicate {
                name: name.to_ascii_lowercase(),
            });
        }
        tags.push(Tag {
            name: name.to_owned(),
            value: value.trim().to_owned(),
        });
    }
    Ok(tags)
}

/// Remove all whitespace (for base64 values such as DKIM `p=`, RFC 6376 §3.6.1).
pub fn without_whitespace(value: &str) -> String {
    value.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, String)> {
        parse(text)
            .map(|t| t.into_iter().map(|t| (t.name, t.value)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn parses_the_shapes_receivers_accept() {
        for (input, expected) in [
            ("v=DKIM1; p=abc", vec![("v", "DKIM1"), ("p", "abc")]),
            ("v=DKIM1;p=abc;", vec![("v", "DKIM1"), ("p", "abc")]),
            (
                "v = DMARC1\t;\tp\t=\treject\t;",
                vec![("v", "DMARC1"), ("p", "reject")],
            ),
            ("p=", vec![("p", "")]),
            ("a=1;; b=2", vec![("a", "1"), ("b", "2")]),
            ("h=sha1 : sha256", vec![("h", "sha1 : sha256")]),
            (
                "rua=mailto:a@b.c,mailto:d@e.f",
                vec![("rua", "mailto:a@b.c,mailto:d@e.f")],
            ),
        ] {
            let expected: Vec<(String, String)> = expected
                .into_iter()
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                .collect();
            assert_eq!(names(input), expected, "{input:?}");
        }
    }

    #[test]
    fn rejects_broken_lists_with_a_reason() {
        for (input, expected) in [
            ("", TagListError::Empty),
            ("   ", TagListError::Empty),
            (
                "v=DKIM1; p",
                TagListError::MissingEquals { part: "p".into() },
            ),
            ("1x=2", TagListError::BadName { name: "1x".into() }),
            ("p=a; P=b", TagListError::Duplicate { name: "p".into() }),
            ("p=a\0b", TagListError::ControlCharacter { at: 3 }),
        ] {
            assert_eq!(parse(input), Err(expected), "{input:?}");
        }
    }
}
