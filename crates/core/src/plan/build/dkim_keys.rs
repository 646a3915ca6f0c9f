//! The plan's DKIM part: the key made on this computer (RFC 6376 §3.6.1) and each provider's own
//! method — CNAMEs to keys it hosts, or a TXT value its dashboard shows.

use super::Builder;
use crate::finding::{Finding, Severity};
use crate::plan::{ProviderStep, Topic};
use crate::providers::{DkimMethod, Provider};
use crate::records::dkim::{self, GeneratedKey, KeyAlgorithm};
use crate::records::RecordType;

impl Builder<'_> {
    pub(super) fn local_dkim(
        &mut self,
        selector: &str,
        key: &GeneratedKey,
        senders: &[&'static Provider],
    ) {
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

    pub(super) fn provider_dkim(&mut self, senders: &[&'static Provider]) {
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
}
