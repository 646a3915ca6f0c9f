//! A record's host and value written the way one DNS panel wants them typed: `@`, blank or
//! relative names, quoted or split TXT values (RFC 1035 §3.3.14), final dots on targets.

use super::{
    ApexStyle, LongTxt, MxPriority, Registrar, SubdomainStyle, TargetStyle, TxtEscapes, TxtQuoting,
};
use crate::records::txt::{quoted, quoted_with, split, MAX_STRING_BYTES};
use crate::records::RecordType;

impl Registrar {
    /// The host field for `fqdn` in `zone`, as this panel wants it: `_dmarc.example.com` in
    /// `example.com` is `_dmarc` where names are relative, the apex is `@`, blank or the domain.
    /// Case, surrounding spaces and final dots are ignored; Unicode names become punycode
    /// (RFC 5890). A name outside the zone is returned in full with a final dot.
    pub fn host_for(&self, fqdn: &str, zone: &str) -> String {
        let name = normalize_name(fqdn);
        let zone = normalize_name(zone);
        if name == zone {
            return match self.host.apex {
                ApexStyle::At => "@".to_owned(),
                ApexStyle::Blank => String::new(),
                ApexStyle::Full if self.host.subdomain == SubdomainStyle::FullDot => {
                    format!("{zone}.")
                }
                ApexStyle::Full => zone,
            };
        }
        let relative = name
            .strip_suffix(zone.as_str())
            .and_then(|rest| rest.strip_suffix('.'))
            .filter(|rest| !rest.is_empty() && !zone.is_empty());
        match (relative, self.host.subdomain) {
            (Some(rel), SubdomainStyle::Relative) => rel.to_owned(),
            (Some(_), SubdomainStyle::Full) => name,
            (Some(_), SubdomainStyle::FullDot) | (None, _) => format!("{name}."),
        }
    }

    /// The value field for a record of `kind`, as this panel wants it.
    ///
    /// - TXT: `value` is the record's text, unquoted. Panels that want quotes, or quoted
    ///   strings for long values, get zone-file form split into 255-byte strings.
    /// - CNAME: `value` is the target host; a final dot is added where the panel needs one.
    /// - MX: `value` is `PREFERENCE EXCHANGE` or the exchange alone. Panels with a separate
    ///   priority field get only the exchange; others get `PREFERENCE EXCHANGE`.
    pub fn value_for(&self, kind: RecordType, value: &str) -> String {
        match kind {
            RecordType::Txt => {
                let needs_strings = self.txt.quoting == TxtQuoting::Quoted
                    || (self.txt.long_values == LongTxt::QuotedStrings
                        && value.len() > MAX_STRING_BYTES);
                if needs_strings {
                    quoted_for(&split(value), self.txt.escapes)
                } else {
                    value.to_owned()
                }
            }
            RecordType::Cname => target(value, self.cname.target),
            RecordType::Mx => {
                let mut parts = value.split_whitespace();
                let (preference, exchange) = match (parts.next(), parts.next()) {
                    (Some(p), Some(host)) if p.parse::<u16>().is_ok() => (Some(p), host),
                    _ => (None, value),
                };
                let exchange = target(exchange, self.mx.target);
                match (self.mx.priority, preference) {
                    (MxPriority::InValue, Some(p)) => format!("{p} {exchange}"),
                    _ => exchange,
                }
            }
        }
    }
}

/// The strings in quoted form with the panel's escapes: zone files (RFC 1035 §5.1) write a
/// byte outside printable ASCII as three decimal digits, Route 53 wants three octal digits.
fn quoted_for(strings: &[String], escapes: TxtEscapes) -> String {
    match escapes {
        TxtEscapes::Decimal => quoted(strings),
        TxtEscapes::Octal => quoted_with(strings, |b| format!("\\{b:03o}")),
    }
}

/// A host name in the form the panel wants.
fn target(host: &str, style: TargetStyle) -> String {
    // The null MX's exchange is the root itself (RFC 7505 §3): `.` in every panel.
    if host.trim() == "." {
        return ".".to_owned();
    }
    let host = normalize_name(host);
    match style {
        TargetStyle::TrailingDot if !host.is_empty() => format!("{host}."),
        _ => host,
    }
}

/// Lowercase, without surrounding spaces or final dots, each Unicode label as punycode.
fn normalize_name(name: &str) -> String {
    name.trim()
        .trim_end_matches('.')
        .split('.')
        .map(|label| {
            if label.is_ascii() {
                label.to_ascii_lowercase()
            } else {
                idna::domain_to_ascii(label).unwrap_or_else(|_| label.to_lowercase())
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use crate::records::RecordType;
    use crate::registrars::find;

    fn reg(id: &str) -> &'static crate::registrars::Registrar {
        find(id).unwrap_or_else(|| panic!("registrar {id}"))
    }

    #[test]
    fn host_for_follows_each_panel() {
        for (id, fqdn, zone, expected) in [
            // apex
            ("cloudflare", "example.com", "example.com", "@"),
            ("route53", "example.com", "example.com", ""),
            ("name-com", "example.com.", "example.com", ""),
            ("ovh", "EXAMPLE.COM", "example.com.", ""),
            ("generic", "example.com", "example.com", "@"),
            // subdomain, relative
            ("cloudflare", "_dmarc.example.com", "example.com", "_dmarc"),
            (
                "namecheap",
                "s1._domainkey.example.com.",
                "example.com",
                "s1._domainkey",
            ),
            ("route53", "_DMARC.Example.Com", "example.com", "_dmarc"),
            ("godaddy", "  _dmarc.example.com  ", "example.com", "_dmarc"),
            // a zone that is itself a subdomain
            (
                "cloudflare",
                "_dmarc.mail.example.co.uk",
                "mail.example.co.uk",
                "_dmarc",
            ),
            (
                "cloudflare",
                "mail.example.co.uk",
                "mail.example.co.uk",
                "@",
            ),
            // IDN zone, given in Unicode or punycode
            ("cloudflare", "_dmarc.bücher.de", "bücher.de", "_dmarc"),
            (
                "cloudflare",
                "_dmarc.xn--bcher-kva.de",
                "bücher.de",
                "_dmarc",
            ),
            ("route53", "BÜCHER.de", "xn--bcher-kva.de", ""),
            // a look-alike suffix is not inside the zone
            (
                "cloudflare",
                "_dmarc.notexample.com",
                "example.com",
                "_dmarc.notexample.com.",
            ),
            ("cloudflare", "other.org", "example.com", "other.org."),
        ] {
            assert_eq!(
                reg(id).host_for(fqdn, zone),
                expected,
                "{id}: {fqdn} in {zone}"
            );
        }
    }

    #[test]
    fn host_for_full_name_styles() {
        let mut full = reg("generic").clone();
        full.host.subdomain = crate::registrars::SubdomainStyle::FullDot;
        full.host.apex = crate::registrars::ApexStyle::Full;
        assert_eq!(
            full.host_for("_dmarc.example.com", "example.com"),
            "_dmarc.example.com."
        );
        assert_eq!(full.host_for("example.com", "example.com"), "example.com.");
        full.host.subdomain = crate::registrars::SubdomainStyle::Full;
        assert_eq!(
            full.host_for("_dmarc.Example.com.", "example.com"),
            "_dmarc.example.com"
        );
        assert_eq!(full.host_for("example.com", "example.com"), "example.com");
    }

    #[test]
    fn txt_values_are_quoted_and_split_as_each_panel_wants() {
        let spf = "v=spf1 include:_spf.google.com ~all";
        let long = format!("v=DKIM1; k=rsa; p={}", "A".repeat(380));
        let (first, second) = long.split_at(255);
        let long_quoted = format!("\"{first}\" \"{second}\"");
        for (id, value, expected) in [
            ("cloudflare", spf, spf.to_owned()),
            ("cloudflare", long.as_str(), long.clone()),
            ("generic", long.as_str(), long.clone()),
            ("route53", spf, format!("\"{spf}\"")),
            ("route53", long.as_str(), long_quoted.clone()),
            ("hetzner", long.as_str(), long_quoted.clone()),
            ("ovh", spf, spf.to_owned()),
            ("ovh", long.as_str(), long_quoted.clone()),
            ("azure-dns", long.as_str(), long.clone()),
            ("gandi", r#"say "hi""#, r#""say \"hi\"""#.to_owned()),
            // RFC 1035 decimal escapes, Route 53's octal ones (its own example: ä is \344 in
            // Latin-1; in UTF-8 it is the two bytes 195 164)
            ("gandi", "exämple", r#""ex\195\164mple""#.to_owned()),
            ("route53", "exämple", r#""ex\303\244mple""#.to_owned()),
            ("route53", r#"a"b\c"#, r#""a\"b\\c""#.to_owned()),
        ] {
            assert_eq!(reg(id).value_for(RecordType::Txt, value), expected, "{id}");
        }
    }

    #[test]
    fn targets_get_a_final_dot_where_needed() {
        for (id, kind, value, expected) in [
            (
                "cloudflare",
                RecordType::Cname,
                "s1.domainkey.u1.wl2.sendgrid.net.",
                "s1.domainkey.u1.wl2.sendgrid.net",
            ),
            (
                "namecheap",
                RecordType::Cname,
                "dkim1.mandrillapp.com",
                "dkim1.mandrillapp.com.",
            ),
            (
                "ovh",
                RecordType::Cname,
                "DKIM1.Mandrillapp.com..",
                "dkim1.mandrillapp.com.",
            ),
            (
                "route53",
                RecordType::Cname,
                "abc.dkim.amazonses.com.",
                "abc.dkim.amazonses.com",
            ),
            (
                "cloudflare",
                RecordType::Mx,
                "10 mx.zoho.com",
                "mx.zoho.com",
            ),
            (
                "namecheap",
                RecordType::Mx,
                "10 mx.zoho.com",
                "mx.zoho.com.",
            ),
            (
                "route53",
                RecordType::Mx,
                "10 mx.zoho.com.",
                "10 mx.zoho.com",
            ),
            ("route53", RecordType::Mx, "mx.zoho.com", "mx.zoho.com"),
            (
                "hetzner",
                RecordType::Mx,
                "0  mail.protonmail.ch",
                "0 mail.protonmail.ch.",
            ),
            (
                "generic",
                RecordType::Mx,
                "smtp.google.com",
                "smtp.google.com",
            ),
        ] {
            assert_eq!(
                reg(id).value_for(kind, value),
                expected,
                "{id} {kind} {value}"
            );
        }
    }
}
