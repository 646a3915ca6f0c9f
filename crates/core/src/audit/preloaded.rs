//! A resolver that answers a few questions from answers the audit already holds and passes the
//! rest on. The SPF evaluation starts at the domain's own TXT records (and asks its MX for an
//! `mx` term), which the audit's first round fetched already: asking again would only load the
//! resolver, never change the answer within one audit.

use crate::dns::{DnsOutcome, QueryType, Resolve};

/// `inner`, except for the questions in `known`.
pub(super) struct Preloaded<'a, R> {
    inner: &'a R,
    known: Vec<(&'a str, QueryType, &'a DnsOutcome)>,
}

impl<'a, R: Resolve> Preloaded<'a, R> {
    /// Answer `known` (name, type, outcome) from memory and everything else through `inner`.
    pub(super) fn new(inner: &'a R, known: Vec<(&'a str, QueryType, &'a DnsOutcome)>) -> Self {
        Preloaded { inner, known }
    }
}

impl<R: Resolve> Resolve for Preloaded<'_, R> {
    async fn lookup(&self, name: &str, kind: QueryType) -> DnsOutcome {
        let asked = name.trim_end_matches('.');
        match self
            .known
            .iter()
            .find(|(n, t, _)| *t == kind && n.eq_ignore_ascii_case(asked))
        {
            Some((_, _, outcome)) => (*outcome).clone(),
            None => self.inner.lookup(name, kind).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::StaticResolver;

    #[tokio::test]
    async fn known_questions_are_answered_from_memory_and_others_passed_on() {
        let live = StaticResolver::new().txt("example.com", &["v=spf1 -all"]);
        let held = DnsOutcome::Timeout;
        let r = Preloaded::new(&live, vec![("example.com", QueryType::Mx, &held)]);
        assert_eq!(
            r.lookup("Example.com.", QueryType::Mx).await,
            DnsOutcome::Timeout
        );
        assert_eq!(
            r.lookup("example.com", QueryType::Txt)
                .await
                .txt()
                .collect::<Vec<_>>(),
            ["v=spf1 -all"]
        );
    }
}
