//! Byte-level plumbing shared by the IMAP and POP3 probes: TCP connect with a plain reason,
//! and CRLF line reading with a length cap so a hostile server cannot exhaust memory.

use std::time::Duration;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

/// The longest line accepted from a server (RFC 9051 leaves it open; 8 KiB is generous).
pub const MAX_LINE: usize = 8192;

/// The most lines accepted in one multi-line answer (POP3 CAPA, IMAP CAPABILITY).
pub const MAX_LINES: usize = 200;

/// Why a connection or read failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireError {
    /// Could not connect (refused, no route, name does not resolve).
    Connect(String),
    /// The server closed the connection.
    Closed,
    /// A line longer than [`MAX_LINE`] or too many lines.
    TooLong,
    /// Another I/O error.
    Io(String),
}

impl WireError {
    /// Plain words.
    pub fn describe(&self) -> String {
        match self {
            WireError::Connect(r) => format!("could not connect ({r})"),
            WireError::Closed => "the server closed the connection".to_owned(),
            WireError::TooLong => "the server sent an overlong answer".to_owned(),
            WireError::Io(r) => format!("the connection failed ({r})"),
        }
    }
}

/// Connect to `host:port`, trying each address the name resolves to.
pub async fn connect(host: &str, port: u16, timeout: Duration) -> Result<TcpStream, WireError> {
    let target = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let addrs: Vec<_> = tokio::net::lookup_host(target.as_str())
        .await
        .map_err(|e| WireError::Connect(format!("the name {host} does not resolve: {e}")))?
        .collect();
    let mut last = format!("no address for {host}");
    for addr in addrs {
        match tokio::time::timeout(timeout, TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => return Ok(stream),
            Ok(Err(e)) => last = format!("{addr}: {}", io_reason(&e)),
            Err(_) => last = format!("{addr}: no answer to the connection attempt"),
        }
    }
    Err(WireError::Connect(last))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::ConnectionRefused => {
            "connection refused: nothing listens there".to_owned()
        }
        _ => e.to_string(),
    }
}

/// One line without its CRLF (a bare LF is accepted). Errors on EOF, overlong lines.
pub async fn read_line<R: AsyncBufRead + Unpin>(reader: &mut R) -> Result<Vec<u8>, WireError> {
    let mut line = Vec::new();
    loop {
        let buf = reader
            .fill_buf()
            .await
            .map_err(|e| WireError::Io(e.to_string()))?;
        if buf.is_empty() {
            return Err(WireError::Closed);
        }
        let (chunk, done) = match buf.iter().position(|b| *b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        if line.len() + chunk.len() > MAX_LINE {
            return Err(WireError::TooLong);
        }
        line.extend_from_slice(chunk);
        let n = chunk.len();
        reader.consume(n);
        if done {
            while matches!(line.last(), Some(b'\n' | b'\r')) {
                line.pop();
            }
            return Ok(line);
        }
    }
}

/// Write a command line (CRLF added) and flush.
pub async fn write_line<W: AsyncWrite + Unpin>(
    writer: &mut W,
    line: &[u8],
) -> Result<(), WireError> {
    let mut data = Vec::with_capacity(line.len() + 2);
    data.extend_from_slice(line);
    data.extend_from_slice(b"\r\n");
    writer
        .write_all(&data)
        .await
        .map_err(|e| WireError::Io(e.to_string()))?;
    writer
        .flush()
        .await
        .map_err(|e| WireError::Io(e.to_string()))
}

/// Lossy text of a server line, for parsing and display.
pub fn text(line: &[u8]) -> String {
    String::from_utf8_lossy(line).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::BufReader;

    #[tokio::test]
    async fn lines_are_split_and_capped() {
        for (input, expected) in [
            (&b"+OK hi\r\n"[..], Ok(b"+OK hi".to_vec())),
            (b"* OK bare lf\n", Ok(b"* OK bare lf".to_vec())),
            (b"no end", Err(WireError::Closed)),
            (b"", Err(WireError::Closed)),
        ] {
            let mut r = BufReader::new(input);
            assert_eq!(read_line(&mut r).await, expected);
        }
        let long = vec![b'a'; MAX_LINE + 10];
        let mut r = BufReader::with_capacity(64, &long[..]);
        assert_eq!(read_line(&mut r).await, Err(WireError::TooLong));
    }
}
