//! SPF records (RFC 7208): the typed model of a record, its terms and macro-strings.
//! Parsing, rendering, linting, merging, flattening and evaluation live in the files beside this.
//!
//! The public API, as the plan and the audit call it:
//!
//! - [`SpfRecord::parse`] turns record text into an [`SpfRecord`] (or an [`SpfSyntaxError`] with
//!   a position); [`SpfRecord`]'s `Display` (and [`SpfRecord::render`]) give canonical text back,
//!   and `parse(render(x)) == x`.
//! - [`lint`] (TXT strings at a name) and [`lint_record`] (one parsed record) return findings
//!   with stable `spf.*` ids.
//! - [`merge`] combines an existing record with [`SpfChoices`] (includes, own IPs, the chosen
//!   [`Qualifier`] for `all`); [`explain_all`] says in plain words what `~all` and `-all` mean.
//! - [`flatten`] replaces includes by the addresses they stand for, with its trade-off stated
//!   ([`FLATTEN_TRADE_OFF`]); it is offered, never applied by default.
//! - [`check_host`] (and [`check_mail_from`]) evaluate SPF for a client IP exactly as RFC 7208
//!   §4–§7 say, with the 10-lookup, 10-MX, 10-PTR and 2-void-lookup limits;
//!   [`count_lookups`] walks the include/redirect tree without a client IP to count the DNS
//!   lookups and void lookups a receiver will spend.
//! - [`select`] and [`is_spf_record`] pick the SPF records among a name's TXT strings.
//!
//! ```
//! use sendwell_core::records::spf::{self, Qualifier, SpfChoices, SpfRecord};
//!
//! let existing = SpfRecord::parse("v=spf1 include:_spf.google.com +all")?;
//! let choices = SpfChoices {
//!     includes: vec!["sendgrid.net".into()],
//!     ips: vec!["203.0.113.7".parse()?],
//!     all: Qualifier::SoftFail,
//! };
//! let merged = spf::merge(Some(&existing), &choices);
//! assert_eq!(
//!     merged.record.to_string(),
//!     "v=spf1 include:_spf.google.com ip4:203.0.113.7 include:sendgrid.net ~all"
//! );
//! assert!(merged.findings.iter().any(|f| f.id == "spf.plus_all_replaced"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::net::{Ipv4Addr, Ipv6Addr};

mod eval;
mod flatten;
mod generate;
mod lint;
mod lookups;
mod macros;
mod parse;
mod render;

pub use eval::{check_host, check_mail_from, Evaluation, SpfResult, MAX_ELAPSED};
pub use flatten::{flatten, Flattened, FLATTEN_TRADE_OFF};
pub use generate::{explain_all, merge, Merged, SpfChoices, SpfIp};
pub use lint::{lint, lint_record, lint_text, MAX_RECORD_BYTES};
pub use lookups::{count_lookups, LookupCount, LookupProblem};
pub use parse::{SpfSyntaxError, SyntaxErrorKind};

/// The most DNS-querying terms one evaluation may use (RFC 7208 §4.6.4).
pub const MAX_DNS_LOOKUPS: u32 = 10;
/// The most lookups that may find nothing (NXDOMAIN or no data) in one evaluation (RFC 7208 §4.6.4).
pub const MAX_VOID_LOOKUPS: u32 = 2;
/// The most MX records the `mx` mechanism may use, and PTR names the `ptr` mechanism may check
/// (RFC 7208 §4.6.4).
pub const MAX_NAMES_PER_LOOKUP: usize = 10;

/// A whole SPF record (RFC 7208 §4.5, §12):
///
/// ```text
/// record           = version terms *SP
/// version          = "v=spf1"
/// terms            = *( 1*SP ( directive / modifier ) )
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SpfRecord {
    /// The terms after `v=spf1`, in order.
    pub terms: Vec<Term>,
}

/// One term of a record (RFC 7208 §4.6.1): `terms = *( 1*SP ( directive / modifier ) )`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Term {
    /// A mechanism with its qualifier.
    Directive(Directive),
    /// A `name=value` modifier.
    Modifier(Modifier),
}

/// A mechanism and what to return when it matches (RFC 7208 §4.6.2):
///
/// ```text
/// directive        = [ qualifier ] mechanism
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Directive {
    /// The result when the mechanism matches (`+` when absent).
    pub qualifier: Qualifier,
    /// What to match.
    pub mechanism: Mechanism,
}

/// The result a matching mechanism gives (RFC 7208 §4.6.2):
///
/// ```text
/// qualifier        = "+" / "-" / "?" / "~"
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// `+` (the default): the host is authorized.
    #[default]
    Pass,
    /// `-`: the host is not authorized.
    Fail,
    /// `~`: probably not authorized (deliver, but mark).
    SoftFail,
    /// `?`: no statement either way.
    Neutral,
}

impl Qualifier {
    /// The qualifier's character (`+`, `-`, `~`, `?`).
    pub fn as_char(self) -> char {
        match self {
            Qualifier::Pass => '+',
            Qualifier::Fail => '-',
            Qualifier::SoftFail => '~',
            Qualifier::Neutral => '?',
        }
    }

    /// The qualifier for a character, if it is one.
    pub fn from_char(c: char) -> Option<Qualifier> {
        match c {
            '+' => Some(Qualifier::Pass),
            '-' => Some(Qualifier::Fail),
            '~' => Some(Qualifier::SoftFail),
            '?' => Some(Qualifier::Neutral),
            _ => None,
        }
    }
}

/// What a directive matches (RFC 7208 §5):
///
/// ```text
/// mechanism        = ( all / include / a / mx / ptr / ip4 / ip6 / exists )
/// all              = "all"
/// include          = "include"  ":" domain-spec
/// a                = "a"      [ ":" domain-spec ] [ dual-cidr-length ]
/// mx               = "mx"     [ ":" domain-spec ] [ dual-cidr-length ]
/// ptr              = "ptr"    [ ":" domain-spec ]
/// ip4              = "ip4"      ":" ip4-network   [ ip4-cidr-length ]
/// ip6              = "ip6"      ":" ip6-network   [ ip6-cidr-length ]
/// exists           = "exists"   ":" domain-spec
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Mechanism {
    /// Always matches (§5.1).
    All,
    /// Matches when the SPF check of another domain passes (§5.2).
    Include(DomainSpec),
    /// Matches an address of the target name (§5.3); the current domain when `domain` is `None`.
    A {
        /// The name whose addresses count.
        domain: Option<DomainSpec>,
        /// Prefix lengths applied to those addresses.
        cidr: DualCidr,
    },
    /// Matches an address of one of the target's mail servers (§5.4).
    Mx {
        /// The name whose MX hosts count.
        domain: Option<DomainSpec>,
        /// Prefix lengths applied to the hosts' addresses.
        cidr: DualCidr,
    },
    /// Matches when the client's reverse name ends in the target (§5.5). Deprecated: do not use.
    Ptr(Option<DomainSpec>),
    /// Matches an IPv4 network (§5.6).
    Ip4 {
        /// The network address.
        addr: Ipv4Addr,
        /// The prefix length (0–32); `None` means 32.
        prefix: Option<u8>,
    },
    /// Matches an IPv6 network (§5.6).
    Ip6 {
        /// The network address.
        addr: Ipv6Addr,
        /// The prefix length (0–128); `None` means 128.
        prefix: Option<u8>,
    },
    /// Matches when the expanded name has an A record (§5.7).
    Exists(DomainSpec),
}

impl Mechanism {
    /// The mechanism's name as written in a record (`all`, `include`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Mechanism::All => "all",
            Mechanism::Include(_) => "include",
            Mechanism::A { .. } => "a",
            Mechanism::Mx { .. } => "mx",
            Mechanism::Ptr(_) => "ptr",
            Mechanism::Ip4 { .. } => "ip4",
            Mechanism::Ip6 { .. } => "ip6",
            Mechanism::Exists(_) => "exists",
        }
    }

    /// True for the mechanisms that cost a DNS lookup (RFC 7208 §4.6.4).
    pub fn needs_dns(&self) -> bool {
        matches!(
            self,
            Mechanism::Include(_)
                | Mechanism::A { .. }
                | Mechanism::Mx { .. }
                | Mechanism::Ptr(_)
                | Mechanism::Exists(_)
        )
    }
}

/// Prefix lengths for the `a` and `mx` mechanisms (RFC 7208 §5.6):
///
/// ```text
/// dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]
/// ip4-cidr-length  = "/" ("0" / %x31-39 0*1DIGIT) ; value range 0-32
/// ip6-cidr-length  = "/" ("0" / %x31-39 0*2DIGIT) ; value range 0-128
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DualCidr {
    /// The IPv4 prefix length; `None` means 32.
    pub ip4: Option<u8>,
    /// The IPv6 prefix length; `None` means 128.
    pub ip6: Option<u8>,
}

/// A modifier (RFC 7208 §6, §12):
///
/// ```text
/// modifier         = redirect / explanation / unknown-modifier
/// redirect         = "redirect" "=" domain-spec
/// explanation      = "exp" "=" domain-spec
/// unknown-modifier = name "=" macro-string
///                    ; where name is not any known modifier
/// name             = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Modifier {
    /// Use another domain's record when no mechanism matched (§6.1).
    Redirect(DomainSpec),
    /// Where the explanation for a `fail` is published (§6.2).
    Exp(DomainSpec),
    /// A modifier receivers ignore (§6).
    Unknown {
        /// Its name, as written.
        name: String,
        /// Its value.
        value: MacroString,
    },
}

/// A domain-spec: a macro-string that must end like a domain name (RFC 7208 §7.1):
///
/// ```text
/// domain-spec      = macro-string domain-end
/// domain-end       = ( "." toplabel [ "." ] ) / macro-expand
/// toplabel         = ( *alphanum ALPHA *alphanum ) /
///                    ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DomainSpec(pub MacroString);

impl DomainSpec {
    /// The literal name when the spec has no macros (`_spf.google.com`), else `None`.
    pub fn as_literal(&self) -> Option<String> {
        self.0.as_literal()
    }
}

/// A string with macros in it (RFC 7208 §7.1):
///
/// ```text
/// macro-string     = *( macro-expand / macro-literal )
/// macro-literal    = %x21-24 / %x26-7E
/// explain-string   = *( macro-string / SP )
/// ```
///
/// Adjacent literal text is always held as one [`MacroPart::Literal`], so equal strings have
/// equal parts (build one with [`MacroString::from_parts`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct MacroString {
    /// The pieces, in order.
    pub parts: Vec<MacroPart>,
}

impl MacroString {
    /// A macro-string from parts, joining adjacent literals and dropping empty ones.
    pub fn from_parts(parts: impl IntoIterator<Item = MacroPart>) -> Self {
        let mut out: Vec<MacroPart> = Vec::new();
        for part in parts {
            match (out.last_mut(), part) {
                (_, MacroPart::Literal(s)) if s.is_empty() => {}
                (Some(MacroPart::Literal(prev)), MacroPart::Literal(s)) => prev.push_str(&s),
                (_, p) => out.push(p),
            }
        }
        MacroString { parts: out }
    }

    /// The text when there are no macro-expands at all, else `None`.
    pub fn as_literal(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                MacroPart::Literal(s) => out.push_str(s),
                _ => return None,
            }
        }
        Some(out)
    }

    /// True when some part is a `%{…}` macro (not just an escape like `%%`).
    pub fn has_macros(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, MacroPart::Macro(_)))
    }
}

/// One piece of a macro-string (RFC 7208 §7.1):
///
/// ```text
/// macro-expand     = ( "%{" macro-letter transformers *delimiter "}" )
///                    / "%%" / "%_" / "%-"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MacroPart {
    /// Text taken as it is (a run of `macro-literal`s, or spaces in an explain-string).
    Literal(String),
    /// A `%{…}` macro.
    Macro(MacroExpand),
    /// `%%`: a percent sign.
    Percent,
    /// `%_`: a space.
    Space,
    /// `%-`: a URL-encoded space (`%20`).
    UrlSpace,
}

/// A `%{…}` macro (RFC 7208 §7.1, §7.3):
///
/// ```text
/// "%{" macro-letter transformers *delimiter "}"
/// transformers     = *DIGIT [ "r" ]
/// delimiter        = "." / "-" / "+" / "," / "/" / "_" / "="
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MacroExpand {
    /// Which value to insert.
    pub letter: MacroLetter,
    /// Written in upper case: the value is URL-escaped (§7.3).
    pub url_escape: bool,
    /// Keep only this many right-hand parts (never 0).
    pub keep: Option<u32>,
    /// Reverse the parts first.
    pub reverse: bool,
    /// The characters that split the value into parts (`.` when empty).
    pub delimiters: String,
}

/// The value a macro stands for (RFC 7208 §7.2):
///
/// ```text
/// macro-letter     = "s" / "l" / "o" / "d" / "i" / "p" / "h" /
///                    "c" / "r" / "t" / "v"
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MacroLetter {
    /// `s`: the sender (`local@domain`).
    Sender,
    /// `l`: the sender's local part.
    LocalPart,
    /// `o`: the sender's domain.
    SenderDomain,
    /// `d`: the domain being checked.
    Domain,
    /// `i`: the client IP (dotted, nibbles for IPv6).
    Ip,
    /// `p`: the client's validated reverse name (deprecated).
    ValidatedName,
    /// `v`: `in-addr` or `ip6`.
    IpVersion,
    /// `h`: the HELO/EHLO name.
    Helo,
    /// `c`: the client IP as people write it (explanations only).
    ClientIp,
    /// `r`: the receiving host (explanations only).
    Receiver,
    /// `t`: the current time in seconds (explanations only).
    Timestamp,
}

impl MacroLetter {
    /// The letter for a character (either case).
    pub fn from_char(c: char) -> Option<MacroLetter> {
        Some(match c.to_ascii_lowercase() {
            's' => MacroLetter::Sender,
            'l' => MacroLetter::LocalPart,
            'o' => MacroLetter::SenderDomain,
            'd' => MacroLetter::Domain,
            'i' => MacroLetter::Ip,
            'p' => MacroLetter::ValidatedName,
            'v' => MacroLetter::IpVersion,
            'h' => MacroLetter::Helo,
            'c' => MacroLetter::ClientIp,
            'r' => MacroLetter::Receiver,
            't' => MacroLetter::Timestamp,
            _ => return None,
        })
    }

    /// The lowercase letter.
    pub fn as_char(self) -> char {
        match self {
            MacroLetter::Sender => 's',
            MacroLetter::LocalPart => 'l',
            MacroLetter::SenderDomain => 'o',
            MacroLetter::Domain => 'd',
            MacroLetter::Ip => 'i',
            MacroLetter::ValidatedName => 'p',
            MacroLetter::IpVersion => 'v',
            MacroLetter::Helo => 'h',
            MacroLetter::ClientIp => 'c',
            MacroLetter::Receiver => 'r',
            MacroLetter::Timestamp => 't',
        }
    }

    /// True for `c`, `r` and `t`, which only explanation text may use (§7.1).
    pub fn explanation_only(self) -> bool {
        matches!(
            self,
            MacroLetter::ClientIp | MacroLetter::Receiver | MacroLetter::Timestamp
        )
    }
}

impl SpfRecord {
    /// The directives, in order.
    pub fn directives(&self) -> impl Iterator<Item = &Directive> {
        self.terms.iter().filter_map(|t| match t {
            Term::Directive(d) => Some(d),
            Term::Modifier(_) => None,
        })
    }

    /// The `redirect=` target, if any.
    pub fn redirect(&self) -> Option<&DomainSpec> {
        self.terms.iter().find_map(|t| match t {
            Term::Modifier(Modifier::Redirect(d)) => Some(d),
            _ => None,
        })
    }

    /// The `exp=` target, if any.
    pub fn exp(&self) -> Option<&DomainSpec> {
        self.terms.iter().find_map(|t| match t {
            Term::Modifier(Modifier::Exp(d)) => Some(d),
            _ => None,
        })
    }

    /// The qualifier of the first `all`, if there is one.
    pub fn all(&self) -> Option<Qualifier> {
        self.directives()
            .find(|d| d.mechanism == Mechanism::All)
            .map(|d| d.qualifier)
    }

    /// How many terms of this record alone cost a DNS lookup (includes are not followed).
    pub fn lookup_terms(&self) -> u32 {
        let mechanisms = self
            .directives()
            .filter(|d| d.mechanism.needs_dns())
            .count();
        let redirect = usize::from(self.redirect().is_some());
        u32::try_from(mechanisms + redirect).unwrap_or(u32::MAX)
    }
}

/// RFC 7208 §4.5: a record is SPF when it begins with the version section `v=spf1`, terminated by
/// a space or the end of the record (ABNF `version = "v=spf1"`, case-insensitive as ABNF strings are).
pub fn is_spf_record(txt: &str) -> bool {
    let bytes = txt.as_bytes();
    bytes.len() >= 6
        && bytes[..6].eq_ignore_ascii_case(b"v=spf1")
        && (bytes.len() == 6 || bytes[6] == b' ')
}

/// The SPF records among a set of TXT strings, in the order DNS gave them (RFC 7208 §4.5).
pub fn select<'a>(txts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    txts.into_iter()
        .filter(|t| is_spf_record(t))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests;
