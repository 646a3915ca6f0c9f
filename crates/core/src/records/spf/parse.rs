//! SPF text to the typed model: a strict reading of the RFC 7208 §12 ABNF, never panicking.
//! A syntax error is a value ([`SpfSyntaxError`]) with the byte position and a plain message.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::{
    is_spf_record, Directive, DomainSpec, DualCidr, MacroExpand, MacroLetter, MacroPart,
    MacroString, Mechanism, Modifier, Qualifier, SpfRecord, Term,
};

/// Why a record is not valid SPF. Receivers treat every one of these as `permerror`
/// (RFC 7208 §4.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpfSyntaxError {
    /// Byte offset in the record text where the problem starts.
    pub position: usize,
    /// The term (or text) the problem is in, for display.
    pub term: String,
    /// What is wrong.
    pub kind: SyntaxErrorKind,
}

/// The kinds of SPF syntax error (RFC 7208 §12).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SyntaxErrorKind {
    /// The text does not start with `v=spf1` followed by a space or the end (§4.5).
    NotSpf,
    /// A character outside printable ASCII: a control character, a non-ASCII letter, a quote
    /// pasted from a word processor (§3.1, §4.6.1 — terms are separated by spaces only).
    BadCharacter {
        /// The character.
        character: char,
    },
    /// A mechanism name that RFC 7208 does not define (§5).
    UnknownMechanism {
        /// The name as written.
        name: String,
    },
    /// `all` followed by `:` or `/` (§5.1).
    UnexpectedArgument {
        /// The mechanism.
        mechanism: &'static str,
    },
    /// A mechanism or modifier that needs a domain got none (`include:`, `redirect=`).
    MissingDomain {
        /// The mechanism or modifier.
        term: &'static str,
    },
    /// A domain that does not end in a valid top-level label or a macro (§7.1).
    BadDomain,
    /// A broken macro: `%` not followed by `{`, `%`, `_` or `-`, an unknown letter, or `c`, `r`,
    /// `t` outside explanation text (§7.1).
    BadMacro {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Not a valid IPv4 address (`ip4:`, §5.6).
    BadIp4,
    /// Not a valid IPv6 address (`ip6:`, §5.6).
    BadIp6,
    /// A prefix length that is malformed or too large (§5.6).
    BadCidr,
    /// `redirect=` or `exp=` appears twice (§6).
    DuplicateModifier {
        /// The modifier.
        name: &'static str,
    },
}

impl fmt::Display for SpfSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.position;
        let term = &self.term;
        match &self.kind {
            SyntaxErrorKind::NotSpf => {
                write!(f, "An SPF record must start with \"v=spf1\" followed by a space.")
            }
            SyntaxErrorKind::BadCharacter { character } => write!(
                f,
                "Character {} at position {at} is not allowed in an SPF record: use plain letters, digits and single spaces (no quotes, tabs, line breaks or accented letters).",
                character.escape_default()
            ),
            SyntaxErrorKind::UnknownMechanism { name } => write!(
                f,
                "\"{term}\" is not an SPF mechanism (\"{name}\" is unknown). Valid ones are all, include, a, mx, ptr, ip4, ip6 and exists."
            ),
            SyntaxErrorKind::UnexpectedArgument { mechanism } => {
                write!(f, "\"{term}\": the {mechanism} mechanism takes nothing after it.")
            }
            SyntaxErrorKind::MissingDomain { term: which } => {
                write!(f, "\"{term}\": {which} needs a domain name after it, with no space.")
            }
            SyntaxErrorKind::BadDomain => write!(
                f,
                "\"{term}\" does not contain a valid domain name (it must end in a real ending such as .com)."
            ),
            SyntaxErrorKind::BadMacro { reason } => {
                write!(f, "\"{term}\" has a broken macro: {reason}.")
            }
            SyntaxErrorKind::BadIp4 => {
                write!(f, "\"{term}\" is not a valid IPv4 address, for example ip4:203.0.113.7.")
            }
            SyntaxErrorKind::BadIp6 => {
                write!(f, "\"{term}\" is not a valid IPv6 address, for example ip6:2001:db8::1.")
            }
            SyntaxErrorKind::BadCidr => write!(
                f,
                "\"{term}\" has an invalid prefix length (/0 to /32 for IPv4, /0 to /128 for IPv6, no leading zeros)."
            ),
            SyntaxErrorKind::DuplicateModifier { name } => {
                write!(f, "{name}= appears more than once; an SPF record may have only one.")
            }
        }
    }
}

impl std::error::Error for SpfSyntaxError {}

/// Where a macro-string is used: explanation text allows spaces and the `c`, `r`, `t` letters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum MacroContext {
    /// A domain-spec or an unknown modifier's value.
    Term,
    /// An explanation (`exp=`) TXT record (§6.2).
    Explanation,
}

impl SpfRecord {
    /// Parse SPF record text (the TXT strings already joined). Never panics.
    pub fn parse(text: &str) -> Result<SpfRecord, SpfSyntaxError> {
        if !is_spf_record(text) {
            return Err(SpfSyntaxError {
                position: 0,
                term: shorten(text),
                kind: SyntaxErrorKind::NotSpf,
            });
        }
        if let Some((position, character)) =
            text.char_indices().find(|(_, c)| !(' '..='~').contains(c))
        {
            return Err(SpfSyntaxError {
                position,
                term: shorten(text),
                kind: SyntaxErrorKind::BadCharacter { character },
            });
        }
        let mut terms = Vec::new();
        let mut offset = 6;
        let (mut redirects, mut exps) = (0, 0);
        for piece in text[6..].split(' ') {
            let start = offset;
            offset += piece.len() + 1;
            if piece.is_empty() {
                continue;
            }
            let term = parse_term(piece).map_err(|(rel, kind)| SpfSyntaxError {
                position: start + rel,
                term: shorten(piece),
                kind,
            })?;
            match &term {
                Term::Modifier(Modifier::Redirect(_)) => redirects += 1,
                Term::Modifier(Modifier::Exp(_)) => exps += 1,
                _ => {}
            }
            for (count, name) in [(redirects, "redirect"), (exps, "exp")] {
                if count > 1 {
                    return Err(SpfSyntaxError {
                        position: start,
                        term: shorten(piece),
                        kind: SyntaxErrorKind::DuplicateModifier { name },
                    });
                }
            }
            terms.push(term);
        }
        Ok(SpfRecord { terms })
    }
}

/// At most 80 characters of a term, for messages.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

type TermResult<T> = Result<T, (usize, SyntaxErrorKind)>;

/// One term: a directive (`[qualifier] mechanism`) or a modifier (`name=value`).
fn parse_term(s: &str) -> TermResult<Term> {
    let name_len = s
        .bytes()
        .enumerate()
        .take_while(|(i, b)| {
            if *i == 0 {
                b.is_ascii_alphabetic()
            } else {
                b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
            }
        })
        .count();
    if name_len > 0 && s.as_bytes().get(name_len) == Some(&b'=') {
        return parse_modifier(&s[..name_len], &s[name_len + 1..], name_len + 1)
            .map(Term::Modifier);
    }
    let (qualifier, body, skip) = match s.chars().next().and_then(Qualifier::from_char) {
        Some(q) => (q, &s[1..], 1),
        None => (Qualifier::Pass, s, 0),
    };
    let mechanism = parse_mechanism(body).map_err(|(rel, kind)| (rel + skip, kind))?;
    Ok(Term::Directive(Directive {
        qualifier,
        mechanism,
    }))
}

fn parse_modifier(name: &str, value: &str, at: usize) -> TermResult<Modifier> {
    if name.eq_ignore_ascii_case("redirect") {
        return domain_spec(value, at, "redirect=").map(Modifier::Redirect);
    }
    if name.eq_ignore_ascii_case("exp") {
        return domain_spec(value, at, "exp=").map(Modifier::Exp);
    }
    let value = macro_string(value, at, MacroContext::Term)?;
    Ok(Modifier::Unknown {
        name: name.to_owned(),
        value,
    })
}

fn parse_mechanism(s: &str) -> TermResult<Mechanism> {
    let name_end = s.find([':', '/']).unwrap_or(s.len());
    let (name, rest) = s.split_at(name_end);
    let lower = name.to_ascii_lowercase();
    let at = name_end;
    match lower.as_str() {
        "all" if rest.is_empty() => Ok(Mechanism::All),
        "all" => Err((at, SyntaxErrorKind::UnexpectedArgument { mechanism: "all" })),
        "include" => required_domain(rest, at, "include:").map(Mechanism::Include),
        "exists" => required_domain(rest, at, "exists:").map(Mechanism::Exists),
        "ptr" => match rest.strip_prefix(':') {
            None if rest.is_empty() => Ok(Mechanism::Ptr(None)),
            None => Err((at, SyntaxErrorKind::UnexpectedArgument { mechanism: "ptr" })),
            Some(d) => domain_spec(d, at + 1, "ptr:").map(|d| Mechanism::Ptr(Some(d))),
        },
        "a" | "mx" => {
            let which = if lower == "a" { "a:" } else { "mx:" };
            let (domain, cidr) = match rest.strip_prefix(':') {
                Some(value) => {
                    let (spec, cidr_text) = split_dual_cidr(value);
                    let cidr = dual_cidr(cidr_text, at + 1 + spec.len())?;
                    (Some(domain_spec(spec, at + 1, which)?), cidr)
                }
                None => (None, dual_cidr(rest, at)?),
            };
            Ok(if lower == "a" {
                Mechanism::A { domain, cidr }
            } else {
                Mechanism::Mx { domain, cidr }
            })
        }
        "ip4" => {
            let value = rest
                .strip_prefix(':')
                .ok_or((at, SyntaxErrorKind::BadIp4))?;
            let (addr_text, prefix_text) = split_prefix(value);
            let addr: Ipv4Addr = addr_text
                .parse()
                .map_err(|_| (at + 1, SyntaxErrorKind::BadIp4))?;
            let prefix = single_cidr(prefix_text, 32, at + 1 + addr_text.len())?;
            Ok(Mechanism::Ip4 { addr, prefix })
        }
        "ip6" => {
            let value = rest
                .strip_prefix(':')
                .ok_or((at, SyntaxErrorKind::BadIp6))?;
            let (addr_text, prefix_text) = split_prefix(value);
            let addr: Ipv6Addr = addr_text
                .parse()
                .map_err(|_| (at + 1, SyntaxErrorKind::BadIp6))?;
            let prefix = single_cidr(prefix_text, 128, at + 1 + addr_text.len())?;
            Ok(Mechanism::Ip6 { addr, prefix })
        }
        _ => Err((
            0,
            SyntaxErrorKind::UnknownMechanism {
                name: shorten(name),
            },
        )),
    }
}

/// `rest` must be `:domain-spec`.
fn required_domain(rest: &str, at: usize, term: &'static str) -> TermResult<DomainSpec> {
    match rest.strip_prefix(':') {
        Some(d) => domain_spec(d, at + 1, term),
        None if rest.is_empty() => Err((at, SyntaxErrorKind::MissingDomain { term })),
        None => Err((at, SyntaxErrorKind::BadDomain)),
    }
}

/// Split `value` before its first `/` (the prefix length of ip4/ip6).
fn split_prefix(value: &str) -> (&str, &str) {
    match value.find('/') {
        Some(i) => value.split_at(i),
        None => (value, ""),
    }
}

/// Split a trailing dual-cidr-length (`/24`, `//64`, `/24//64`) off a domain-spec.
fn split_dual_cidr(value: &str) -> (&str, &str) {
    let digits_after = |s: &str, sep: &str| -> Option<usize> {
        let i = s.rfind(sep)?;
        let tail = &s[i + sep.len()..];
        (!tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit())).then_some(i)
    };
    let mut end = value.len();
    if let Some(i) = digits_after(value, "//") {
        end = i;
    }
    if let Some(i) = digits_after(&value[..end], "/") {
        if !value[..i].ends_with('/') {
            end = i;
        }
    }
    value.split_at(end)
}

/// `dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]`; `text` is all of it.
fn dual_cidr(text: &str, at: usize) -> TermResult<DualCidr> {
    if text.is_empty() {
        return Ok(DualCidr::default());
    }
    let (ip4_text, ip6_text) = match text.find("//") {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    Ok(DualCidr {
        ip4: single_cidr(ip4_text, 32, at)?,
        ip6: single_cidr(ip6_text, 128, at + ip4_text.len())?,
    })
}

/// `"/" ("0" / %x31-39 0*nDIGIT)` with the value at most `max`; empty text is `None`.
fn single_cidr(text: &str, max: u8, at: usize) -> TermResult<Option<u8>> {
    if text.is_empty() {
        return Ok(None);
    }
    let bad = (at, SyntaxErrorKind::BadCidr);
    let digits = text.strip_prefix('/').ok_or(bad.clone())?;
    if digits.is_empty()
        || digits.len() > 3
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || (digits.len() > 1 && digits.starts_with('0'))
    {
        return Err(bad);
    }
    match digits.parse::<u8>() {
        Ok(n) if n <= max => Ok(Some(n)),
        _ => Err(bad),
    }
}

/// `domain-spec = macro-string domain-end` (§7.1).
fn domain_spec(text: &str, at: usize, term: &'static str) -> TermResult<DomainSpec> {
    if text.is_empty() {
        return Err((at, SyntaxErrorKind::MissingDomain { term }));
    }
    let ms = macro_string(text, at, MacroContext::Term)?;
    let ends_well = match ms.parts.last() {
        Some(MacroPart::Literal(s)) => {
            let t = s.strip_suffix('.').unwrap_or(s);
            t.rfind('.').is_some_and(|i| is_toplabel(&t[i + 1..]))
        }
        Some(_) => true,
        None => false,
    };
    if ends_well {
        Ok(DomainSpec(ms))
    } else {
        Err((at, SyntaxErrorKind::BadDomain))
    }
}

/// `toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )`.
pub(super) fn is_toplabel(label: &str) -> bool {
    let b = label.as_bytes();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && b.iter().any(|c| c.is_ascii_alphabetic() || *c == b'-')
        }
        _ => false,
    }
}

/// Parse a macro-string (or, in [`MacroContext::Explanation`], an explain-string) (§7.1).
pub(super) fn macro_string(text: &str, at: usize, ctx: MacroContext) -> TermResult<MacroString> {
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'%' => {
                let bad = |reason| (at + i, SyntaxErrorKind::BadMacro { reason });
                let part =
                    match bytes.get(i + 1) {
                        Some(b'%') => MacroPart::Percent,
                        Some(b'_') => MacroPart::Space,
                        Some(b'-') => MacroPart::UrlSpace,
                        Some(b'{') => {
                            let close = text[i..]
                                .find('}')
                                .ok_or(bad("a \"%{\" is never closed with \"}\""))?;
                            let inner = &text[i + 2..i + close];
                            let m = macro_expand(inner, ctx).map_err(bad)?;
                            i += close + 1;
                            flush(&mut literal, &mut parts);
                            parts.push(MacroPart::Macro(m));
                            continue;
                        }
                        _ => return Err(bad(
                            "a % must be followed by {, %, _ or - (write %% for a percent sign)",
                        )),
                    };
                flush(&mut literal, &mut parts);
                parts.push(part);
                i += 2;
            }
            b' ' if ctx == MacroContext::Explanation => {
                literal.push(' ');
                i += 1;
            }
            0x21..=0x7e => {
                literal.push(char::from(b));
                i += 1;
            }
            _ => {
                let character = text[i..].chars().next().unwrap_or('\u{fffd}');
                return Err((at + i, SyntaxErrorKind::BadCharacter { character }));
            }
        }
    }
    flush(&mut literal, &mut parts);
    Ok(MacroString { parts })
}

fn flush(literal: &mut String, parts: &mut Vec<MacroPart>) {
    if !literal.is_empty() {
        parts.push(MacroPart::Literal(std::mem::take(literal)));
    }
}

/// The inside of `%{…}`: `macro-letter transformers *delimiter`.
fn macro_expand(inner: &str, ctx: MacroContext) -> Result<MacroExpand, &'static str> {
    let mut chars = inner.chars();
    let first = chars.next().ok_or("\"%{}\" has no macro letter")?;
    let letter = MacroLetter::from_char(first)
        .ok_or("the letter after \"%{\" must be one of s, l, o, d, i, p, h, v")?;
    if letter.explanation_only() && ctx == MacroContext::Term {
        return Err("the macros c, r and t may only be used in explanation text");
    }
    let rest = chars.as_str();
    let digit_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let keep = if digit_len == 0 {
        None
    } else {
        match rest[..digit_len].parse::<u32>() {
            Ok(0) => return Err("the number of parts to keep must be at least 1"),
            Ok(n) => Some(n),
            Err(_) => return Err("the number of parts to keep is too large"),
        }
    };
    let mut rest = &rest[digit_len..];
    let reverse = match rest.chars().next() {
        Some('r' | 'R') => {
            rest = &rest[1..];
            true
        }
        _ => false,
    };
    if !rest.chars().all(|c| ".-+,/_=".contains(c)) {
        return Err("only the delimiters . - + , / _ = may follow the macro letter");
    }
    Ok(MacroExpand {
        letter,
        url_escape: first.is_ascii_uppercase(),
        keep,
        reverse,
        delimiters: rest.to_owned(),
    })
}
