// The test server itself: path handling, 404 page, content types, the CSP header.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, sitePolicy } from './server.mjs';
import { site } from './sites.mjs';

let server;
let CSP;
before(async () => {
  CSP = sitePolicy(site());
  server = await serve(site());
});
after(() => server.close());

const get = (p) => fetch(server.origin + p, { redirect: 'manual' });

test('serves index.html for directories, with the right type and the CSP header', async () => {
  for (const p of ['/', '/programs/', '/faq/']) {
    const res = await get(p);
    assert.equal(res.status, 200, p);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8', p);
    assert.equal(res.headers.get('content-security-policy'), CSP, p);
    assert.match(await res.text(), /^<!doctype html>/i, p);
  }
  // The stylesheet by the fingerprinted name the page gives it.
  const home = await (await get('/')).text();
  const href = /<link rel="stylesheet" href="([^"]+)"/.exec(home)[1];
  assert.match(href, /^\/assets\/style\.[0-9a-f]{10}\.css$/);
  const css = await get(href);
  assert.equal(css.status, 200);
  assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
  assert.equal((await get('/sitemap.xml')).headers.get('content-type'), 'application/xml; charset=utf-8');
});

test('redirects a directory without its slash, keeping the query', async () => {
  const res = await get('/programs?q=x');
  assert.equal(res.status, 301);
  assert.equal(res.headers.get('location'), '/programs/?q=x');
});

test('serves 404.html with status 404 and the CSP header', async () => {
  const res = await get('/no/such/page/');
  assert.equal(res.status, 404);
  assert.equal(res.headers.get('content-security-policy'), CSP);
  assert.match(await res.text(), /<html/i);
});

test('refuses .. in a path, encoded or not', async () => {
  for (const p of ['/%2e%2e/%2e%2e/etc/passwd', '/assets/%2E%2E%2F..%2Fetc%2Fpasswd', '/..%2f..%2fetc/passwd']) {
    const res = await get(p);
    assert.ok([403, 404].includes(res.status), `${p}: ${res.status}`);
    assert.doesNotMatch(await res.text(), /root:/);
  }
});

test('decodes percent-encoded paths', async () => {
  assert.equal((await get('/%70rograms/')).status, 200);
});

test('serves a site under a mount path', async () => {
  const mounted = await serve(site(), { mount: '/catalog/' });
  try {
    assert.equal((await fetch(mounted.url('programs/'))).status, 200);
    assert.equal((await fetch(mounted.origin + '/programs/')).status, 404);
  } finally {
    await mounted.close();
  }
});
