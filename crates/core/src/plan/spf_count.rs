//! Counting the DNS lookups the planned SPF record will cost (RFC 7208 §4.6.4) before it is
//! published: the live resolver answers for everything except the domain's own TXT, which the
//! plan's record stands in for.

use super::Plan;
use crate::dns::{DnsOutcome, QueryType, RecordData, Resolve};
use crate::finding::{Finding, Severity};
use crate::records::spf::{self, FLATTEN_TRADE_OFF, MAX_DNS_LOOKUPS};

/// A resolver that answers TXT at one name with the planned record and asks `inner` otherwise.
struct Overlay<'a, R> {
    inner: &'a R,
    name: String,
    txt: String,
}

impl<R: Resolve> Resolve for Overlay<'_, R> {
    async fn lookup(&self, name: &str, kind: QueryType) -> DnsOutcome {
        if kind == QueryType::Txt && name.trim_end_matches('.').eq_ignore_ascii_case(&self.name) {
            return DnsOutcome::Answer {
                records: vec![RecordData::Txt(self.txt.clone())],
                ttl: 0,
            };
        }
        self.inner.lookup(name, kind).await
    }
}

/// Fill `plan.spf`'s lookup counts by walking the planned record's include tree in live DNS, and
/// add the findings (over 10 lookups or 2 void lookups is a permerror; flattening is offered).
pub async fn count_spf_lookups<R: Resolve>(resolver: &R, plan: &mut Plan) {
    let Some(summary) = plan.spf.as_mut() else {
        return;
    };
    let overlay = Overlay {
        inner: resolver,
        name: plan.domain.clone(),
        txt: summary.record.clone(),
    };
    let count = spf::count_lookups(&overlay, &plan.domain).await;
    summary.dns_lookups = Some(count.dns_lookups);
    summary.void_lookups = Some(count.void_lookups);
    plan.findings.extend(count.findings());
    if count.dns_lookups > MAX_DNS_LOOKUPS {
        plan.findings.push(Finding::new(
            "plan.spf_flatten_offer",
            Severity::Info,
            format!("The SPF record needs {} DNS lookups; receivers allow 10. Flattening (listing the providers' addresses instead of their includes) would bring it under the limit. {FLATTEN_TRADE_OFF}", count.dns_lookups),
            "Remove senders you no longer use first. Flatten only if you will re-check the record regularly.",
        ).rfc("RFC 7208 §4.6.4"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{plan, ExistingRecords, PlanChoices};
    use crate::testing::StaticResolver;
    use crate::DomainName;

    #[tokio::test]
    async fn counts_the_planned_record_not_the_published_one() {
        let resolver = StaticResolver::new()
            .txt("example.com", &["v=spf1 -all"])
            .txt(
                "_spf.google.com",
                &["v=spf1 include:_netblocks.google.com ~all"],
            )
            .txt("_netblocks.google.com", &["v=spf1 ip4:192.0.2.0/24 ~all"]);
        let choices = PlanChoices {
            providers: vec!["google-workspace".into()],
            ..PlanChoices::default()
        };
        let domain = DomainName::parse("example.com").expect("domain");
        let mut p = plan(&domain, &choices, &ExistingRecords::none()).expect("plan");
        count_spf_lookups(&resolver, &mut p).await;
        let spf = p.spf.as_ref().expect("spf");
        assert_eq!(spf.dns_lookups, Some(2), "{spf:?}");
        assert_eq!(spf.void_lookups, Some(0));
    }
}
