//! Reading a DMARC record's text into [`DmarcRecord`] (RFC 7489 §6.4), tolerant where receivers
//! are (spacing, case, removed tags) and strict where a mistake changes what receivers do.

use std::fmt;

use super::{Alignment, DmarcRecord, FailureOption, Policy, PsdFlag};
use crate::records::tags::{self, TagListError};

/// A report destination (RFC 7489 §6.4):
///
/// ```text
/// dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportUri {
    /// The URI, e.g. `mailto:dmarc@example.com`.
    pub uri: String,
    /// The optional size limit after `!`, e.g. `10m`.
    pub max_size: Option<String>,
}

impl ReportUri {
    /// Read one URI with its optional size limit.
    pub fn parse(text: &str) -> Option<ReportUri> {
        let text = text.trim();
        let (uri, max_size) = match text.rsplit_once('!') {
            Some((uri, size)) if valid_size(size) => (uri, Some(size.to_ascii_lowercase())),
            _ => (text, None),
        };
        let (scheme, rest) = uri.split_once(':')?;
        let mut chars = scheme.chars();
        let scheme_ok = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        let rest_ok = !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_graphic() && !matches!(c, ';' | ',' | '"' | '<' | '>'));
        (scheme_ok && rest_ok).then(|| ReportUri {
            uri: uri.to_owned(),
            max_size,
        })
    }

    /// The address of a `mailto:` URI, without `?` parameters.
    pub fn mailto_address(&self) -> Option<&str> {
        let (scheme, rest) = self.uri.split_once(':')?;
        if !scheme.eq_ignore_ascii_case("mailto") {
            return None;
        }
        let address = rest.split('?').next().unwrap_or_default();
        let (local, domain) = address.rsplit_once('@')?;
        (!local.is_empty() && !domain.is_empty() && !local.starts_with('/')).then_some(address)
    }

    /// The domain of a `mailto:` address, lowercase.
    pub fn mailto_domain(&self) -> Option<String> {
        self.mailto_address()
            .and_then(|a| a.rsplit_once('@'))
            .map(|(_, d)| d.trim_end_matches('.').to_ascii_lowercase())
    }
}

fn valid_size(size: &str) -> bool {
    let digits = size.trim_end_matches(['k', 'm', 'g', 't', 'K', 'M', 'G', 'T']);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && size.len() - digits.len() <= 1
}

impl fmt::Display for ReportUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.max_size {
            Some(size) => write!(f, "{}!{size}", self.uri),
            None => f.write_str(&self.uri),
        }
    }
}

/// Why a DMARC record cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DmarcSyntaxError {
    /// The `tag=value` list itself is broken (including a tag given twice).
    TagList(TagListError),
    /// An SPF record sits where the DMARC record belongs.
    SpfRecord,
    /// The record does not start with `v=DMARC1` (RFC 7489 §6.4).
    BadVersion,
    /// A tag has a value DMARC does not allow.
    BadValue {
        /// The tag.
        tag: &'static str,
        /// The value as written.
        value: String,
        /// What is allowed.
        allowed: &'static str,
    },
    /// A report address that is not a URI such as `mailto:dmarc@example.com`.
    BadReportUri {
        /// The tag (`rua` or `ruf`).
        tag: &'static str,
        /// The value as written.
        value: String,
    },
}

impl fmt::Display for DmarcSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DmarcSyntaxError::TagList(e) => write!(f, "the DMARC record cannot be read: {e}"),
            DmarcSyntaxError::SpfRecord => {
                f.write_str("this is an SPF record (v=spf1), not a DMARC record")
            }
            DmarcSyntaxError::BadVersion => f.write_str("a DMARC record must start with v=DMARC1"),
            DmarcSyntaxError::BadValue {
                tag,
                value,
                allowed,
            } => write!(
                f,
                "{tag}={} is not allowed; {tag} must be {allowed}",
                tags::shorten(value)
            ),
            DmarcSyntaxError::BadReportUri { tag, value } => write!(
                f,
                "the report address '{}' in {tag}= is not valid; write it as mailto:name@domain",
                tags::shorten(value)
            ),
        }
    }
}

fn policy_value(tag: &'static str, value: &str) -> Result<Policy, DmarcSyntaxError> {
    Policy::parse(value).ok_or_else(|| DmarcSyntaxError::BadValue {
        tag,
        value: value.to_owned(),
        allowed: "none, quarantine or reject",
    })
}

fn alignment_value(tag: &'static str, value: &str) -> Result<Alignment, DmarcSyntaxError> {
    match value.to_ascii_lowercase().as_str() {
        "r" => Ok(Alignment::Relaxed),
        "s" => Ok(Alignment::Strict),
        _ => Err(DmarcSyntaxError::BadValue {
            tag,
            value: value.to_owned(),
            allowed: "r (relaxed) or s (strict)",
        }),
    }
}

fn uri_list(tag: &'static str, value: &str) -> Result<Vec<ReportUri>, DmarcSyntaxError> {
    value
        .split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            ReportUri::parse(part).ok_or_else(|| DmarcSyntaxError::BadReportUri {
                tag,
                value: part.trim().to_owned(),
            })
        })
        .collect()
}

fn failure_options(value: &str) -> Result<Vec<FailureOption>, DmarcSyntaxError> {
    value
        .split(':')
        .map(|o| match o.trim().to_ascii_lowercase().as_str() {
            "0" => Ok(FailureOption::All),
            "1" => Ok(FailureOption::Any),
            "d" => Ok(FailureOption::Dkim),
            "s" => Ok(FailureOption::Spf),
            _ => Err(DmarcSyntaxError::BadValue {
                tag: "fo",
                value: value.to_owned(),
                allowed: "0, 1, d or s, separated by colons",
            }),
        })
        .collect()
}

impl DmarcRecord {
    /// Parse a record's text (character-strings already joined). Never panics.
    ///
    /// Tag names are read without regard to case and spacing around `=` and `;` is allowed, as
    /// receivers do. The removed tags `pct`, `rf` and `ri` are kept as written and left to the
    /// lints (RFC 9989 removed them; receivers ignore them).
    pub fn parse(text: &str) -> Result<DmarcRecord, DmarcSyntaxError> {
        if text.trim_start().to_ascii_lowercase().starts_with("v=spf1") {
            return Err(DmarcSyntaxError::SpfRecord);
        }
        let list = tags::parse(text).map_err(DmarcSyntaxError::TagList)?;
        let mut record = DmarcRecord {
            policy: None,
            ..DmarcRecord::with_policy(Policy::None)
        };
        for (i, tag) in list.into_iter().enumerate() {
            let name = tag.name.to_ascii_lowercase();
            let value = tag.value;
            if i == 0 {
                if name != "v" || value != "DMARC1" {
                    return Err(DmarcSyntaxError::BadVersion);
                }
                continue;
            }
            match name.as_str() {
                "v" => return Err(DmarcSyntaxError::BadVersion),
                "p" => record.policy = Some(policy_value("p", &value)?),
                "sp" => record.subdomain_policy = Some(policy_value("sp", &value)?),
                "np" => record.nonexistent_policy = Some(policy_value("np", &value)?),
                "adkim" => record.adkim = Some(alignment_value("adkim", &value)?),
                "aspf" => record.aspf = Some(alignment_value("aspf", &value)?),
                "fo" => record.failure_options = Some(failure_options(&value)?),
                "rua" => record.rua = uri_list("rua", &value)?,
                "ruf" => record.ruf = uri_list("ruf", &value)?,
                "pct" => record.pct = Some(value),
                "rf" => record.rf = Some(value),
                "ri" => record.ri = Some(value),
                "psd" => {
                    record.psd = Some(match value.to_ascii_lowercase().as_str() {
                        "y" => PsdFlag::Yes,
                        "n" => PsdFlag::No,
                        "u" => PsdFlag::Unspecified,
                        _ => {
                            return Err(DmarcSyntaxError::BadValue {
                                tag: "psd",
                                value,
                                allowed: "y, n or u",
                            })
                        }
                    })
                }
                "t" => {
                    record.testing = Some(match value.to_ascii_lowercase().as_str() {
                        "y" => true,
                        "n" => false,
                        _ => {
                            return Err(DmarcSyntaxError::BadValue {
                                tag: "t",
                                value,
                                allowed: "y or n",
                            })
                        }
                    })
                }
                _ => record.other.push((tag.name, value)),
            }
        }
        Ok(record)
    }
}

impl DmarcRecord {
    /// Read what a receiver would still use from a record with errors (RFC 7489 §6.6.3): every
    /// tag that parses on its own is kept, broken ones are skipped. `None` when it is not a DMARC
    /// record at all (no `v=DMARC1` first).
    pub fn parse_lenient(text: &str) -> Option<DmarcRecord> {
        if let Ok(record) = DmarcRecord::parse(text) {
            return Some(record);
        }
        let mut parts = text.split(';');
        let first = parts.next()?;
        let (v, value) = first.split_once('=')?;
        if !v.trim().eq_ignore_ascii_case("v") || value.trim() != "DMARC1" {
            return None;
        }
        let mut record = DmarcRecord::parse("v=DMARC1").ok()?;
        for part in parts {
            let candidate = format!("v=DMARC1; {part}");
            let Ok(one) = DmarcRecord::parse(&candidate) else {
                continue;
            };
            record.policy = record.policy.or(one.policy);
            record.subdomain_policy = record.subdomain_policy.or(one.subdomain_policy);
            record.nonexistent_policy = record.nonexistent_policy.or(one.nonexistent_policy);
            record.adkim = record.adkim.or(one.adkim);
            record.aspf = record.aspf.or(one.aspf);
            record.failure_options = record.failure_options.or(one.failure_options);
            if record.rua.is_empty() {
                record.rua = one.rua;
            }
            if record.ruf.is_empty() {
                record.ruf = one.ruf;
            }
            record.pct = record.pct.or(one.pct);
            record.testing = record.testing.or(one.testing);
        }
        Some(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_renders_records() {
        for (input, rendered) in [
            ("v=DMARC1; p=none", "v=DMARC1; p=none"),
            ("v=DMARC1;p=ReJect", "v=DMARC1; p=reject"),
            ("V=DMARC1;p=reject;", "v=DMARC1; p=reject"),
            ("v = DMARC1\t;\tp\t=\treject\t;", "v=DMARC1; p=reject"),
            (
                "v=DMARC1; p=none; rua=mailto:a@x.com!10m, mailto:b@y.net; fo=0:1",
                "v=DMARC1; p=none; fo=0:1; rua=mailto:a@x.com!10m,mailto:b@y.net",
            ),
            (
                "v=DMARC1; rua=mailto:d@example.com",
                "v=DMARC1; rua=mailto:d@example.com",
            ),
            (
                "v=DMARC1; p=reject; pct=50; xyz=foo; t=y; psd=n; np=quarantine",
                "v=DMARC1; p=reject; np=quarantine; pct=50; psd=n; t=y; xyz=foo",
            ),
        ] {
            let record = DmarcRecord::parse(input).expect(input);
            assert_eq!(record.to_string(), rendered, "{input:?}");
            assert_eq!(DmarcRecord::parse(&record.to_string()), Ok(record));
        }
    }

    #[test]
    fn broken_records_name_the_bad_part() {
        for (input, tag) in [
            ("v=DMARC1; p=foo", "p"),
            ("v=DMARC1; p=reject; sp=invalid", "sp"),
            ("v=DMARC1; p=reject; np=invalid", "np"),
            ("v=DMARC1; p=none; adkim=bob", "adkim"),
            ("v=DMARC1; p=reject; fo=x", "fo"),
            ("v=DMARC1; p=reject; psd=x", "psd"),
            ("v=DMARC1; p=reject; t=x", "t"),
            ("v=DMARC1; p=none; rua=reports@dmarc.example", "rua"),
            ("v=DMARC1; p=none; rua=__mailto:r@example.com", "rua"),
        ] {
            let err = DmarcRecord::parse(input).expect_err(input);
            assert!(err.to_string().contains(tag), "{input:?}: {err}");
        }
        for (input, expected) in [
            (
                "v=spf1 include:example.com -all",
                DmarcSyntaxError::SpfRecord,
            ),
            ("V=BOB", DmarcSyntaxError::BadVersion),
            ("p=none; v=DMARC1", DmarcSyntaxError::BadVersion),
            ("", DmarcSyntaxError::TagList(TagListError::Empty)),
            (
                "v=DMARC1; p=reject; p=none",
                DmarcSyntaxError::TagList(TagListError::Duplicate { name: "p".into() }),
            ),
        ] {
            assert_eq!(DmarcRecord::parse(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn lenient_reading_keeps_what_receivers_keep() {
        for (input, expected) in [
            (
                "v=DMARC1; p=reject; rua=dmarc@example.com",
                Some("v=DMARC1; p=reject"),
            ),
            (
                "v=DMARC1; p=quarantine; fo=x; rua=mailto:d@example.com",
                Some("v=DMARC1; p=quarantine; rua=mailto:d@example.com"),
            ),
            ("v=DMARC1; p=none", Some("v=DMARC1; p=none")),
            ("v=spf1 -all", None),
            ("garbage", None),
        ] {
            let got = DmarcRecord::parse_lenient(input).map(|r| r.to_string());
            assert_eq!(got.as_deref(), expected, "{input:?}");
        }
    }

    #[test]
    fn report_uris() {
        for (input, address) in [
            ("mailto:dmarc@example.com", Some("dmarc@example.com")),
            ("mailto:dmarc@example.com!10m", Some("dmarc@example.com")),
            ("MAILTO:d@x.com?subject=hi", Some("d@x.com")),
            ("mailto://abuse.com", None),
            ("ftp://abuse.com", None),
        ] {
            let uri = ReportUri::parse(input).expect(input);
            assert_eq!(uri.mailto_address(), address, "{input}");
        }
        for bad in [
            "not_a_valid_uri",
            "reports@x.com",
            "mailto:",
            "mail to:a@b.c",
        ] {
            assert_eq!(ReportUri::parse(bad), None, "{bad}");
        }
    }
}
