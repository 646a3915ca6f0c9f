//! BIMI (draft-brand-indicators-for-message-identification): the `default._bimi.<domain>` TXT
//! record pointing at the brand logo (SVG Tiny PS) and its certificate, honoured only under an
//! enforcing DMARC policy.

use std::fmt;

use super::dmarc::{DmarcRecord, Policy};
use crate::records::tags::{self, TagListError};

/// ```text
/// bimi-record = bimi-version *(";" bimi-tag) [";"]
/// bimi-version = "v=BIMI1"
/// bimi-location = "l=" [ URI ]      ; https, an SVG file; empty declines to show a logo
/// bimi-authority = "a=" [ URI ]     ; https, a PEM file with the mark certificate
/// bimi-avp = "avp=" ( "brand" / "personal" )
/// bimi-lps = "lps=" local-part-selector *( "," local-part-selector )
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BimiRecord {
    /// `l=`: the logo URL; `Some("")` declines to show a logo.
    pub location: Option<String>,
    /// `a=`: the mark certificate URL.
    pub authority: Option<String>,
    /// `avp=`: brand or personal avatar preference.
    pub avatar_preference: Option<String>,
    /// `lps=`: local-part selectors, lowercase.
    pub local_part_selectors: Option<Vec<String>>,
    /// Other tags, as written.
    pub extensions: Vec<(String, String)>,
}

/// Why a BIMI record cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BimiError {
    /// The `tag=value` list is broken (including a repeated tag).
    TagList(TagListError),
    /// An SPF record sits where the BIMI record belongs.
    SpfRecord,
    /// It does not start with `v=BIMI1`.
    BadVersion,
    /// `l=` or `a=` is not an `https://` URL.
    NotHttps {
        /// The tag.
        tag: &'static str,
    },
    /// `avp=` is not `brand` or `personal`.
    BadAvatarPreference,
    /// An `lps=` selector that is not letters, digits and hyphens.
    BadLocalPartSelector {
        /// The selector as written.
        value: String,
    },
}

impl fmt::Display for BimiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BimiError::TagList(e) => write!(f, "the BIMI record cannot be read: {e}"),
            BimiError::SpfRecord => f.write_str("this is an SPF record, not a BIMI record"),
            BimiError::BadVersion => f.write_str("a BIMI record must start with v=BIMI1"),
            BimiError::NotHttps { tag } => write!(f, "{tag}= must be an https:// address"),
            BimiError::BadAvatarPreference => f.write_str("avp= must be brand or personal"),
            BimiError::BadLocalPartSelector { value } => write!(
                f,
                "'{}' in lps= may contain only letters, digits and hyphens",
                tags::shorten(value)
            ),
        }
    }
}

fn https_or_empty(tag: &'static str, value: &str) -> Result<String, BimiError> {
    let ok = value.is_empty()
        || value.to_ascii_lowercase().starts_with("https://")
            && value.len() > 8
            && value.chars().all(|c| c.is_ascii_graphic());
    if ok {
        Ok(value.to_owned())
    } else {
        Err(BimiError::NotHttps { tag })
    }
}

impl BimiRecord {
    /// A record showing the logo at `location` (and its certificate, if any).
    pub fn new(location: &str, authority: Option<&str>) -> Self {
        BimiRecord {
            location: Some(location.to_owned()),
            authority: authority.map(str::to_owned),
            avatar_preference: None,
            local_part_selectors: None,
            extensions: Vec::new(),
        }
    }

    /// Parse the TXT text. Never panics.
    pub fn parse(text: &str) -> Result<BimiRecord, BimiError> {
        if text.trim_start().to_ascii_lowercase().starts_with("v=spf1") {
            return Err(BimiError::SpfRecord);
        }
        let list = tags::parse(text).map_err(BimiError::TagList)?;
        let mut record = BimiRecord {
            location: None,
            authority: None,
            avatar_preference: None,
            local_part_selectors: None,
            extensions: Vec::new(),
        };
        for (i, tag) in list.into_iter().enumerate() {
            match (i, tag.name.as_str()) {
                (0, "v") if tag.value == "BIMI1" => {}
                (0, _) | (_, "v") => return Err(BimiError::BadVersion),
                (_, "l") => record.location = Some(https_or_empty("l", &tag.value)?),
                (_, "a") => record.authority = Some(https_or_empty("a", &tag.value)?),
                (_, "avp") => {
                    let v = tag.value.to_ascii_lowercase();
                    if v != "brand" && v != "personal" {
                        return Err(BimiError::BadAvatarPreference);
                    }
                    record.avatar_preference = Some(v);
                }
                (_, "lps") => {
                    let mut selectors = Vec::new();
                    for s in tag.value.split(',').map(str::trim) {
                        let ok = !s.is_empty()
                            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
                        if !ok {
                            return Err(BimiError::BadLocalPartSelector {
                                value: s.to_owned(),
                            });
                        }
                        selectors.push(s.to_ascii_lowercase());
                    }
                    record.local_part_selectors = Some(selectors);
                }
                _ => record.extensions.push((tag.name, tag.value)),
            }
        }
        Ok(record)
    }
}

impl fmt::Display for BimiRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("v=BIMI1")?;
        if let Some(l) = &self.location {
            write!(f, "; l={l}")?;
        }
        if let Some(a) = &self.authority {
            write!(f, "; a={a}")?;
        }
        if let Some(avp) = &self.avatar_preference {
            write!(f, "; avp={avp}")?;
        }
        if let Some(lps) = &self.local_part_selectors {
            write!(f, "; lps={}", lps.join(","))?;
        }
        for (name, value) in &self.extensions {
            write!(f, "; {name}={value}")?;
        }
        Ok(())
    }
}

/// Findings for the `default._bimi` TXT text.
pub fn lint(text: &str) -> Vec<crate::finding::Finding> {
    use crate::finding::{Finding, Severity};
    let record = match BimiRecord::parse(text) {
        Ok(r) => r,
        Err(e) => {
            return vec![Finding::new(
                "bimi.syntax",
                Severity::Error,
                format!("The BIMI record is broken: {e}."),
                "Replace it with v=BIMI1; l= followed by the https:// address of your SVG logo.",
            )]
        }
    };
    let mut out = Vec::new();
    match record.location.as_deref() {
        Some("") | None => out.push(Finding::note(
            "bimi.no_logo",
            "The BIMI record names no logo (l= is empty), so no logo is shown.",
        )),
        Some(l) if !l.to_ascii_lowercase().ends_with(".svg") => out.push(Finding::new(
            "bimi.not_svg",
            Severity::Warning,
            "The BIMI logo address does not end in .svg; mailbox providers show only SVG Tiny PS logos.",
            "Publish the logo as an SVG Tiny PS file and point l= at it.",
        )),
        Some(_) => {}
    }
    if record.authority.as_deref().unwrap_or_default().is_empty()
        && record.location.as_deref().is_some_and(|l| !l.is_empty())
    {
        out.push(Finding::note(
            "bimi.no_certificate",
            "There is no mark certificate (a=). Gmail and Apple Mail show the logo only with a VMC or CMC certificate; some other providers show it without.",
        ));
    }
    for (name, _) in &record.extensions {
        out.push(Finding::new(
            "bimi.unknown_tag",
            Severity::Warning,
            format!("The BIMI record has a tag {name}= that mailbox providers ignore (a typo?)."),
            format!("Remove {name}=."),
        ));
    }
    out
}

/// Why BIMI cannot work yet under this DMARC record, or `None` when it can: mailbox providers
/// show a logo only for mail under `p=quarantine` or `p=reject` (for subdomains too).
pub fn blocked_by_dmarc(dmarc: Option<&DmarcRecord>) -> Option<String> {
    let Some(record) = dmarc else {
        return Some("BIMI needs a DMARC record at quarantine or reject first; the domain has no DMARC record.".into());
    };
    let policy = record.effective_policy();
    if policy == Policy::None {
        return Some("BIMI needs DMARC at quarantine or reject; the domain is still at p=none (monitoring). Finish the DMARC rollout first.".into());
    }
    if record.subdomain_policy == Some(Policy::None) {
        return Some(
            "BIMI needs subdomains to be protected too, but the DMARC record has sp=none.".into(),
        );
    }
    if record.testing == Some(true) {
        return Some(
            "BIMI needs the DMARC policy fully applied; remove t=y from the DMARC record first."
                .into(),
        );
    }
    if record.pct.as_deref().is_some_and(|p| p != "100") {
        return Some(
            "BIMI needs the DMARC policy to apply to all mail; remove pct= from the DMARC record."
                .into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        for (input, expected) in [
            (
                "v=BIMI1; l=https://example.com/logo.svg",
                Ok("v=BIMI1; l=https://example.com/logo.svg"),
            ),
            ("v=BIMI1; l=;", Ok("v=BIMI1; l=")),
            (
                "v=BIMI1; lps=news, Billing",
                Ok("v=BIMI1; lps=news,billing"),
            ),
            ("v=BIMI1; avp=brand", Ok("v=BIMI1; avp=brand")),
            (
                "v=BIMI1; lps=help_desk",
                Err(BimiError::BadLocalPartSelector {
                    value: "help_desk".into(),
                }),
            ),
            (
                "v=BIMI1; lps=info.support",
                Err(BimiError::BadLocalPartSelector {
                    value: "info.support".into(),
                }),
            ),
            (
                "v=BIMI1; l=; avp=bogus",
                Err(BimiError::BadAvatarPreference),
            ),
            ("v=BIMI1 garbage", Err(BimiError::BadVersion)),
            ("v=spf1 -all", Err(BimiError::SpfRecord)),
            (
                "v=BIMI1; l=http://x.com/a.svg",
                Err(BimiError::NotHttps { tag: "l" }),
            ),
            (
                "v=BIMI1; l=https://a.example/a.svg; l=https://b.example/b.svg",
                Err(BimiError::TagList(TagListError::Duplicate {
                    name: "l".into(),
                })),
            ),
        ] {
            let got = BimiRecord::parse(input).map(|r| r.to_string());
            assert_eq!(got, expected.map(str::to_owned), "{input:?}");
        }
    }

    #[test]
    fn needs_enforcing_dmarc() {
        for (dmarc, blocked) in [
            (None, true),
            (Some("v=DMARC1; p=none"), true),
            (Some("v=DMARC1; p=quarantine"), false),
            (Some("v=DMARC1; p=reject; sp=none"), true),
            (Some("v=DMARC1; p=reject; pct=50"), true),
            (Some("v=DMARC1; p=reject"), false),
        ] {
            let record = dmarc.map(|d| DmarcRecord::parse(d).expect(d));
            assert_eq!(
                blocked_by_dmarc(record.as_ref()).is_some(),
                blocked,
                "{dmarc:?}"
            );
        }
    }
}
