//! The dev server's HTTP/1.1 layer: reads one request (httparse, bounded
//! size and time), checks the names it is sent to (`Host`, `Origin`), and
//! writes responses. Every connection gets one answer and is closed. What a
//! request path names is `super::paths`.

use std::io::{self, Read, Write};
use std::net::{IpAddr, TcpStream};
use std::time::Duration;

/// The largest request head (request line plus headers) we read.
pub const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
/// A client that has not sent its whole request head after this long is
/// dropped (each read also times out after this long).
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A parsed request: only what the server looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target exactly as sent.
    pub target: String,
    pub host: Option<String>,
    pub origin: Option<String>,
    pub sec_fetch_site: Option<String>,
}

/// Why a request could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Not HTTP/1.x, or too big: answer 400 (or 431).
    Malformed(&'static str),
    /// The connection closed or timed out: nothing to answer.
    Gone,
}

/// Reads and parses one request head from `stream`.
pub fn read_request(stream: &mut impl Read) -> Result<Request, ReadError> {
    read_request_within(stream, READ_TIMEOUT)
}

fn read_request_within(stream: &mut impl Read, limit: Duration) -> Result<Request, ReadError> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let started = std::time::Instant::now();
    loop {
        // A client trickling bytes must not hold a thread for ever.
        if started.elapsed() > limit {
            return Err(ReadError::Gone);
        }
        let n = match stream.read(&mut chunk) {
            Ok(0) if buf.is_empty() => return Err(ReadError::Gone),
            Ok(0) => return Err(ReadError::Malformed("the request ended early")),
            Ok(n) => n,
            Err(_) => return Err(ReadError::Gone),
        };
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => return request_from(&req),
            Ok(httparse::Status::Partial) if buf.len() >= MAX_HEAD => {
                return Err(ReadError::Malformed("the request head is too large"));
            }
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => {
                return Err(ReadError::Malformed("too many headers"));
            }
            Err(_) => return Err(ReadError::Malformed("not a valid HTTP/1.1 request")),
        }
    }
}

fn request_from(req: &httparse::Request) -> Result<Request, ReadError> {
    let hosts = req
        .headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("host"));
    if hosts.count() > 1 {
        // Which one would a proxy in front have checked? (RFC 9112, 3.2.)
        return Err(ReadError::Malformed("more than one Host header"));
    }
    let header = |name: &str| {
        req.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            // httparse has already dropped the spaces and tabs around the
            // value (RFC 9110's OWS); nothing else is trimmed, so a Host of
            // `localhost:1111\u{a0}` stays as sent and is refused.
            .map(|h| String::from_utf8_lossy(h.value).into_owned())
    };
    Ok(Request {
        method: req.method.unwrap_or("").to_string(),
        target: req.path.unwrap_or("").to_string(),
        host: header("host"),
        origin: header("origin"),
        sec_fetch_site: header("sec-fetch-site"),
    })
}

/// The names this server answers to: `localhost`, `127.0.0.1`, `[::1]` and
/// the bound address, each with the port. Anything else is DNS rebinding or
/// a misdirected request.
///
/// The port must be spelled exactly as the server's port in decimal: no
/// sign, no leading zero, no space, nothing after it; a colon with nothing
/// after it is refused too. Without a port the request is for port 80.
pub fn host_allowed(host: &str, bind: IpAddr, port: u16) -> bool {
    let host = host.to_ascii_lowercase();
    let Some((name, host_port)) = split_host(&host) else {
        return false;
    };
    let port_ok = match host_port {
        Some(p) => p == port.to_string(),
        None => port == 80,
    };
    if !port_ok {
        return false;
    }
    let bound = match bind {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => format!("[{a}]"),
    };
    if ["localhost", "127.0.0.1", "[::1]"].contains(&name) {
        return true;
    }
    if bind.is_unspecified() {
        // Bound to every interface: any of the machine's addresses may be
        // used, and an address (unlike a name) cannot be rebound by DNS.
        let literal = name.trim_start_matches('[').trim_end_matches(']');
        return literal.parse::<IpAddr>().is_ok_and(|a| !a.is_unspecified());
    }
    name == bound
}

/// Splits a Host value into its name and the port as written (`None` when
/// there is no colon); `None` for a value that is not `name[:port]`.
fn split_host(host: &str) -> Option<(&str, Option<&str>)> {
    let (name, rest) = if host.starts_with('[') {
        // `[::1]:8080`: the colons inside the brackets are the address's.
        let end = host.find(']')? + 1;
        host.split_at(end)
    } else {
        match host.find(':') {
            Some(at) => host.split_at(at),
            None => (host, ""),
        }
    };
    let port = match rest.strip_prefix(':') {
        Some(p) => Some(p),
        None if rest.is_empty() => None,
        None => return None,
    };
    Some((name, port))
}

/// Whether a request may use the live-reload endpoint: no `Origin` (a
/// same-origin `EventSource`), or an `Origin` naming this server. `null`
/// and foreign origins are refused, as is a browser's own cross-site label.
pub fn origin_allowed(req: &Request, bind: IpAddr, port: u16) -> bool {
    if req.sec_fetch_site.as_deref().is_some_and(|s| {
        s.eq_ignore_ascii_case("cross-site") || s.eq_ignore_ascii_case("same-site")
    }) {
        return false;
    }
    match req.origin.as_deref() {
        None => true,
        Some(origin) => origin
            .strip_prefix("http://")
            .is_some_and(|host| !host.contains('/') && host_allowed(host, bind, port)),
    }
}

/// A response, written with `Connection: close`. Never carries CORS headers.
pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: impl Into<String>, body: Vec<u8>) -> Response {
        Response {
            status,
            content_type: content_type.into(),
            headers: Vec::new(),
            body,
        }
    }

    /// A plain-text error page.
    pub fn text(status: u16, message: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{status} {}: {message}\n", reason(status)).into_bytes(),
        )
    }

    pub fn redirect(location: String) -> Response {
        let mut r = Response::text(301, &format!("moved to {location}"));
        r.headers.push(("Location", location));
        r
    }

    pub fn write(&self, stream: &mut impl Write, head_only: bool) -> io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
             Connection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        if !head_only {
            stream.write_all(&self.body)?;
        }
        stream.flush()
    }
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// Sets the timeouts every connection gets.
pub fn prepare(stream: &TcpStream) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_nodelay(true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    const LOCAL: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    #[test]
    fn only_our_own_names_are_accepted_as_host() {
        assert!(host_allowed("localhost:8080", LOCAL, 8080));
        assert!(host_allowed("127.0.0.1:8080", LOCAL, 8080));
        assert!(host_allowed("[::1]:8080", LOCAL, 8080));
        assert!(host_allowed("LOCALHOST:8080", LOCAL, 8080));
        assert!(!host_allowed("localhost:8081", LOCAL, 8080));
        assert!(!host_allowed("localhost", LOCAL, 8080));
        assert!(!host_allowed("evil.example:8080", LOCAL, 8080));
        assert!(!host_allowed("localhost.evil.example:8080", LOCAL, 8080));
        assert!(!host_allowed("127.0.0.1:8080:1", LOCAL, 8080));
        let lan: IpAddr = "192.168.1.5".parse().unwrap();
        assert!(host_allowed("192.168.1.5:80", lan, 80));
        assert!(host_allowed("192.168.1.5", lan, 80));
        assert!(!host_allowed("192.168.1.6:80", lan, 80));
        let any: IpAddr = "0.0.0.0".parse().unwrap();
        assert!(host_allowed("10.0.0.7:80", any, 80));
        assert!(!host_allowed("0.0.0.0:80", any, 80));
        assert!(!host_allowed("rebind.evil.example:80", any, 80));
    }

    #[test]
    fn the_host_port_is_the_exact_decimal_port() {
        assert!(host_allowed("localhost:1111", LOCAL, 1111));
        assert!(host_allowed("[::1]:1111", LOCAL, 1111));
        for bad in [
            "localhost:01111",
            "localhost:+1111",
            "localhost:-1111",
            "localhost:1111 ",
            "localhost: 1111",
            "localhost:1111\t",
            "localhost:1111\u{a0}",
            "localhost:65536",
            "localhost:67647", // 1111 + 65536
            "localhost:1111x",
            "localhost:1111:",
            "localhost:1_111",
            "localhost:１１１１", // full-width digits
            "localhost:",
            "[::1]:",
            "[::1]1111",
            "[::1]:01111",
            "localhost :1111",
            ":1111",
        ] {
            assert!(!host_allowed(bad, LOCAL, 1111), "Host: {bad:?} was allowed");
        }
        // Port 80 may be left out, but not left empty.
        assert!(host_allowed("localhost", LOCAL, 80));
        assert!(!host_allowed("localhost:", LOCAL, 80));
        assert!(!host_allowed("localhost:080", LOCAL, 80));
    }

    #[test]
    fn a_second_host_header_is_malformed() {
        let mut two: &[u8] = b"GET / HTTP/1.1\r\nHost: localhost:1\r\nhost: evil.example:1\r\n\r\n";
        assert!(matches!(
            read_request(&mut two),
            Err(ReadError::Malformed("more than one Host header"))
        ));
    }

    #[test]
    fn the_reload_endpoint_refuses_foreign_origins() {
        let req = |origin: Option<&str>, site: Option<&str>| Request {
            method: "GET".into(),
            target: "/__rotalog/events".into(),
            host: Some("localhost:8080".into()),
            origin: origin.map(str::to_string),
            sec_fetch_site: site.map(str::to_string),
        };
        assert!(origin_allowed(&req(None, None), LOCAL, 8080));
        assert!(origin_allowed(
            &req(Some("http://localhost:8080"), Some("same-origin")),
            LOCAL,
            8080
        ));
        assert!(!origin_allowed(&req(Some("null"), None), LOCAL, 8080));
        assert!(!origin_allowed(
            &req(Some("https://evil.example"), None),
            LOCAL,
            8080
        ));
        assert!(!origin_allowed(
            &req(Some("http://localhost:9999"), None),
            LOCAL,
            8080
        ));
        assert!(!origin_allowed(&req(None, Some("cross-site")), LOCAL, 8080));
    }

    #[test]
    fn requests_are_parsed_and_bounded() {
        let mut ok: &[u8] = b"GET /x HTTP/1.1\r\nHost: localhost:1\r\nOrigin: null\r\n\r\n";
        let r = read_request(&mut ok).unwrap();
        assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/x"));
        assert_eq!(r.host.as_deref(), Some("localhost:1"));
        assert_eq!(r.origin.as_deref(), Some("null"));
        let mut garbage: &[u8] = b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n";
        assert!(matches!(
            read_request(&mut garbage),
            Err(ReadError::Malformed(_))
        ));
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert!(matches!(
            read_request(&mut huge.as_bytes()),
            Err(ReadError::Malformed(_))
        ));
        let mut empty: &[u8] = b"";
        assert!(matches!(read_request(&mut empty), Err(ReadError::Gone)));
    }

    /// Sends one byte per read, slowly.
    struct Trickle(&'static [u8]);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            std::thread::sleep(Duration::from_millis(5));
            let Some((first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buf[0] = *first;
            self.0 = rest;
            Ok(1)
        }
    }

    #[test]
    fn a_trickling_client_is_dropped_at_the_time_limit() {
        let request =
            b"GET / HTTP/1.1\r\nHost: localhost:1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa\r\n\r\n";
        let started = std::time::Instant::now();
        let r = read_request_within(&mut Trickle(request), Duration::from_millis(50));
        assert!(matches!(r, Err(ReadError::Gone)));
        assert!(started.elapsed() < Duration::from_millis(500));
        // Given the time, the same bytes are a request.
        let r = read_request_within(&mut Trickle(request), Duration::from_secs(10));
        assert_eq!(r.unwrap().target, "/");
    }
}

/// Property tests of the Host check: whatever a client sends, only our own
/// names with our port are accepted. 500 cases.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Host values close to `localhost:{port}`: our names or others, the
    /// port as written or with a sign, zeros, spaces or junk around it.
    fn near_host(port: u16) -> impl Strategy<Value = String> {
        let name = prop_oneof![
            prop::sample::select(vec![
                "localhost",
                "LocalHost",
                "127.0.0.1",
                "[::1]",
                "",
                "::1"
            ])
            .prop_map(str::to_string),
            any::<String>(),
        ];
        let before = prop::sample::select(vec!["", "", "0", "00", "+", "-", " ", "\t", "1"]);
        let after = prop::sample::select(vec!["", "", " ", "x", "0", ":", ":1", "\u{a0}", "."]);
        let digits = prop_oneof![
            3 => Just(port.to_string()),
            1 => Just((u32::from(port) + 65536).to_string()),
            1 => "[0-9]{0,6}",
        ];
        (name, any::<bool>(), before, digits, after).prop_map(|(n, colon, b, d, a)| {
            if colon {
                format!("{n}:{b}{d}{a}")
            } else {
                format!("{n}{a}")
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn any_host_value_is_refused_unless_it_names_us_with_our_port(
            (host, port) in any::<u16>().prop_flat_map(|port| (near_host(port), Just(port))),
        ) {
            let local = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);
            if host_allowed(&host, local, port) {
                let lower = host.to_ascii_lowercase();
                let name = lower.strip_suffix(&format!(":{port}")).unwrap_or(&lower);
                prop_assert!(["localhost", "127.0.0.1", "[::1]"].contains(&name), "{host:?}");
                prop_assert!(port == 80 || host.ends_with(&format!(":{port}")), "{host:?}");
            }
        }
    }
}
