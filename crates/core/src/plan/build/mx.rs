//! The plan's MX records: a mailbox provider's mail servers, or the null MX (RFC 7505) of the
//! "this domain never sends mail" set with its `v=spf1 -all` and `p=reject`.

use std::collections::BTreeSet;

use super::Builder;
use crate::error::Result;
use crate::finding::{Finding, Severity};
use crate::plan::{PlanChoices, Topic};
use crate::providers::{Provider, ProviderKind};
use crate::records::dmarc::{self, DmarcRecord, Policy};
use crate::records::RecordType;

impl Builder<'_> {
    pub(super) fn never_sends(&mut self, choices: &PlanChoices) -> Result<()> {
        if !self.existing.mx.is_empty() {
            self.findings.push(Finding::new(
                "plan.null_mx_replaces_mx",
                Severity::Warning,
                "The domain has mail servers (MX) today. A null MX tells everyone it receives no mail, so mail sent to it will bounce.",
                "Only publish the null MX if nobody uses an address at this domain; then delete the existing MX records.",
            ).rfc("RFC 7505 §3"));
        }
        let zone = self.zone.clone();
        self.add(
            RecordType::Mx,
            zone.clone(),
            ".".into(),
            Topic::Mx,
            "Null MX: this domain receives no mail (RFC 7505).",
            None,
        );
        if let Some(r) = self.records.last_mut() {
            r.priority = Some(0);
            r.value = self.panel.value_for(RecordType::Mx, "0 .");
        }
        let old_spf = self.existing.spf.first().cloned();
        self.add(
            RecordType::Txt,
            zone.clone(),
            "v=spf1 -all".into(),
            Topic::Spf,
            "SPF: no server may send mail as this domain.",
            old_spf,
        );
        self.add(
            RecordType::Txt,
            self.name("*._domainkey"),
            "v=DKIM1; p=".into(),
            Topic::Dkim,
            "DKIM: no signing key is valid for this domain.",
            None,
        );
        let mut record = DmarcRecord::with_policy(Policy::Reject);
        for value in &choices.dmarc.rua {
            record.rua.push(dmarc::report_uri(value)?);
        }
        let old = self.existing.dmarc.first().cloned();
        let name = self.name("_dmarc");
        self.add(
            RecordType::Txt,
            name,
            record.to_string(),
            Topic::Dmarc,
            "DMARC: receivers reject any mail claiming to be from this domain.",
            old,
        );
        self.report_authorizations(&record);
        Ok(())
    }

    pub(super) fn mx(&mut self, senders: &[&'static Provider]) {
        let Some(provider) = senders
            .iter()
            .find(|p| p.kind == ProviderKind::Mailbox && p.mx.is_some())
        else {
            self.findings.push(Finding::note(
                "plan.no_mailbox_provider",
                "You asked for MX records, but none of the chosen senders hosts mailboxes, so no MX records were added.",
            ));
            return;
        };
        let Some(mx) = &provider.mx else { return };
        let current: BTreeSet<String> = self
            .existing
            .mx
            .iter()
            .map(|m| m.exchange.clone())
            .collect();
        let wanted: BTreeSet<String> = mx
            .records
            .iter()
            .map(|m| m.exchange.to_ascii_lowercase())
            .collect();
        if !current.is_empty() && current != wanted {
            self.findings.push(Finding::new(
                "plan.mx_changes",
                Severity::Warning,
                format!("The domain's mail goes to {} today. Publishing {}'s MX records moves incoming mail there.", current.iter().cloned().collect::<Vec<_>>().join(", "), provider.name),
                "Delete the old MX records only when the mailboxes at the new provider are ready.",
            ));
        }
        for m in &mx.records {
            let exchange = m.exchange.to_ascii_lowercase();
            let old = self
                .existing
                .mx
                .iter()
                .find(|e| e.exchange == exchange)
                .map(|e| e.exchange.clone());
            let zone = self.zone.clone();
            self.add(
                RecordType::Mx,
                zone,
                exchange.clone(),
                Topic::Mx,
                &format!("MX: deliver mail for this domain to {}.", provider.name),
                old,
            );
            if let Some(r) = self.records.last_mut() {
                r.priority = Some(m.preference);
                r.value = self
                    .panel
                    .value_for(RecordType::Mx, &format!("{} {exchange}", m.preference));
            }
        }
        if let Some(note) = &mx.note {
            self.findings.push(Finding::note(
                "plan.mx_note",
                format!("{}: {note}", provider.name),
            ));
        }
    }
}
