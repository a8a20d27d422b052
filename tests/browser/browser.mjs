// Launching Debian's Chromium through playwright-core, and opening pages that
// watch for what must never happen: a request to another origin, a console error,
// an uncaught exception, a Content-Security-Policy violation, a missing file.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { DATE as BUILD_DATE } from './sites.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run tests/run (it installs Debian's chromium) or apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
}

// Runs in every document before the page's own scripts: records CSP violations.
function recordCspViolations() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
  });
}

/**
 * A new browser context (fresh storage) and page on `server`.
 * Returns `{ context, page, problems, assertClean() }`; `problems` collects every
 * request to another origin, console error, page error and failed request.
 */
export async function open(browser, server, { javaScriptEnabled = true, viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ javaScriptEnabled, viewport, reducedMotion: 'reduce' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  if (javaScriptEnabled) await page.addInitScript(recordCspViolations);
  // The page's script follows the visitor's clock (dates.js): pages are seen on
  // the build date, noon, unless a test moves the clock (dates.test.mjs).
  if (javaScriptEnabled) await page.clock.setFixedTime(new Date(`${BUILD_DATE}T12:00:00`));
  const problems = [];
  const expected404 = new Set();
  EXPECTED_404.set(page, expected404);
  const origin = new URL(server.origin).origin;
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return;
    if (new URL(url).origin !== origin) problems.push(`request to another origin: ${url}`);
  });
  page.on('requestfailed', (req) => {
    // A navigation that a later navigation interrupts is not a problem of the site.
    const failure = req.failure()?.errorText ?? '';
    if (failure.includes('ERR_ABORTED')) return;
    problems.push(`request failed: ${req.url()} ${failure}`);
  });
  page.on('response', (res) => {
    if (expected404.has(res.url()) && res.status() === 404) return;
    if (res.status() >= 400 && !res.request().isNavigationRequest()) {
      problems.push(`HTTP ${res.status()} for ${res.url()}`);
    }
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Chromium asks for /favicon.ico by itself when a page names no icon; that is
    // the browser's request, not the site's.
    if (new URL(msg.location().url || 'about:blank', server.origin).pathname === '/favicon.ico') return;
    // A page the test itself opened expecting a 404 (see go()).
    if (expected404.has(msg.location().url)) return;
    problems.push(`console error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));

  const assertClean = async () => {
    if (javaScriptEnabled && !page.isClosed()) {
      const csp = await page.evaluate(() => window.__cspViolations ?? []).catch(() => []);
      for (const v of csp) problems.push(`CSP violation: ${v}`);
    }
    assert.deepEqual(problems, [], 'the page must make no cross-origin request, log no error and break no CSP rule');
  };
  return { context, page, problems, assertClean };
}

const EXPECTED_404 = new WeakMap();

/** The page will fetch `url` and is expected to get a 404 for it (say, /compare/
 * asking for a program that does not exist): not a problem of the site. */
export function expect404(page, url) {
  EXPECTED_404.get(page)?.add(url);
}

/** Navigate and require a 200 response (or the `status` given). */
export async function go(page, url, { status = 200 } = {}) {
  if (status === 404) EXPECTED_404.get(page)?.add(url);
  const res = await page.goto(url, { waitUntil: 'load' });
  assert.ok(res, `no response for ${url}`);
  assert.equal(res.status(), status, `HTTP status of ${url}`);
  return res;
}
