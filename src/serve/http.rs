//! The dev server's HTTP/1.1 layer: reads one request (httparse, bounded
//! size and time), decides which built file a request path names, and
//! writes responses. Every connection gets one answer and is closed.
//!
//! Path safety does not rest on file system checks: a request can only name
//! a key of the in-memory map of built files (see `super::Site`). Paths are
//! still decoded once, strictly, and anything with `..`, `.`, empty
//! segments, backslashes or control characters is refused with 400 before
//! lookup, so there is nothing to normalise later.

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

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A built file, by its output path (`programs/x/index.html`).
    File(String),
    /// The same path with a trailing slash: a folder's index.
    Redirect(String),
    /// A path the server itself answers (`/__rotalog/...`), without the prefix.
    Internal(String),
    /// Nothing here: the site's 404 page.
    NotFound,
    /// A path that no browser sends: `..`, backslashes, bad escapes.
    Bad(&'static str),
}

/// The prefix of the server's own endpoints; never a site path (the site's
/// slugs cannot start with `_`).
pub const INTERNAL: &str = "/__rotalog/";

/// Decides what `target` names, given the site's base path (`` or
/// `/catalog`) and a way to ask whether an output file exists.
pub fn resolve(target: &str, base_path: &str, exists: impl Fn(&str) -> bool) -> Target {
    if !target.starts_with('/') {
        return Target::Bad("the request target must be a path");
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    let path = path.split('#').next().unwrap_or("");
    let decoded = match decode_path(path) {
        Ok(d) => d,
        Err(why) => return Target::Bad(why),
    };
    if let Some(rest) = decoded.strip_prefix(INTERNAL) {
        return Target::Internal(rest.to_string());
    }
    let rest = if base_path.is_empty() {
        Some(decoded.as_str())
    } else if decoded == base_path {
        // `/catalog` -> `/catalog/`
        return Target::Redirect(with_query(&format!("{path}/"), query));
    } else {
        decoded
            .strip_prefix(base_path)
            .and_then(|r| r.starts_with('/').then_some(r))
    };
    let Some(rest) = rest else {
        return Target::NotFound;
    };
    let rel = &rest[1..];
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if exists(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if exists(rel) {
        return Target::File(rel.to_string());
    }
    if exists(&format!("{rel}/index.html")) {
        return Target::Redirect(with_query(&format!("{path}/"), query));
    }
    Target::NotFound
}

fn with_query(path: &str, query: Option<&str>) -> String {
    match query {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    }
}

/// Percent-decodes a path once, strictly, and refuses anything that could
/// step out of the site or that no browser would send.
fn decode_path(path: &str) -> Result<String, &'static str> {
    if path.contains('\\') {
        return Err("backslashes are not allowed in paths");
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(b) => out.push(b),
                None => return Err("a `%` escape is malformed"),
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).map_err(|_| "the path is not UTF-8")?;
    if decoded.contains('\\') {
        return Err("backslashes are not allowed in paths");
    }
    if decoded.chars().any(char::is_control) {
        return Err("control characters are not allowed in paths");
    }
    // Every segment but the last (which is empty for a folder) must be a name.
    let segments: Vec<&str> = decoded[1..].split('/').collect();
    for (i, s) in segments.iter().enumerate() {
        if *s == ".." || *s == "." {
            return Err("`.` and `..` are not allowed in paths");
        }
        if s.is_empty() && i + 1 < segments.len() {
            return Err("empty path segments (`//`) are not allowed");
        }
    }
    Ok(decoded)
}

/// The content type of an output file, from its extension.
pub fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream");
    if mime.starts_with("text/")
        || mime == "application/javascript"
        || mime == "application/json"
        || mime == "application/xml"
        || mime == "image/svg+xml"
        || path.ends_with(".webmanifest")
    {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
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

    fn files(p: &str) -> bool {
        ["index.html", "programs/index.html", "style.css", "a b.pdf"].contains(&p)
    }

    #[test]
    fn paths_resolve_to_files_indexes_and_redirects() {
        assert_eq!(resolve("/", "", files), Target::File("index.html".into()));
        assert_eq!(
            resolve("/programs/", "", files),
            Target::File("programs/index.html".into())
        );
        assert_eq!(
            resolve("/programs?x=1", "", files),
            Target::Redirect("/programs/?x=1".into())
        );
        assert_eq!(
            resolve("/a%20b.pdf", "", files),
            Target::File("a b.pdf".into())
        );
        assert_eq!(resolve("/nope/", "", files), Target::NotFound);
        assert_eq!(
            resolve("/__rotalog/reload.js", "/c", files),
            Target::Internal("reload.js".into())
        );
    }

    #[test]
    fn the_base_path_is_required_and_redirected_to() {
        assert_eq!(resolve("/c", "/c", files), Target::Redirect("/c/".into()));
        assert_eq!(
            resolve("/c/", "/c", files),
            Target::File("index.html".into())
        );
        assert_eq!(resolve("/", "/c", files), Target::NotFound);
        // A sibling that shares the prefix is not the base path.
        assert_eq!(resolve("/cc/style.css", "/c", files), Target::NotFound);
        assert_eq!(
            resolve("/c/style.css", "/c", files),
            Target::File("style.css".into())
        );
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2fCargo.toml",
            "/..%2fCargo.toml",
            "/programs/..",
            "/./index.html",
            "/..\\Cargo.toml",
            "/%5c..%5cCargo.toml",
            "//etc/passwd",
            // Would redirect to `//evil.example/`, another site.
            "/%2Fevil.example",
            "/%2F%2Fevil.example",
            "/%00",
            "/%zz",
            "/%c3",
            "http://evil.example/",
            "*",
        ] {
            assert!(
                matches!(resolve(bad, "", files), Target::Bad(_)),
                "{bad} was not refused"
            );
        }
        // Decoded once: `%252e` is the literal name `%2e`, which is not a file.
        assert_eq!(
            resolve("/%252e%252e/Cargo.toml", "", files),
            Target::NotFound
        );
    }

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

    #[test]
    fn text_types_carry_a_charset() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.png"), "image/png");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}

/// Property tests of the path decoding: whatever a client sends, the
/// server does not panic, and whatever it accepts names a file under the
/// site. 500 cases each; well under a second in all.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::path::{Component, Path};

    /// Strings biased toward what matters here: `%`, hex digits, dots,
    /// slashes and backslashes, with any other character mixed in.
    fn nasty() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => prop::sample::select(vec![
                "/", "%", ".", "..", "\\", "%2e", "%2E", "%2f", "%2F", "%5c", "%00", "%25",
                "%c3", "%a9", "%ff", "%0a", "?", "#", "a", "é", "%",
            ])
            .prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
            1 => "[0-9a-fA-F]{1,3}",
        ];
        prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
    }

    /// A file name a site may have: no `/`, no control character, not `.`
    /// or `..`.
    fn name() -> impl Strategy<Value = String> {
        "[^/\\\\\\p{Cc}]{1,12}".prop_filter("not a dot segment", |s| s != "." && s != "..")
    }

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

    fn percent_encode_all(path: &str) -> String {
        path.bytes()
            .map(|b| {
                if b == b'/' {
                    "/".to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }

    /// The checks every decoded path must pass.
    fn assert_inside(decoded: &str) -> Result<(), TestCaseError> {
        prop_assert!(decoded.starts_with('/'), "{decoded:?}");
        prop_assert!(!decoded.contains('\\'), "{decoded:?}");
        prop_assert!(!decoded.chars().any(char::is_control), "{decoded:?}");
        prop_assert!(!decoded.contains("//"), "{decoded:?}");
        for segment in decoded[1..].split('/') {
            prop_assert!(segment != ".." && segment != ".", "{decoded:?}");
        }
        // Joined to a root folder, it stays under it.
        let joined = Path::new("/site").join(&decoded[1..]);
        prop_assert!(joined.starts_with("/site"), "{decoded:?}");
        prop_assert!(
            joined
                .components()
                .skip(2)
                .all(|c| matches!(c, Component::Normal(_))),
            "{decoded:?}"
        );
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn decoding_never_panics_and_what_it_accepts_stays_inside(rest in nasty()) {
            let path = format!("/{rest}");
            if let Ok(decoded) = decode_path(&path) {
                assert_inside(&decoded)?;
            }
        }

        #[test]
        fn resolving_any_target_never_panics_nor_leaves_the_site(
            target in nasty(),
            base in prop_oneof![Just(String::new()), Just("/catalog".to_string()), nasty()],
        ) {
            // Every lookup succeeds, so whatever passes the checks is a File.
            if let Target::File(file) = resolve(&target, &base, |_| true) {
                assert_inside(&format!("/{file}"))?;
            }
        }

        #[test]
        fn arbitrary_bytes_as_a_path_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            let target = format!("/{}", String::from_utf8_lossy(&bytes));
            let _ = resolve(&target, "", |_| true);
            if let Ok(decoded) = decode_path(&target) {
                assert_inside(&decoded)?;
            }
        }

        #[test]
        fn an_encoded_safe_path_decodes_to_itself(
            names in prop::collection::vec(name(), 1..5),
            folder in any::<bool>(),
        ) {
            let mut path = format!("/{}", names.join("/"));
            if folder {
                path.push('/');
            }
            prop_assert_eq!(decode_path(&percent_encode_all(&path)), Ok(path.clone()));
            // Unencoded (as far as `%` allows), too.
            if !path.contains('%') {
                prop_assert_eq!(decode_path(&path), Ok(path.clone()));
            }
        }

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
