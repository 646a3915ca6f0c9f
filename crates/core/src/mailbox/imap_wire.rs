//! IMAP response lines read before TLS and for classifying refusals (RFC 9051 §7.1 status
//! responses, §7.2.2 CAPABILITY, §7.1 response codes). Never panics on hostile input.

/// The status conditions of RFC 9051 §7.1: `resp-cond-state`, `resp-cond-auth`, `resp-cond-bye`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// `OK` (§7.1.1).
    Ok,
    /// `NO` (§7.1.2).
    No,
    /// `BAD` (§7.1.3).
    Bad,
    /// `PREAUTH` (§7.1.4): already logged in (not expected on a mail client's connection).
    Preauth,
    /// `BYE` (§7.1.5): the server is closing.
    Bye,
}

/// `resp-text = ["[" resp-text-code "]" SP] [text]` (RFC 9051 §9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RespText {
    /// The bracketed code, e.g. `AUTHENTICATIONFAILED` or `CAPABILITY IMAP4rev1 STARTTLS`.
    pub code: Option<String>,
    /// The human-readable text.
    pub text: String,
}

/// One response line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImapLine {
    /// `* OK|NO|BAD|PREAUTH|BYE resp-text` (greetings and untagged status).
    UntaggedStatus(Condition, RespText),
    /// `* CAPABILITY …` (RFC 9051 §7.2.2), names uppercased.
    Capability(Vec<String>),
    /// Another untagged response (`* 3 EXISTS`, …).
    UntaggedOther,
    /// `tag OK|NO|BAD resp-text` (§7.1, tagged).
    Tagged {
        /// The command tag.
        tag: String,
        /// The outcome.
        condition: Condition,
        /// Code and text.
        resp: RespText,
    },
    /// `+ …` (command continuation request, §7.5).
    Continuation,
    /// Not IMAP.
    Malformed,
}

/// Parse one line (without CRLF).
pub fn parse_line(line: &[u8]) -> ImapLine {
    let text = String::from_utf8_lossy(line);
    let text = text.as_ref();
    if text.starts_with('+') {
        return ImapLine::Continuation;
    }
    let Some((first, rest)) = text.split_once(' ') else {
        return ImapLine::Malformed;
    };
    if first.is_empty() {
        return ImapLine::Malformed;
    }
    let (word, after) = match rest.split_once(' ') {
        Some((w, a)) => (w, a),
        None => (rest, ""),
    };
    let condition = condition(word);
    if first == "*" {
        if word.eq_ignore_ascii_case("CAPABILITY") {
            return ImapLine::Capability(capability_list(after));
        }
        return match condition {
            Some(c) => ImapLine::UntaggedStatus(c, resp_text(after)),
            None => ImapLine::UntaggedOther,
        };
    }
    if !first.bytes().all(is_tag_char) {
        return ImapLine::Malformed;
    }
    match condition {
        Some(c @ (Condition::Ok | Condition::No | Condition::Bad)) => ImapLine::Tagged {
            tag: first.to_owned(),
            condition: c,
            resp: resp_text(after),
        },
        _ => ImapLine::Malformed,
    }
}

fn condition(word: &str) -> Option<Condition> {
    match word.to_ascii_uppercase().as_str() {
        "OK" => Some(Condition::Ok),
        "NO" => Some(Condition::No),
        "BAD" => Some(Condition::Bad),
        "PREAUTH" => Some(Condition::Preauth),
        "BYE" => Some(Condition::Bye),
        _ => None,
    }
}

/// `tag = 1*<any ASTRING-CHAR except "+">` (RFC 9051 §9), simplified to visible ASCII.
fn is_tag_char(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b'+' | b'(' | b')' | b'{' | b'%' | b'*' | b'"' | b'\\')
}

/// Split `[CODE args] text`.
pub fn resp_text(s: &str) -> RespText {
    if let Some(inner) = s.strip_prefix('[') {
        if let Some((code, text)) = inner.split_once(']') {
            return RespText {
                code: Some(code.trim().to_owned()),
                text: text.trim().to_owned(),
            };
        }
    }
    RespText {
        code: None,
        text: s.trim().to_owned(),
    }
}

/// Capability names, uppercased, at most 200.
pub fn capability_list(s: &str) -> Vec<String> {
    s.split_ascii_whitespace()
        .take(200)
        .map(|c| c.chars().take(100).collect::<String>().to_ascii_uppercase())
        .collect()
}

/// The capabilities of a `[CAPABILITY …]` response code, if that is the code.
pub fn capabilities_in_code(code: Option<&str>) -> Option<Vec<String>> {
    let code = code?;
    let (name, rest) = code.split_once(' ').unwrap_or((code, ""));
    name.eq_ignore_ascii_case("CAPABILITY")
        .then(|| capability_list(rest))
}

/// What a refused login means (RFC 5530 response codes, plus well-known provider texts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `AUTHENTICATIONFAILED` or an unexplained NO: wrong user name or password.
    WrongPassword,
    /// Provider text asking for an app-specific password.
    AppPasswordNeeded,
    /// Provider text saying password logins are off (OAuth only).
    BasicAuthDisabled,
    /// `CONTACTADMIN`, `NOPERM` or "disabled": this protocol is off for the account.
    Disabled,
    /// `UNAVAILABLE`: a temporary failure on the server's side.
    Unavailable,
}

/// Classify a refusal from its response code and text (any protocol's wording works).
pub fn classify_refusal(code: Option<&str>, text: &str) -> Refusal {
    let code = code.unwrap_or("").to_ascii_uppercase();
    let t = text.to_ascii_lowercase();
    if t.contains("application-specific password")
        || t.contains("app password")
        || t.contains("application specific password")
        || t.contains("app-specific password")
    {
        return Refusal::AppPasswordNeeded;
    }
    if t.contains("basic auth")
        || t.contains("basicauthblocked")
        || t.contains("oauth")
        || t.contains("web login required")
    {
        return Refusal::BasicAuthDisabled;
    }
    if code.starts_with("CONTACTADMIN")
        || code.starts_with("NOPERM")
        || code.starts_with("SYS/PERM")
        || t.contains("disabled")
        || t.contains("not enabled")
        || t.contains("not allowed")
    {
        return Refusal::Disabled;
    }
    if code.starts_with("UNAVAILABLE") || code.starts_with("SYS/TEMP") || code.starts_with("IN-USE")
    {
        return Refusal::Unavailable;
    }
    Refusal::WrongPassword
}

/// Find `[CODE]` and the text in async-imap's `Error::No` / `Bad` description
/// (`code: Some(…), info: Some("[AUTHENTICATIONFAILED] Authentication failed.")`).
pub fn refusal_of_description(description: &str) -> (Option<String>, String) {
    let info = description
        .split_once("info: ")
        .map_or(description, |(_, rest)| rest)
        .trim()
        .trim_start_matches("Some(")
        .trim_end_matches(')')
        .trim_matches('"');
    let r = resp_text(info);
    let code = r.code.or_else(|| {
        description
            .split_once("code: Some(")
            .and_then(|(_, rest)| rest.split_once(')'))
            .map(|(c, _)| c.to_ascii_uppercase())
    });
    (code, r.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn lines_parse() {
        for (input, expected) in [
            (
                &b"* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot ready."[..],
                ImapLine::UntaggedStatus(
                    Condition::Ok,
                    RespText {
                        code: Some("CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED".into()),
                        text: "Dovecot ready.".into(),
                    },
                ),
            ),
            (
                b"* BYE too many connections",
                ImapLine::UntaggedStatus(
                    Condition::Bye,
                    RespText {
                        code: None,
                        text: "too many connections".into(),
                    },
                ),
            ),
            (
                b"* CAPABILITY imap4rev2 STARTTLS auth=plain",
                ImapLine::Capability(caps(&["IMAP4REV2", "STARTTLS", "AUTH=PLAIN"])),
            ),
            (b"* 3 EXISTS", ImapLine::UntaggedOther),
            (
                b"sw1 OK Begin TLS negotiation now.",
                ImapLine::Tagged {
                    tag: "sw1".into(),
                    condition: Condition::Ok,
                    resp: RespText {
                        code: None,
                        text: "Begin TLS negotiation now.".into(),
                    },
                },
            ),
            (
                b"a2 NO [AUTHENTICATIONFAILED] Authentication failed.",
                ImapLine::Tagged {
                    tag: "a2".into(),
                    condition: Condition::No,
                    resp: RespText {
                        code: Some("AUTHENTICATIONFAILED".into()),
                        text: "Authentication failed.".into(),
                    },
                },
            ),
            (b"+ ready", ImapLine::Continuation),
            (b"", ImapLine::Malformed),
            (b"garbage", ImapLine::Malformed),
            (b"a1 HELLO", ImapLine::Malformed),
            (b"a1 PREAUTH x", ImapLine::Malformed),
            (b" OK x", ImapLine::Malformed),
            (b"\xff\xfe OK", ImapLine::Malformed),
            (
                b"* OK [unterminated code",
                ImapLine::UntaggedStatus(
                    Condition::Ok,
                    RespText {
                        code: None,
                        text: "[unterminated code".into(),
                    },
                ),
            ),
            (
                b"* OK",
                ImapLine::UntaggedStatus(
                    Condition::Ok,
                    RespText {
                        code: None,
                        text: String::new(),
                    },
                ),
            ),
        ] {
            assert_eq!(
                parse_line(input),
                expected,
                "{}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn capability_codes() {
        assert_eq!(
            capabilities_in_code(Some("CAPABILITY IMAP4rev1 STARTTLS")),
            Some(caps(&["IMAP4REV1", "STARTTLS"]))
        );
        assert_eq!(capabilities_in_code(Some("ALERT")), None);
        assert_eq!(capabilities_in_code(None), None);
    }

    #[test]
    fn refusals_are_classified() {
        for (code, text, expected) in [
            (Some("AUTHENTICATIONFAILED"), "Authentication failed.", Refusal::WrongPassword),
            (Some("CONTACTADMIN"), "IMAP access is disabled for this account", Refusal::Disabled),
            (None, "[ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833", Refusal::AppPasswordNeeded),
            (None, "5.7.139 Authentication unsuccessful, basic authentication is disabled.", Refusal::BasicAuthDisabled),
            (Some("UNAVAILABLE"), "try later", Refusal::Unavailable),
            (Some("SYS/PERM"), "POP3 access is disabled for this account", Refusal::Disabled),
            (None, "permanent error (535): 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.", Refusal::Disabled),
            (None, "permanent error (534): 5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor", Refusal::AppPasswordNeeded),
            (Some("AUTHENTICATIONFAILED"), "Invalid credentials (Failure)", Refusal::WrongPassword),
            (None, "", Refusal::WrongPassword),
        ] {
            assert_eq!(classify_refusal(code, text), expected, "{text}");
        }
    }

    #[test]
    fn async_imap_descriptions_are_read() {
        let (code, text) = refusal_of_description(
            "code: None, info: Some(\"[AUTHENTICATIONFAILED] Authentication failed.\")",
        );
        assert_eq!(code.as_deref(), Some("AUTHENTICATIONFAILED"));
        assert_eq!(text, "Authentication failed.");
        let (code, _) = refusal_of_description("garbage");
        assert_eq!(code, None);
    }
}
