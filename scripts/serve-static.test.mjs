// node --test scripts/serve-static.test.mjs: serve-static.mjs answers bad
// paths with 400/403/404 (never a crash) and serves nothing outside its root.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve-static.mjs');
const SECRET = 'secret outside the root';

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
