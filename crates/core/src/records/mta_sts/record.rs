//! The `_mta-sts.<domain>` TXT record (RFC 8461 §3.1): `v=STSv1; id=<1-32 alphanumerics>;`, where
//! a new id tells senders to fetch the policy again.

use std::fmt;

use crate::records::tags::{self, TagListError};

/// ```text
/// sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
/// sts-version     = %s"v=STSv1"
/// sts-id          = %s"id=" 1*32(ALPHA / DIGIT)
/// sts-extension   = sts-ext-name "=" sts-ext-value
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MtaStsRecord {
    /// The policy id: changes whenever the policy changes.
    pub id: String,
    /// Extension tags, as written (senders ignore them).
    pub extensions: Vec<(String, String)>,
}

/// Why an `_mta-sts` record cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MtaStsRecordError {
    /// The `tag=value` list is broken (including a repeated tag).
    TagList(TagListError),
    /// An SPF record sits where the MTA-STS record belongs.
    SpfRecord,
    /// It does not start with `v=STSv1`.
    BadVersion,
    /// No `id=`, or one that is not 1–32 letters and digits.
    BadId,
}

impl fmt::Display for MtaStsRecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MtaStsRecordError::TagList(e) => write!(f, "the MTA-STS record cannot be read: {e}"),
            MtaStsRecordError::SpfRecord => {
                f.write_str("this is an SPF record, not an MTA-STS record")
            }
            MtaStsRecordError::BadVersion => {
                f.write_str("an MTA-STS record must start with v=STSv1")
            }
            MtaStsRecordError::BadId => f.write_str(
                "the id= must be 1 to 32 letters and digits, for example 20261201T000000",
            ),
        }
    }
}

impl MtaStsRecord {
    /// A record with this id.
    pub fn new(id: impl Into<String>) -> Self {
        MtaStsRecord {
            id: id.into(),
            extensions: Vec::new(),
        }
    }

    /// Parse the TXT text. Never panics.
    pub fn parse(text: &str) -> Result<MtaStsRecord, MtaStsRecordError> {
        if text.trim_start().to_ascii_lowercase().starts_with("v=spf1") {
            return Err(MtaStsRecordError::SpfRecord);
        }
        let list = tags::parse(text).map_err(MtaStsRecordError::TagList)?;
        let mut id = None;
        let mut extensions = Vec::new();
        for (i, tag) in list.into_iter().enumerate() {
            match (i, tag.name.as_str()) {
                (0, "v") if tag.value == "STSv1" => {}
                (0, _) | (_, "v") => return Err(MtaStsRecordError::BadVersion),
                (_, "id") => id = Some(tag.value),
                _ => extensions.push((tag.name, tag.value)),
            }
        }
        let id = id
            .filter(|id| {
                (1..=32).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric())
            })
            .ok_or(MtaStsRecordError::BadId)?;
        Ok(MtaStsRecord { id, extensions })
    }
}

impl fmt::Display for MtaStsRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v=STSv1; id={}", self.id)?;
        for (name, value) in &self.extensions {
            write!(f, "; {name}={value}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_and_rejects_broken() {
        for (input, expected) in [
            (
                "v=STSv1; id=20240101T010101",
                Ok("v=STSv1; id=20240101T010101"),
            ),
            (
                "v=STSv1;id=20180907T090909;",
                Ok("v=STSv1; id=20180907T090909"),
            ),
            ("v=STSv1; id=abc; xyz=foo", Ok("v=STSv1; id=abc; xyz=foo")),
            (
                "id=20180907T090909; v=STSv1;",
                Err(MtaStsRecordError::BadVersion),
            ),
            (
                "v=STSv12;id=20180907T090909;",
                Err(MtaStsRecordError::BadVersion),
            ),
            ("v=spf1 -all", Err(MtaStsRecordError::SpfRecord)),
            ("v=STSv1; xyz=foo", Err(MtaStsRecordError::BadId)),
            ("v=STSv1; id=has-dash", Err(MtaStsRecordError::BadId)),
        ] {
            let got = MtaStsRecord::parse(input).map(|r| r.to_string());
            assert_eq!(got, expected.map(str::to_owned), "{input:?}");
        }
    }
}
