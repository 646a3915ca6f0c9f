//! TXT record values as DNS carries them: one or more character-strings of at most 255 bytes
//! each (RFC 1035 §3.3.14), which receivers join without separators (RFC 7208 §3.3, RFC 6376 §3.6.2.2).

/// The most bytes one character-string can hold (RFC 1035 §3.3).
pub const MAX_STRING_BYTES: usize = 255;

/// Split `value` into character-strings of at most [`MAX_STRING_BYTES`] bytes, never inside a
/// UTF-8 character. An empty value is one empty string.
pub fn split(value: &str) -> Vec<String> {
    split_at_most(value, MAX_STRING_BYTES)
}

/// [`split`] with a smaller limit (some DNS panels want shorter pieces). `limit` below 4 is
/// treated as 4 so that any character fits.
pub fn split_at_most(value: &str, limit: usize) -> Vec<String> {
    let limit = limit.max(4);
    let mut out = Vec::new();
    let mut rest = value;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push(rest[..cut].to_owned());
        rest = &rest[cut..];
    }
    out.push(rest.to_owned());
    out
}

/// The strings in zone-file syntax: each in double quotes, `"` and `\` escaped, bytes outside
/// printable ASCII as `\DDD` (RFC 1035 §5.1), separated by single spaces.
pub fn quoted(strings: &[String]) -> String {
    quoted_with(strings, |b| format!("\\{b:03}"))
}

/// [`quoted`] with another escape for bytes outside printable ASCII (Route 53 wants three octal
/// digits, `\DDD` in base 8).
pub fn quoted_with(strings: &[String], escape: impl Fn(u8) -> String) -> String {
    let mut out = String::new();
    for (i, s) in strings.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push('"');
        for b in s.bytes() {
            match b {
                b'"' | b'\\' => {
                    out.push('\\');
                    out.push(char::from(b));
                }
                0x20..=0x7e => out.push(char::from(b)),
                _ => out.push_str(&escape(b)),
            }
        }
        out.push('"');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_byte_limits_and_char_boundaries() {
        for (input, limit, expected) in [
            ("", 255, vec![""]),
            ("abc", 255, vec!["abc"]),
            ("abcdef", 4, vec!["abcd", "ef"]),
            ("abcdefgh", 4, vec!["abcd", "efgh"]),
            ("aé€x", 4, vec!["aé", "€x"]),
        ] {
            assert_eq!(split_at_most(input, limit), expected, "{input:?}");
        }
        let long = "k".repeat(600);
        let parts = split(&long);
        assert_eq!(
            parts.iter().map(String::len).collect::<Vec<_>>(),
            [255, 255, 90]
        );
        assert_eq!(parts.concat(), long);
    }

    #[test]
    fn quotes_and_escapes() {
        for (input, expected) in [
            (vec!["v=spf1 -all"], r#""v=spf1 -all""#),
            (vec!["a", "b"], r#""a" "b""#),
            (vec![r#"say "hi"\"#], r#""say \"hi\"\\""#),
            (vec!["x\ny"], r#""x\010y""#),
        ] {
            let strings: Vec<String> = input.iter().map(|s| s.to_string()).collect();
            assert_eq!(quoted(&strings), expected);
        }
    }
}
