//! MX in the audit: present or not, a null MX (RFC 7505), and three mistakes: an MX that names
//! an alias (CNAME, RFC 2181 §10.3), an MX that is an IP address (RFC 5321 §5.1), and a mail
//! host proxied by Cloudflare (its proxy does not carry SMTP).

use std::net::IpAddr;

use futures_util::future::join_all;

use super::cloudflare::is_cloudflare_proxy;
use crate::dns::{DnsOutcome, MxHost, QueryType, Resolve};
use crate::finding::{Finding, Severity};

/// Findings for the MX answer and its hosts (sorted, most preferred first).
pub(super) async fn audit_mx<R: Resolve>(
    resolver: &R,
    mx: &DnsOutcome,
    hosts: &[MxHost],
) -> Vec<Finding> {
    if !mx.is_conclusive() {
        return Vec::new();
    }
    if hosts.is_empty() {
        return vec![Finding::new(
            "mx.missing",
            Severity::Warning,
            "There are no mail servers (MX records), so this domain cannot receive replies.",
            "If people should be able to reply, add the MX records of your mailbox provider.",
        )];
    }
    let mut out = Vec::new();
    if hosts.iter().any(|m| m.exchange == ".") {
        out.push(
            Finding::note(
                "mx.null",
                "This domain says it receives no mail at all (a \"null MX\", RFC 7505).",
            )
            .rfc("RFC 7505 §3"),
        );
        if hosts.len() > 1 {
            out.push(
                Finding::new(
                    "mx.null_with_others",
                    Severity::Error,
                    "There is a null MX (\"receives no mail\") next to other MX records; senders may then refuse to deliver at all.",
                    "Remove the null MX (0 .) if the domain receives mail, or remove the other MX records if it does not.",
                )
                .rfc("RFC 7505 §3"),
            );
        }
    }
    let names: Vec<&MxHost> = hosts
        .iter()
        .filter(|m| m.exchange != ".")
        .filter(|m| {
            let ip = m
                .exchange
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>();
            if ip.is_ok() {
                out.push(ip_finding(m));
            }
            ip.is_err()
        })
        .collect();
    let (aliases, addresses) = tokio::join!(
        join_all(
            names
                .iter()
                .map(|m| resolver.lookup(&m.exchange, QueryType::Cname)),
        ),
        join_all(
            names
                .iter()
                .map(|m| resolver.lookup(&m.exchange, QueryType::A)),
        )
    );
    for ((m, alias), addrs) in names.iter().zip(&aliases).zip(&addresses) {
        if let Some(target) = alias.names().next() {
            out.push(cname_finding(m, target));
        }
        if addrs.ips().any(is_cloudflare_proxy) {
            out.push(proxied_finding(m));
        }
    }
    out
}

fn proxied_finding(m: &MxHost) -> Finding {
    Finding::new(
        "mx.cloudflare_proxied",
        Severity::Error,
        format!(
            "The mail server {} answers with Cloudflare's proxy addresses (orange cloud). Cloudflare's proxy does not pass mail through, so mail sent to it does not arrive.",
            m.exchange
        ),
        format!(
            "In Cloudflare's DNS page, click the orange cloud next to {} so it turns grey (DNS only).",
            m.exchange
        ),
    )
}

fn ip_finding(m: &MxHost) -> Finding {
    Finding::new(
        "mx.ip_address",
        Severity::Error,
        format!(
            "The MX record \"{} {}\" holds an IP address where a host name belongs; senders look {} up as a name, find nothing, and cannot deliver there.",
            m.preference, m.exchange, m.exchange
        ),
        format!(
            "Give the server a name (an A record such as mail.yourdomain pointing at {}) and put that name in the MX record.",
            m.exchange
        ),
    )
    .rfc("RFC 5321 §5.1")
}

fn cname_finding(m: &MxHost, target: &str) -> Finding {
    Finding::new(
        "mx.cname",
        Severity::Warning,
        format!(
            "The MX record names {}, which is an alias (CNAME) for {target}. MX records must name a host directly; some senders refuse or mishandle an alias.",
            m.exchange
        ),
        format!("Change the MX record to point at {target} itself."),
    )
    .rfc("RFC 2181 §10.3")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::StaticResolver;

    async fn ids(r: &StaticResolver, domain: &str) -> Vec<&'static str> {
        let mx = r.lookup(domain, QueryType::Mx).await;
        let hosts: Vec<MxHost> = mx.mx().cloned().collect();
        audit_mx(r, &mx, &hosts)
            .await
            .iter()
            .map(|f| f.id)
            .collect()
    }

    #[tokio::test]
    async fn mx_mistakes() {
        let r = StaticResolver::new()
            .mx(
                "a.example",
                &[
                    (10, "mx.a.example"),
                    (20, "192.0.2.25"),
                    (30, "mx2.a.example"),
                ],
            )
            .cname("mx.a.example", "mail.example.net")
            .ip("mx2.a.example", &["192.0.2.26".parse().expect("ip")])
            .mx("e.example", &[(10, "mail.e.example")])
            .ip("mail.e.example", &["104.16.132.229".parse().expect("ip")])
            .mx("b.example", &[(0, ".")])
            .mx("c.example", &[(0, "."), (10, "mx.c.example")])
            .exists("d.example");
        for (domain, expected) in [
            ("a.example", vec!["mx.ip_address", "mx.cname"]),
            ("b.example", vec!["mx.null"]),
            ("c.example", vec!["mx.null", "mx.null_with_others"]),
            ("d.example", vec!["mx.missing"]),
            ("e.example", vec!["mx.cloudflare_proxied"]),
        ] {
            assert_eq!(ids(&r, domain).await, expected, "{domain}");
        }
    }
}
