//! What the provider and registrar catalogs share: where a fact comes from, `{placeholder}`
//! templates for account-specific values, and "did you mean" matches for unknown ids.

use serde::{Deserialize, Serialize};

/// Where a group of facts comes from and when it was last checked against that page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The page the facts were read from (https).
    pub url: String,
    /// The date the facts were checked, `YYYY-MM-DD`.
    pub checked: String,
    /// Whether the page is the provider's own, a third-party copy, or what stays unverified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The names of the `{placeholder}`s in `template`, in order of appearance, without braces.
/// `None` when a brace is unbalanced or a name is not `[a-z0-9_]+`.
pub fn placeholders(template: &str) -> Option<Vec<&str>> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return None;
        }
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let name = &after[..close];
        let well_formed = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !well_formed {
            return None;
        }
        names.push(name);
        rest = &after[close + 1..];
    }
    Some(names)
}

/// `template` with every `{name}` replaced from `values`; `None` when one has no value
/// (so a half-filled record is never shown as if it were complete).
pub fn fill(template: &str, values: &[(&str, &str)]) -> Option<String> {
    let mut out = template.to_owned();
    for name in placeholders(template)? {
        let (_, value) = values.iter().find(|(n, _)| *n == name)?;
        out = out.replace(&format!("{{{name}}}"), value);
    }
    Some(out)
}

/// Up to three ids close to `input` (edit distance, or one containing the other), closest
/// first, for "did you mean" messages.
pub fn close_matches<'a>(input: &str, ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let input = input.trim().to_ascii_lowercase();
    if input.is_empty() {
        return Vec::new();
    }
    let limit = (input.len() / 3).clamp(1, 3);
    let mut scored: Vec<(usize, &str)> = ids
        .into_iter()
        .filter_map(|id| {
            let distance = edit_distance(&input, id);
            let related = input.len() >= 3 && (id.contains(&input) || input.contains(id));
            (distance <= limit || related).then_some((distance, id))
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, id)| id.to_owned())
        .collect()
}

/// Levenshtein distance over bytes (ids are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_and_checked() {
        for (template, expected) in [
            ("s1._domainkey", Some(vec![])),
            ("{token1}._domainkey", Some(vec!["token1"])),
            (
                "s1.domainkey.u{account}.wl{cluster}.sendgrid.net",
                Some(vec!["account", "cluster"]),
            ),
            ("{unclosed", None),
            ("closed}", None),
            ("{Upper}", None),
            ("{}", None),
        ] {
            assert_eq!(placeholders(template), expected, "{template}");
        }
    }

    #[test]
    fn fill_needs_every_value() {
        let t = "selector1-{domain_dashes}._domainkey.{tenant}.onmicrosoft.com";
        assert_eq!(
            fill(
                t,
                &[("domain_dashes", "contoso-com"), ("tenant", "contoso")]
            )
            .as_deref(),
            Some("selector1-contoso-com._domainkey.contoso.onmicrosoft.com")
        );
        assert_eq!(fill(t, &[("tenant", "contoso")]), None);
    }

    #[test]
    fn close_matches_catch_typos_and_fragments() {
        let ids = [
            "google-workspace",
            "amazon-ses",
            "sendgrid",
            "mailgun",
            "zoho",
        ];
        for (input, expected) in [
            ("sendgird", vec!["sendgrid"]),
            ("SES", vec!["amazon-ses"]),
            ("google", vec!["google-workspace"]),
            ("mailgum", vec!["mailgun"]),
            ("zzzzzzzz", vec![]),
            ("", vec![]),
        ] {
            assert_eq!(close_matches(input, ids), expected, "{input}");
        }
    }
}
