//! sendwell-core: everything Sendwell knows about domains, DNS and mail, with no user interface.
//! The desktop app and the `sendwell` command line are thin layers over these modules.

pub mod audit;
pub mod authority;
pub mod calendar;
pub mod catalog;
pub mod dns;
pub mod domain;
pub mod error;
pub mod export;
pub mod finding;
pub mod hosting;
pub mod plan;
pub mod propagation;
pub mod providers;
pub mod records;
pub mod registrars;
pub mod store;
pub mod testing;

pub use audit::{check_domain, DomainReport};
pub use authority::{discover_live, with_servers_live, Authority};
pub use dns::{DnsOutcome, DnsReply, HickoryResolver, Resolve, ResolverSettings};
pub use domain::DomainName;
pub use error::{Error, ErrorPayload, Result};

/// The environment variable that replaces the system resolvers (`IP[:PORT],...`), used by tests.
pub const RESOLVERS_ENV: &str = "SENDWELL_RESOLVERS";

/// Resolver settings from [`RESOLVERS_ENV`] when set and not empty, else `None`.
pub fn resolver_settings_from_env() -> Result<Option<ResolverSettings>> {
    match std::env::var(RESOLVERS_ENV) {
        Ok(list) if !list.trim().is_empty() => ResolverSettings::from_list(&list).map(Some),
        _ => Ok(None),
    }
}

pub mod mailbox;
pub mod secrets;
