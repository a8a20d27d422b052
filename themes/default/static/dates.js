// The visitor's clock (issue 12): starts whose apply-by date has passed since
// the build are closed, their links removed, "next open start" moved on; on
// program pages, built cards and the pages /compare/ reads. See ARCHITECTURE.md.
import { date, t } from './i18n.js';

export { t };
const p2 = (n) => String(n).padStart(2, '0');
export const todayIso = (d = new Date()) => `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
export const humanDate = date;
export const isPast = (day, today) => !!day && day < today;
export const openRows = (rows, today) => rows.filter((r) => !isPast(r[1], today));
const safe = (u) => (/^(https?:|mailto:)/i.test(u || '') ? u : '');
const q = (r, s) => r.querySelector(s);
const text = (el, t) => { if (el) el.textContent = t; };

function page(root, today) {
  let n = 0;
  for (const li of root.querySelectorAll('ul.sessions li.open[data-apply-by]')) {
    if (!isPast(li.dataset.applyBy, today)) continue;
    li.className = 'closed';
    text(q(li, '.session-state'), t('closedOn', { date: li.dataset.applyByHuman }));
    li.querySelectorAll('a').forEach((a) => a.remove());
    n++;
  }
  for (const b of root.querySelectorAll('.timeline-start[data-apply-by]')) {
    if (isPast(b.dataset.applyBy, today)) { b.classList.add('closed'); q(b, '.milestones').hidden = true; q(b, '.timeline-closed').hidden = false; }
  }
  if (!n) return 0;
  const next = q(root, 'ul.sessions li.open');
  const a = next && q(next, 'a');
  const href = a ? safe(a.getAttribute('href')) : '';
  const when = next ? next.dataset.startHuman || q(next, 'time').textContent : '';
  const head = q(root, '[data-next-apply]');
  if (head && href) { q(head, 'a').href = href; text(q(head, '[data-next-start]'), when); }
  else if (head) { head.hidden = true; const none = q(root, '[data-none-open]'); if (none) none.hidden = false; }
  const panel = q(root, '[data-next-step]');
  if (panel) {
    const link = q(panel, '[data-next-step-link]');
    text(q(panel, '[data-next-step-start]'), next ? when : t('noneOpen'));
    text(q(panel, '[data-next-step-apply-by]'), next && next.dataset.applyByHuman ? t('applyBy', { date: next.dataset.applyByHuman }) : '');
    if (!next) { panel.className = 'next-step next-step-none'; text(q(panel, '.next-step-heading'), t('noOpenStart')); }
    if (link && href) { link.href = href; text(q(link, '.visually-hidden'), ` ${t('for')} ${when}`); } else if (link) link.parentNode.remove();
  }
  const apply = q(root, '[data-fact="apply"] a[data-apply]');
  if (apply && href) apply.href = href; else if (apply) apply.replaceWith(t('noneOpenShort'));
  const dates = q(root, '[data-fact="dates"]');
  if (dates) dates.dataset.summary = t('datesSummary', { start: next ? when : t('noOpen'), seats: dates.dataset.seats });
  return n;
}

function card(el, today) {
  let rows;
  try { rows = JSON.parse(el.dataset.sessions); } catch { return; }
  const open = openRows(rows, today);
  if (open.length === rows.length) return;
  const dd = q(el, '.card-fact-start dd');
  const button = q(el, '.card-actions a.button');
  if (open.length) {
    dd.firstChild.textContent = `${open[0][2]} `;
    text(q(dd, '.card-apply-by'), t('applyBy', { date: open[0][3] }));
    if (button && safe(open[0][4])) button.href = open[0][4]; else if (button) button.remove();
  } else { dd.textContent = t('noOpen'); if (button) button.remove(); }
  el.dataset.sessions = JSON.stringify(open);
}

export function followClock(root, today = todayIso()) {
  const n = page(root, today);
  root.querySelectorAll('article.card[data-sessions]').forEach((el) => card(el, today));
  root.querySelectorAll('[data-as-of]').forEach((el) => text(el, t(n ? 'asOfClosed' : 'asOf', { date: humanDate(today), n })));
  return n;
}
