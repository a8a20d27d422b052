// A tiny static server for built sites, on 127.0.0.1 with an ephemeral port.
//
// - `mount` is the URL path the site lives under ("/" or "/catalog/").
// - Paths are percent-decoded; any `..` segment (or NUL, or backslash) is refused.
// - A directory serves its index.html (a directory URL without its trailing slash
//   is redirected to it, as static hosts do); a missing file serves the site's
//   404.html with status 404.
// - Every response carries the site's own Content-Security-Policy, read from
//   the `_headers` file the build wrote (`script-src 'self'` where there is
//   none), so the tests prove the site works under the policy hosts are told
//   to send: no inline scripts or handlers, no unhashed inline style.
// - Every request is recorded (`requests`, `notFound`) so tests can assert that
//   no asset is missing.

import http from 'node:http';
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The policy of a root without `_headers`. */
export const FALLBACK_CSP = "script-src 'self'";

/** The Content-Security-Policy `_headers` in `root` gives pages (one for them all). */
export function sitePolicy(root) {
  let text;
  try {
    text = readFileSync(path.join(root, '_headers'), 'utf8');
  } catch {
    return FALLBACK_CSP;
  }
  const policies = new Set([...text.matchAll(/^\s+Content-Security-Policy: (.+)$/gm)].map((m) => m[1]));
  if (policies.size !== 1) throw new Error(`${root}/_headers gives ${policies.size} policies, not one`);
  return [...policies][0];
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

async function stat(file) {
  try {
    return await fs.stat(file);
  } catch {
    return null;
  }
}

/**
 * Serve `root` under `mount`. Resolves to
 * `{ origin, url(p), requests, notFound, close() }` where `url("programs/")` is the
 * absolute URL of a path relative to the mount.
 */
export async function serve(root, { mount = '/' } = {}) {
  if (!mount.startsWith('/') || !mount.endsWith('/')) throw new Error(`mount must start and end with "/": ${mount}`);
  root = path.resolve(root);
  const CSP = sitePolicy(root);
  const requests = [];
  const notFound = [];

  const server = http.createServer(async (req, res) => {
    const send = (status, headers, body) => {
      res.writeHead(status, { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    requests.push(req.url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'method not allowed\n');
    }
    const notFoundPage = async () => {
      notFound.push(req.url);
      const body = await fs.readFile(path.join(root, '404.html')).catch(() => Buffer.from('not found\n'));
      send(404, { 'Content-Type': 'text/html; charset=utf-8' }, body);
    };

    const pathname = new URL(req.url, 'http://127.0.0.1').pathname;
    if (!pathname.startsWith(mount) && pathname + '/' !== mount) return notFoundPage();
    let rel;
    try {
      rel = decodeURIComponent(pathname.slice(mount.length - 1));
    } catch {
      return send(400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'bad request\n');
    }
    const segments = rel.split('/');
    if (segments.includes('..') || rel.includes('\0') || rel.includes('\\')) {
      return send(403, { 'Content-Type': 'text/plain; charset=utf-8' }, 'forbidden\n');
    }
    let file = path.join(root, ...segments);
    if (file !== root && !file.startsWith(root + path.sep)) {
      return send(403, { 'Content-Type': 'text/plain; charset=utf-8' }, 'forbidden\n');
    }
    let st = await stat(file);
    if (st?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        const u = new URL(req.url, 'http://127.0.0.1');
        return send(301, { Location: pathname + '/' + u.search }, '');
      }
      file = path.join(file, 'index.html');
      st = await stat(file);
    }
    if (!st?.isFile()) return notFoundPage();
    const body = await fs.readFile(file);
    send(200, { 'Content-Type': contentType(file), 'Content-Length': body.length, 'Cache-Control': 'no-store' }, body);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    root,
    mount,
    base: origin + mount,
    url: (p = '') => origin + mount + p.replace(/^\//, ''),
    requests,
    notFound,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
