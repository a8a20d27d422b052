// Dates that stay true after the build: the page says which starts are open
// as of its build date; this compares each start's apply-by date with the
// visitor's clock, closes those whose deadline has passed (their Apply links
// removed) and moves "next open start" on, on program pages, on the cards the
// build rendered and on the program pages /compare/ reads. The pure helpers
// touch no DOM; `followClock` works on any document (the page, or one
// /compare/ fetched).

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// The visitor's date (their own time zone), as an ISO date.
export function todayIso(now = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

// `2027-02-01` → `February 1, 2027`, as the build writes dates.
export function humanDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}

// A last day has passed once the day after it begins (ISO dates compare as text).
export const isPast = (lastDay, today) => Boolean(lastDay) && lastDay < today;

// A card's `data-sessions` rows ([start, apply by, start printed, apply by printed, link])
// still open on `today`.
export const openRows = (rows, today) => rows.filter((r) => !isPast(r[1], today));

function parseRows(text) {
  try {
    const rows = JSON.parse(text || '[]');
    return Array.isArray(rows) ? rows.filter((r) => Array.isArray(r) && r.length >= 5) : [];
  } catch { return []; }
}

const safe = (u) => (/^(https?:|mailto:)/i.test(u || '') ? u : '');

// The program page's starts: close the passed ones, then point every
// "next step" at the first still open. Returns how many it closed.
function programPage(root, today) {
  let closed = 0;
  for (const li of root.querySelectorAll('ul.sessions li.open[data-apply-by]')) {
    if (!isPast(li.dataset.applyBy, today)) continue;
    li.classList.replace('open', 'closed');
    const state = li.querySelector('.session-state');
    if (state) state.textContent = `Applications closed on ${li.dataset.applyByHuman || humanDate(li.dataset.applyBy)}`;
    li.querySelectorAll('a').forEach((a) => a.remove());
    closed += 1;
  }
  for (const block of root.querySelectorAll('.timeline-start[data-apply-by]')) {
    if (!isPast(block.dataset.applyBy, today)) continue;
    block.classList.add('closed');
    const steps = block.querySelector('.milestones');
    if (steps) steps.hidden = true;
    const note = block.querySelector('.timeline-closed');
    if (note) note.hidden = false;
  }
  if (!closed) return 0;
  const next = root.querySelector('ul.sessions li.open');
  const link = next && next.querySelector('a');
  const href = link ? safe(link.getAttribute('href')) : '';
  const when = next ? (next.dataset.startHuman || (next.querySelector('time') || {}).textContent || '') : '';
  const applyBy = next && next.dataset.applyByHuman ? `Apply by ${next.dataset.applyByHuman}` : '';

  const header = root.querySelector('[data-next-apply]');
  if (header) {
    const a = header.querySelector('a');
    const start = header.querySelector('[data-next-start]');
    if (href && a) { a.setAttribute('href', href); if (start) start.textContent = when; }
    else { header.hidden = true; const none = root.querySelector('[data-none-open]'); if (none) none.hidden = false; }
  }
  const panel = root.querySelector('[data-next-step]');
  if (panel) {
    const set = (sel, text) => { const el = panel.querySelector(sel); if (el) el.textContent = text; };
    const a = panel.querySelector('[data-next-step-link]');
    if (next) {
      set('[data-next-step-start]', when);
      set('[data-next-step-apply-by]', applyBy);
      if (a && href) {
        a.setAttribute('href', href);
        const hidden = a.querySelector('.visually-hidden');
        if (hidden) hidden.textContent = ` for ${when}`;
      } else if (a) a.closest('p').remove();
    } else {
      panel.className = panel.className.replace(/next-step-(open|waitlist)/, 'next-step-none');
      set('.next-step-heading', 'No open start');
      set('[data-next-step-start]', 'No start date is open for applications right now');
      set('[data-next-step-apply-by]', '');
      if (a) a.closest('p').remove();
    }
  }
  const apply = root.querySelector('[data-fact="apply"] a[data-apply]');
  if (apply) {
    if (href) apply.setAttribute('href', href);
    else apply.replaceWith(root.createTextNode ? root.createTextNode('No start is open for applications.') : '');
  }
  const dates = root.querySelector('[data-fact="dates"]');
  if (dates && dates.dataset.summary) {
    dates.dataset.summary = `Next start: ${next ? when : 'No open start dates'}. Seats: ${dates.dataset.seats || 'Not stated'}.`;
  }
  return closed;
}

// A card the build rendered: show its first start still open, with that
// start's Apply link, or none.
function card(el, today) {
  const rows = parseRows(el.dataset.sessions);
  if (!rows.length) return;
  const open = openRows(rows, today);
  if (open.length === rows.length) return;
  const dd = el.querySelector('.card-fact-start dd');
  const button = el.querySelector('.card-actions a.button');
  if (open.length) {
    const [, , when, applyBy, link] = open[0];
    if (dd) {
      const by = dd.querySelector('.card-apply-by');
      dd.firstChild.textContent = `${when} `;
      if (by) by.textContent = `Apply by ${applyBy}`;
    }
    if (button && safe(link)) button.setAttribute('href', link);
    else if (button) button.remove();
  } else {
    if (dd) dd.textContent = 'No open start dates';
    if (button) button.remove();
  }
  el.dataset.sessions = JSON.stringify(open);
}

// Applies the visitor's clock to `root` (a document); `today` is an ISO date.
export function followClock(root, today = todayIso()) {
  const closed = programPage(root, today);
  root.querySelectorAll('article.card[data-sessions]').forEach((el) => card(el, today));
  for (const note of root.querySelectorAll('[data-as-of]')) {
    note.textContent = `Open and closed as of ${humanDate(today)}, by your device's date${closed ? `: ${closed === 1 ? 'one start has' : `${closed} starts have`} closed since this page was built` : ''}.`;
  }
  return closed;
}
