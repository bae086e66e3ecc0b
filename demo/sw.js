// The static demo's service worker (issue 16). It answers every request
// under its scope's `demo-api/` with the local Talkover API compiled to wasm
// (demo-sw/: local-api's own Router, no second implementation), and serves
// the demo's files from a cache filled at install, so that the demo works
// offline once loaded. A classic worker (importScripts, wasm-bindgen's
// `--target no-modules`): module service workers are not in every browser.
//
// The data lives in this worker's memory and, after every change, in Cache
// Storage (`talkover-demo-state`), so that a reload, or the browser stopping
// an idle worker, keeps it; `POST demo-api/__demo/reset` brings the seed back.
/* global wasm_bindgen, DEMO_FILES, DEMO_VERSION */
importScripts('./sw-files.js', './sw-api.js');

const scope = new URL(self.registration.scope);
const API = new URL('demo-api/', scope).href;
const FILES = `talkover-demo-files-${DEMO_VERSION}`;
const STATE = 'talkover-demo-state';
const STATE_KEY = new URL('demo-api/__demo/state', scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(FILES)
      .then((cache) => cache.addAll(DEMO_FILES.map((f) => new URL(f, scope).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('talkover-demo-files-') && k !== FILES).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.url.startsWith(API)) {
    event.respondWith(answer(request, '/' + request.url.slice(API.length)));
  } else if (request.method === 'GET' && request.url.startsWith(scope.href)) {
    event.respondWith(
      caches
        .open(FILES)
        .then((cache) => cache.match(request, { ignoreSearch: true, ignoreVary: true }))
        .then((hit) => hit ?? fetch(request)),
    );
  }
});

// The wasm server, started once per worker (again after the browser stopped
// it), with the data kept in Cache Storage.
let server;
function start() {
  server ??= (async () => {
    const wasm = new URL('sw-api_bg.wasm', scope).href;
    const cached = await caches.open(FILES).then((c) => c.match(wasm, { ignoreVary: true }));
    await wasm_bindgen({ module_or_path: cached ?? fetch(wasm) });
    const saved = await caches.open(STATE).then((c) => c.match(STATE_KEY));
    wasm_bindgen.start(saved ? await saved.text() : undefined);
  })();
  return server;
}

// Writes of the data, one after the other (the last change wins).
let saving = Promise.resolve();
function keep(state) {
  saving = saving
    .then(() => caches.open(STATE))
    .then((c) => c.put(STATE_KEY, new Response(state, { headers: { 'Content-Type': 'application/json' } })))
    .catch(() => {});
  return saving;
}

/** One request to the demo API, answered by the wasm server. */
async function answer(request, path) {
  await start();
  const headers = [];
  request.headers.forEach((value, name) => headers.push(name, value));
  const body = new Uint8Array(await request.arrayBuffer());
  const a = await wasm_bindgen.handle(request.method, path, headers, body);
  try {
    // The `drop` fault: no answer, a network error for the page's fetch.
    if (a.dropped) return Response.error();
    const state = a.state;
    if (state !== undefined) await keep(state);
    const h = new Headers();
    const pairs = a.headers;
    for (let i = 0; i + 1 < pairs.length; i += 2) h.append(pairs[i], pairs[i + 1]);
    const status = a.status;
    const empty = [101, 204, 205, 304].includes(status) || request.method === 'HEAD';
    if (status < 200 || status > 599) return Response.error();
    return new Response(empty ? null : a.body, { status, headers: h });
  } finally {
    a.free();
  }
}
