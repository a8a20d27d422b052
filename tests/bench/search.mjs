// The search benchmark (issue 3, docs/performance.md): for generated catalogs
// of each size, the bytes fetched before the first filtered result and
// before the first full-text result, and the median query latency in
// headless Chromium over a fixed set of queries.
//
//   node tests/bench/search.mjs [--sizes 1000,10000,50000] [--runs 5] [--write]
//
// Needs Debian's chromium and playwright-core (tests/run installs both).
// Catalogs come from ../shared/bench/gen_catalog.py and are cached under
// $TMPDIR/rotalog-bench. --write replaces the search section of
// docs/performance.md.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync, mkdirSync, statSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve, extname } from 'node:path';
import { tmpdir, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const sizes = opt('--sizes', '1000,10000,50000').split(',').map(Number);
const runs = Number(opt('--runs', '5'));
const write = args.includes('--write');
const gen = opt('--gen', resolve(repo, '../shared/bench/gen_catalog.py'));
const work = join(tmpdir(), 'rotalog-bench');
const DATE = '2026-11-22';

let chromium;
try {
  ({ chromium } = createRequire(join(repo, 'tests/browser/package.json'))('playwright-core'));
} catch {
  console.error('playwright-core is missing: run tests/run once, or npm ci --prefix tests/browser');
  process.exit(2);
}

function sh(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed`);
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain' };
// A static server that gzips like a typical CDN (level 6), so Resource
// Timing reports transfer (gzip) and decoded (raw) sizes.
function serve(root) {
  const cache = new Map();
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.includes('..')) { res.writeHead(400).end(); return; }
    if (path.endsWith('/')) path += 'index.html';
    const file = join(root, path);
    if (!existsSync(file) || !statSync(file).isFile()) { res.writeHead(404).end(); return; }
    let body = cache.get(file);
    if (!body) { const raw = readFileSync(file); body = { raw, gz: gzipSync(raw, { level: 6 }) }; cache.set(file, body); }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
      'Content-Encoding': 'gzip',
      'Timing-Allow-Origin': '*',
      'Cache-Control': 'no-store',
    });
    res.end(body.gz);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN; };
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// Bytes of every resource that finished before the first results rendered.
async function bytesToFirstResults(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('rotalog:results').length > 0, null, { timeout: 60000 });
  return page.evaluate(() => {
    const mark = performance.getEntriesByName('rotalog:results')[0].startTime;
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').filter((r) => r.responseEnd <= mark);
    const all = [nav, ...res];
    return {
      gzip: all.reduce((s, r) => s + r.encodedBodySize, 0),
      raw: all.reduce((s, r) => s + r.decodedBodySize, 0),
      requests: all.length,
      ms: mark,
    };
  });
}

async function queryLatency(page, origin, queries) {
  const perQuery = [];
  const endToEnd = [];
  for (const q of queries) {
    await page.goto(`${origin}/programs/${q}`);
    await page.waitForFunction(() => document.querySelector('#results')?.getAttribute('aria-busy') === 'false', null, { timeout: 60000 });
    for (let r = 0; r < runs + 1; r++) {
      const t = await page.evaluate(() => new Promise((done) => {
        const results = document.querySelector('#results');
        const before = performance.getEntriesByName('rotalog:query').length;
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          if (results.getAttribute('aria-busy') === 'false') {
            obs.disconnect();
            const m = performance.getEntriesByName('rotalog:query');
            done({ query: m.length > before ? m[m.length - 1].duration : NaN, total: performance.now() - t0 });
          }
        });
        obs.observe(results, { attributes: true, attributeFilter: ['aria-busy'] });
        // A new (ignored) parameter, so the script sees a new query and re-runs it.
        const u = new URL(location.href);
        u.searchParams.set('bench', String(performance.now()));
        history.replaceState(null, '', u);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }));
      if (r > 0) { perQuery.push(t.query); endToEnd.push(t.total); } // r = 0 warms up
    }
  }
  return { query: median(perQuery), endToEnd: median(endToEnd), max: Math.max(...perQuery) };
}

async function main() {
  mkdirSync(work, { recursive: true });
  sh('cargo', ['build', '--release', '--locked', '--quiet'], { cwd: repo });
  const rotalog = join(repo, 'target/release/rotalog');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const rows = [];
  for (const n of sizes) {
    const site = join(work, `native-${n}`);
    if (!existsSync(join(site, 'site.yaml'))) sh('python3', [gen, String(n), site, '--format', 'native']);
    const out = join(work, `out-${n}`);
    rmSync(out, { recursive: true, force: true });
    sh(rotalog, ['build', site, '-o', out, '--date', DATE, '--base-url', 'http://127.0.0.1/']);
    const index = JSON.parse(readFileSync(join(out, 'search/index.json'), 'utf8'));
    const facet = (k) => index.facets.find((f) => f.key === k);
    const specialty = facet('specialty').values[0];
    const state = facet('state').values[0];
    const word = facet('specialty').labels[0].split(/\s+/)[0].toLowerCase();
    const month = facet('start').values.find((v) => v !== 'rolling') || 'rolling';
    const queries = [
      `?specialty=${specialty}`,
      `?state=${state}&kind=hands-on`,
      `?q=${word}`,
      `?q=${word.slice(0, 4)}&sort=total`,
      '?q=patient+rounds',
      `?total_max=${Math.round(index.total.values[index.total.values.length >> 1] / 100)}`,
      '?weeks_min=4&weeks_max=8&sort=shortest',
      `?start=${month}&status=open`,
      '?letter_of_recommendation=yes&graduates=true&usmle_step1=not-required',
      '?sort=title',
    ];
    const server = await serve(out);
    const origin = `http://127.0.0.1:${server.address().port}`;
    const page = await (await browser.newContext()).newPage();
    const filtered = [];
    const text = [];
    for (let r = 0; r < 3; r++) {
      filtered.push(await bytesToFirstResults(page, `${origin}/programs/?specialty=${specialty}`));
      text.push(await bytesToFirstResults(page, `${origin}/programs/?q=${word}`));
    }
    const latency = await queryLatency(page, origin, queries);
    await page.context().close();
    server.close();
    const row = { n, filtered: filtered[0], text: text[0], firstMs: median(filtered.map((f) => f.ms)), textMs: median(text.map((f) => f.ms)), latency, queries: queries.length };
    rows.push(row);
    console.log(`${n} programs: first filtered result ${kb(row.filtered.gzip)} gzip (${kb(row.filtered.raw)} raw, ${row.filtered.requests} requests); first full-text result ${kb(row.text.gzip)} gzip (${kb(row.text.raw)} raw); median query ${row.latency.query.toFixed(2)} ms (max ${row.latency.max.toFixed(2)} ms), to the updated page ${row.latency.endToEnd.toFixed(1)} ms`);
  }
  await browser.close();
  if (write) writeDoc(rows);
}

function writeDoc(rows) {
  const file = join(repo, 'docs/performance.md');
  const chromiumVersion = spawnSync('/usr/bin/chromium', ['--version']).stdout?.toString().trim();
  const lines = [
    '<!-- search-bench:start (written by node tests/bench/search.mjs --write) -->',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0].model.trim()}, ${chromiumVersion}, headless, loopback, gzip level 6, no cache.`,
    '',
    '| Programs | To first filtered result (gzip / raw) | To first full-text result (gzip / raw) | Median query | Slowest query | Query + page update (median) |',
    '|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.n.toLocaleString('en-US')} | ${kb(r.filtered.gzip)} / ${kb(r.filtered.raw)} (${r.filtered.requests} requests) | ${kb(r.text.gzip)} / ${kb(r.text.raw)} (${r.text.requests} requests) | ${r.latency.query.toFixed(2)} ms | ${r.latency.max.toFixed(2)} ms | ${r.latency.endToEnd.toFixed(1)} ms |`),
    '',
    'Targets: ≤ 80 KB gzip to the first filtered result at 10,000 programs; ≤ 10 ms per query at 50,000.',
    '<!-- search-bench:end -->',
  ].join('\n');
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Performance\n';
  const re = /<!-- search-bench:start[\s\S]*?<!-- search-bench:end -->/;
  doc = re.test(doc) ? doc.replace(re, lines) : `${doc.trimEnd()}\n\n## Search\n\n${lines}\n`;
  writeFileSync(file, doc);
  console.log(`wrote ${file}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
