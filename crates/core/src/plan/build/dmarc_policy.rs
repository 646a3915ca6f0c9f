//! The plan's DMARC record (RFC 7489), merged with the published one, its dated rollout, and the
//! report authorizations other domains must publish (RFC 7489 §7.1).

use super::Builder;
use crate::calendar::Date;
use crate::error::Result;
use crate::finding::{Finding, Severity};
use crate::plan::{Change, PlanChoices, PlannedRecord, Topic};
use crate::records::dmarc::{self, DmarcRecord};
use crate::records::RecordType;
use crate::registrars;

impl Builder<'_> {
    pub(super) fn dmarc(
        &mut self,
        choices: &PlanChoices,
        start: Date,
    ) -> Result<(DmarcRecord, Vec<dmarc::RolloutStep>)> {
        let existing: Vec<DmarcRecord> = self
            .existing
            .dmarc
            .iter()
            .filter_map(|t| DmarcRecord::parse_lenient(t))
            .collect();
        if let Some(bad) = self
            .existing
            .dmarc
            .iter()
            .find(|t| DmarcRecord::parse(t).is_err())
        {
            self.findings.push(
                Finding::new(
                    "plan.dmarc_existing_unreadable",
                    Severity::Warning,
                    format!("The current DMARC record has errors ({}). Sendwell kept the parts receivers still use: its policy and report addresses.", crate::records::tags::shorten(bad)),
                    "Replace it with the record below, which fixes the errors.",
                )
                .rfc("RFC 7489 §6.6.3"),
            );
        }
        if self.existing.dmarc.len() > 1 {
            self.findings.push(
                Finding::new(
                    "plan.dmarc_multiple",
                    Severity::Warning,
                    "The domain has more than one DMARC record, so receivers ignore them all.",
                    "Edit one of them to the new value and delete the others.",
                )
                .rfc("RFC 7489 §6.6.3"),
            );
        }
        let (record, findings) = choices.dmarc.merge(existing.first())?;
        self.findings.extend(findings);
        let old = self.existing.dmarc.first().cloned();
        let name = self.name("_dmarc");
        self.add(RecordType::Txt, name, record.to_string(), Topic::Dmarc, "DMARC: what receivers do with mail that fails SPF and DKIM, and where they send reports.", old);
        self.report_authorizations(&record);
        let rollout = dmarc::rollout(
            &record,
            choices.dmarc.target,
            choices.dmarc.weeks_between_steps,
            start,
        );
        Ok((record, rollout))
    }

    pub(super) fn report_authorizations(&mut self, record: &DmarcRecord) {
        let generic = registrars::for_dns_host("generic");
        for auth in dmarc::report_authorizations(&self.zone, record) {
            self.findings.push(Finding::new(
                "plan.report_authorization",
                Severity::Info,
                format!("Reports go to an address at {}. Receivers send them only if {} publishes a record allowing it.", auth.report_domain, auth.report_domain),
                format!("Ask whoever runs {} (your report provider) to publish the TXT record {} with the value v=DMARC1. Many report services do this automatically.", auth.report_domain, auth.name),
            ).rfc("RFC 7489 §7.1"));
            self.records.push(PlannedRecord {
                kind: RecordType::Txt,
                host: generic.host_for(&auth.name, &auth.report_domain),
                value: generic.value_for(RecordType::Txt, &auth.value),
                name: auth.name.clone(),
                content: auth.value.clone(),
                priority: None,
                ttl: self.ttl,
                purpose: format!(
                    "DMARC report permission: lets {} receive this domain's reports.",
                    auth.report_domain
                ),
                topic: Topic::ReportAuthorization,
                change: Change::New,
                published_by: Some(auth.report_domain.clone()),
                panel_note: None,
            });
        }
    }
}
