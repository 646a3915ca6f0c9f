//! Building a watch job from what the user gave: find the domain's name servers (or take the
//! ones given), then pair them with the resolver panel. The CLI's `watch` and the app's
//! Propagation step both start here, so they ask the same servers.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::dns::HickoryResolver;
use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::ResolverSettings;

use super::model::ExpectedRecord;
use super::settings::{authoritative_targets, authority_servers, resolver_panel, WatchSettings};
use super::watch::WatchJob;

/// How long one discovery question may take.
const DISCOVERY_TIMEOUT: Duration = Duration::from_secs(2);

/// Whom to ask.
#[derive(Debug, Clone, Default)]
pub struct JobServers {
    /// Resolvers for the "live?" panel (and for finding the name servers); empty means the
    /// system's resolvers plus the public panel.
    pub resolvers: Vec<SocketAddr>,
    /// Name servers to ask directly instead of finding them from NS records.
    pub authoritative: Vec<SocketAddr>,
}

/// Discover the name servers and build the job. Discovery counts against `settings.timeout`:
/// the watch gets what is left of it. The findings (a lagging or unreachable name server) are
/// returned for the caller to show.
pub async fn prepare_job(
    domain: &DomainName,
    records: Vec<ExpectedRecord>,
    servers: &JobServers,
    settings: &mut WatchSettings,
) -> Result<(WatchJob<HickoryResolver>, Vec<Finding>)> {
    let lookup = ResolverSettings {
        servers: servers.resolvers.clone(),
        ..ResolverSettings::default()
    }
    .with_timeout(DISCOVERY_TIMEOUT);
    let started = Instant::now();
    let discovery = async {
        if servers.authoritative.is_empty() {
            crate::discover_live(&domain.ascii, &lookup).await
        } else {
            crate::with_servers_live(&domain.ascii, &servers.authoritative, &lookup).await
        }
    };
    let authority = match settings.timeout {
        Some(limit) => tokio::time::timeout(limit, discovery).await.map_err(|_| {
            Error::WatchNoNameServers {
                domain: domain.ascii.clone(),
                reason: "finding them took longer than the time allowed".to_owned(),
            }
        })??,
        None => discovery.await?,
    };
    if let Some(limit) = settings.timeout.as_mut() {
        *limit = limit.saturating_sub(started.elapsed());
    }
    let authoritative = authority_servers(&authority);
    if authoritative.is_empty() {
        return Err(Error::WatchNoNameServers {
            domain: domain.ascii.clone(),
            reason: authority.findings.first().map_or_else(
                || "no NS records were found".to_owned(),
                |f| f.message.clone(),
            ),
        });
    }
    let mut targets = authoritative_targets(&authoritative, settings)?;
    targets.extend(resolver_panel(&servers.resolvers, settings)?);
    let job = WatchJob {
        domain: domain.ascii.clone(),
        apex: authority.apex.clone(),
        records,
        targets,
    };
    Ok((job, authority.findings))
}
