// make bench: load and runtime figures of the release dist/ in headless
// Chromium, from a local static server on loopback, cache off. Medians and
// spread over LOADS runs (20 by default). Timings are reported, not asserted.
import { start, launch, DEMO_AGENT, DEMO_TOKEN } from './lib.mjs';
import { readFileSync, writeFileSync, mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const LOADS = Number(process.env.LOADS ?? 20);

// dist/ plus floor.html: the same page without the app, the floor to compare with.
const root = mkdtempSync(path.join(tmpdir(), 'tt-bench-'));
cpSync('dist', root, { recursive: true });
const floor = readFileSync('dist/index.html', 'utf8')
  .replace(/<script[^>]*><\/script>/g, '')
  .replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '');
writeFileSync(path.join(root, 'floor.html'), floor);

const api = await start('target/debug/local-api', ['--port', '0', '--rate-limit', '0'], /^listening on (\S+)/);
// Its own process (scripts/serve-static.mjs), so that serving never shares
// this process's event loop with the measuring.
const web = await start('node', ['scripts/serve-static.mjs', root, '0'], /^serving (\S+)\/$/);
const browser = await launch(['--enable-precise-memory-info', '--js-flags=--expose-gc']);
const appUrl = `${web.url}/?api=${encodeURIComponent(api.url)}&agent=${DEMO_AGENT}`;

// Times WebAssembly compile+instantiate and keeps the instance's memory.
const probe = () => {
  const wrap = (name) => {
    const original = WebAssembly[name];
    WebAssembly[name] = async (...args) => {
      const t0 = performance.now();
      const result = await original.apply(WebAssembly, args);
      window.__wasmMs = performance.now() - t0;
      window.__wasmMemory = (result.instance ?? result).exports.memory;
      return result;
    };
  };
  wrap('instantiateStreaming');
  wrap('instantiate');
};

async function freshPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.addInitScript(probe);
  return { context, page, cdp };
}

// First contentful paint, waiting for the entry if it is not reported yet.
const fcpOf = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve) => {
        new PerformanceObserver((list) => {
          const e = list.getEntries().find((x) => x.name === 'first-contentful-paint');
          if (e) resolve(e.startTime);
        }).observe({ type: 'paint', buffered: true });
        setTimeout(() => resolve(NaN), 3000);
      }),
  );

const stats = (xs) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))];
  return { median: q(0.5), min: s[0], max: s.at(-1), p90: q(0.9) };
};
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const row = (name, xs, unit = 'ms') => {
  const s = stats(xs);
  console.log(`${name.padEnd(44)} median ${fmt(s.median).padStart(7)} ${unit}   min ${fmt(s.min)}  p90 ${fmt(s.p90)}  max ${fmt(s.max)}`);
  return s;
};

const interactive = [], fcp = [], wasm = [], floorFcp = [], floorLoad = [];
for (let i = 0; i < LOADS; i++) {
  const { context, page } = await freshPage();
  await page.goto(appUrl, { waitUntil: 'commit' });
  // Interactive: the subject accepts typing and the character count reacts.
  const t = await page.evaluate(async () => {
    for (;;) {
      const input = document.querySelector('input[name=subject]');
      const count = document.querySelector('.tt-character-count');
      if (input && count) {
        input.value = 'a';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await Promise.resolve();
        for (let k = 0; k < 100 && !count.textContent.includes('254'); k++) await new Promise((r) => setTimeout(r, 0));
        if (count.textContent.includes('254')) return performance.now();
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  });
  interactive.push(t);
  fcp.push(await fcpOf(page));
  wasm.push(await page.evaluate(() => window.__wasmMs ?? NaN));
  await context.close();

  const f = await freshPage();
  await f.page.goto(`${web.url}/floor.html`, { waitUntil: 'load' });
  floorFcp.push(await fcpOf(f.page));
  floorLoad.push(await f.page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd));
  await f.context.close();
}
console.log(`\nLoads: ${LOADS} each, cache off, ${web.url} (loopback)\n`);
const ti = row('navigation start → form interactive', interactive);
const fc = row('first contentful paint (app)', fcp);
row('wasm compile + instantiate', wasm);
const ff = row('first contentful paint (plain HTML floor)', floorFcp);
row('load event (plain HTML floor)', floorLoad);
console.log(`${'interactive / floor FCP'.padEnd(44)} ${(ti.median / ff.median).toFixed(2)}×;  app FCP / floor FCP ${(fc.median / ff.median).toFixed(2)}×`);

// Memory after load and after 50 submit cycles against the local API.
{
  const { context, page, cdp } = await freshPage();
  page.on('crash', () => console.error('bench: the page crashed'));
  page.setDefaultTimeout(120_000);
  await page.goto(appUrl);
  await page.waitForSelector('.tt-form');
  const memory = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return page.evaluate(() => ({ heap: performance.memory.usedJSHeapSize, wasm: window.__wasmMemory?.buffer.byteLength ?? NaN }));
  };
  const before = await memory();
  await page.getByLabel('API token').fill(DEMO_TOKEN);
  const samples = [];
  for (let i = 0; i < 50; i++) {
    await page.getByLabel('Subject').fill(`Bench ${i}`);
    await page.getByLabel('Instructions').fill('Instructions '.repeat(20));
    await page.getByRole('button', { name: 'Save training' }).click();
    await page.locator('.tt-saved-subject', { hasText: `Bench ${i}` }).waitFor();
    if (i % 10 === 9) samples.push(await memory());
  }
  const after = await memory();
  const kb = (b) => `${(b / 1024).toFixed(0)} KiB`;
  console.log(`\nJS heap after load ${kb(before.heap)}, after 50 submits ${kb(after.heap)} (every 10: ${samples.map((s) => kb(s.heap)).join(', ')})`);
  console.log(`wasm memory after load ${kb(before.wasm)}, after 50 submits ${kb(after.wasm)}`);

  // Per keystroke: input event → updated character count (Subject), and
  // input event → handlers done (Instructions, 20,000 characters).
  const keys = await page.evaluate(async () => {
    // An unclamped macrotask (setTimeout is clamped to 4 ms when nested).
    const channel = new MessageChannel();
    const tick = () => new Promise((r) => { channel.port1.onmessage = () => r(); channel.port2.postMessage(0); });
    const subject = document.querySelector('input[name=subject]');
    const count = document.querySelector('.tt-character-count');
    subject.value = '';
    subject.dispatchEvent(new Event('input', { bubbles: true }));
    await tick();
    const s = [];
    for (let i = 1; i <= 255; i++) {
      subject.value += 'x';
      const want = `You have ${255 - i} character`;
      const t0 = performance.now();
      subject.dispatchEvent(new Event('input', { bubbles: true }));
      // Checked synchronously, then after each macrotask, as a typist's
      // browser would run it (spinning on microtasks alone stalls Chromium).
      while (!count.textContent.startsWith(want)) await tick();
      s.push(performance.now() - t0);
    }
    // 20,000 characters typed into `el`, 60 to a line: the time from each
    // input event to the end of the next macrotask.
    const type20k = async (el) => {
      el.value = '';
      const times = [];
      for (let i = 0; i < 20000; i++) {
        el.value += i % 60 === 59 ? '\n' : 'y';
        const t0 = performance.now();
        el.dispatchEvent(new Event('input', { bubbles: true }));
        await tick();
        times.push(performance.now() - t0);
      }
      return times;
    };
    const area = document.querySelector('textarea[name=instructions]');
    const t = await type20k(area);
    // The floor: the same typing into a textarea of the same class that no
    // code listens to (what the browser itself costs: layout of 20,000 characters).
    const plain = document.createElement('textarea');
    plain.className = area.className;
    area.after(plain);
    const f = await type20k(plain);
    plain.remove();
    return { s, t, f };
  });
  console.log('');
  const p99 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(0.99 * (xs.length - 1))];
  const ks = stats(keys.s), kt = stats(keys.t);
  console.log(`keystroke → count, Subject (255 keys)          median ${fmt(ks.median)} ms  p99 ${fmt(p99(keys.s))} ms  max ${fmt(ks.max)} ms`);
  console.log(`keystroke → handled, Instructions (20,000 keys) median ${fmt(kt.median)} ms  p99 ${fmt(p99(keys.t))} ms  max ${fmt(kt.max)} ms`);
  const kf = stats(keys.f);
  console.log(`the same keys, a textarea no code listens to     median ${fmt(kf.median)} ms  p99 ${fmt(p99(keys.f))} ms  max ${fmt(kf.max)} ms  (floor)`);
  await context.close();
}
await browser.close();
api.child.kill();
web.child.kill();
