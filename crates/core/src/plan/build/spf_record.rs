//! The plan's one SPF record (RFC 7208 §4.5): every provider's include and the user's own IPs,
//! merged with the records the domain publishes today.

use super::Builder;
use crate::error::Result;
use crate::finding::{Finding, Severity};
use crate::plan::{PlanChoices, SpfSummary, Topic};
use crate::providers::{self, Provider, ProviderKind};
use crate::records::spf::{self, Qualifier, SpfChoices, SpfIp, SpfRecord};
use crate::records::RecordType;

impl Builder<'_> {
    pub(super) fn spf(
        &mut self,
        senders: &[&'static Provider],
        ips: Vec<SpfIp>,
        choices: &PlanChoices,
    ) -> Result<SpfSummary> {
        let mut includes = Vec::new();
        for p in senders {
            for include in &p.spf.includes {
                if !includes.contains(include) {
                    includes.push(include.clone());
                }
            }
            if p.spf.placement == providers::SpfPlacement::ReturnPath && !p.spf.includes.is_empty()
            {
                self.findings.push(Finding::note(
                    "plan.spf_return_path",
                    format!(
                        "{} normally sends with its own return-path address, and SPF is checked there, not on your domain. Sendwell still adds its include to your main SPF record, so that mail it sends with your domain as the return-path passes too; this uses one of the 10 DNS lookups SPF allows, and you can remove it if you keep the provider's default setup. About {}: {}",
                        p.name,
                        p.name,
                        p.spf.note.as_deref().unwrap_or("no further notes")
                    ),
                ));
            }
        }
        if senders.iter().any(|p| p.kind == ProviderKind::OwnServer) && ips.is_empty() {
            self.findings.push(Finding::new(
                "plan.own_server_without_ip",
                Severity::Warning,
                "You chose your own server but gave no IP address for it, so SPF does not allow it yet.",
                "Add the server's public IP address (for example 203.0.113.7).",
            ));
        }

        let parsed: Vec<SpfRecord> = self
            .existing
            .spf
            .iter()
            .filter_map(|t| SpfRecord::parse(t).ok())
            .collect();
        let existing_all = parsed.iter().find_map(SpfRecord::all);
        let all = match (choices.spf_fail_all, existing_all) {
            (Some(true), _) | (None, Some(Qualifier::Fail)) => Qualifier::Fail,
            _ => Qualifier::SoftFail,
        };
        let spf_choices = SpfChoices { includes, ips, all };
        if parsed.len() < self.existing.spf.len() {
            self.findings.push(Finding::new(
                "plan.spf_existing_unreadable",
                Severity::Warning,
                "The domain's current SPF record has errors, so Sendwell could not keep its entries.",
                "Compare the current record with the new one and add back any server that is still needed.",
            ).rfc("RFC 7208 §4.6"));
        }
        let combined = (!parsed.is_empty()).then(|| SpfRecord {
            terms: parsed
                .iter()
                .flat_map(|r| r.terms.iter().cloned())
                .collect(),
        });
        if self.existing.spf.len() > 1 {
            self.findings.push(Finding::new(
                "plan.spf_multiple_merged",
                Severity::Warning,
                format!("The domain has {} SPF records; receivers treat that as an error. Sendwell merged them into one.", self.existing.spf.len()),
                "Edit one SPF record to the new value and delete the others.",
            ).rfc("RFC 7208 §4.5"));
        }
        let merged = spf::merge(combined.as_ref(), &spf_choices);
        self.findings.extend(merged.findings);
        let text = merged.record.to_string();
        if let Err(e) = SpfRecord::parse(&text) {
            self.findings.push(
                Finding::new(
                    "plan.spf_merge_invalid",
                    Severity::Error,
                    format!("The merged SPF record is not valid ({e}), so it must not be published as it is."),
                    "Check the current SPF records for unusual parts and remove them, then plan again.",
                )
                .rfc("RFC 7208 §4.6"),
            );
        }
        let old = self.existing.spf.first().cloned();
        let zone = self.zone.clone();
        self.add(
            RecordType::Txt,
            zone,
            text.clone(),
            Topic::Spf,
            "SPF: the servers allowed to send mail as this domain.",
            old,
        );
        Ok(SpfSummary {
            record: text,
            dns_lookups: None,
            void_lookups: None,
            all_explained: spf::explain_all(all).to_owned(),
        })
    }
}
