//! Request handling: accepts connections (refusing those over the limit
//! with 503), answers each with one response (a built file, a redirect, the
//! live-reload script or state, a 404) or the live-reload event stream.
//! Reads only the `static/` files the build listed.

use std::collections::VecDeque;
use std::io::{ErrorKind, Read};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use super::Shared;
use super::http::{self, ReadError, Response};
use super::paths::{self, Target};
use super::reload;
use super::site::Site;

/// Connections served at once (open live-reload streams included); more
/// get 503 with `Retry-After`.
const MAX_CONNECTIONS: usize = 256;
/// What a client over the limit is told to wait, in seconds: a page that
/// left gives its slot back within a heartbeat.
const RETRY_AFTER: u64 = 2;
/// How long a refused client gets to read the 503 and close before its
/// connection is dropped, and how many may be waiting at once (beyond, the
/// oldest is dropped).
const LINGER: Duration = Duration::from_secs(2);
const MAX_LINGERING: usize = 1024;

/// Answers every connection, each on its own thread, as long as the
/// process runs.
pub(super) fn serve(listener: &TcpListener, shared: &Arc<Shared>) {
    let (refused_tx, refused_rx) = mpsc::channel();
    let lingering = std::thread::Builder::new()
        .name("refused".into())
        .spawn(move || linger(&refused_rx));
    // Without that thread, a refused connection is closed on this one.
    let refused = lingering.is_ok().then_some(refused_tx);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if shared.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            shared.connections.fetch_sub(1, Ordering::SeqCst);
            refuse(stream, refused.as_ref());
            continue;
        }
        let for_thread = shared.clone();
        let spawned = std::thread::Builder::new().spawn(move || {
            handle(&for_thread, stream);
            for_thread.connections.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            // Out of threads: the connection is dropped, the server goes on.
            shared.connections.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Answers a connection over the limit with 503 at once, without reading
/// its request, then hands it to `linger`: closing a socket with unread
/// bytes would reset it, and the client could lose the answer.
fn refuse(mut stream: TcpStream, lingering: Option<&mpsc::Sender<TcpStream>>) {
    // A fresh socket's send buffer holds the few bytes of this answer.
    let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
    let _ = stream.set_nodelay(true);
    let mut busy = Response::text(
        503,
        "the preview has too many open connections; try again in a moment",
    );
    busy.headers.push(("Retry-After", RETRY_AFTER.to_string()));
    if busy.write(&mut stream, false).is_err() {
        return;
    }
    let _ = stream.shutdown(Shutdown::Write);
    match lingering {
        Some(tx) => {
            if let Err(mpsc::SendError(stream)) = tx.send(stream) {
                close(stream);
            }
        }
        None => close(stream),
    }
}

/// Keeps refused connections until their clients close them (reading and
/// dropping what they send meanwhile), or for `LINGER`; all on one thread,
/// so a flood of refusals costs no more threads.
fn linger(refused: &mpsc::Receiver<TcpStream>) {
    let mut open: VecDeque<(TcpStream, Instant)> = Default::default();
    loop {
        let arrived = if open.is_empty() {
            match refused.recv() {
                Ok(s) => vec![s],
                Err(_) => return,
            }
        } else {
            refused.try_iter().collect()
        };
        for stream in arrived {
            if stream.set_nonblocking(true).is_ok() {
                open.push_back((stream, Instant::now() + LINGER));
            }
        }
        while open.len() > MAX_LINGERING {
            open.pop_front();
        }
        let now = Instant::now();
        open.retain_mut(|(stream, until)| now < *until && !drained(stream));
        if !open.is_empty() {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Reads what a non-blocking socket has; `true` once the client has closed
/// it (or it failed), so it can be dropped without a reset.
fn drained(stream: &mut TcpStream) -> bool {
    let mut sink = [0u8; 4096];
    for _ in 0..16 {
        match stream.read(&mut sink) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => return false,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return true,
        }
    }
    false
}

/// Answers one connection: one request, one response, then close.
fn handle(shared: &Shared, mut stream: TcpStream) {
    http::prepare(&stream);
    let req = match http::read_request(&mut stream) {
        Ok(r) => r,
        Err(ReadError::Gone) => return,
        Err(ReadError::Malformed(why)) => {
            let _ = Response::text(400, why).write(&mut stream, false);
            close(stream);
            return;
        }
    };
    let head_only = req.method == "HEAD";
    match respond(shared, &req) {
        Answer::Events => {
            let events = shared.hub.subscribe();
            reload::stream(&mut stream, events);
        }
        Answer::Response(r) => {
            let _ = r.write(&mut stream, head_only);
            close(stream);
        }
    }
}

enum Answer {
    Response(Response),
    /// Switch to the live-reload event stream.
    Events,
}

fn respond(shared: &Shared, req: &http::Request) -> Answer {
    let Some(host) = &req.host else {
        return Answer::Response(Response::text(400, "the Host header is missing"));
    };
    if !http::host_allowed(host, shared.bind, shared.port) {
        return Answer::Response(Response::text(
            403,
            "this preview server answers only to localhost, 127.0.0.1 and [::1]",
        ));
    }
    if req.method != "GET" && req.method != "HEAD" {
        let mut r = Response::text(405, "only GET and HEAD are supported");
        r.headers.push(("Allow", "GET, HEAD".into()));
        return Answer::Response(r);
    }
    let site = shared.site();
    let target = paths::resolve(&req.target, &site.base_path, |p| site.exists(p));
    Answer::Response(match target {
        Target::Bad(why) => Response::text(400, why),
        Target::Redirect(location) => Response::redirect(location),
        Target::Internal(name) => match name.as_str() {
            "reload.js" => Response::new(
                200,
                "text/javascript; charset=utf-8",
                reload::SCRIPT.as_bytes().to_vec(),
            ),
            "events" | "state" if !http::origin_allowed(req, shared.bind, shared.port) => {
                Response::text(403, "live reload is only for pages of this preview")
            }
            "events" if req.method == "GET" => return Answer::Events,
            "state" => Response::new(
                200,
                "application/json; charset=utf-8",
                shared.hub.state().into_bytes(),
            ),
            _ => not_found(&site),
        },
        Target::File(path) => match file(shared, &site, &path) {
            Some(bytes) => Response::new(200, paths::content_type(&path), bytes),
            None => not_found(&site),
        },
        Target::NotFound => not_found(&site),
    })
}

/// The bytes of an output file, with the reload script in HTML pages.
fn file(shared: &Shared, site: &Site, path: &str) -> Option<Vec<u8>> {
    let bytes = match site.files.get(path) {
        Some(b) => b.as_ref().clone(),
        None => read_static(&shared.site_root, &site.statics.get(path)?.source)?,
    };
    Some(if path.ends_with(".html") {
        reload::inject(&bytes)
    } else {
        bytes
    })
}

/// Reads a file the build listed under `static/`, by the build's reading
/// rules (`content::source`): refused if it has since become a symlink to a
/// place outside the site, or anything but a regular file under the cap.
fn read_static(root: &Path, source: &Path) -> Option<Vec<u8>> {
    let rel = source.strip_prefix(root).ok()?;
    crate::content::source::read_bytes(root, rel, crate::content::source::ASSET_LIMIT).ok()
}

/// The site's own 404 page (or a minimal one before the first good build).
fn not_found(site: &Site) -> Response {
    let page = site
        .files
        .get("404.html")
        .map(|b| b.as_ref().clone())
        .unwrap_or_else(|| {
            b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
              <title>Not found</title></head><body><h1>Not found</h1>\
              <p>Nothing is built here (yet).</p></body></html>"
                .to_vec()
        });
    Response::new(404, "text/html; charset=utf-8", reload::inject(&page))
}

/// Closes a connection without resetting it: lets the client read the
/// answer even when it sent more than we read.
fn close(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 4096];
    let mut drained = 0;
    while drained < 1 << 20 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}
