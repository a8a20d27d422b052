// Lighthouse (npm `lighthouse` 12.2.3, mobile mode: its default emulated
// phone and throttling) on the example site as a visitor gets it: the home
// page, /programs/, a program page and /compare/ with three programs, served
// by the browser tests' static server (127.0.0.1, the CSP header) and loaded
// in Debian's Chromium. Writes the scores, the median of --runs runs, to the
// marked section of docs/performance.md with --write; prints them always.
//
//   (cd tests/bench/lighthouse && npm ci)
//   cargo build --release
//   node tests/bench/lighthouse/run.mjs [--runs 3] [--write]
//
// A benchmark, not a test: the scores depend on the machine's load.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { serve } from '../../browser/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../../browser/browser.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DATE = '2026-11-22';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const TARGETS = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || (args.includes('--runs') ? 1 : 3);
const write = args.includes('--write');

// The example site, built by the release binary into a temporary folder.
const out = mkdtempSync(join(tmpdir(), 'rotalog-lighthouse-'));
const binary = join(ROOT, 'target', 'release', 'rotalog');
execFileSync(binary, ['build', ROOT, '-o', join(out, 'site'), '--date', DATE], { stdio: 'inherit' });
const programs = readFileSync(join(out, 'site', 'sitemap.xml'), 'utf8')
  .match(/\/programs\/[a-z0-9-]+\//g)
  .filter((p) => !p.startsWith('/programs/page/'));
const slugs = [...new Set(programs.map((p) => p.split('/')[2]))];
const PAGES = [
  ['home', ''],
  ['/programs/', 'programs/'],
  ['a program page', `programs/${slugs[0]}/`],
  ['/compare/', `compare/?p=${slugs.slice(0, 3).join(',')}`],
];

const server = await serve(join(out, 'site'));
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: CHROMIUM_ARGS.filter((f) => f !== '--headless').concat(['--headless=new']),
});
const results = [];
try {
  for (const [name, path] of PAGES) {
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, []]));
    const cls = [];
    for (let i = 0; i < runs; i++) {
      const r = await lighthouse(server.url(path), {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: CATEGORIES,
      });
      for (const c of CATEGORIES) scores[c].push(Math.round(r.lhr.categories[c].score * 100));
      cls.push(r.lhr.audits['cumulative-layout-shift'].numericValue);
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    results.push({ name, path, scores: Object.fromEntries(CATEGORIES.map((c) => [c, median(scores[c])])), cls: median(cls) });
  }
} finally {
  await chrome.kill();
  await server.close();
  rmSync(out, { recursive: true, force: true });
}

const mark = (c, v) => (v >= TARGETS[c] ? `${v}` : `**${v}**`);
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)}, median of ${runs} run(s) per page, Lighthouse 12.2.3 mobile (emulated phone, simulated throttling), Debian Chromium, the example site built with \`--date ${DATE}\`; machine shared with other work. Bold: below the target (performance ≥ ${TARGETS.performance}, the rest 100).`,
  '',
  '| Page | Performance | Accessibility | Best practices | SEO | CLS |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.name} | ${CATEGORIES.map((c) => mark(c, r.scores[c])).join(' | ')} | ${r.cls.toFixed(3)} |`),
];
console.log(lines.join('\n'));

if (write) {
  const file = join(ROOT, 'docs', 'performance.md');
  const text = readFileSync(file, 'utf8');
  const begin = '<!-- lighthouse:begin -->';
  const end = '<!-- lighthouse:end -->';
  const section = `${begin}\n${lines.join('\n')}\n${end}`;
  const next = text.includes(begin)
    ? text.slice(0, text.indexOf(begin)) + section + text.slice(text.indexOf(end) + end.length)
    : `${text.trimEnd()}\n\n## Lighthouse (mobile)\n\nCommand: \`(cd tests/bench/lighthouse && npm ci) && cargo build --release && node tests/bench/lighthouse/run.mjs --runs 3 --write\`.\n\n${section}\n`;
  writeFileSync(file, next);
}
