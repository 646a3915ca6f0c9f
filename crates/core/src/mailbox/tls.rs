//! TLS for the probes: always verified against the operating system's trust store (through
//! rustls-platform-verifier), plus CAs the user adds explicitly. There is no switch to turn it off.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{CertificateError, ClientConfig};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use super::status::TlsProblem;
use crate::error::{Error, Result};

/// Install aws-lc-rs as the process's one rustls crypto provider (idempotent).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

/// How the probes verify servers: the OS trust store plus explicitly added CAs.
#[derive(Clone)]
pub struct TlsSettings {
    config: Arc<ClientConfig>,
    extra_roots: Vec<CertificateDer<'static>>,
}

impl std::fmt::Debug for TlsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsSettings")
            .field("extra_roots", &self.extra_roots.len())
            .finish()
    }
}

impl TlsSettings {
    /// The OS trust store only.
    pub fn system() -> Result<Self> {
        Self::with_roots(Vec::new())
    }

    /// The OS trust store plus every certificate in a PEM file (`--ca-file`).
    pub fn with_ca_file(path: &Path) -> Result<Self> {
        let bad = |reason: String| Error::TlsCaFile {
            path: path.display().to_string(),
            reason,
        };
        let pem = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
        let roots = parse_pem_certificates(&pem).map_err(bad)?;
        Self::with_roots(roots)
    }

    /// The OS trust store plus these roots.
    pub fn with_roots(extra_roots: Vec<CertificateDer<'static>>) -> Result<Self> {
        install_crypto_provider();
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(
            extra_roots.iter().cloned(),
            provider.clone(),
        )
        .map_err(|e| Error::Internal(format!("certificate verifier: {e}")))?;
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::Internal(format!("TLS versions: {e}")))?
            .dangerous() // not dangerous: this installs the platform verifier, it disables nothing
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        Ok(TlsSettings {
            config: Arc::new(config),
            extra_roots,
        })
    }

    /// The rustls configuration (shared with the autoconfig HTTPS client).
    pub fn client_config(&self) -> Arc<ClientConfig> {
        self.config.clone()
    }

    /// TLS handshake over `tcp` for `host` (a name or an IP address).
    pub async fn connect(
        &self,
        tcp: TcpStream,
        host: &str,
    ) -> std::result::Result<TlsStream<TcpStream>, TlsProblem> {
        let name = ServerName::try_from(host.to_owned()).map_err(|_| TlsProblem::WrongHost)?;
        TlsConnector::from(self.config.clone())
            .connect(name, tcp)
            .await
            .map_err(|e| classify(&e).unwrap_or(TlsProblem::Handshake))
    }
}

/// Every `CERTIFICATE` block of a PEM file; an error when there is none.
pub fn parse_pem_certificates(
    pem: &[u8],
) -> std::result::Result<Vec<CertificateDer<'static>>, String> {
    use rustls::pki_types::pem::PemObject;
    let mut certs = Vec::new();
    for item in CertificateDer::pem_slice_iter(pem) {
        certs.push(item.map_err(|e| format!("not valid PEM ({e})"))?);
    }
    if certs.is_empty() {
        return Err("it holds no CERTIFICATE block".to_owned());
    }
    Ok(certs)
}

/// Find the certificate problem in an error chain (io::Error → rustls::Error, lettre's boxes).
pub fn classify(err: &(dyn std::error::Error + 'static)) -> Option<TlsProblem> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(r) = e.downcast_ref::<rustls::Error>() {
            return Some(problem_of(r));
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if let Some(inner) = io.get_ref() {
                if let Some(r) = inner.downcast_ref::<rustls::Error>() {
                    return Some(problem_of(r));
                }
                if let Some(p) = classify(inner) {
                    return Some(p);
                }
            }
        }
        current = e.source();
    }
    None
}

fn problem_of(e: &rustls::Error) -> TlsProblem {
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                TlsProblem::Expired
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                TlsProblem::NotYetValid
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                TlsProblem::WrongHost
            }
            CertificateError::Revoked => TlsProblem::Revoked,
            CertificateError::UnknownIssuer
            | CertificateError::BadSignature
            | CertificateError::InvalidPurpose
            | CertificateError::ApplicationVerificationFailure => TlsProblem::Untrusted,
            CertificateError::Other(o) => {
                let text = o.to_string().to_ascii_lowercase();
                if text.contains("expired") {
                    TlsProblem::Expired
                } else if text.contains("name") || text.contains("host") {
                    TlsProblem::WrongHost
                } else {
                    TlsProblem::Untrusted
                }
            }
            _ => TlsProblem::Untrusted,
        },
        _ => TlsProblem::Handshake,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustls_errors_are_named() {
        for (err, want) in [
            (CertificateError::Expired, TlsProblem::Expired),
            (CertificateError::NotValidForName, TlsProblem::WrongHost),
            (CertificateError::UnknownIssuer, TlsProblem::Untrusted),
            (CertificateError::NotValidYet, TlsProblem::NotYetValid),
        ] {
            let io = std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                rustls::Error::InvalidCertificate(err),
            );
            assert_eq!(classify(&io), Some(want));
        }
        let plain = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset");
        assert_eq!(classify(&plain), None);
    }

    #[test]
    fn pem_without_certificates_is_refused() {
        assert!(parse_pem_certificates(b"hello").is_err());
        assert!(parse_pem_certificates(b"").is_err());
    }
}
