// The static file server for dist/ on 127.0.0.1 (no dependencies), the one
// every script and test uses: `make demo`, the e2e suite's pages, bench and
// screenshots import serveStatic; from a shell:
//   node scripts/serve-static.mjs DIR [PORT]   (PORT 0 or busy picks a free one)
// prints "serving http://127.0.0.1:PORT/" once listening.
// Never serves outside DIR: `..` (plain or encoded), encoded slashes and
// backslashes, NUL, and symlinks that lead out are refused; a malformed
// percent-encoding (`/%`) is a 400. Serves FILE.br (html, js, css, wasm),
// made beforehand as a CDN would, with `Content-Encoding: br` when the request
// takes brotli (make bench). Test: node --test scripts/serve-static.test.mjs
import { createServer } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml' };

const compressible = new Set(['.html', '.js', '.css', '.wasm']);

/** Whether an Accept-Encoding header takes brotli (`br`, or `*`, with q > 0). */
function acceptsBrotli(header = '') {
  let star = false;
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...params] = part.split(';').map((x) => x.trim());
    const q = params.map((p) => /^q=([0-9.]+)$/.exec(p)).find(Boolean);
    const ok = !q || Number(q[1]) > 0;
    if (coding === 'br') return ok;
    if (coding === '*') star = ok;
  }
  return star;
}

/**
 * Serves `dir` on 127.0.0.1:`port` (0: a free one), with the caching a host
 * should use (hashed files forever, the rest `no-cache`) and `headers` added
 * to every file (they win: a test passes its CSP, or `Cache-Control: no-store`).
 * Resolves with `{ url, server }`, `url` without a trailing slash.
 */
export async function serveStatic(dir, { port = 0, headers = {} } = {}) {
  const root = await realpath(path.resolve(dir));
  const inside = (file) => file === root || file.startsWith(root + path.sep);
  const plain = (res, status, text) => res.writeHead(status, { 'Content-Type': 'text/plain' }).end(text);

  // The file under root that a request names, its real path (symlinks
  // resolved) checked to be under root too; null when there is none.
  async function resolve(pathname) {
    let file = path.join(root, pathname);
    if (!inside(file)) return null;
    file = await realpath(file);
    if (!inside(file)) return null;
    if ((await stat(file)).isDirectory()) {
      file = await realpath(path.join(file, 'index.html'));
      if (!inside(file)) return null;
    }
    return file;
  }

  /** `file` when it is a regular file under root (symlinks resolved), else null. */
  async function sibling(file) {
    try {
      const real = await realpath(file);
      return inside(real) && (await stat(real)).isFile() ? real : null;
    } catch {
      return null;
    }
  }

  const server = createServer(async (req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return plain(res, 400, 'bad request');
    }
    // After decoding: a backslash or NUL is never part of a file under dist/.
    if (/[\\\0]/.test(pathname)) return plain(res, 400, 'bad request');
    try {
      const file = await resolve(pathname);
      if (!file) return plain(res, 403, 'forbidden');
      const ext = path.extname(file);
      const brotli = compressible.has(ext) && acceptsBrotli(req.headers['accept-encoding']) ? await sibling(`${file}.br`) : null;
      const body = await readFile(brotli ?? file);
      const hashed = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(file);
      res.writeHead(200, {
        'Content-Type': types[ext] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...(compressible.has(ext) && { Vary: 'Accept-Encoding' }),
        ...(brotli && { 'Content-Encoding': 'br' }),
        ...headers,
      });
      res.end(body);
    } catch {
      plain(res, 404, 'not found');
    }
  });
  server.on('clientError', (_e, socket) => socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'));
  await new Promise((resolveListen, reject) => {
    server.once('error', (e) => {
      if (e.code === 'EADDRINUSE' && port !== 0) server.listen(0, '127.0.0.1');
      else reject(e);
    });
    server.once('listening', resolveListen);
    server.listen(port, '127.0.0.1');
  });
  return { url: `http://127.0.0.1:${server.address().port}`, server };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  serveStatic(process.argv[2] ?? 'dist', { port: Number(process.argv[3] ?? 8080) }).then(
    ({ url }) => console.log(`serving ${url}/`),
    (e) => {
      console.error(`serve-static: ${e.message}`);
      process.exit(1);
    },
  );
}
