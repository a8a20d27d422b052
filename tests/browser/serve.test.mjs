// `rotalog serve` in a real browser (issue 4): an open page reloads after a
// save, shows the error overlay after a broken edit (as text, never markup),
// and clears it when the file is fixed, all under a strict
// Content-Security-Policy, since the reload script is an external file; a
// page whose event stream is refused with 503 tries again (issue 9).
//
//   cargo build --release && node --test tests/browser/serve.test.mjs
//   (or, with the browser test runner: tests/run --browser-only tests/browser/serve.test.mjs)
//
// Self-contained: needs only playwright-core (tests/browser/node_modules) and
// Debian's /usr/bin/chromium (never downloads a browser). The binary is
// $ROTALOG_BIN, else target/release/rotalog, else target/debug/rotalog.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const binary = process.env.ROTALOG_BIN
  || [path.join(repo, 'target/release/rotalog'), path.join(repo, 'target/debug/rotalog')]
    .find((p) => fs.existsSync(p));
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const PROGRAM = 'content/programs/cardio-observership.md';
const CSP = "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'";

let work, site, server, base, browser, log = '';

before(async () => {
  assert.ok(binary, 'no rotalog binary: run `cargo build --release` first');
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium)`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rotalog-serve-'));
  site = path.join(work, 'site');
  fs.cpSync(path.join(repo, 'tests/fixtures/valid'), site, { recursive: true });
  server = spawn(binary, ['serve', site, '--port', '0', '--date', '2026-11-22'], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${log}`)), 30_000);
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => {
      log += chunk;
      const m = log.match(/serving .* at (http:\/\/127\.0\.0\.1:\d+\/\S*)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${log}`)));
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function edit(from, to) {
  const file = path.join(site, PROGRAM);
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `${PROGRAM} lacks ${from}`);
  fs.writeFileSync(file, text.replace(from, to));
}

/** A page on the program, served with a strict CSP, that records violations and errors. */
async function open() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('request', (r) => { if (!r.url().startsWith(new URL(base).origin)) problems.push(`foreign request: ${r.url()}`); });
  await page.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
  });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(new URL('programs/cardio-observership/', base).href);
  await live(page);
  return { context, page, problems };
}

/** Waits until the page's reload script is connected. */
async function live(page) {
  await page.waitForFunction(() => window.__rotalogLive === true, null, { timeout: 10_000 });
}

test('an open page reloads after a save and shows the new text', async () => {
  const { context, page, problems } = await open();
  assert.equal(await page.locator('h1').textContent(), 'Cardiology Observership');
  await page.evaluate(() => { window.__beforeReload = true; });
  edit('title: Cardiology Observership', 'title: Heart Observership');
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Heart Observership',
    null, { timeout: 10_000 });
  assert.equal(await page.evaluate(() => window.__beforeReload), undefined, 'the page was reloaded');
  await live(page);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(problems, []);
  edit('title: Heart Observership', 'title: Cardiology Observership');
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Cardiology Observership',
    null, { timeout: 10_000 });
  await context.close();
});

test('a broken edit shows the overlay as text, and fixing it clears it', async () => {
  const { context, page, problems } = await open();
  edit('kind: observership', 'kind: "<img src=x onerror=window.__xss=1>"');
  const overlay = page.locator('#rotalog-overlay');
  await overlay.waitFor({ state: 'visible', timeout: 10_000 });
  const text = await overlay.textContent();
  assert.match(text, /content\/programs\/cardio-observership\.md:5:7: error: `kind` cannot be `<img src=x onerror=window\.__xss=1>`/);
  assert.match(text, /5 \| kind: "<img src=x onerror=window\.__xss=1>"/, 'the source snippet is shown');
  assert.equal(await overlay.locator('img').count(), 0, 'no markup is made from the message');
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await overlay.getAttribute('role'), 'alertdialog');
  // The last good page stays underneath.
  assert.equal(await page.locator('h1').textContent(), 'Cardiology Observership');

  // A page opened while the site is broken shows the overlay at once.
  const late = await open();
  await late.page.locator('#rotalog-overlay').waitFor({ state: 'visible', timeout: 10_000 });
  await late.context.close();

  edit('kind: "<img src=x onerror=window.__xss=1>"', 'kind: observership');
  await overlay.waitFor({ state: 'detached', timeout: 10_000 });
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('many tabs all load and reload; one stream serves them, and another takes over', async () => {
  // Browsers allow six connections to a server: a stream per tab would
  // leave the seventh unable to load.
  const context = await browser.newContext();
  const pages = [];
  for (let i = 0; i < 8; i++) {
    const page = await context.newPage();
    await page.goto(new URL('programs/cardio-observership/', base).href, { timeout: 10_000 });
    await live(page);
    pages.push(page);
  }
  const title = (page, text) => page.waitForFunction(
    (t) => document.querySelector('h1')?.textContent === t, text, { timeout: 10_000 });
  edit('title: Cardiology Observership', 'title: Tabbed Observership');
  for (const page of pages) await title(page, 'Tabbed Observership');
  // The tab holding the stream goes away: another one takes over.
  await pages[0].close();
  for (const page of pages.slice(1)) await live(page);
  edit('title: Tabbed Observership', 'title: Cardiology Observership');
  for (const page of pages.slice(1)) await title(page, 'Cardiology Observership');
  await context.close();
});

test('the overlay can be dismissed', async () => {
  const { context, page } = await open();
  edit('kind: observership', 'kind: observer');
  const overlay = page.locator('#rotalog-overlay');
  await overlay.waitFor({ state: 'visible', timeout: 10_000 });
  await page.getByRole('button', { name: 'Hide' }).click();
  await overlay.waitFor({ state: 'detached', timeout: 5_000 });
  edit('kind: observer', 'kind: observership');
  await context.close();
});

test('a page whose event stream is refused with 503 tries again and goes live', async () => {
  // Over its connection limit the preview answers 503 with Retry-After; a
  // browser does not retry a refused EventSource by itself (issue 9).
  const context = await browser.newContext();
  const page = await context.newPage();
  let refused = 0;
  await page.route('**/__rotalog/events', (route) => {
    refused += 1;
    return route.fulfill({
      status: 503,
      headers: { 'Retry-After': '2' },
      contentType: 'text/plain; charset=utf-8',
      body: '503 Service Unavailable: the preview has too many open connections\n',
    });
  }, { times: 1 });
  const url = new URL('programs/cardio-observership/', base).href;
  await page.goto(url).catch(async (e) => {
    // Say what the preview did: its log, and whether it answers at all.
    const plain = await fetch(url, { signal: AbortSignal.timeout(5_000) })
      .then((r) => `HTTP ${r.status}`, (err) => `no answer: ${err.message}`);
    throw new Error(`${e.message}\na plain request for it: ${plain}\nserve said:\n${log}`);
  });
  await live(page);
  assert.equal(refused, 1, 'the first stream was refused');
  edit('title: Cardiology Observership', 'title: Retried Observership');
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Retried Observership',
    null, { timeout: 10_000 });
  edit('title: Retried Observership', 'title: Cardiology Observership');
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Cardiology Observership',
    null, { timeout: 10_000 });
  await context.close();
});
