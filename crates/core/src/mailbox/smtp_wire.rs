//! SMTP reply lines read before TLS (RFC 5321 §4.2: `Reply-line = *( Reply-code "-" [ textstring ]
//! CRLF ) Reply-code [ SP textstring ] CRLF`) and the EHLO keywords (§4.1.1.1). Never panics.

/// One reply line: its code, whether it is the last line of the reply, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyLine {
    /// The three-digit reply code (RFC 5321 §4.2.1).
    pub code: u16,
    /// False for `250-…` continuation lines, true for the final `250 …` line.
    pub last: bool,
    /// The text after the code and separator.
    pub text: String,
}

/// Parse one reply line (without CRLF); `None` when it is not `3DIGIT [("-" / SP) text]`.
pub fn parse_reply_line(line: &[u8]) -> Option<ReplyLine> {
    let digits = line.get(..3)?;
    if !digits.iter().all(u8::is_ascii_digit) || !(b'2'..=b'5').contains(&digits[0]) {
        return None;
    }
    let code = digits
        .iter()
        .fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
    let (last, rest) = match line.get(3) {
        None => (true, &line[3..]),
        Some(b' ') => (true, &line[4..]),
        Some(b'-') => (false, &line[4..]),
        Some(_) => return None,
    };
    Some(ReplyLine {
        code,
        last,
        text: String::from_utf8_lossy(rest).trim().to_owned(),
    })
}

/// The EHLO keyword of a reply text (`STARTTLS`, `AUTH`, …), uppercased (RFC 5321 §4.1.1.1).
pub fn ehlo_keyword(text: &str) -> String {
    text.split_ascii_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(code: u16, last: bool, text: &str) -> Option<ReplyLine> {
        Some(ReplyLine {
            code,
            last,
            text: text.to_owned(),
        })
    }

    #[test]
    fn reply_lines_parse() {
        for (input, expected) in [
            (
                &b"220 mail.example.test ESMTP"[..],
                r(220, true, "mail.example.test ESMTP"),
            ),
            (b"250-STARTTLS", r(250, false, "STARTTLS")),
            (b"250 SMTPUTF8", r(250, true, "SMTPUTF8")),
            (b"250", r(250, true, "")),
            (b"554 5.7.1 go away", r(554, true, "5.7.1 go away")),
            (b"220ready", None),
            (b"22 short", None),
            (b"abc def", None),
            (b"999 nine", None),
            (b"", None),
            (b"\xff\xff\xff", None),
        ] {
            assert_eq!(
                parse_reply_line(input),
                expected,
                "{}",
                String::from_utf8_lossy(input)
            );
        }
        assert_eq!(ehlo_keyword("starttls"), "STARTTLS");
        assert_eq!(ehlo_keyword("AUTH PLAIN LOGIN"), "AUTH");
        assert_eq!(ehlo_keyword(""), "");
    }
}
