// rotalog serve: live reload and the error overlay.
// Injected only by `rotalog serve`, never into `rotalog build` output.
// Builds the overlay with textContent only: messages quote editors' text.
//
// One tab per browser holds the event stream (a Web Lock elects it) and
// passes events to the others over a BroadcastChannel: browsers allow only
// six connections to a server, and a stream per tab would leave the seventh
// tab unable to load anything. Where locks or channels are missing (an
// address that is not this computer), every tab has its own stream.
(function () {
  'use strict';
  var OVERLAY_ID = 'rotalog-overlay';
  var EVENTS = ['hello', 'reload', 'failed', 'fixed'];
  var RETRY_MS = 2000;
  // The server run and site version this page was made from.
  var mine = null;

  function here() {
    var path = location.pathname;
    try { path = decodeURI(path); } catch (e) { /* keep it as sent */ }
    if (path.slice(-11) === '/index.html') path = path.slice(0, -10);
    return path;
  }

  function hide() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  }

  function show(problems) {
    hide();
    var box = document.createElement('div');
    box.id = OVERLAY_ID;
    box.setAttribute('role', 'alertdialog');
    box.setAttribute('aria-labelledby', OVERLAY_ID + '-title');
    box.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;' +
      'background:rgba(20,20,20,.92);color:#f4f4f4;padding:2rem;' +
      'font:15px/1.5 system-ui,sans-serif;text-align:left';
    var title = document.createElement('h2');
    title.id = OVERLAY_ID + '-title';
    title.style.cssText = 'margin:0 0 .5rem;font-size:1.3rem;color:#ff8a80';
    title.textContent = problems.length === 1
      ? 'The site has 1 problem'
      : 'The site has ' + problems.length + ' problems';
    var note = document.createElement('p');
    note.style.cssText = 'margin:0 0 1rem';
    note.textContent = 'You are seeing the last version that built. Fix the file and save: ' +
      'this message goes away by itself.';
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Hide';
    close.style.cssText = 'position:absolute;top:1rem;right:1rem;font:inherit;padding:.25rem .75rem';
    close.addEventListener('click', hide);
    box.appendChild(close);
    box.appendChild(title);
    box.appendChild(note);
    problems.forEach(function (p) {
      var pre = document.createElement('pre');
      pre.className = 'rotalog-problem';
      pre.style.cssText = 'white-space:pre-wrap;background:#000;color:#f4f4f4;padding:1rem;' +
        'border-left:4px solid ' + (p.severity === 'error' ? '#ff5252' : '#ffd740') +
        ';font:14px/1.4 ui-monospace,monospace;margin:0 0 1rem';
      pre.textContent = p.text;
      box.appendChild(pre);
    });
    (document.body || document.documentElement).appendChild(box);
    close.focus();
  }

  // What an event from the server means for this page.
  function handle(type, text) {
    var d = JSON.parse(text);
    if (type === 'hello') {
      // A stream (re)opened: if the server restarted or the site changed
      // while nobody listened, this page may be stale.
      if (mine && (d.server !== mine.server || d.version !== mine.version)) location.reload();
      hide(); // shown again by the `failed` that follows, if still broken
    } else if (type === 'reload') {
      if (d.all || d.paths.indexOf(here()) !== -1) location.reload();
      else if (mine) mine.version = d.version;
    } else if (type === 'failed') {
      show(d.problems);
    } else if (type === 'fixed') {
      hide();
    }
  }

  function listen(forward) {
    var source = new EventSource('/__rotalog/events');
    EVENTS.forEach(function (type) {
      source.addEventListener(type, function (e) {
        if (forward) forward({ type: type, data: e.data });
        handle(type, e.data);
      });
    });
    source.addEventListener('open', function () {
      window.__rotalogLive = true; // for tests: the page is listening
    });
    // A browser retries a stream that broke, but not one that was refused:
    // a 503 (the preview has too many connections) closes it for good.
    // Try again after the server's Retry-After (2 s).
    source.addEventListener('error', function () {
      if (source.readyState !== EventSource.CLOSED) return;
      window.__rotalogLive = false;
      setTimeout(function () { listen(forward); }, RETRY_MS);
    });
  }

  fetch('/__rotalog/state', { cache: 'no-store' })
    .then(function (r) { return r.json(); })
    .then(function (state) {
      mine = { server: state.server, version: state.version };
      if (state.problems) show(state.problems);
      if (!(navigator.locks && window.BroadcastChannel)) {
        listen(null);
        return;
      }
      var channel = new BroadcastChannel('rotalog-live');
      channel.onmessage = function (e) { handle(e.data.type, e.data.data); };
      // The lock is held until this tab goes away.
      var lead = function () {
        listen(function (message) { channel.postMessage(message); });
        return new Promise(function () {});
      };
      navigator.locks.request('rotalog-live', { ifAvailable: true }, function (lock) {
        if (lock) return lead();
        window.__rotalogLive = true; // another tab's stream serves this one
        navigator.locks.request('rotalog-live', lead); // and then this one's
        return null;
      });
    })
    .catch(function () { listen(null); });
})();
