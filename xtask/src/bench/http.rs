//! A keep-alive HTTP/1.1 client over one `TcpStream`, std only: the bench
//! sends small POSTs to one server it started itself, so this reads what
//! that server sends (`Content-Length` or chunked bodies) and nothing more.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// Longest a request may take before it counts as failed; the server's
/// own request timeout is 30 s.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(35);

/// Bodies larger than this are refused rather than buffered.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// One answer: status and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

/// One connection to the server, opened on first use and again after the
/// server closed it (or a request failed on it).
pub struct Client {
    addr: SocketAddr,
    conn: Option<BufReader<TcpStream>>,
    /// Connections opened, the first included: more than one per client
    /// means keep-alive was lost somewhere.
    pub connects: u64,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Self {
        Self { addr, conn: None, connects: 0 }
    }

    /// `POST path` with a JSON body and extra headers (`name`, `value`).
    pub fn post_json(&mut self, path: &str, headers: &[(&str, &str)], body: &[u8]) -> io::Result<Reply> {
        let mut head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(name);
            head.push_str(": ");
            head.push_str(value);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        let mut request = head.into_bytes();
        request.extend_from_slice(body);
        let result = self.exchange(&request);
        if result.is_err() {
            self.conn = None;
        }
        result
    }

    fn exchange(&mut self, request: &[u8]) -> io::Result<Reply> {
        let conn = match &mut self.conn {
            Some(conn) => conn,
            None => {
                let stream = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5))?;
                stream.set_nodelay(true)?;
                stream.set_read_timeout(Some(REQUEST_TIMEOUT))?;
                stream.set_write_timeout(Some(REQUEST_TIMEOUT))?;
                self.connects += 1;
                self.conn.insert(BufReader::with_capacity(64 * 1024, stream))
            }
        };
        conn.get_mut().write_all(request)?;
        let (reply, keep_alive) = read_response(conn)?;
        if !keep_alive {
            self.conn = None;
        }
        Ok(reply)
    }
}

/// Reads one response; also says whether the connection stays open.
pub fn read_response(reader: &mut impl BufRead) -> io::Result<(Reply, bool)> {
    let status_line = read_line(reader)?;
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    let status = parts.next().and_then(|s| s.parse::<u16>().ok());
    let (Some(status), true) = (status, version.starts_with("HTTP/1.")) else {
        return Err(invalid(format!("not an HTTP/1.x status line: {status_line:?}")));
    };
    let mut length = None;
    let mut chunked = false;
    let mut keep_alive = version == "HTTP/1.1";
    loop {
        let line = read_line(reader)?;
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(invalid(format!("bad header line {line:?}")));
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.parse::<usize>().map_err(|_| invalid(format!("bad Content-Length {value:?}")))?);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.to_ascii_lowercase().split(',').any(|v| v.trim() == "chunked");
        } else if name.eq_ignore_ascii_case("connection") {
            let value = value.to_ascii_lowercase();
            if value.contains("close") {
                keep_alive = false;
            } else if value.contains("keep-alive") {
                keep_alive = true;
            }
        }
    }
    let body = if chunked {
        read_chunked(reader)?
    } else if let Some(length) = length {
        if length > MAX_BODY {
            return Err(invalid(format!("body of {length} bytes is too large")));
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        body
    } else if status == 204 || status == 304 || (100..200).contains(&status) {
        Vec::new()
    } else {
        // No framing: the body runs to the end of the connection.
        keep_alive = false;
        let mut body = Vec::new();
        reader.take(MAX_BODY as u64).read_to_end(&mut body)?;
        body
    };
    Ok((Reply { status, body }, keep_alive))
}

fn read_chunked(reader: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line = read_line(reader)?;
        let size = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size, 16).map_err(|_| invalid(format!("bad chunk size {line:?}")))?;
        if size == 0 {
            // Trailers, up to the empty line.
            while !read_line(reader)?.is_empty() {}
            return Ok(body);
        }
        if body.len() + size > MAX_BODY {
            return Err(invalid("chunked body too large".to_owned()));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        if !read_line(reader)?.is_empty() {
            return Err(invalid("chunk not followed by CRLF".to_owned()));
        }
    }
}

/// One line without its CRLF; the end of the stream is an error.
fn read_line(reader: &mut impl BufRead) -> io::Result<String> {
    let mut line = Vec::new();
    reader.by_ref().take(16 * 1024).read_until(b'\n', &mut line)?;
    if line.last() != Some(&b'\n') {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed mid-response"));
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| invalid("header line is not UTF-8".to_owned()))
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> io::Result<(Reply, bool)> {
        read_response(&mut io::Cursor::new(raw.as_bytes().to_vec()))
    }

    #[test]
    fn reads_a_content_length_body_and_keeps_the_connection() {
        let raw = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{\"data\":{}}";
        let (reply, keep_alive) = parse(raw).unwrap();
        assert_eq!(reply, Reply { status: 200, body: b"{\"data\":{}}".to_vec() });
        assert!(keep_alive);
    }

    #[test]
    fn reads_two_responses_in_a_row_from_one_stream() {
        let raw =
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nabHTTP/1.1 408 Request Timeout\r\nContent-Length: 1\r\n\r\nc";
        let mut stream = io::Cursor::new(raw.as_bytes().to_vec());
        assert_eq!(read_response(&mut stream).unwrap().0.body, b"ab");
        assert_eq!(read_response(&mut stream).unwrap().0, Reply { status: 408, body: b"c".to_vec() });
    }

    #[test]
    fn reads_a_chunked_body_with_extensions_and_trailers() {
        let raw =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nWiki\r\n6\r\npedia \r\n0\r\nX-T: 1\r\n\r\n";
        let (reply, keep_alive) = parse(raw).unwrap();
        assert_eq!(String::from_utf8(reply.body).unwrap(), "Wikipedia ");
        assert!(keep_alive);
    }

    #[test]
    fn notices_when_the_server_closes_the_connection() {
        let (_, keep_alive) = parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").unwrap();
        assert!(!keep_alive);
        let (reply, keep_alive) = parse("HTTP/1.0 200 OK\r\n\r\nto the end").unwrap();
        assert_eq!(reply.body, b"to the end");
        assert!(!keep_alive);
    }

    #[test]
    fn refuses_truncated_and_malformed_responses() {
        for bad in [
            "",
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
            "SMTP 220 hello\r\n\r\n",
            "HTTP/1.1 abc OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 3",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
