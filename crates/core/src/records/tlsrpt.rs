//! SMTP TLS Reporting (RFC 8460 §3): the `_smtp._tls.<domain>` TXT record saying where senders
//! report TLS problems delivering to this domain (`v=TLSRPTv1; rua=mailto:…`).

use std::fmt;

use crate::records::tags::{self, TagListError};

/// ```text
/// tlsrpt-record = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]
/// tlsrpt-version = %s"v=TLSRPTv1"
/// tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
/// tlsrpt-uri = URI   ; mailto: or https:
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsRptRecord {
    /// Where reports go.
    pub rua: Vec<String>,
    /// Extension tags, as written (senders ignore them).
    pub extensions: Vec<(String, String)>,
}

/// Why a TLS-RPT record cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsRptError {
    /// The `tag=value` list is broken (including a repeated tag).
    TagList(TagListError),
    /// An SPF record sits where the TLS-RPT record belongs.
    SpfRecord,
    /// It does not start with `v=TLSRPTv1`.
    BadVersion,
    /// There is no `rua=`.
    NoRua,
    /// A report address that is not a `mailto:` or `https:` URI.
    BadUri {
        /// The value as written.
        value: String,
    },
}

impl fmt::Display for TlsRptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsRptError::TagList(e) => write!(f, "the TLS-RPT record cannot be read: {e}"),
            TlsRptError::SpfRecord => f.write_str("this is an SPF record, not a TLS-RPT record"),
            TlsRptError::BadVersion => f.write_str("a TLS-RPT record must start with v=TLSRPTv1"),
            TlsRptError::NoRua => f.write_str("the record has no rua= report address"),
            TlsRptError::BadUri { value } => write!(
                f,
                "'{}' is not a report address; use mailto:name@domain or an https:// address",
                tags::shorten(value)
            ),
        }
    }
}

fn valid_uri(uri: &str) -> bool {
    let lower = uri.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("mailto:")
        .filter(|r| r.contains('@'))
        .or_else(|| lower.strip_prefix("https://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_graphic() && !matches!(c, ',' | ';' | '"'))
    })
}

impl TlsRptRecord {
    /// A record sending reports to these URIs.
    pub fn new(rua: Vec<String>) -> Self {
        TlsRptRecord {
            rua,
            extensions: Vec::new(),
        }
    }

    /// Parse the TXT text. Never panics.
    pub fn parse(text: &str) -> Result<TlsRptRecord, TlsRptError> {
        if text.trim_start().to_ascii_lowercase().starts_with("v=spf1") {
            return Err(TlsRptError::SpfRecord);
        }
        let list = tags::parse(text).map_err(TlsRptError::TagList)?;
        let mut rua = None;
        let mut extensions = Vec::new();
        for (i, tag) in list.into_iter().enumerate() {
            match (i, tag.name.as_str()) {
                (0, "v") if tag.value == "TLSRPTv1" => {}
                (0, _) | (_, "v") => return Err(TlsRptError::BadVersion),
                (_, "rua") => {
                    let uris: Vec<String> =
                        tag.value.split(',').map(|u| u.trim().to_owned()).collect();
                    if let Some(bad) = uris.iter().find(|u| !valid_uri(u)) {
                        return Err(TlsRptError::BadUri { value: bad.clone() });
                    }
                    rua = Some(uris);
                }
                _ => extensions.push((tag.name, tag.value)),
            }
        }
        let rua = rua.ok_or(TlsRptError::NoRua)?;
        Ok(TlsRptRecord { rua, extensions })
    }
}

impl fmt::Display for TlsRptRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v=TLSRPTv1; rua={}", self.rua.join(","))?;
        for (name, value) in &self.extensions {
            write!(f, "; {name}={value}")?;
        }
        Ok(())
    }
}

/// Findings for the `_smtp._tls` TXT text.
pub fn lint(text: &str) -> Vec<crate::finding::Finding> {
    use crate::finding::{Finding, Severity};
    match TlsRptRecord::parse(text) {
        Err(e) => vec![Finding::new(
            "tlsrpt.syntax",
            Severity::Error,
            format!("The TLS reporting record is broken: {e}."),
            "Replace it with v=TLSRPTv1; rua=mailto: followed by an address that receives reports.",
        )
        .rfc("RFC 8460 §3")],
        Ok(r) => r
            .extensions
            .iter()
            .map(|(name, _)| {
                Finding::new(
                    "tlsrpt.unknown_tag",
                    Severity::Warning,
                    format!("The TLS reporting record has a tag {name}= that senders ignore."),
                    format!("Remove {name}= unless your provider asked for it."),
                )
                .rfc("RFC 8460 §3")
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        for (input, expected) in [
            (
                "v=TLSRPTv1; rua=mailto:tlsrpt@example.com",
                Ok("v=TLSRPTv1; rua=mailto:tlsrpt@example.com"),
            ),
            (
                "v=TLSRPTv1; rua=https://tlsrpt.example.com/report",
                Ok("v=TLSRPTv1; rua=https://tlsrpt.example.com/report"),
            ),
            (
                "v=TLSRPTv1;rua=mailto:a@x.com, mailto:b@y.com;",
                Ok("v=TLSRPTv1; rua=mailto:a@x.com,mailto:b@y.com"),
            ),
            ("v=TLSRPTv1", Err(TlsRptError::NoRua)),
            ("v=TLSRPTv1; xyz=foo", Err(TlsRptError::NoRua)),
            ("v=spf1 -all", Err(TlsRptError::SpfRecord)),
            (
                "v=TLSRPTv1; rua=not_a_valid_uri",
                Err(TlsRptError::BadUri {
                    value: "not_a_valid_uri".into(),
                }),
            ),
            (
                "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com",
                Err(TlsRptError::TagList(TagListError::Duplicate {
                    name: "rua".into(),
                })),
            ),
        ] {
            let got = TlsRptRecord::parse(input).map(|r| r.to_string());
            assert_eq!(got, expected.map(str::to_owned), "{input:?}");
        }
    }
}
