//! A small HTTPS server for tests of the MTA-STS policy fetch: certificates from a CA made for
//! the test (openssl), chosen by SNI, and one canned HTTP response per host name (status,
//! content type, body, redirect, chunked body, delay). It runs on its own thread and runtime
//! until the test process ends, so sync and async tests can both use it.
//!
//! Shared by crates/core/tests/conformance, crates/core/tests/autoconfig.rs and
//! crates/cli/tests/check.rs (`#[path]` include).

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One canned answer.
#[derive(Debug, Clone)]
pub struct Canned {
    /// HTTP status code.
    pub status: u16,
    /// `Content-Type`, when sent.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
    /// Send the body with `Transfer-Encoding: chunked` instead of `Content-Length`.
    pub chunked: bool,
    /// `Location`, for a redirect.
    pub location: Option<String>,
    /// Wait this long before answering.
    pub delay: Duration,
}

impl Canned {
    /// HTTP 200, `text/plain`, this body.
    pub fn policy(body: &str) -> Canned {
        Canned {
            status: 200,
            content_type: Some("text/plain".to_owned()),
            body: body.as_bytes().to_vec(),
            chunked: false,
            location: None,
            delay: Duration::ZERO,
        }
    }
}

/// A throwaway certificate authority in a temporary directory.
pub struct TestCa {
    dir: PathBuf,
    name: String,
    serial: std::sync::atomic::AtomicU32,
}

fn openssl(args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl TestCa {
    /// A new CA named `name` (its files live under the system temp dir).
    pub fn new(name: &str) -> TestCa {
        let dir =
            std::env::temp_dir().join(format!("sendwell-https-stub-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let d = |f: &str| dir.join(f).display().to_string();
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            &d("ca.key"),
            "-out",
            &d("ca.pem"),
            "-days",
            "2",
            "-subj",
            &format!("/CN=Sendwell test CA {name}"),
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        TestCa {
            dir,
            name: name.to_owned(),
            serial: std::sync::atomic::AtomicU32::new(1),
        }
    }

    /// The CA certificate (PEM), for `--ca-file` / `TlsSettings::with_ca_file`.
    pub fn pem_path(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }

    /// A server certificate for these DNS names, signed by this CA.
    pub fn issue(&self, names: &[&str]) -> Arc<CertifiedKey> {
        let serial = self
            .serial
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let d = |f: &str| self.dir.join(format!("{serial}.{f}")).display().to_string();
        let san = names
            .iter()
            .map(|n| format!("DNS:{n}"))
            .collect::<Vec<_>>()
            .join(",");
        std::fs::write(
            d("ext"),
            format!(
                "subjectAltName={san}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n"
            ),
        )
        .expect("ext file");
        openssl(&[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            &d("key"),
            "-out",
            &d("csr"),
            "-subj",
            &format!("/CN={}", names.first().copied().unwrap_or("localhost")),
        ]);
        openssl(&[
            "x509",
            "-req",
            "-in",
            &d("csr"),
            "-CA",
            &self.dir.join("ca.pem").display().to_string(),
            "-CAkey",
            &self.dir.join("ca.key").display().to_string(),
            "-set_serial",
            &serial.to_string(),
            "-days",
            "2",
            "-extfile",
            &d("ext"),
            "-out",
            &d("crt"),
        ]);
        let certs = CertificateDer::pem_file_iter(d("crt"))
            .expect("crt")
            .collect::<Result<Vec<_>, _>>()
            .expect("certs");
        let key = PrivateKeyDer::from_pem_file(d("key")).expect("key");
        let provider = rustls::crypto::aws_lc_rs::default_provider();
        Arc::new(CertifiedKey::from_der(certs, key, &provider).expect("certified key"))
    }

    /// This CA's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestCa {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What the server does for one SNI host name.
#[derive(Debug, Clone)]
pub struct Site {
    /// The certificate it presents.
    pub cert: Arc<CertifiedKey>,
    /// The answer to every request.
    pub answer: Canned,
}

#[derive(Debug)]
struct BySni(HashMap<String, Site>);

impl ResolvesServerCert for BySni {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let name = hello.server_name()?.to_ascii_lowercase();
        self.0.get(&name).map(|s| s.cert.clone())
    }
}

/// Serve `sites` on `addr` from a background thread; returns once the socket is bound. Panics
/// when the address cannot be bound (port 443 needs root).
pub fn serve(addr: SocketAddr, sites: HashMap<String, Site>) {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let sites = Arc::new(BySni(sites));
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_cert_resolver(sites.clone());
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = match tokio::net::TcpListener::bind(addr).await {
                Ok(l) => l,
                Err(e) => {
                    let _ = ready_tx.send(Err(e.to_string()));
                    return;
                }
            };
            let _ = ready_tx.send(Ok(()));
            while let Ok((tcp, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                let sites = sites.clone();
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let host = tls
                        .get_ref()
                        .1
                        .server_name()
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    if !read_head(&mut tls).await {
                        return;
                    }
                    let Some(site) = sites.0.get(&host) else {
                        return;
                    };
                    tokio::time::sleep(site.answer.delay).await;
                    let _ = write_answer(&mut tls, &site.answer).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
    });
    match ready_rx.recv().expect("server thread starts") {
        Ok(()) => {}
        Err(e) => panic!("bind {addr}: {e} (port 443 needs root; is another test using it?)"),
    }
}

async fn read_head<S: AsyncReadExt + Unpin>(stream: &mut S) -> bool {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if head.len() > 16384 {
            return false;
        }
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    true
}

async fn write_answer<S: AsyncWriteExt + Unpin>(
    stream: &mut S,
    answer: &Canned,
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} Canned\r\nConnection: close\r\n", answer.status);
    if let Some(ct) = &answer.content_type {
        head += &format!("Content-Type: {ct}\r\n");
    }
    if let Some(location) = &answer.location {
        head += &format!("Location: {location}\r\n");
    }
    if answer.chunked {
        head += "Transfer-Encoding: chunked\r\n\r\n";
        stream.write_all(head.as_bytes()).await?;
        for chunk in answer.body.chunks(4096) {
            stream
                .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .await?;
            stream.write_all(chunk).await?;
            stream.write_all(b"\r\n").await?;
        }
        stream.write_all(b"0\r\n\r\n").await
    } else {
        head += &format!("Content-Length: {}\r\n\r\n", answer.body.len());
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(&answer.body).await
    }
}
