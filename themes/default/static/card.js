// A result card's fields by card.html's names, from the index; they fill
// the `[[name]]` markers of the card templates (docs/themes.md). No DOM.

import { NOT_STATED } from './index.js?v=47f3ab8f37';

export const NOT_STATED_TEXT = 'Not stated';
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

// Fields the index lacks (summary, category, price_basis) are ''.
export function cardFields(index, id, row, base) {
  const [slug, title, place, weeks, total, next, apply] = row;
  const label = (key, fallback = NOT_STATED_TEXT) => (fact(index, key, id) || { label: fallback }).label;
  const value = (key) => (fact(index, key, id) || { value: '' }).value;
  const where = splitPlace(place);
  const specialty = value('specialty');
  const hospital = value('hospital');
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
    apply_url: safeUrl(apply),
    letter: label('letter_of_recommendation'),
    usmle_step1: label('usmle_step1'),
    visa: label('invitation_letter'),
  };
}

export const fill = (text, fields) => text.replace(MARKER, (_, k) => (Object.hasOwn(fields, k) ? fields[k] : ''));
