// rotalog serve: live reload and the error overlay.
// Injected only by `rotalog serve`, never into `rotalog build` output.
// Builds the overlay with textContent only: messages quote editors' text.
(function () {
  'use strict';
  var OVERLAY_ID = 'rotalog-overlay';
  var connectedBefore = false;

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

  var source = new EventSource('/__rotalog/events');
  source.addEventListener('open', function () {
    // The server restarted: whatever is shown may be stale.
    if (connectedBefore) location.reload();
    connectedBefore = true;
    window.__rotalogLive = true; // for tests: the page is listening
  });
  source.addEventListener('reload', function (e) {
    var d = JSON.parse(e.data);
    if (d.all || d.paths.indexOf(here()) !== -1) location.reload();
  });
  source.addEventListener('failed', function (e) {
    show(JSON.parse(e.data).problems);
  });
  source.addEventListener('fixed', hide);
})();
