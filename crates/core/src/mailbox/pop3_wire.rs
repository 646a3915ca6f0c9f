//! POP3 response lines (RFC 1939 §3 status indicators, RFC 2449 §5 CAPA and §8 extended
//! response codes, RFC 3206 codes `[AUTH]`, `[SYS/PERM]`). Never panics on hostile input.

/// `+OK` / `-ERR` with an optional `[CODE]` (RFC 2449 §8) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pop3Status {
    /// `+OK`.
    pub ok: bool,
    /// The extended response code, e.g. `AUTH`, `SYS/PERM`, `IN-USE`.
    pub code: Option<String>,
    /// The rest.
    pub text: String,
}

/// One line of a POP3 answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pop3Line {
    /// A status line.
    Status(Pop3Status),
    /// `+ base64` — a SASL continuation (RFC 5034 §4).
    Continuation(String),
    /// Anything else.
    Malformed,
}

/// Parse a single-line response (RFC 1939 §3: "+OK" or "-ERR", then optional text).
pub fn parse_status(line: &[u8]) -> Pop3Line {
    let text = String::from_utf8_lossy(line);
    let (ok, rest) = if let Some(r) = strip_word(&text, "+OK") {
        (true, r)
    } else if let Some(r) = strip_word(&text, "-ERR") {
        (false, r)
    } else if let Some(r) = text.strip_prefix("+ ") {
        return Pop3Line::Continuation(r.trim().to_owned());
    } else if text == "+" {
        return Pop3Line::Continuation(String::new());
    } else {
        return Pop3Line::Malformed;
    };
    let rest = rest.trim_start();
    let (code, text) = match rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((code, t)) => (Some(code.trim().to_ascii_uppercase()), t.trim().to_owned()),
        None => (None, rest.trim().to_owned()),
    };
    Pop3Line::Status(Pop3Status { ok, code, text })
}

/// `word` at the start, followed by a space or the end (case-insensitive, RFC 1939 §3).
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let head = text.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &text[word.len()..];
    (rest.is_empty() || rest.starts_with(' ')).then_some(rest)
}

/// A line of a multi-line answer (RFC 1939 §3): `None` for the terminating ".", else the line
/// with a leading byte-stuffed "." removed.
pub fn multiline_item(line: &[u8]) -> Option<&[u8]> {
    if line == b"." {
        return None;
    }
    Some(line.strip_prefix(b".").unwrap_or(line))
}

/// The capability name of a CAPA line, uppercased, with its arguments (RFC 2449 §5).
pub fn capa_name(line: &[u8]) -> String {
    String::from_utf8_lossy(line)
        .split_ascii_whitespace()
        .take(20)
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Whether the capability list has `name` (the first word of a line).
pub fn has_capa(capas: &[String], name: &str) -> bool {
    capas
        .iter()
        .any(|c| c.split(' ').next().is_some_and(|n| n == name))
}

/// Whether `SASL` lists `mechanism`.
pub fn has_sasl(capas: &[String], mechanism: &str) -> bool {
    capas.iter().any(|c| {
        let mut words = c.split(' ');
        words.next() == Some("SASL") && words.any(|m| m == mechanism)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(ok: bool, code: Option<&str>, text: &str) -> Pop3Line {
        Pop3Line::Status(Pop3Status {
            ok,
            code: code.map(str::to_owned),
            text: text.to_owned(),
        })
    }

    #[test]
    fn status_lines_parse() {
        for (input, expected) in [
            (&b"+OK Dovecot ready."[..], st(true, None, "Dovecot ready.")),
            (b"+OK", st(true, None, "")),
            (b"+ok lower case", st(true, None, "lower case")),
            (
                b"-ERR [AUTH] Authentication failed.",
                st(false, Some("AUTH"), "Authentication failed."),
            ),
            (
                b"-ERR [SYS/PERM] POP3 is off",
                st(false, Some("SYS/PERM"), "POP3 is off"),
            ),
            (b"-ERR [unterminated", st(false, None, "[unterminated")),
            (b"+ ", Pop3Line::Continuation(String::new())),
            (b"+ dXNlcg==", Pop3Line::Continuation("dXNlcg==".into())),
            (b"+OKAY", Pop3Line::Malformed),
            (b"* OK IMAP here", Pop3Line::Malformed),
            (b"", Pop3Line::Malformed),
            (b"\xff\xfe", Pop3Line::Malformed),
            (b"-ER", Pop3Line::Malformed),
        ] {
            assert_eq!(
                parse_status(input),
                expected,
                "{}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn multiline_and_capa() {
        for (input, expected) in [
            (&b"."[..], None),
            (b"..hidden", Some(&b".hidden"[..])),
            (b"USER", Some(&b"USER"[..])),
            (b"", Some(&b""[..])),
        ] {
            assert_eq!(multiline_item(input), expected);
        }
        let capas: Vec<String> = [&b"user"[..], b"SASL PLAIN LOGIN", b"STLS", b"PIPELINING"]
            .iter()
            .map(|l| capa_name(l))
            .collect();
        assert!(has_capa(&capas, "USER"));
        assert!(has_capa(&capas, "STLS"));
        assert!(!has_capa(&capas, "TOP"));
        assert!(has_sasl(&capas, "PLAIN"));
        assert!(!has_sasl(&capas, "CRAM-MD5"));
    }
}
