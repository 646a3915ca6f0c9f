//! Live DNS over hickory's name-server pool: the system's resolvers, an explicit list, or one
//! authoritative server asked directly (no recursion). No cache, so changes show at once.
//!
//! hickory-resolver's own `Resolver` is not used: it hides the AA bit and re-asks a CNAME loop
//! until its depth limit, then reports "no records". Here the pool (UDP, TCP after a truncated
//! answer, retries) sends each question and [`super::interpret`] reads the response.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::xfer::{DnsHandle, FirstAnswer, RetryDnsHandle};
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::{DnsRequestOptions, DnsResponse, Query, ResponseCode};
use hickory_resolver::proto::rr::{Name, RecordType};
use hickory_resolver::{NameServerPool, PoolContext, TlsConfig};

use super::interpret::{outside_authority, record_type, Step, Walk};
use super::{DnsOutcome, DnsReply, QueryType, Resolve, ResolverSettings, MAX_CNAME_HOPS};
use crate::error::{Error, Result};

type Handle = RetryDnsHandle<NameServerPool<TokioRuntimeProvider>>;

/// Live DNS through hickory's name-server pool, with no cache so changes show at once.
#[derive(Clone)]
pub struct HickoryResolver {
    handle: Handle,
    /// Per-question options; `recursion_desired` is false for a direct resolver.
    request: DnsRequestOptions,
    /// Cut-off for one lookup, all attempts included.
    deadline: Duration,
    /// After a SERVFAIL, walk the CNAMEs one question at a time to tell a loop apart.
    explain_servfail: bool,
    /// Questions sent (shared by clones).
    sent: Arc<AtomicU64>,
}

impl HickoryResolver {
    /// A recursive resolver from settings: the servers listed, or the operating system's
    /// resolvers when `servers` is empty.
    pub fn new(settings: &ResolverSettings) -> Result<Self> {
        let servers = if settings.servers.is_empty() {
            let (config, _) = hickory_resolver::system_conf::read_system_conf().map_err(|e| {
                Error::DnsSystemConfig {
                    reason: e.to_string(),
                }
            })?;
            let servers = config.name_servers().to_vec();
            if servers.is_empty() {
                return Err(Error::DnsSystemConfig {
                    reason: "the system lists no DNS servers".to_owned(),
                });
            }
            servers
        } else {
            settings.servers.iter().map(|a| name_server(*a)).collect()
        };
        Self::build(servers, settings, true)
    }

    /// A resolver that asks only the authoritative server at `addr`, directly: recursion not
    /// desired (RD = 0, RFC 1035 §4.1.1), no cache, UDP then TCP after a truncated answer.
    /// `settings.servers` is ignored; its timeout, attempts and UDP payload apply.
    ///
    /// CNAMEs are followed at the same server while it answers for their targets with authority
    /// (loops and long chains caught as with a recursive resolver); when an alias leads out of
    /// what the server serves, the answer is the CNAME record(s) met
    /// ([`super::RecordData::Cname`]), as the server said it.
    pub fn direct(addr: SocketAddr, settings: &ResolverSettings) -> Result<Self> {
        Self::build(vec![name_server(addr)], settings, false)
    }

    fn build(
        servers: Vec<NameServerConfig>,
        settings: &ResolverSettings,
        recursion: bool,
    ) -> Result<Self> {
        let mut opts = ResolverOpts::default();
        opts.cache_size = 0;
        opts.timeout = settings.timeout;
        opts.attempts = settings.attempts.max(1);
        opts.recursion_desired = recursion;
        opts.edns0 = settings.udp_payload.is_some();
        if let Some(payload) = settings.udp_payload {
            opts.edns_payload_len = payload.max(512);
        }
        let mut request = DnsRequestOptions::default();
        request.recursion_desired = recursion;
        request.use_edns = opts.edns0;
        request.edns_payload_len = opts.edns_payload_len;
        let attempts = opts.attempts;
        let tls = TlsConfig::new().map_err(|e| Error::Internal(format!("resolver: {e}")))?;
        let context = Arc::new(PoolContext::new(opts, tls));
        let pool = NameServerPool::from_config(servers, context, TokioRuntimeProvider::default());
        Ok(HickoryResolver {
            handle: RetryDnsHandle::new(pool, attempts.saturating_sub(1)),
            request,
            deadline: settings.deadline(),
            explain_servfail: true,
            sent: Arc::default(),
        })
    }

    /// The same resolver without the extra questions that explain a SERVFAIL (a CNAME loop is
    /// then only a SERVFAIL): for a caller with a strict query budget, like the watch.
    pub fn without_servfail_walk(mut self) -> Self {
        self.explain_servfail = false;
        self
    }

    /// Send one question and wait for its response (or the error standing for it).
    async fn ask(
        &self,
        name: &Name,
        kind: RecordType,
    ) -> std::result::Result<DnsResponse, NetError> {
        self.sent.fetch_add(1, Ordering::Relaxed);
        let first = self.send(name, kind, self.request).await;
        if !(self.request.use_edns && is_formerr(&first)) {
            return first;
        }
        // A server that does not know EDNS may answer FORMERR: ask once more without it
        // (RFC 6891 §7).
        let mut plain = self.request;
        plain.use_edns = false;
        self.sent.fetch_add(1, Ordering::Relaxed);
        self.send(name, kind, plain).await
    }

    async fn send(
        &self,
        name: &Name,
        kind: RecordType,
        options: DnsRequestOptions,
    ) -> std::result::Result<DnsResponse, NetError> {
        self.handle
            .lookup(Query::query(name.clone(), kind), options)
            .first_answer()
            .await
    }

    /// Ask, and follow CNAMEs the server did not follow itself. Returns the walk too, for
    /// [`Self::explain_servfail`].
    async fn resolve(&self, name: &str, kind: QueryType) -> (Option<Walk>, DnsReply) {
        let Ok(mut qname) = Name::from_ascii(name.trim_end_matches('.')) else {
            let detail = format!("'{name}' is not a valid DNS name");
            return (None, DnsOutcome::Failed { detail }.into());
        };
        qname.set_fqdn(true);
        let mut walk = Walk::new(&qname, kind);
        let mut response = self.ask(&qname, record_type(kind)).await;
        for _ in 0..=MAX_CNAME_HOPS {
            match walk.take(response) {
                Step::Done(reply) => return (Some(walk), reply),
                Step::Follow(next) => {
                    response = self.ask(&next, record_type(kind)).await;
                    if !self.request.recursion_desired && outside_authority(&response) {
                        let reply = walk.alias_answer();
                        return (Some(walk), reply);
                    }
                }
            }
        }
        let reply = walk.too_long();
        (Some(walk), reply)
    }

    /// Resolvers answer a CNAME loop with SERVFAIL. Walk the aliases one CNAME question at a
    /// time (those are answered without following) to say so; `None` when it is no loop.
    async fn explain_servfail(&self, mut walk: Walk) -> Option<DnsReply> {
        let mut name = walk.current().clone();
        for _ in 0..=MAX_CNAME_HOPS {
            match walk.take_alias(self.ask(&name, RecordType::CNAME).await)? {
                Step::Follow(next) => name = next,
                Step::Done(reply) => return Some(reply),
            }
        }
        Some(walk.too_long())
    }
}

/// The addresses of the operating system's resolvers (empty when they cannot be read).
pub fn system_resolver_ips() -> Vec<std::net::IpAddr> {
    hickory_resolver::system_conf::read_system_conf()
        .map(|(config, _)| config.name_servers().iter().map(|ns| ns.ip).collect())
        .unwrap_or_default()
}

/// The server said the question was malformed (FORMERR, RCODE 1).
fn is_formerr(response: &std::result::Result<DnsResponse, NetError>) -> bool {
    match response {
        Ok(r) => r.response_code == ResponseCode::FormErr,
        Err(NetError::Dns(DnsError::ResponseCode(code))) => *code == ResponseCode::FormErr,
        Err(_) => false,
    }
}

/// UDP with TCP beside it (the pool asks again over TCP when a UDP answer is truncated).
fn name_server(addr: SocketAddr) -> NameServerConfig {
    let mut udp = ConnectionConfig::udp();
    udp.port = addr.port();
    let mut tcp = ConnectionConfig::tcp();
    tcp.port = addr.port();
    let mut config = NameServerConfig::udp_and_tcp(addr.ip());
    config.connections = vec![udp, tcp];
    config
}

impl Resolve for HickoryResolver {
    async fn lookup(&self, name: &str, kind: QueryType) -> DnsOutcome {
        self.lookup_reply(name, kind).await.outcome
    }

    fn questions_sent(&self) -> Option<u64> {
        Some(self.sent.load(Ordering::Relaxed))
    }

    async fn lookup_reply(&self, name: &str, kind: QueryType) -> DnsReply {
        let Ok((walk, reply)) = tokio::time::timeout(self.deadline, self.resolve(name, kind)).await
        else {
            return DnsOutcome::Timeout.into();
        };
        match walk {
            Some(walk)
                if self.explain_servfail
                    && reply.outcome == DnsOutcome::ServFail
                    && kind != QueryType::Cname =>
            {
                let explained = tokio::time::timeout(self.deadline, self.explain_servfail(walk));
                explained.await.ok().flatten().unwrap_or(reply)
            }
            _ => reply,
        }
    }
}
