//! Live reload: the events the server pushes to open pages over
//! Server-Sent Events, the script that listens for them (and draws the
//! error overlay), and the one place that script is injected into pages.
//!
//! The script is an external file (`/__rotalog/reload.js`), never inline, so
//! a site with a `script-src 'self'` policy still reloads. It builds the
//! overlay with `textContent` only: diagnostics quote editors' text.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::diagnostics::Diagnostic;

/// The script's URL; the only thing injected into served pages.
pub const SCRIPT_URL: &str = "/__rotalog/reload.js";
/// The script itself.
pub const SCRIPT: &str = include_str!("reload.js");
const SCRIPT_TAG: &str = "<script src=\"/__rotalog/reload.js\"></script>";
/// How often an open stream is checked, with an SSE comment line
/// (`: heartbeat`) written and the socket looked at: a page that went away
/// gives its connection slot back within this long, not at the next save.
pub const HEARTBEAT: Duration = Duration::from_secs(2);

/// What open pages are told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// These URL paths changed (or appeared, or disappeared); `all` when a
    /// stylesheet, script or template changed, so every page reloads.
    Reload { paths: Vec<String>, all: bool },
    /// The last rebuild failed: show these problems over the last good page.
    Failed(Vec<Diagnostic>),
    /// The problems are fixed.
    Fixed,
}

#[derive(Serialize)]
struct Problem {
    location: String,
    severity: &'static str,
    message: String,
    /// The full plain-text rendering: headline, snippet with caret, hint.
    text: String,
}

impl Event {
    fn name(&self) -> &'static str {
        match self {
            Event::Reload { .. } => "reload",
            Event::Failed(_) => "failed",
            Event::Fixed => "fixed",
        }
    }

    /// The event's JSON payload; `version` is the site's version after it.
    pub fn data(&self, version: u64) -> String {
        let value = match self {
            Event::Reload { paths, all } => {
                serde_json::json!({ "paths": paths, "all": all, "version": version })
            }
            Event::Failed(diags) => serde_json::json!({ "problems": problems(diags) }),
            Event::Fixed => serde_json::json!({}),
        };
        value.to_string()
    }

    /// The event as Server-Sent Events text.
    pub fn sse(&self, version: u64) -> String {
        format!("event: {}\ndata: {}\n\n", self.name(), self.data(version))
    }
}

fn problems(diags: &[Diagnostic]) -> Vec<Problem> {
    diags
        .iter()
        .map(|d| Problem {
            location: d.location(),
            severity: d.severity.as_str(),
            message: d.message.clone(),
            text: d.render(false),
        })
        .collect()
}

/// Hands events to every open page, as Server-Sent Events text.
///
/// It counts the site's versions (one per reload event) and names this
/// server run, so a page can tell whether it missed something: the stream
/// opens with `hello` (`{server, version}`), and `/__rotalog/state` answers
/// the same plus the current problems. It remembers a failure, so a page
/// opened while the site is broken shows the overlay at once.
pub struct Hub {
    inner: Mutex<HubState>,
    /// This server run, so pages notice a restart.
    server: String,
}

struct HubState {
    listeners: Vec<Sender<Arc<String>>>,
    failure: Option<Vec<Diagnostic>>,
    version: u64,
}

impl Default for Hub {
    fn default() -> Hub {
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Hub {
            inner: Mutex::new(HubState {
                listeners: Vec::new(),
                failure: None,
                version: 0,
            }),
            server: format!("{started:x}-{}", std::process::id()),
        }
    }
}

impl Hub {
    /// Sends `event` to every listener, dropping the ones that are gone.
    pub fn send(&self, event: Event) {
        let mut state = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match &event {
            Event::Failed(diags) => state.failure = Some(diags.clone()),
            Event::Fixed => state.failure = None,
            Event::Reload { .. } => state.version += 1,
        }
        let text = Arc::new(event.sse(state.version));
        state.listeners.retain(|l| l.send(text.clone()).is_ok());
    }

    /// A new listener: it gets `hello`, then the current failure if any,
    /// then every event.
    pub fn subscribe(&self) -> Receiver<Arc<String>> {
        let (tx, rx) = mpsc::channel();
        let mut state = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let hello = serde_json::json!({ "server": self.server, "version": state.version });
        let _ = tx.send(Arc::new(format!("event: hello\ndata: {hello}\n\n")));
        if let Some(diags) = &state.failure {
            let _ = tx.send(Arc::new(Event::Failed(diags.clone()).sse(state.version)));
        }
        state.listeners.push(tx);
        rx
    }

    /// `{server, version, problems}` (problems `null` when the site builds).
    pub fn state(&self) -> String {
        let state = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        serde_json::json!({
            "server": self.server,
            "version": state.version,
            "problems": state.failure.as_deref().map(problems),
        })
        .to_string()
    }

    /// Whether the last build failed.
    pub fn has_failure(&self) -> bool {
        let state = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        state.failure.is_some()
    }

    /// How many pages are listening.
    pub fn listeners(&self) -> usize {
        let state = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        state.listeners.len()
    }
}

/// The other end of an event stream.
pub trait Client: Write {
    /// Whether the page has closed the connection. Must not block.
    fn hung_up(&mut self) -> bool;
}

impl Client for TcpStream {
    /// A page sends nothing after its request (nor half-closes), so a read
    /// that finds the end of the stream (or an error) means it is gone. A
    /// write alone finds out only one write later: the first one after the
    /// close still succeeds, and only the reset it provokes fails the next.
    fn hung_up(&mut self) -> bool {
        if self.set_nonblocking(true).is_err() {
            return true;
        }
        let mut sink = [0u8; 4096];
        let mut gone = true; // unless the socket runs dry: 64 KiB is no page
        for _ in 0..16 {
            match self.read(&mut sink) {
                Ok(0) => break,
                // Bytes after the request are not ours to answer: dropped.
                Ok(_) => continue,
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    gone = false;
                    break;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
        self.set_nonblocking(false).is_err() || gone
    }
}

/// Streams events to one page until it goes away: at most a `HEARTBEAT`
/// after it does, whether or not events are flowing.
pub fn stream(out: &mut impl Client, events: Receiver<Arc<String>>) {
    stream_with(out, events, HEARTBEAT);
}

fn stream_with(out: &mut impl Client, events: Receiver<Arc<String>>, heartbeat: Duration) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
                Connection: close\r\n\r\nretry: 500\n\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    let mut beat = Instant::now() + heartbeat;
    loop {
        let now = Instant::now();
        let text = if now >= beat {
            // On time even while events flow.
            beat = now + heartbeat;
            if out.hung_up() {
                return;
            }
            Arc::new(": heartbeat\n\n".to_string())
        } else {
            match events.recv_timeout(beat - now) {
                Ok(text) => text,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        };
        if out
            .write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Adds the reload script before the last `</body>` of an HTML page (or at
/// the end when there is none).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let needle = b"</body>";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = inject(b"<html><body><p>x</p></BODY></html>");
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><body><p>x</p><script src=\"/__rotalog/reload.js\"></script></BODY></html>"
        );
        assert!(inject(b"plain").ends_with(SCRIPT_TAG.as_bytes()));
    }

    #[test]
    fn failures_are_remembered_for_new_pages_until_fixed() {
        let hub = Hub::default();
        let d = Diagnostic::file("content/x.md", Severity::Error, "<b>bad</b>");
        hub.send(Event::Failed(vec![d]));
        let rx = hub.subscribe();
        assert!(rx.try_recv().unwrap().starts_with("event: hello\n"));
        let first = rx.try_recv().unwrap();
        assert!(first.starts_with("event: failed\n"), "{first}");
        // JSON, not HTML: the script puts it in textContent.
        assert!(first.contains("\"message\":\"<b>bad</b>\""));
        assert!(hub.state().contains("\"message\":\"<b>bad</b>\""));
        hub.send(Event::Fixed);
        assert_eq!(*rx.try_recv().unwrap(), "event: fixed\ndata: {}\n\n");
        let late = hub.subscribe();
        assert!(late.try_recv().unwrap().starts_with("event: hello\n"));
        assert!(late.try_recv().is_err());
        assert!(hub.state().contains("\"problems\":null"));
    }

    #[test]
    fn every_reload_is_a_new_version_and_hello_tells_it() {
        let hub = Hub::default();
        let reload = || Event::Reload {
            paths: vec![],
            all: true,
        };
        let rx = hub.subscribe();
        let hello = rx.try_recv().unwrap();
        assert!(hello.contains("\"version\":0"), "{hello}");
        hub.send(reload());
        hub.send(Event::Fixed);
        hub.send(reload());
        let versions: Vec<String> = rx.try_iter().map(|t| t.to_string()).collect();
        assert!(versions[0].contains("\"version\":1"), "{versions:?}");
        assert!(versions[2].contains("\"version\":2"), "{versions:?}");
        assert!(
            hub.subscribe()
                .try_recv()
                .unwrap()
                .contains("\"version\":2")
        );
        assert!(
            hub.state()
                .contains(&format!("\"server\":\"{}\"", hub.server))
        );
    }

    /// A page that says it has gone after `checks` heartbeats.
    struct Page {
        written: Arc<Mutex<Vec<u8>>>,
        checks: usize,
    }

    impl Write for Page {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.written.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Client for Page {
        fn hung_up(&mut self) -> bool {
            self.checks = self.checks.saturating_sub(1);
            self.checks == 0
        }
    }

    /// Streams to a page that leaves after `checks` heartbeats while `busy`
    /// keeps sending events; what it was sent, or `None` if the stream was
    /// still open after 10 s (a hang guard: it should end in milliseconds).
    fn stream_until_gone(checks: usize, busy: bool) -> Option<String> {
        let hub = Arc::new(Hub::default());
        let events = hub.subscribe();
        let written = Arc::new(Mutex::new(Vec::new()));
        let mut page = Page {
            written: written.clone(),
            checks,
        };
        let (done_tx, done_rx) = mpsc::channel();
        std::thread::spawn(move || {
            stream_with(&mut page, events, Duration::from_millis(20));
            let _ = done_tx.send(());
        });
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let sender = std::thread::spawn({
            let (hub, stop) = (hub.clone(), stop.clone());
            move || {
                while busy && !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    hub.send(Event::Fixed);
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        });
        let ended = done_rx.recv_timeout(Duration::from_secs(10)).is_ok();
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = sender.join();
        let text = String::from_utf8(written.lock().unwrap().clone()).unwrap();
        ended.then_some(text)
    }

    #[test]
    fn a_stream_ends_at_the_first_heartbeat_after_the_page_left() {
        let sent = stream_until_gone(3, false).expect("the stream outlived its page");
        assert!(sent.starts_with("HTTP/1.1 200 OK\r\n"), "{sent}");
        // Two heartbeats written, the third found the page gone.
        assert_eq!(sent.matches(": heartbeat\n\n").count(), 2, "{sent}");
    }

    #[test]
    fn a_flow_of_events_does_not_delay_the_heartbeat() {
        let sent = stream_until_gone(1, true).expect("events kept the stream from checking");
        assert!(!sent.contains(": heartbeat"), "{sent}");
    }

    #[test]
    fn events_are_single_sse_records() {
        let e = Event::Reload {
            paths: vec!["/programs/a/".into()],
            all: false,
        };
        assert_eq!(
            e.sse(7),
            "event: reload\ndata: {\"all\":false,\"paths\":[\"/programs/a/\"],\"version\":7}\n\n"
        );
        // A newline in a message must not end the record early.
        let d = Diagnostic::file("x", Severity::Error, "a\nb");
        let sse = Event::Failed(vec![d]).sse(0);
        assert_eq!(sse.matches('\n').count(), 3, "{sse}");
    }
}
