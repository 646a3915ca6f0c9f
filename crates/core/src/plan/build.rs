//! Making the plan: providers' SPF includes, DKIM keys and CNAMEs, the DMARC policy, extras and
//! MX, each merged with what the domain publishes today and formatted for the chosen panel.

use std::collections::BTreeSet;

use super::{
    Change, ExistingRecords, KeySummary, PanelRef, PanelSteps, Plan, PlanChoices, PlannedRecord,
    PolicyFile, ProviderStep, SpfSummary, Topic,
};
use crate::calendar::Date;
use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};
use crate::providers::{self, DkimMethod, Provider, ProviderKind};
use crate::records::bimi::{self, BimiRecord};
use crate::records::dkim::{self, GeneratedKey, KeyAlgorithm};
use crate::records::dmarc::{self, DmarcRecord, Policy};
use crate::records::mta_sts::{self, MtaStsMode, MtaStsPolicy, MtaStsRecord};
use crate::records::spf::{self, Qualifier, SpfChoices, SpfIp, SpfRecord};
use crate::records::tlsrpt::TlsRptRecord;
use crate::records::RecordType;
use crate::registrars::{self, Registrar};

/// Make the plan, generating DKIM keys on this computer.
pub fn plan(
    domain: &DomainName,
    choices: &PlanChoices,
    existing: &ExistingRecords,
) -> Result<Plan> {
    plan_with_keys(domain, choices, existing, &mut dkim::generate)
}

/// [`plan`] with the key generator passed in (tests use fixed keys).
pub fn plan_with_keys(
    domain: &DomainName,
    choices: &PlanChoices,
    existing: &ExistingRecords,
    keygen: &mut dyn FnMut(KeyAlgorithm) -> Result<GeneratedKey>,
) -> Result<Plan> {
    let panel = match &choices.registrar {
        Some(id) => registrars::get(id)?,
        None => registrars::for_dns_host(existing.dns_host.as_deref().unwrap_or_default()),
    };
    let mut ids = BTreeSet::new();
    let mut senders: Vec<&'static Provider> = Vec::new();
    for id in &choices.providers {
        let provider = providers::get(id)?;
        if ids.insert(provider.id.clone()) {
            senders.push(provider);
        }
    }
    let ips = choices
        .ips
        .iter()
        .map(|ip| ip.parse::<SpfIp>())
        .collect::<Result<Vec<_>>>()?;
    let start = choices.start.unwrap_or_else(Date::today_utc);
    let mut b = Builder {
        zone: domain.ascii.clone(),
        panel,
        ttl: choices.ttl.max(panel.ttl.min_seconds.unwrap_or(0)).max(60),
        records: Vec::new(),
        steps: Vec::new(),
        findings: Vec::new(),
        existing,
    };
    if b.ttl != choices.ttl {
        b.findings.push(Finding::note(
            "plan.ttl_raised",
            format!(
                "{} does not accept a TTL of {} seconds; the plan uses {}.",
                panel.name, choices.ttl, b.ttl
            ),
        ));
    }

    let mut keys = Vec::new();
    let mut private_keys = Vec::new();
    let (spf_summary, dmarc_record, rollout, mta_sts_policy);
    if choices.extras.never_sends {
        if !senders.is_empty() || !ips.is_empty() {
            b.findings.push(Finding::new(
                "plan.never_sends_with_senders",
                Severity::Warning,
                "You chose \"this domain never sends mail\", so the senders and IP addresses you picked are left out.",
                "If any service sends as this domain, turn off \"never sends mail\".",
            ));
        }
        b.never_sends(choices)?;
        spf_summary = Some(SpfSummary {
            record: "v=spf1 -all".into(),
            dns_lookups: Some(0),
            void_lookups: Some(0),
            all_explained: spf::explain_all(Qualifier::Fail).to_owned(),
        });
        dmarc_record = None;
        rollout = Vec::new();
        mta_sts_policy = None;
    } else {
        if choices.extras.provider_mx {
            b.mx(&senders);
        }
        spf_summary = Some(b.spf(&senders, ips, choices)?);
        if choices.dkim.generate {
            let selector = match &choices.dkim.selector {
                Some(s) => dkim::validate_selector(s.trim())?.to_ascii_lowercase(),
                None => {
                    let (y, m, _) = start.ymd();
                    format!("sw{y:04}{m:02}")
                }
            };
            let key = keygen(choices.dkim.algorithm)?;
            let bits = dkim::analyse_key(&choices.dkim.algorithm.key_type(), &key.public_b64)
                .map(|i| i.bits)
                .unwrap_or_default();
            b.local_dkim(&selector, &key, &senders);
            keys.push(KeySummary {
                selector: selector.clone(),
                algorithm: key.algorithm,
                bits,
            });
            private_keys.push((selector, key.private));
        }
        b.provider_dkim(&senders);
        let (record, steps) = b.dmarc(choices, start)?;
        rollout = steps;
        mta_sts_policy = b.mta_sts(choices, &senders, start);
        b.tls_rpt(choices)?;
        b.bimi(choices, &record);
        dmarc_record = Some(record);
    }
    let _ = dmarc_record;
    // Records another domain's owner publishes come last (stable: the rest keep their order).
    b.records.sort_by_key(|r| r.published_by.is_some());
    let panel_ref = PanelRef {
        id: panel.id.clone(),
        name: panel.name.clone(),
        dns_page: panel.dns_page.clone(),
        steps: [RecordType::Txt, RecordType::Cname, RecordType::Mx]
            .into_iter()
            .filter(|kind| {
                b.records
                    .iter()
                    .any(|r| r.kind == *kind && r.published_by.is_none())
            })
            .map(|kind| PanelSteps {
                kind,
                steps: panel.steps(kind).to_vec(),
            })
            .collect(),
    };
    if !existing.complete {
        b.findings.push(Finding::new(
            "plan.existing_incomplete",
            Severity::Warning,
            "Some of the domain's current records could not be read, so the plan may not include everything already published.",
            "Check your DNS panel for existing SPF and DMARC records before adding these, or run the plan again later.",
        ));
    }
    Ok(Plan {
        domain: domain.ascii.clone(),
        domain_unicode: domain.unicode.clone(),
        panel: panel_ref,
        records: b.records,
        provider_steps: b.steps,
        findings: b.findings,
        spf: spf_summary,
        rollout,
        keys,
        mta_sts_policy,
        private_keys,
    })
}

/// Collects records and findings while the plan is made.
struct Builder<'a> {
    zone: String,
    panel: &'static Registrar,
    ttl: u32,
    records: Vec<PlannedRecord>,
    steps: Vec<ProviderStep>,
    findings: Vec<Finding>,
    existing: &'a ExistingRecords,
}

impl Builder<'_> {
    fn name(&self, relative: &str) -> String {
        if relative.is_empty() || relative == "@" {
            self.zone.clone()
        } else {
            format!("{relative}.{}", self.zone)
        }
    }

    /// Add a record; `old` is what is published at that name today, for the same purpose.
    fn add(
        &mut self,
        kind: RecordType,
        name: String,
        content: String,
        topic: Topic,
        purpose: &str,
        old: Option<String>,
    ) {
        let change = match old {
            Some(old) if old == content => Change::Unchanged,
            Some(old) => Change::Replace { old },
            None => Change::New,
        };
        let panel_note = match kind {
            RecordType::Cname => self.panel.cname.proxy_caveat.clone(),
            _ => None,
        };
        self.records.push(PlannedRecord {
            kind,
            host: self.panel.host_for(&name, &self.zone),
            value: self.panel.value_for(kind, &content),
            name,
            content,
            priority: None,
            ttl: self.ttl,
            purpose: purpose.to_owned(),
            topic,
            change,
            published_by: None,
            panel_note,
        });
    }

    fn txt_now(&self, name: &str, is_kind: impl Fn(&str) -> bool) -> Option<String> {
        self.existing
            .txt_at(name)
            .iter()
            .find(|t| is_kind(t))
            .cloned()
    }

    fn never_sends(&mut self, choices: &PlanChoices) -> Result<()> {
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

    fn mx(&mut self, senders: &[&'static Provider]) {
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

    fn spf(
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
                        "{} sends with its own return-path address, where its SPF check happens; its include is also added to your main record so mail it sends with your domain as the sender passes too.{}",
                        p.name,
                        p.spf.note.as_deref().map(|n| format!(" {n}")).unwrap_or_default()
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
        let all = if choices.spf_fail_all {
            Qualifier::Fail
        } else {
            Qualifier::SoftFail
        };
        let spf_choices = SpfChoices { includes, ips, all };
        let parsed: Vec<SpfRecord> = self
            .existing
            .spf
            .iter()
            .filter_map(|t| SpfRecord::parse(t).ok())
            .collect();
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

    fn local_dkim(&mut self, selector: &str, key: &GeneratedKey, senders: &[&'static Provider]) {
        let name = self.name(&format!("{selector}.{}", dkim::DOMAINKEY_LABEL));
        let old = self.txt_now(&name, |_| true);
        if old.is_some() {
            self.findings.push(Finding::new(
                "plan.dkim_selector_in_use",
                Severity::Warning,
                format!("A DKIM key is already published at {name}. Replacing it breaks signing for whatever uses it now."),
                "Choose another selector for the new key unless you are sure the old one is unused.",
            ));
        }
        let purpose = if senders
            .iter()
            .any(|p| p.dkim.method == DkimMethod::Generate)
        {
            "DKIM: the public key for mail your own server signs (the private key stays with you)."
        } else {
            "DKIM: a key made on this computer, for a server or tool of yours that lets you upload a key."
        };
        self.add(
            RecordType::Txt,
            name,
            key.record().to_string(),
            Topic::Dkim,
            purpose,
            old,
        );
        if key.algorithm == KeyAlgorithm::Ed25519 {
            self.findings.push(Finding::note(
                "plan.dkim_ed25519_alone",
                "Some receivers still ignore Ed25519 signatures; sign with an RSA key as well, under a second selector.",
            ).rfc("RFC 8463 §1"));
        }
    }

    fn provider_dkim(&mut self, senders: &[&'static Provider]) {
        let domain_dashes = self.zone.replace('.', "-");
        let known = [
            ("domain", self.zone.clone()),
            ("domain_dashes", domain_dashes),
        ];
        for p in senders {
            match p.dkim.method {
                DkimMethod::Generate => {}
                DkimMethod::ProviderTxt => {
                    let hosts = p
                        .dkim
                        .selectors
                        .iter()
                        .map(|s| {
                            self.panel
                                .host_for(&self.name(&format!("{s}._domainkey")), &self.zone)
                        })
                        .collect();
                    self.steps.push(ProviderStep {
                        provider: p.id.clone(),
                        provider_name: p.name.clone(),
                        topic: Topic::Dkim,
                        instructions: format!(
                            "Copy the DKIM record {} shows you and add it as a TXT record. {}",
                            p.name, p.dkim.where_to_find
                        ),
                        hosts,
                        link: Some(p.dkim.source.url.clone()),
                    });
                }
                DkimMethod::Cname => {
                    let values: Vec<(&str, &str)> =
                        known.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    let filled: Vec<Option<(String, String)>> =
                        p.dkim.cnames.iter().map(|t| t.fill(&values)).collect();
                    if !filled.is_empty() && filled.iter().all(Option::is_some) {
                        for (host, target) in filled.into_iter().flatten() {
                            let name = self.name(&host);
                            let old = None;
                            self.add(
                                RecordType::Cname,
                                name,
                                target,
                                Topic::Dkim,
                                &format!(
                                    "DKIM: points to the key {} publishes and rotates for you.",
                                    p.name
                                ),
                                old,
                            );
                        }
                    } else {
                        let hosts = p
                            .dkim
                            .cnames
                            .iter()
                            .map(|t| {
                                let host = known.iter().fold(t.host.clone(), |h, (k, v)| {
                                    h.replace(&format!("{{{k}}}"), v)
                                });
                                self.panel.host_for(&self.name(&host), &self.zone)
                            })
                            .collect();
                        self.steps.push(ProviderStep {
                            provider: p.id.clone(),
                            provider_name: p.name.clone(),
                            topic: Topic::Dkim,
                            instructions: format!("Add the DKIM CNAME records {} shows you (their targets are unique to your account). {}", p.name, p.dkim.where_to_find),
                            hosts,
                            link: Some(p.dkim.source.url.clone()),
                        });
                    }
                }
            }
            if let Some(note) = &p.dkim.note {
                self.findings.push(Finding::note(
                    "plan.provider_dkim_note",
                    format!("{}: {note}", p.name),
                ));
            }
            for note in &p.notes {
                self.findings.push(Finding::note(
                    "plan.provider_note",
                    format!("{}: {note}", p.name),
                ));
            }
        }
    }

    fn dmarc(
        &mut self,
        choices: &PlanChoices,
        start: Date,
    ) -> Result<(DmarcRecord, Vec<dmarc::RolloutStep>)> {
        let existing: Vec<DmarcRecord> = self
            .existing
            .dmarc
            .iter()
            .filter_map(|t| DmarcRecord::parse(t).ok())
            .collect();
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

    fn report_authorizations(&mut self, record: &DmarcRecord) {
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

    fn mta_sts(
        &mut self,
        choices: &PlanChoices,
        senders: &[&'static Provider],
        start: Date,
    ) -> Option<PolicyFile> {
        let choice = choices.extras.mta_sts.as_ref()?;
        let mut hosts: Vec<String> = self
            .existing
            .mx
            .iter()
            .map(|m| m.exchange.clone())
            .filter(|h| h != ".")
            .collect();
        if choices.extras.provider_mx || hosts.is_empty() {
            if let Some(mx) = senders
                .iter()
                .find(|p| p.kind == ProviderKind::Mailbox)
                .and_then(|p| p.mx.as_ref())
            {
                hosts = mx
                    .records
                    .iter()
                    .map(|m| m.exchange.to_ascii_lowercase())
                    .collect();
            }
        }
        hosts.sort();
        hosts.dedup();
        if hosts.is_empty() {
            self.findings.push(Finding::new(
                "plan.mta_sts_no_mx",
                Severity::Warning,
                "MTA-STS lists the servers that receive your mail, but the domain has no MX records, so it was left out.",
                "Set up the domain's mail servers (MX) first, then add MTA-STS.",
            ).rfc("RFC 8461 §3.2"));
            return None;
        }
        let policy = MtaStsPolicy {
            mode: if choice.enforce {
                MtaStsMode::Enforce
            } else {
                MtaStsMode::Testing
            },
            mx: hosts,
            max_age: choice.max_age.min(mta_sts::MAX_AGE_LIMIT),
            extensions: Vec::new(),
        };
        let body = policy.to_string();
        let (y, m, d) = start.ymd();
        let id = format!("{y:04}{m:02}{d:02}{:08x}", fnv1a(body.as_bytes()));
        let name = self.name("_mta-sts");
        let old = self.txt_now(&name, |t| t.starts_with("v=STSv1"));
        self.add(
            RecordType::Txt,
            name,
            MtaStsRecord::new(id).to_string(),
            Topic::MtaSts,
            "MTA-STS: tells senders your policy file exists (change the id when the file changes).",
            old,
        );
        if !choice.enforce {
            self.findings.push(Finding::note(
                "plan.mta_sts_testing",
                "MTA-STS starts in testing mode: senders report problems but still deliver. Switch to enforce once the TLS reports are clean.",
            ).rfc("RFC 8461 §5"));
        }
        Some(PolicyFile {
            url: mta_sts::policy_url(&self.zone),
            hosting: format!(
                "Serve this file over HTTPS at the address below, from a web server for mta-sts.{} with a valid certificate for that name (any static web host works; add the DNS record your host gives you for mta-sts.{}). It must be plain text (Content-Type text/plain), with no redirects.",
                self.zone, self.zone
            ),
            body,
        })
    }

    fn tls_rpt(&mut self, choices: &PlanChoices) -> Result<()> {
        if choices.extras.tls_rpt.is_empty() {
            return Ok(());
        }
        let mut rua = Vec::new();
        for value in &choices.extras.tls_rpt {
            let v = value.trim();
            let uri = if v.contains(':') {
                v.to_owned()
            } else {
                format!("mailto:{v}")
            };
            rua.push(uri);
        }
        let record = TlsRptRecord::new(rua);
        let text = record.to_string();
        if TlsRptRecord::parse(&text).is_err() {
            return Err(Error::DmarcReportAddressInvalid {
                value: choices.extras.tls_rpt.join(", "),
            });
        }
        let name = self.name("_smtp._tls");
        let old = self.txt_now(&name, |t| t.starts_with("v=TLSRPTv1"));
        self.add(RecordType::Txt, name, text, Topic::TlsRpt, "TLS-RPT: where senders report problems making secure connections to your mail servers.", old);
        Ok(())
    }

    fn bimi(&mut self, choices: &PlanChoices, dmarc_record: &DmarcRecord) {
        let Some(choice) = &choices.extras.bimi else {
            return;
        };
        if let Some(why) = bimi::blocked_by_dmarc(Some(dmarc_record)) {
            self.findings.push(Finding::new(
                "plan.bimi_needs_enforcement",
                Severity::Info,
                format!("BIMI was left out for now. {why}"),
                "Add BIMI when your DMARC rollout reaches quarantine or reject.",
            ));
            return;
        }
        let record = BimiRecord::new(&choice.logo_url, choice.certificate_url.as_deref());
        let text = record.to_string();
        if BimiRecord::parse(&text).is_err() {
            self.findings.push(Finding::new(
                "plan.bimi_invalid",
                Severity::Warning,
                "The BIMI logo and certificate addresses must start with https://, so BIMI was left out.",
                "Enter the https:// address of your SVG logo (and of its certificate).",
            ));
            return;
        }
        let name = self.name("default._bimi");
        let old = self.txt_now(&name, |t| t.starts_with("v=BIMI1"));
        self.add(
            RecordType::Txt,
            name,
            text,
            Topic::Bimi,
            "BIMI: the logo some mailboxes show next to your mail.",
            old,
        );
    }
}

/// A short, stable fingerprint (FNV-1a, 32 bits) for the MTA-STS policy id.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}
