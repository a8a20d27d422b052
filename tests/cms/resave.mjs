// Saves content files again the way Sveltia CMS saves an entry it opened:
// the file's YAML parsed with eemeli/yaml (the library the CMS bundles; YAML
// 1.2), its keys put in the order of the collection's fields in
// admin/config.yml, empty optional values left out
// (`output.omit_empty_optional_fields`), then written with the options the
// CMS passes to `stringify` (@sveltia/cms 0.221.1, dist/sveltia-cms.mjs:
// indent 2, indentSeq, lineWidth 0, plain keys, plain strings unless they
// need quotes, single quotes preferred) and, for Markdown, as
// `---\n<yaml>\n---\n\n<body>\n`.
//
//   node resave.mjs CONFIG.yml SITE_DIR   (rewrites the files in place; prints their paths)
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const [configPath, site] = process.argv.slice(2);
const config = parse(readFileSync(configPath, 'utf8'));

const empty = (v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** `value` with its keys in `fields`' order, recursively (object and list fields). */
function ordered(value, fields) {
  const out = {};
  for (const f of fields) {
    if (!(f.name in value)) continue;
    let v = value[f.name];
    if (f.required === false && empty(v)) continue;
    if (f.widget === 'object' && f.fields && v && typeof v === 'object' && !Array.isArray(v)) {
      v = ordered(v, f.fields);
    } else if (f.widget === 'list' && f.fields && Array.isArray(v)) {
      v = v.map((item) => (item && typeof item === 'object' ? ordered(item, f.fields) : item));
    }
    out[f.name] = v;
  }
  // A key the configuration does not know is kept by the CMS, after the rest.
  for (const [k, v] of Object.entries(value)) if (!(k in out) && !fields.some((f) => f.name === k)) out[k] = v;
  return out;
}

const options = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  defaultKeyType: 'PLAIN',
  defaultStringType: 'PLAIN',
  singleQuote: true,
};
const yaml = (data) => stringify(data, null, options).trim();

const written = [];
for (const c of config.collections) {
  if (c.folder) {
    const fields = c.fields.filter((f) => f.name !== 'body');
    for (const name of readdirSync(join(site, c.folder)).filter((n) => n.endsWith('.md')).sort()) {
      const path = join(site, c.folder, name);
      const text = readFileSync(path, 'utf8');
      const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
      if (!m) throw new Error(`${path}: no front matter`);
      const data = ordered(parse(m[1]) ?? {}, fields);
      const body = m[2].replace(/^\n+/, '').replace(/\s+$/, '');
      writeFileSync(path, `---\n${yaml(data)}\n---\n${body ? `\n${body}\n` : ''}`);
      written.push(path);
    }
  } else {
    for (const f of c.files) {
      const path = join(site, f.file);
      const data = parse(readFileSync(path, 'utf8'));
      const root = f.fields.find((x) => x.root);
      const out = root ? data.map((item) => ordered(item, root.fields)) : ordered(data, f.fields);
      writeFileSync(path, `${yaml(out)}\n`);
      written.push(path);
    }
  }
}
console.log(written.join('\n'));
