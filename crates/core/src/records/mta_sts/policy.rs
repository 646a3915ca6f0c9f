//! The MTA-STS policy file (RFC 8461 §3.2): `version`, `mode`, `mx` patterns and `max_age`, one
//! `key: value` per line, CRLF or LF; and how a policy's `mx` patterns match host names (§4.1).

use std::fmt;

/// The longest `max_age` allowed: 31557600 seconds, about a year (RFC 8461 §3.2).
pub const MAX_AGE_LIMIT: u64 = 31_557_600;

/// `sts-policy-mode` (RFC 8461 §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MtaStsMode {
    /// Senders must not deliver unless TLS to a listed MX verifies.
    Enforce,
    /// Senders deliver anyway but report failures (TLS-RPT).
    Testing,
    /// No policy (used to withdraw one).
    None,
}

impl MtaStsMode {
    /// The policy file's value.
    pub fn as_str(self) -> &'static str {
        match self {
            MtaStsMode::Enforce => "enforce",
            MtaStsMode::Testing => "testing",
            MtaStsMode::None => "none",
        }
    }
}

/// A policy file:
///
/// ```text
/// sts-policy-record  = sts-policy-field *WSP *(sts-policy-term sts-policy-field *WSP) [sts-policy-term]
/// sts-policy-field   = sts-policy-version / sts-policy-mode / sts-policy-max-age /
///                      sts-policy-mx / sts-policy-extension
/// sts-policy-version = sts-policy-version-field sts-policy-field-delim "STSv1"
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MtaStsPolicy {
    /// `mode:`.
    pub mode: MtaStsMode,
    /// `mx:` patterns (a leading `*.` matches one label).
    pub mx: Vec<String>,
    /// `max_age:` in seconds.
    pub max_age: u64,
    /// Extension fields, as written (senders ignore them).
    pub extensions: Vec<(String, String)>,
}

/// Why a policy file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyError {
    /// A line that is not `key: value`.
    NotAField {
        /// The line (shortened).
        line: String,
    },
    /// `version`, `mode` or `max_age` given twice.
    Duplicate {
        /// The key.
        key: String,
    },
    /// `version` is missing or not `STSv1`.
    BadVersion,
    /// `mode` is missing or not enforce, testing or none.
    BadMode,
    /// `max_age` is missing, not a whole number, or over [`MAX_AGE_LIMIT`].
    BadMaxAge,
    /// Mode enforce or testing without any `mx` line.
    NoMx,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyError::NotAField { line } => write!(f, "the line '{line}' is not 'key: value'"),
            PolicyError::Duplicate { key } => write!(f, "'{key}' appears more than once"),
            PolicyError::BadVersion => f.write_str("the first line must be 'version: STSv1'"),
            PolicyError::BadMode => f.write_str("'mode' must be enforce, testing or none"),
            PolicyError::BadMaxAge => write!(
                f,
                "'max_age' must be a whole number of seconds up to {MAX_AGE_LIMIT}"
            ),
            PolicyError::NoMx => f.write_str("the policy lists no 'mx' host"),
        }
    }
}

impl MtaStsPolicy {
    /// Parse a policy body. Never panics.
    pub fn parse(body: &str) -> Result<MtaStsPolicy, PolicyError> {
        let mut version = None;
        let mut mode = None;
        let mut max_age = None;
        let mut mx = Vec::new();
        let mut extensions = Vec::new();
        for raw in body.split('\n') {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.trim().is_empty() {
                continue;
            }
            let Some((key, value)) = line.split_once(':') else {
                return Err(PolicyError::NotAField {
                    line: crate::records::tags::shorten(line),
                });
            };
            let (key, value) = (key.trim(), value.trim());
            let once = |slot: &Option<String>| {
                if slot.is_some() {
                    Err(PolicyError::Duplicate {
                        key: key.to_owned(),
                    })
                } else {
                    Ok(())
                }
            };
            match key {
                "version" => {
                    once(&version)?;
                    version = Some(value.to_owned());
                }
                "mode" => {
                    once(&mode)?;
                    mode = Some(value.to_owned());
                }
                "max_age" => {
                    once(&max_age)?;
                    max_age = Some(value.to_owned());
                }
                "mx" => mx.push(value.to_ascii_lowercase()),
                _ => extensions.push((key.to_owned(), value.to_owned())),
            }
        }
        if version.as_deref() != Some("STSv1") {
            return Err(PolicyError::BadVersion);
        }
        let mode = match mode.as_deref() {
            Some("enforce") => MtaStsMode::Enforce,
            Some("testing") => MtaStsMode::Testing,
            Some("none") => MtaStsMode::None,
            _ => return Err(PolicyError::BadMode),
        };
        let max_age = max_age
            .filter(|v| !v.is_empty() && v.len() <= 10 && v.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|v| *v <= MAX_AGE_LIMIT)
            .ok_or(PolicyError::BadMaxAge)?;
        if mx.is_empty() && mode != MtaStsMode::None {
            return Err(PolicyError::NoMx);
        }
        Ok(MtaStsPolicy {
            mode,
            mx,
            max_age,
            extensions,
        })
    }

    /// True when `host` is covered by one of the `mx` patterns.
    pub fn covers(&self, host: &str) -> bool {
        self.mx.iter().any(|p| mx_matches(host, p))
    }
}

impl fmt::Display for MtaStsPolicy {
    /// The file text, CRLF line endings as RFC 8461 §3.2 shows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "version: STSv1\r\nmode: {}\r\n", self.mode.as_str())?;
        for mx in &self.mx {
            write!(f, "mx: {mx}\r\n")?;
        }
        write!(f, "max_age: {}\r\n", self.max_age)?;
        for (key, value) in &self.extensions {
            write!(f, "{key}: {value}\r\n")?;
        }
        Ok(())
    }
}

/// RFC 8461 §4.1: a pattern matches the name exactly, or `*.rest` matches one extra leftmost
/// label. Case and a final dot are ignored.
pub fn mx_matches(host: &str, pattern: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let pattern = pattern.trim_end_matches('.').to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(rest) => host
            .split_once('.')
            .is_some_and(|(first, tail)| !first.is_empty() && tail == rest),
        None => host == pattern,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_policies_and_rejects_broken_ones() {
        let ok = MtaStsPolicy::parse(
            "version: STSv1 \nmode: enforce\nmx: mail.example.com\r\nmx:\t*.example.net\nmax_age: 604800",
        )
        .expect("valid");
        assert_eq!(ok.mx, ["mail.example.com", "*.example.net"]);
        assert_eq!(MtaStsPolicy::parse(&ok.to_string()), Ok(ok));
        for (body, expected) in [
            (
                "version: STSv1\r\nmode: enforce\r\n",
                PolicyError::BadMaxAge,
            ),
            (
                "version: STSv1\nmode: enforce\nmax_age: -1\nmx: m",
                PolicyError::BadMaxAge,
            ),
            (
                "version: STSv1\nmode: enforce\nmax_age: 86400.5\nmx: m",
                PolicyError::BadMaxAge,
            ),
            (
                "version: STSv1\nmode: enforce\nmax_age: 31557601\nmx: m",
                PolicyError::BadMaxAge,
            ),
            (
                "version: STSv2\nmode: enforce\nmax_age: 1\nmx: m",
                PolicyError::BadVersion,
            ),
            (
                "version: STSv1\nmode: doubt\nmax_age: 1\nmx: m",
                PolicyError::BadMode,
            ),
            (
                "version: STSv1\nmode: enforce\nmax_age: 1",
                PolicyError::NoMx,
            ),
            (
                "version: STSv1\nnot_a_pair",
                PolicyError::NotAField {
                    line: "not_a_pair".into(),
                },
            ),
            (
                "version: STSv1\nmode: enforce\nmode: testing\nmax_age: 1\nmx: m",
                PolicyError::Duplicate { key: "mode".into() },
            ),
        ] {
            assert_eq!(MtaStsPolicy::parse(body), Err(expected), "{body:?}");
        }
        assert!(MtaStsPolicy::parse("version: STSv1\nmode: none\nmax_age: 86400").is_ok());
    }

    #[test]
    fn mx_patterns() {
        for (host, pattern, expected) in [
            ("foo.com", "foo.com", true),
            ("foo.com.", "foo.com", true),
            ("bar.com", "foo.com", false),
            ("foo.com", "*.com", true),
            ("mx.example.com", "*.example.com", true),
            ("not.mx.example.com", "*.example.com", false),
            ("example.com", "*.example.com", false),
        ] {
            assert_eq!(mx_matches(host, pattern), expected, "{host} {pattern}");
        }
    }
}
