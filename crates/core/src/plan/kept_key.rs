//! Planning again without making a new DKIM key each time: the app rebuilds the plan whenever a
//! choice changes, so a key made earlier (its private half in the keychain) is reused while the
//! choices still ask for that kind of key, and a new key never overwrites a kept one.

use serde::{Deserialize, Serialize};

use super::build::plan_with_keys;
use super::{default_selectors, ExistingRecords, Plan, PlanChoices};
use crate::calendar::Date;
use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::records::dkim::{self, KeyAlgorithm};
use crate::secrets::{Keychain, Secret};

/// The public facts of the key made for a domain (its private half is in the keychain under
/// `dkim_account(selector, domain)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptKey {
    /// Its selector.
    pub selector: String,
    /// Its kind.
    pub algorithm: KeyAlgorithm,
    /// The public key as published (base64), when known.
    pub public_b64: Option<String>,
}

/// Build the plan, reusing `kept` when the choices still fit it; a key made now is saved in the
/// keychain before the plan is returned (with `Some` of its facts), so no plan ever shows a key
/// that is not kept. Keychain errors are errors: a key that cannot be kept must not be published.
pub async fn plan_keeping_key(
    domain: &DomainName,
    choices: &PlanChoices,
    existing: &ExistingRecords,
    keychain: &Keychain,
    kept: Option<&KeptKey>,
) -> Result<(Plan, Option<KeptKey>)> {
    let mut choices = choices.clone();
    let reusable = match kept {
        Some(k) if fits(k, &choices) => keychain
            .read_dkim_key(&k.selector, &domain.ascii)
            .await?
            .map(|der| (k.clone(), der)),
        _ => None,
    };
    if let Some((k, der)) = reusable {
        choices.dkim.selector = Some(k.selector.clone());
        let mut reuse = |algorithm: KeyAlgorithm| dkim::from_pkcs8(algorithm, der.expose_bytes());
        let plan = plan_with_keys(domain, &choices, existing, &mut reuse)?;
        return Ok((plan, None));
    }
    if !choices.dkim.generate {
        return Ok((super::plan(domain, &choices, existing)?, None));
    }
    // A new key: never on a selector whose key is already kept (an older key of this domain).
    let start = choices.start.unwrap_or_else(Date::today_utc);
    for selector in default_selectors(start)
        .into_iter()
        .chain(kept.map(|k| k.selector.clone()))
    {
        if keychain.dkim_key_exists(&selector, &domain.ascii).await? {
            choices.dkim.avoid_selectors.push(selector);
        }
    }
    let plan = super::plan(domain, &choices, existing)?;
    let mut made = None;
    for (selector, key) in &plan.private_keys {
        let der = Secret::from_bytes(key.der().to_vec());
        keychain.save_dkim_key(selector, &plan.domain, &der).await?;
        made = Some(KeptKey {
            selector: selector.clone(),
            algorithm: choices.dkim.algorithm,
            public_b64: dkim::from_pkcs8(choices.dkim.algorithm, key.der())
                .ok()
                .map(|k| k.public_b64),
        });
    }
    if made.is_none() && choices.dkim.generate && plan.keys.is_empty() {
        return Err(Error::DkimKeyGeneration {
            reason: "the plan made no key".to_owned(),
        });
    }
    Ok((plan, made))
}

/// Whether the choices still ask for this key: generating, same kind, and either no selector
/// chosen or this one.
fn fits(kept: &KeptKey, choices: &PlanChoices) -> bool {
    choices.dkim.generate
        && choices.dkim.algorithm == kept.algorithm
        && choices
            .dkim
            .selector
            .as_deref()
            .is_none_or(|s| s.trim().eq_ignore_ascii_case(&kept.selector))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_key_fits_only_the_same_kind_and_selector() {
        let kept = KeptKey {
            selector: "sw202612".into(),
            algorithm: KeyAlgorithm::Rsa2048,
            public_b64: None,
        };
        let mut c = PlanChoices::default();
        assert!(fits(&kept, &c));
        c.dkim.selector = Some("SW202612".into());
        assert!(fits(&kept, &c));
        c.dkim.selector = Some("other".into());
        assert!(!fits(&kept, &c));
        c.dkim.selector = None;
        c.dkim.algorithm = KeyAlgorithm::Ed25519;
        assert!(!fits(&kept, &c));
        c.dkim.algorithm = KeyAlgorithm::Rsa2048;
        c.dkim.generate = false;
        assert!(!fits(&kept, &c));
    }
}
