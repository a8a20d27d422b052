// A result card's fields by card.html's names, from the index; they fill
// the `[[name]]` markers of the card templates (docs/themes.md). No DOM.

import { NOT_STATED } from './index.js';
import { humanDate, isPast, t, todayIso } from './dates.js';

export { humanDate, t };

export const notStated = () => t('notStated');
// `[[field]]`; a URL field's is `<base>/programs/?[[field]]`, a link that resolves.
const MARKER = /(?:[^\s"'<>]*\/programs\/\?)?\[\[([a-z0-9_.]+)\]\]/g;

export const safeUrl = (u) => (/^(https?:|mailto:)/i.test(u) ? u : '');

function fact(index, key, id) {
  const f = index.facet(key);
  const code = f && f.col ? f.col[id] : NOT_STATED;
  return code === NOT_STATED ? null : { value: f.values[code - 1], label: f.labels[code - 1] };
}

// A card row's `Name, City, ST`, in parts.
export function splitPlace(place) {
  const parts = place.split(', ');
  if (parts.length < 3) return { name: place, city: '', state: '' };
  const state = parts.pop();
  const city = parts.pop();
  return { name: parts.join(', '), city, state };
}

const DAY_MS = 86400000;

const daysBefore = (iso, days) => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) - days * DAY_MS).toISOString().slice(0, 10);
};

// The open start a card shows: the first in the chosen months (`YYYY-MM` or
// `rolling`), else the next one; null when none is open.
export function pickStart(starts, months) {
  if (months && months.size) {
    const hit = starts.find((s) => months.has(s === 'rolling' ? s : s.slice(0, 7)));
    if (hit) return { iso: hit, chosen: true };
  }
  return starts.length ? { iso: starts[0], chosen: false } : null;
}

// The offered length a card shows when a length or cost range is chosen: the
// shortest inside both ranges (totals in cents, ranges in currency units).
export function pickLength(lengths, r) {
  if (!r || (r.wmin == null && r.wmax == null && r.tmin == null && r.tmax == null)) return null;
  const inside = (v, lo, hi) => (lo == null || v >= lo) && (hi == null || v <= hi);
  return lengths.find(([w, cents]) => inside(w, r.wmin, r.wmax) && inside(cents / 100, r.tmin, r.tmax)) || null;
}

// Fields the index lacks (summary, category, price_basis) are ''. `chosen`
// ({ months: Set, ranges }) is what the visitor filtered on: the start, total
// and apply link follow it.
export function cardFields(index, id, row, base, chosen = {}, today = todayIso()) {
  const [slug, title, place, weeks, total, next, apply, seats = notStated(), startList = '', applyByDays = 0, lengths = [], stale = 0, image = 0] = row;
  // The thumbnail, [src, width, height]: a path of this site only.
  const [imgSrc = '', imgWidth = '', imgHeight = ''] = Array.isArray(image) && /^\/(?!\/)/.test(image[0]) ? image : [];
  const label = (key, fallback = notStated()) => (fact(index, key, id) || { label: fallback }).label;
  const value = (key) => (fact(index, key, id) || { value: '' }).value;
  const where = splitPlace(place);
  const specialty = value('specialty');
  const hospital = value('hospital');
  // The starts the build found open, less those whose apply-by date has passed by the visitor's clock.
  const listed = startList.split(' ').filter(Boolean);
  const starts = listed.filter((s) => s === 'rolling' || !isPast(daysBefore(s, applyByDays), today));
  const start = pickStart(starts, chosen.months);
  const length = pickLength(lengths, chosen.ranges);
  const dated = start && start.iso !== 'rolling';
  const startText = !start ? (listed.length ? t('noOpen') : next) : dated ? humanDate(start.iso) : t('rolling');
  const applyWeeks = length ? length[0] : lengths.length ? lengths[0][0] : '';
  const applyUrl = apply && start
    ? apply.replace(/\{start\}/g, encodeURIComponent(start.iso)).replace(/\{weeks\}/g, encodeURIComponent(applyWeeks))
    : '';
  return {
    slug,
    url: `${base}/programs/${slug}/`,
    title,
    summary: '',
    'specialty.name': label('specialty'),
    'specialty.url': specialty && `${base}/specialties/${specialty}/`,
    specialty_slug: specialty,
    category: '',
    'hospital.name': where.name,
    'hospital.url': hospital && `${base}/hospitals/${hospital}/`,
    hospital_slug: hospital,
    city: where.city,
    state: value('state') || where.state,
    state_name: label('state', ''),
    kind: value('kind'),
    kind_label: label('kind', ''),
    setting: label('setting'),
    weeks,
    lowest_total: total,
    price_basis: '',
    status: value('status'),
    status_label: label('status', ''),
    next_start: next,
    start_label: t(start && start.chosen ? 'matching' : 'nextStart'),
    start: startText,
    apply_by: dated ? t('applyBy', { date: humanDate(daysBefore(start.iso, applyByDays)) }) : '',
    total_label: length ? t('totalWeeks', { n: length[0] }) : t('totalFrom'),
    total: length ? length[2] : total,
    seats,
    apply_url: safeUrl(applyUrl),
    letter: label('letter_of_recommendation'),
    usmle_step1: label('usmle_step1'),
    visa: label('invitation_letter'),
    stale: stale ? 'true' : '',
    stale_label: stale ? t('stale') : '',
    sessions_json: '',
    'image.src': imgSrc,
    'image.width': String(imgWidth),
    'image.height': String(imgHeight),
  };
}

export const fill = (text, fields) => text.replace(MARKER, (_, k) => (Object.hasOwn(fields, k) ? fields[k] : ''));
