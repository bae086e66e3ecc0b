// make bench's instrument: what one first visit of a page costs, as a
// phone user feels it (see DEFINITIONS), in a fresh Playwright context under
// a DevTools-throttled profile. Test: node --test scripts/bench-probe.test.mjs

// Lighthouse's mobile profile (its constants: 150 ms, 1.6 Mbit/s = 1638.4 kbit/s, 750 kbit/s, 4×).
export const MOBILE = { latency: 150, downKbps: 1638.4, upKbps: 750, cpu: 4 };
export const VIEWPORT = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true };

export const DEFINITIONS = `visible     = the first frame in which Subject (input[name=subject]) is in the DOM with a box:
              the time of a task posted from the requestAnimationFrame after it appears (a frame is
              only produced once render-blocking CSS has arrived).
interactive = "typing works": at that moment the probe focuses Subject and types "a"
              (execCommand insertText, as a keystroke); interactive is when the page's own code has
              handled it: Subject still holds "a" and the count under it reads "You have 254
              characters remaining". Typed into a box no code listens to yet, the key counts only once
              the page picks it up; a page that drops it never becomes interactive.
bytes       = everything the first visit transfers (encoded: brotli, with headers);
body bytes  = the same without the response headers (what scripts/size.sh and issue 15's
              90 KB / 105 KB count: the brotli files).
ratios      = median of the page / median of the floor (times from navigation start).`;

const loopback = (url) => ['127.0.0.1', 'localhost'].includes(new URL(url).hostname);

// -- In every page before its own code: the visible/interactive probe (see
// DEFINITIONS) and WebAssembly compile + instantiate time.
export const probe = () => {
  const b = (window.__bench = { visible: NaN, typed: NaN, interactive: NaN, wasm: NaN });
  let done;
  window.__benchDone = new Promise((r) => (done = r));
  const subject = () => document.querySelector('input[name=subject]');
  const reacted = () => {
    if (Number.isNaN(b.typed) || !Number.isNaN(b.interactive)) return;
    const s = subject();
    const count = s?.closest('.tt-field')?.querySelector('.tt-character-count');
    if (s?.value === 'a' && count?.textContent.includes('You have 254 characters remaining')) {
      b.interactive = performance.now();
      observer.disconnect();
      done();
    }
  };
  const type = (s) => {
    b.visible = performance.now();
    s.focus();
    if (!document.execCommand('insertText', false, 'a') || s.value !== 'a') {
      s.value = 'a';
      s.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'a' }));
    }
    b.typed = performance.now();
    reacted();
  };
  const frame = () =>
    requestAnimationFrame(() => {
      const s = subject();
      const box = s?.getBoundingClientRect();
      if (!box || box.width === 0 || box.height === 0) return frame();
      const channel = new MessageChannel();
      // Typed into the Subject on the page then: a pre-rendered one may have
      // given way to the app's in between (a user types into what is there).
      channel.port1.onmessage = () => type(subject() ?? s);
      channel.port2.postMessage(0);
    });
  let seen = false;
  const observer = new MutationObserver(() => {
    if (!seen && subject()) {
      seen = true;
      frame();
    }
    reacted();
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  const wrap = (name) => {
    const original = WebAssembly[name];
    WebAssembly[name] = async (...args) => {
      const t0 = performance.now();
      const result = await original.apply(WebAssembly, args);
      b.wasm = performance.now() - t0;
      // The memory whatever its export's name (release builds minify them).
      window.__wasmMemory = Object.values((result.instance ?? result).exports).find((x) => x instanceof WebAssembly.Memory);
      return result;
    };
  };
  wrap('instantiateStreaming');
  wrap('instantiate');
};

/** A fresh context and page (no cache), throttled to `profile` when given, with the probe unless `bare`. */
export async function freshPage(browser, profile, options = {}, bare = false) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (profile) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latency,
      downloadThroughput: (profile.downKbps * 1024) / 8,
      uploadThroughput: (profile.upKbps * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  }
  if (!bare) await page.addInitScript(probe);
  return { context, page, cdp };
}

/** One first visit of `url` in a fresh context (`options`), throttled to
 * `profile` when given: times, bytes, and what was not as it should be. A page
 * not interactive after `wait` ms is recorded as never. */
export async function visit(browser, url, profile, options, wait = 15_000) {
  const { context, page, cdp } = await freshPage(browser, profile, options);
  const inflight = new Set();
  const net = { bytes: 0, body: 0, foreign: [], plain: [] };
  const headers = new Map(); // requestId -> bytes of its response's headers
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.startsWith('data:')) return;
    inflight.add(e.requestId);
    if (!loopback(e.request.url)) net.foreign.push(e.request.url);
  });
  cdp.on('Network.responseReceived', (e) => {
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    if (/\.(html|js|css|wasm)$|\/$/.test(new URL(e.response.url).pathname) && h['content-encoding'] !== 'br') net.plain.push(e.response.url);
    headers.set(e.requestId, e.response.encodedDataLength ?? 0);
  });
  const finished = (e) => {
    if (!inflight.delete(e.requestId)) return;
    net.bytes += e.encodedDataLength ?? 0;
    net.body += Math.max(0, (e.encodedDataLength ?? 0) - (headers.get(e.requestId) ?? 0));
  };
  cdp.on('Network.loadingFinished', finished);
  cdp.on('Network.loadingFailed', finished);
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  await page.evaluate((ms) => Promise.race([window.__benchDone, new Promise((r) => setTimeout(r, ms))]), wait);
  for (let i = 0; i < 200 && inflight.size > 0; i++) await new Promise((r) => setTimeout(r, 50));
  const r = await page.evaluate(async () => ({
    ...window.__bench,
    // Paint entries arrive with the frame's presentation: wait for it (1 s at most).
    fcp: await new Promise((resolve) => {
      new PerformanceObserver((list) => {
        const e = list.getEntries().find((x) => x.name === 'first-contentful-paint');
        if (e) resolve(e.startTime);
      }).observe({ type: 'paint', buffered: true });
      setTimeout(() => resolve(NaN), 1000);
    }),
    kept: document.querySelector('input[name=subject]')?.value === 'a',
  }));
  await context.close();
  // A page that later drops the typed key did not let the user type.
  return { ...r, interactive: r.kept ? r.interactive : NaN, ...net };
}

/** The median; NaN when any sample is NaN (a load that never got there). */
export const median = (xs) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length < xs.length || !s.length) return NaN; // a load that never got there: no median
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
