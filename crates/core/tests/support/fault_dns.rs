//! A DNS responder that misbehaves on purpose, for faults Knot and Unbound cannot be made to
//! produce: always-truncated UDP with no TCP, a wrong query ID, an answer for another name,
//! garbage bytes, a slow answer, a huge or malformed TXT, an answer without authority.
//! It binds UDP (and TCP when the fault needs it) on 127.0.0.1, random port, inside the test.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, UdpSocket};

/// How the responder misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Every UDP answer has the TC bit and no records; nothing listens on TCP.
    TruncatedNoTcp,
    /// The answer carries another query ID (RFC 1035 §4.1.1 says it must be copied).
    WrongId,
    /// The answer's question and record are for another name.
    OtherName,
    /// Random-looking bytes instead of a DNS message.
    Garbage,
    /// A correct answer, sent this long after the question.
    Slow(Duration),
    /// UDP answers are truncated; TCP gives one TXT record of `strings` 255-byte strings.
    HugeTxt {
        /// How many character-strings.
        strings: usize,
    },
    /// A TXT record whose character-string length runs past the end of its data.
    MalformedTxt,
    /// A TXT record with bytes that are not UTF-8.
    NonUtf8Txt,
    /// A correct SOA (serial 42), but without the AA bit: a cache, not the authority.
    NotAuthoritative,
    /// FORMERR to any question carrying EDNS (an OPT record), correct answers without it: a
    /// server from before RFC 6891.
    FormErrOnEdns,
}

/// A running responder.
pub struct FaultServer {
    /// Where to send questions (UDP, and TCP when the fault listens there).
    pub addr: SocketAddr,
    queries: Arc<AtomicUsize>,
}

impl FaultServer {
    /// How many questions arrived so far (UDP and TCP).
    pub fn queries(&self) -> usize {
        self.queries.load(Ordering::SeqCst)
    }
}

/// The TXT text every correct answer carries.
pub const TEXT: &str = "v=spf1 -all";

/// Start a responder for `fault`; it lives until the test's runtime ends.
pub async fn start(fault: Fault) -> FaultServer {
    let queries = Arc::new(AtomicUsize::new(0));
    let (udp, tcp) = bind_pair(!matches!(fault, Fault::TruncatedNoTcp)).await;
    let addr = udp.local_addr().expect("udp address");
    let udp = Arc::new(udp);
    let counter = queries.clone();
    tokio::spawn(async move {
        let mut buf = vec![0u8; 4096];
        while let Ok((n, peer)) = udp.recv_from(&mut buf).await {
            counter.fetch_add(1, Ordering::SeqCst);
            let query = buf[..n].to_vec();
            let udp = udp.clone();
            tokio::spawn(async move {
                if let Fault::Slow(delay) = fault {
                    tokio::time::sleep(delay).await;
                }
                if let Some(answer) = answer(&query, fault, false) {
                    let _ = udp.send_to(&answer, peer).await;
                }
            });
        }
    });
    if let Some(tcp) = tcp {
        let counter = queries.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = tcp.accept().await {
                let counter = counter.clone();
                tokio::spawn(async move {
                    loop {
                        let mut len = [0u8; 2];
                        if stream.read_exact(&mut len).await.is_err() {
                            return;
                        }
                        let mut query = vec![0u8; usize::from(u16::from_be_bytes(len))];
                        if stream.read_exact(&mut query).await.is_err() {
                            return;
                        }
                        counter.fetch_add(1, Ordering::SeqCst);
                        let Some(answer) = answer(&query, fault, true) else {
                            return;
                        };
                        let len = u16::try_from(answer.len()).expect("fits TCP framing");
                        let _ = stream.write_all(&len.to_be_bytes()).await;
                        let _ = stream.write_all(&answer).await;
                    }
                });
            }
        });
    }
    FaultServer { addr, queries }
}

/// A UDP socket on a random port, and a TCP listener on the same port when `with_tcp`.
async fn bind_pair(with_tcp: bool) -> (UdpSocket, Option<TcpListener>) {
    loop {
        let udp = UdpSocket::bind("127.0.0.1:0").await.expect("bind udp");
        let addr = udp.local_addr().expect("udp address");
        if !with_tcp {
            return (udp, None);
        }
        if let Ok(tcp) = TcpListener::bind(addr).await {
            return (udp, Some(tcp));
        }
    }
}

/// The question of a query: its ID, the raw question section, the name, the type.
struct Question {
    id: u16,
    flags: u16,
    section: Vec<u8>,
    qtype: u16,
}

fn parse(query: &[u8]) -> Option<Question> {
    let id = u16::from_be_bytes([*query.first()?, *query.get(1)?]);
    let flags = u16::from_be_bytes([*query.get(2)?, *query.get(3)?]);
    let mut at = 12;
    while *query.get(at)? != 0 {
        at += 1 + usize::from(query[at]);
    }
    let end = at + 5;
    let section = query.get(12..end)?.to_vec();
    let qtype = u16::from_be_bytes([query[at + 1], query[at + 2]]);
    Some(Question {
        id,
        flags,
        section,
        qtype,
    })
}

/// A name in wire format (no compression).
fn wire_name(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for label in name
        .trim_end_matches('.')
        .split('.')
        .filter(|l| !l.is_empty())
    {
        out.push(u8::try_from(label.len()).expect("short label"));
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    out
}

/// One record owned by the question's name (a pointer to offset 12).
fn record(rtype: u16, rdata: &[u8]) -> Vec<u8> {
    let mut out = vec![0xc0, 0x0c];
    out.extend_from_slice(&rtype.to_be_bytes());
    out.extend_from_slice(&1u16.to_be_bytes());
    out.extend_from_slice(&300u32.to_be_bytes());
    out.extend_from_slice(
        &u16::try_from(rdata.len())
            .expect("short rdata")
            .to_be_bytes(),
    );
    out.extend_from_slice(rdata);
    out
}

fn txt_rdata(strings: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for s in strings {
        out.push(u8::try_from(s.len()).expect("a character-string is at most 255 bytes"));
        out.extend_from_slice(s);
    }
    out
}

fn soa_rdata(serial: u32) -> Vec<u8> {
    let mut out = wire_name("ns1.fault.test");
    out.extend(wire_name("hostmaster.fault.test"));
    for value in [serial, 3600, 600, 86400, 60] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    out
}

/// The bytes to send back for `query`, or `None` to stay silent.
fn answer(query: &[u8], fault: Fault, over_tcp: bool) -> Option<Vec<u8>> {
    let q = parse(query)?;
    if fault == Fault::Garbage {
        return Some(b"\x13\x37 this is not a DNS message at all \xff\xfe".to_vec());
    }
    let truncate = match fault {
        Fault::TruncatedNoTcp => true,
        Fault::HugeTxt { .. } => !over_tcp,
        _ => false,
    };
    let additional = u16::from_be_bytes([*query.get(10)?, *query.get(11)?]);
    let formerr = fault == Fault::FormErrOnEdns && additional > 0;
    let authoritative = fault != Fault::NotAuthoritative;
    let id = if fault == Fault::WrongId {
        q.id ^ 0x5a5a
    } else {
        q.id
    };
    let mut flags: u16 = 0x8000 | (q.flags & 0x0100);
    if authoritative {
        flags |= 0x0400;
    }
    if truncate {
        flags |= 0x0200;
    }
    if formerr {
        flags |= 0x0001;
    }
    let section = if fault == Fault::OtherName {
        let mut other = wire_name("somewhere.else.test");
        other.extend_from_slice(&q.section[q.section.len() - 4..]);
        other
    } else {
        q.section.clone()
    };
    let records: Vec<Vec<u8>> = if formerr || (truncate && !over_tcp) {
        Vec::new()
    } else if q.qtype == 6 {
        vec![record(6, &soa_rdata(42))]
    } else {
        let rdata = match fault {
            Fault::HugeTxt { strings } => {
                let chunk = [b'k'; 255];
                txt_rdata(&vec![&chunk[..]; strings])
            }
            Fault::MalformedTxt => {
                let mut r = txt_rdata(&[TEXT.as_bytes()]);
                r[0] = 200;
                r
            }
            Fault::NonUtf8Txt => txt_rdata(&[b"v=spf1 \xff\xfe -all"]),
            _ => txt_rdata(&[TEXT.as_bytes()]),
        };
        vec![record(16, &rdata)]
    };
    let mut out = Vec::new();
    out.extend_from_slice(&id.to_be_bytes());
    out.extend_from_slice(&flags.to_be_bytes());
    out.extend_from_slice(&1u16.to_be_bytes());
    out.extend_from_slice(
        &u16::try_from(records.len())
            .expect("few records")
            .to_be_bytes(),
    );
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend(section);
    for r in records {
        out.extend(r);
    }
    Some(out)
}
