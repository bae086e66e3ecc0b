// node --test scripts/serve-static.test.mjs: serve-static.mjs answers bad
// paths with 400/403/404 (never a crash), serves nothing outside its root,
// and serves precompressed brotli only to requests that accept it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { request } from 'node:http';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve-static.mjs');
const SECRET = 'secret outside the root';
const FILES = {
  'page.html': Buffer.from('<!doctype html><p>brotli page</p>'.repeat(20)),
  'code-0123456789abcdef.js': Buffer.from('console.log("brotli");\n'.repeat(50)),
  'style.css': Buffer.from('body { color: red }\n'.repeat(50)),
  'mod_bg.wasm': Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(4000, 7)]),
};
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

let dir, child, port;

before(async () => {
  // dir/secret.txt, dir/dist-evil/file.txt: outside; dir/dist: the root.
  dir = mkdtempSync(path.join(tmpdir(), 'tt-serve-static-'));
  const root = path.join(dir, 'dist');
  mkdirSync(path.join(root, 'sub'), { recursive: true });
  mkdirSync(path.join(dir, 'dist-evil'));
  writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  writeFileSync(path.join(dir, 'dist-evil', 'file.txt'), SECRET);
  writeFileSync(path.join(root, 'index.html'), '<p>index</p>');
  writeFileSync(path.join(root, 'sub', 'index.html'), '<p>sub</p>');
  writeFileSync(path.join(root, 'app.js'), 'ok()');
  symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'out.txt'));
  symlinkSync(dir, path.join(root, 'outdir'));
  symlinkSync(path.join(root, 'app.js'), path.join(root, 'in.js'));
  // Precompressed siblings, as make bench writes them.
  for (const [name, body] of Object.entries(FILES)) {
    writeFileSync(path.join(root, name), body);
    writeFileSync(path.join(root, `${name}.br`), brotliCompressSync(body));
  }
  writeFileSync(path.join(root, 'sub', 'index.html.br'), brotliCompressSync('<p>sub</p>'));
  // A .br that leads out of the root, and one beside a type that is not compressed.
  writeFileSync(path.join(root, 'leak.js'), 'leak()');
  writeFileSync(path.join(dir, 'leak.js.br'), brotliCompressSync(SECRET));
  symlinkSync(path.join(dir, 'leak.js.br'), path.join(root, 'leak.js.br'));
  writeFileSync(path.join(root, 'pic.png'), 'png');
  writeFileSync(path.join(root, 'pic.png.br'), brotliCompressSync('png'));
  child = spawn(process.execPath, [SCRIPT, root, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  port = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve-static exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (l) => {
      const m = /^serving http:\/\/127\.0\.0\.1:(\d+)\//.exec(l);
      if (m) resolve(Number(m[1]));
    });
  });
});

after(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends the target as written (no client normalisation); resolves with status and body. */
const get = (target) =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
    );
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('end', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: rest.join('\r\n\r\n') });
    });
    socket.on('error', reject);
  });

test('serves the root, its directories and symlinks that stay inside', async () => {
  assert.equal((await get('/')).status, 200);
  assert.match((await get('/')).body, /index/);
  assert.match((await get('/sub/')).body, /sub/);
  assert.equal((await get('/app.js')).status, 200);
  assert.equal((await get('/in.js')).body.includes('ok()'), true);
  assert.equal((await get('/nothing')).status, 404);
});

test('a malformed percent-encoding is a 400, and the server goes on', async () => {
  for (const target of ['/%', '/%zz', '/%E0%A4%A', '/a%', '/%C0%AF']) {
    assert.equal((await get(target)).status, 400, target);
  }
  assert.equal((await get('/')).status, 200);
});

test('nothing outside the root, however the path is written', async () => {
  for (const target of [
    '/../secret.txt',
    '/sub/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/sub%2f..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%5c..%5csecret.txt',
    '/..\\secret.txt',
    '/..%2fdist-evil/file.txt',
    '/%2e%2e%2fdist-evil%2ffile.txt',
    '/out.txt',
    '/outdir/secret.txt',
    '/outdir/',
    '/secret.txt%00.html',
    `/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f${encodeURIComponent(path.join(dir, 'secret.txt').slice(1))}`,
    `${path.join(dir, 'secret.txt')}`,
    '//127.0.0.1/../secret.txt',
  ]) {
    const r = await get(target);
    assert.notEqual(r.status, 200, target);
    assert.equal(r.body.includes(SECRET), false, target);
    assert.ok([400, 403, 404].includes(r.status), `${target}: ${r.status}`);
  }
  assert.equal((await get('/')).status, 200);
});

/** GET `target` with `headers` (no decompression); status, headers and the raw body. */
const fetchRaw = (target, headers = {}) =>
  new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });

test('html, js, css and wasm are sent as brotli to a browser that accepts it', async () => {
  for (const [name, body] of Object.entries(FILES)) {
    const r = await fetchRaw(`/${name}`, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    assert.equal(r.status, 200, name);
    assert.equal(r.headers['content-encoding'], 'br', name);
    assert.equal(r.headers['content-type'], TYPES[path.extname(name)], name);
    assert.equal(r.headers.vary, 'Accept-Encoding', name);
    assert.equal(Number(r.headers['content-length']), r.body.length, name);
    assert.ok(r.body.length < body.length, `${name} is smaller compressed`);
    assert.deepEqual(brotliDecompressSync(r.body), body, name);
  }
  // A directory's index.html has its .br too; caching headers stay.
  const sub = await fetchRaw('/sub/', { 'Accept-Encoding': 'br' });
  assert.equal(sub.headers['content-encoding'], 'br');
  assert.equal(brotliDecompressSync(sub.body).toString(), '<p>sub</p>');
  const hashed = await fetchRaw('/code-0123456789abcdef.js', { 'Accept-Encoding': 'br' });
  assert.match(hashed.headers['cache-control'], /immutable/);
});

test('the plain file to a request that does not take br', async () => {
  for (const accept of [undefined, '', 'gzip, deflate', 'br;q=0', 'gzip, br;q=0.0', 'identity', '*;q=0']) {
    for (const [name, body] of Object.entries(FILES)) {
      const r = await fetchRaw(`/${name}`, accept === undefined ? {} : { 'Accept-Encoding': accept });
      assert.equal(r.status, 200, `${name} ${accept}`);
      assert.equal(r.headers['content-encoding'], undefined, `${name} ${accept}`);
      assert.equal(r.headers['content-type'], TYPES[path.extname(name)], name);
      assert.equal(r.headers.vary, 'Accept-Encoding', name);
      assert.deepEqual(r.body, body, `${name} ${accept}`);
    }
  }
  // `*` and q values above 0 do take it.
  for (const accept of ['*', 'BR', 'gzip;q=1, br;q=0.5']) {
    assert.equal((await fetchRaw('/style.css', { 'Accept-Encoding': accept })).headers['content-encoding'], 'br', accept);
  }
});

test('no brotli without its own .br, beside other types, or from a .br that leads out', async () => {
  const app = await fetchRaw('/app.js', { 'Accept-Encoding': 'br' });
  assert.equal(app.headers['content-encoding'], undefined);
  assert.equal(app.body.toString(), 'ok()');
  const png = await fetchRaw('/pic.png', { 'Accept-Encoding': 'br' });
  assert.equal(png.headers['content-encoding'], undefined);
  assert.equal(png.body.toString(), 'png');
  const leak = await fetchRaw('/leak.js', { 'Accept-Encoding': 'br' });
  assert.equal(leak.headers['content-encoding'], undefined);
  assert.equal(leak.body.toString(), 'leak()');
});
