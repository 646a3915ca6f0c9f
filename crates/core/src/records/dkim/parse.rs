//! Reading a DKIM key record's text into [`DkimKeyRecord`] (RFC 6376 §3.6.1): what makes a record
//! unusable is an error here; what makes it weak or odd is a lint.

use std::fmt;

use super::{DkimKeyRecord, KeyType};
use crate::records::tags::{self, TagListError};

/// Why a DKIM key record cannot be used at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DkimSyntaxError {
    /// The `tag=value` list itself is broken.
    TagList(TagListError),
    /// `v=` is present but is not `DKIM1` (RFC 6376 §3.6.1), e.g. `v=DKIM1:` or `v=DKIM0`.
    BadVersion {
        /// The value found.
        found: String,
    },
    /// `v=` is present but not the first tag.
    VersionNotFirst,
    /// There is no `p=` tag (RFC 6376 §3.6.1: "REQUIRED").
    MissingKey,
}

impl fmt::Display for DkimSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DkimSyntaxError::TagList(e) => write!(f, "the DKIM record cannot be read: {e}"),
            DkimSyntaxError::BadVersion { found } => write!(
                f,
                "the DKIM record starts with v={} but must start with v=DKIM1;",
                tags::shorten(found)
            ),
            DkimSyntaxError::VersionNotFirst => {
                f.write_str("v=DKIM1 must be the first part of the DKIM record")
            }
            DkimSyntaxError::MissingKey => {
                f.write_str("the DKIM record has no p= part, so it holds no key")
            }
        }
    }
}

/// Split a `:`-separated list (`h=`, `s=`, `t=`), dropping whitespace inside items.
fn colon_list(value: &str) -> Vec<String> {
    value
        .split(':')
        .map(tags::without_whitespace)
        .filter(|s| !s.is_empty())
        .collect()
}

impl DkimKeyRecord {
    /// Parse a key record's text (character-strings already joined). Never panics.
    pub fn parse(text: &str) -> Result<DkimKeyRecord, DkimSyntaxError> {
        let list = tags::parse(text).map_err(DkimSyntaxError::TagList)?;
        let mut record = DkimKeyRecord {
            version: false,
            hashes: None,
            key_type: None,
            notes: None,
            public_key: String::new(),
            services: None,
            flags: Vec::new(),
            other: Vec::new(),
        };
        let mut have_key = false;
        for (i, tag) in list.into_iter().enumerate() {
            match tag.name.as_str() {
                "v" => {
                    if tag.value != "DKIM1" {
                        return Err(DkimSyntaxError::BadVersion { found: tag.value });
                    }
                    if i != 0 {
                        return Err(DkimSyntaxError::VersionNotFirst);
                    }
                    record.version = true;
                }
                "h" => record.hashes = Some(colon_list(&tag.value)),
                "k" => record.key_type = Some(KeyType::parse(&tag.value)),
                "n" => record.notes = Some(tag.value),
                "p" => {
                    record.public_key = tags::without_whitespace(&tag.value);
                    have_key = true;
                }
                "s" => record.services = Some(colon_list(&tag.value)),
                "t" => record.flags = colon_list(&tag.value),
                _ => record.other.push((tag.name, tag.value)),
            }
        }
        if !have_key {
            return Err(DkimSyntaxError::MissingKey);
        }
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_and_renders_them_back() {
        for (input, rendered) in [
            ("v=DKIM1; k=rsa; p=MIIB", "v=DKIM1; k=rsa; p=MIIB"),
            ("p=MIIB", "p=MIIB"),
            ("v=DKIM1; p=", "v=DKIM1; p="),
            (
                "v=DKIM1; h=sha1 : sha 256; s=*:email; t=y:s; p=AB CD",
                "v=DKIM1; h=sha1:sha256; s=*:email; t=y:s; p=ABCD",
            ),
            ("k=ed25519; p=yi50", "k=ed25519; p=yi50"),
            ("v=DKIM1; g=*; p=X", "v=DKIM1; g=*; p=X"),
        ] {
            let record = DkimKeyRecord::parse(input).expect(input);
            assert_eq!(record.to_string(), rendered);
            assert_eq!(DkimKeyRecord::parse(&record.to_string()), Ok(record));
        }
    }

    #[test]
    fn unusable_records_say_why() {
        for (input, expected) in [
            (
                "v=DKIM1: g=*; k=rsa; p=X",
                DkimSyntaxError::BadVersion {
                    found: "DKIM1: g=*".into(),
                },
            ),
            (
                "v=DKIM0; p=X",
                DkimSyntaxError::BadVersion {
                    found: "DKIM0".into(),
                },
            ),
            ("k=rsa; v=DKIM1; p=X", DkimSyntaxError::VersionNotFirst),
            ("v=DKIM1; k=rsa; h=sha1:sha256", DkimSyntaxError::MissingKey),
            ("", DkimSyntaxError::TagList(TagListError::Empty)),
        ] {
            assert_eq!(DkimKeyRecord::parse(input), Err(expected), "{input:?}");
        }
    }
}
