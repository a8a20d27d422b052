// The example catalog read straight from its source files, so that the browser
// tests derive their expectations (counts per facet, totals, sort orders) from the
// content rather than from magic numbers.
//
// The parser is a small YAML subset, enough for the catalog's front matter and
// fees.yaml: block maps, block lists, flow lists `[a, b]`, flow maps `{ a: b }`,
// quoted and plain scalars, `|` block text. It throws on anything it does not
// understand, so a new construct in the example fails loudly here rather than
// silently producing wrong expectations.

import fs from 'node:fs';
import path from 'node:path';

// ------------------------------------------------------------------ YAML subset

function scalar(text) {
  const t = text.trim();
  if (t === '' || t === '~' || t === 'null') return null;
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t.startsWith('"')) return JSON.parse(t);
  if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
  return t;
}

function splitTopLevel(inner) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let cur = '';
  for (const ch of inner) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim() !== '') parts.push(cur);
  return parts;
}

function value(text) {
  const t = text.trim();
  if (t.startsWith('[')) {
    if (!t.endsWith(']')) throw new Error(`unterminated flow list: ${t}`);
    return splitTopLevel(t.slice(1, -1)).map(value);
  }
  if (t.startsWith('{')) {
    if (!t.endsWith('}')) throw new Error(`unterminated flow map: ${t}`);
    const out = {};
    for (const part of splitTopLevel(t.slice(1, -1))) {
      const i = part.indexOf(':');
      if (i < 0) throw new Error(`flow map entry without key: ${part}`);
      out[part.slice(0, i).trim()] = value(part.slice(i + 1));
    }
    return out;
  }
  return scalar(t);
}

const indentOf = (line) => line.length - line.trimStart().length;

/** Parse a YAML document of the supported subset. */
export function parseYaml(text) {
  const lines = text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').replace(/^#.*$/, ''));
  let i = 0;
  const skipBlank = () => {
    while (i < lines.length && lines[i].trim() === '') i++;
  };

  function block(indent) {
    skipBlank();
    if (i >= lines.length) return null;
    const first = lines[i];
    if (indentOf(first) < indent) return null;
    indent = indentOf(first);
    return first.trimStart().startsWith('- ') || first.trim() === '-' ? list(indent) : map(indent);
  }

  function entryValue(rest, indent) {
    if (rest === '|' || rest === '|-' || rest === '>') {
      const out = [];
      i++;
      while (i < lines.length && (lines[i].trim() === '' || indentOf(lines[i]) > indent)) out.push(lines[i++]);
      const cut = Math.min(...out.filter((l) => l.trim()).map(indentOf));
      return out.map((l) => l.slice(cut)).join('\n').trim() + '\n';
    }
    if (rest === '') {
      i++;
      return block(indent + 1);
    }
    i++;
    return value(rest);
  }

  function map(indent) {
    const out = {};
    for (;;) {
      skipBlank();
      if (i >= lines.length || indentOf(lines[i]) < indent) return out;
      const line = lines[i];
      if (indentOf(line) > indent) throw new Error(`unexpected indentation at line ${i + 1}: ${line}`);
      const m = /^\s*([A-Za-z0-9_-]+):(?:\s+(.*))?$/.exec(line);
      if (!m) throw new Error(`cannot parse line ${i + 1}: ${line}`);
      out[m[1]] = entryValue((m[2] ?? '').trim(), indent);
    }
  }

  function list(indent) {
    const out = [];
    for (;;) {
      skipBlank();
      if (i >= lines.length || indentOf(lines[i]) !== indent || !lines[i].trimStart().startsWith('-')) return out;
      const rest = lines[i].trimStart().slice(1).trim();
      if (/^[A-Za-z0-9_-]+:(\s|$)/.test(rest)) {
        // `- key: value` starts a map whose keys sit two columns in.
        lines[i] = ' '.repeat(indent + 2) + rest;
        out.push(map(indent + 2));
      } else {
        out.push(entryValue(rest, indent));
      }
    }
  }

  const doc = block(0);
  skipBlank();
  if (i < lines.length) throw new Error(`cannot parse line ${i + 1}: ${lines[i]}`);
  return doc;
}

/** `{ data, body }` from a Markdown file with `---` front matter. */
export function frontMatter(text) {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new Error('no front matter');
  return { data: parseYaml(m[1]) ?? {}, body: m[2] };
}

// ------------------------------------------------------------------ the catalog

const readDir = (dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        // `x.es.md` is a translation of x.md (docs/i18n.md), not a file of its own.
        .filter((f) => f.endsWith('.md') && f.split('.').length === 2)
        .sort()
    : [];

function roundHalfUp(x) {
  return Math.floor(x + 0.5);
}

const addDays = (iso, days) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * Load a site's catalog: `{ programs, specialties, hospitals, bundles }`.
 * Each program carries the facet values the search UI exposes (as strings, with
 * `none` for a fact left out) and the derived facts the sorts and ranges use.
 */
export function loadCatalog(siteDir, buildDate) {
  const content = path.join(siteDir, 'content');
  const read = (kind) =>
    Object.fromEntries(
      readDir(path.join(content, kind)).map((f) => {
        const { data, body } = frontMatter(fs.readFileSync(path.join(content, kind, f), 'utf8'));
        return [f.slice(0, -3), { slug: f.slice(0, -3), ...data, body }];
      }),
    );
  const specialties = read('specialties');
  const hospitals = read('hospitals');
  const feesFile = path.join(content, 'fees.yaml');
  const fees = fs.existsSync(feesFile) ? parseYaml(fs.readFileSync(feesFile, 'utf8')) ?? {} : {};
  const bundles = fees.bundles ?? [];

  const programs = Object.values(read('programs')).map((p) => {
    const hospital = hospitals[p.hospital];
    if (!hospital) throw new Error(`program ${p.slug}: unknown hospital ${p.hospital}`);
    const weeks = (Array.isArray(p.weeks) ? p.weeks : [p.weeks]).slice().sort((a, b) => a - b);
    const status = p.status ?? 'open';
    const applyBy = p.apply_by_days ?? 0;
    const rolling = p.starts === 'rolling';
    const dates = rolling ? [] : (Array.isArray(p.starts) ? p.starts : [p.starts]).map(String).sort();
    const openDates = status === 'closed' ? [] : dates.filter((d) => buildDate <= addDays(d, -applyBy));
    const open = status !== 'closed' && (rolling || openDates.length > 0);

    // Totals in cents, per length, as docs/content-model.md defines them.
    const application = Math.round((p.fee.application ?? 0) * 100);
    const totals = weeks.map((w) => {
      if (p.fee.total != null) return Math.round(p.fee.total * 100) + application;
      const tuition = Math.round(p.fee.per_week * 100) * w;
      const pct = Math.max(0, ...bundles.filter((b) => b.min_weeks <= w).map((b) => b.discount_percent));
      return tuition - roundHalfUp((tuition * pct) / 100) + application;
    });
    const elig = p.eligibility ?? {};
    const str = (v) => (v === undefined || v === null ? 'none' : String(v));
    return {
      slug: p.slug,
      title: p.title,
      summary: p.summary ?? null,
      body: p.body,
      hospitalName: hospital.name,
      city: hospital.city,
      weeks,
      rolling,
      dates,
      openDates,
      open,
      totals,
      lowestTotalCents: Math.min(...totals),
      lowestTotal: Math.min(...totals) / 100,
      shortest: weeks[0],
      // The first open start: rolling programs can start at once.
      soonest: rolling ? (open ? 'rolling' : null) : (openDates[0] ?? null),
      facets: {
        specialty: [p.specialty],
        state: [hospital.state],
        hospital: [p.hospital],
        kind: [p.kind],
        setting: [str(p.setting)],
        start: rolling ? (open ? ['rolling'] : []) : [...new Set(openDates.map((d) => d.slice(0, 7)))],
        status: [status],
        usmle_step1: [str(elig.usmle_step1)],
        graduates: [str(elig.graduates)],
        letter_of_recommendation: [str(p.letter_of_recommendation)],
        invitation_letter: [p.visa === 'not-needed' || p.visa?.required === false ? 'not-needed' : str(p.visa?.invitation_letter)],
      },
    };
  });
  programs.sort((a, b) => a.slug.localeCompare(b.slug));
  return { programs, specialties, hospitals, bundles };
}

export const FACETS = [
  'specialty',
  'state',
  'hospital',
  'kind',
  'setting',
  'start',
  'status',
  'usmle_step1',
  'graduates',
  'letter_of_recommendation',
  'invitation_letter',
];

/** Map value -> number of programs having it, for one facet. */
export function countBy(programs, facet) {
  const counts = new Map();
  for (const p of programs) for (const v of p.facets[facet]) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Programs matching `filters` ({ facet: [values] }): OR within a facet, AND across. */
export function filter(programs, filters = {}) {
  return programs.filter((p) =>
    Object.entries(filters).every(([f, values]) => values.length === 0 || p.facets[f].some((v) => values.includes(v))),
  );
}

/** `$3,950` style, as the site formats whole-dollar USD amounts. */
export function usd(cents) {
  const whole = Math.floor(cents / 100);
  const frac = cents % 100;
  return '$' + whole.toLocaleString('en-US') + (frac ? '.' + String(frac).padStart(2, '0') : '');
}
