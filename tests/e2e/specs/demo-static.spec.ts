// The demo that runs entirely in the browser (issue 16): dist-demo/ (make
// demo-static) served by the project's static server and NO local API
// process: the service worker answers `demo-api/` with local-api's Router
// compiled to wasm. Served under a sub-path with the strict CSP (connect-src
// 'self' only, worker-src 'self'); the suite's guard fails a test on any
// violation, uncaught error or undeclared console error.
import { test, expect, fillForm, answered, unanswered, ROOT, DEMO_TOKEN, DEMO_AGENT, EMPTY_AGENT } from '../support/fixtures';
import { serveStatic } from '../../../scripts/serve-static.mjs';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';

const DIST_DEMO = path.join(ROOT, 'dist-demo');
const SUB = '/tools/demo/';

/** The strict CSP of README.md's "Static hosting", with nothing but the page's own origin, and workers from it. */
const DEMO_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// One static server for the file: dist-demo/ copied under /tools/demo/, and
// every path it was asked for (no `demo-api/` request may reach it).
let site: { url: string; server: import('node:http').Server; root: string; asked: string[] };
test.beforeAll(async () => {
  if (!existsSync(path.join(DIST_DEMO, 'sw-api_bg.wasm'))) throw new Error('dist-demo/ is missing: run make demo-static first');
  const root = mkdtempSync(path.join(tmpdir(), 'tt-demo-'));
  cpSync(DIST_DEMO, path.join(root, SUB), { recursive: true });
  const { url, server } = await serveStatic(root, { headers: { 'Content-Security-Policy': DEMO_CSP } });
  const asked: string[] = [];
  server.on('request', (req) => asked.push(req.url ?? ''));
  site = { url, server, root, asked };
});
test.afterAll(() => {
  site.server.close();
  rmSync(site.root, { recursive: true, force: true });
  expect(site.asked.filter((u) => u.includes('demo-api')), 'requests to demo-api/ that reached the static server').toEqual([]);
});

const rows = (page: Page) => page.locator('.tt-training-row .tt-training-subject');
const SEEDED = ['Product Knowledge', 'Customer Service Best Practices', 'Technical Support'];
const API = () => `${site.url}${SUB}demo-api/`;

/** Opens the demo page, waits for its worker, uses the demo token; the workspace shows the seed (or what was kept). */
async function openDemo(page: Page) {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${site.url}${SUB}`);
  await expect(page.locator('#demo-status')).toHaveText('Ready: the API runs in this browser.', { timeout: 15_000 });
  await expect(page.getByLabel('Agent ID')).toHaveValue(DEMO_AGENT);
  await page.getByRole('button', { name: 'Use the demo token' }).click();
  await expect(page.getByLabel('API token')).toHaveValue(DEMO_TOKEN);
  await expect(page.locator('.tt-agent-name')).toHaveText('Demo Receptionist');
  return requests;
}

test('from static files under a sub-path and the strict CSP: save, list, edit, delete, publish', async ({ page }) => {
  const requests = await openDemo(page);
  await expect(rows(page)).toHaveText(SEEDED);

  await fillForm(page, { nodeId: 'faq-hours', subject: 'Opening hours', instructions: 'We are open 9 to 5.' });
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.locator('.tt-panel--success')).toBeVisible();
  await expect(rows(page)).toHaveText([...SEEDED, 'Opening hours']);
  await expect(page.locator('.tt-badge')).toHaveText('draft');

  // Edit in place (the node id was saved here): same id, new text.
  const id = await page.locator('.tt-saved-id').textContent();
  await page.getByRole('button', { name: /Edit.*Opening hours/ }).click();
  await page.getByLabel('Instructions').fill('We are open 9 to 6.');
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.locator('.tt-saved-id')).toHaveText(id!);
  await expect(rows(page)).toHaveCount(4);

  await page.getByRole('button', { name: /Delete.*Technical Support/ }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(rows(page)).toHaveText(['Product Knowledge', 'Customer Service Best Practices', 'Opening hours']);

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.locator('.tt-badge')).toHaveText('published');

  // The server's own view (GET demo-api/__demo/state): what the form saved, with its node id.
  const state = await page.evaluate(async (api) => (await fetch(`${api}__demo/state`)).json(), API());
  const agent = state.agents.find((a: { id: string }) => a.id === DEMO_AGENT);
  expect(agent.trainings.map((t: { node_id: string | null; instructions: string }) => [t.node_id, t.instructions])).toContainEqual([
    'faq-hours',
    'We are open 9 to 6.',
  ]);
  // Nothing but the page's own origin; the API calls went to demo-api/ under the sub-path.
  for (const url of requests) expect(url.startsWith(`${site.url}${SUB}`), url).toBeTruthy();
  expect(requests.some((u) => u.startsWith(`${API()}api/v1/agents/${DEMO_AGENT}/trainings`))).toBeTruthy();
});

test('Simulate: 422 and 429 show their messages, offline is a network error, slow still saves; then normal service', async ({ page, expectConsoleError }) => {
  expectConsoleError(answered(422, API()));
  expectConsoleError(answered(429, API()));
  expectConsoleError(unanswered('ERR_FAILED', API()));
  await openDemo(page);
  const save = page.getByRole('button', { name: 'Save training' });
  await fillForm(page, { subject: 'Simulated', instructions: 'Faults on demand.' });

  await page.getByRole('button', { name: '422', exact: true }).click();
  await expect(page.locator('#demo-status')).toContainText('422');
  await save.click();
  await expect(page.locator('.tt-error-summary')).toContainText('The subject has already been taken.');
  await expect(page.locator('.tt-error-summary')).toContainText('priority: The priority field is required');

  await page.getByRole('button', { name: '429', exact: true }).click();
  await expect(page.locator('#demo-status')).toContainText('429');
  await save.click();
  await expect(page.locator('.tt-panel--error')).toContainText('Wait 30 seconds');

  await page.getByRole('button', { name: 'offline', exact: true }).click();
  await expect(page.locator('#demo-status')).toContainText('no answer');
  await save.click();
  await expect(page.locator('.tt-panel--error')).toContainText('could not reach');

  await page.getByRole('button', { name: 'slow network', exact: true }).click();
  await expect(page.locator('#demo-status')).toContainText('3 seconds');
  const started = Date.now();
  await save.click();
  await expect(page.locator('.tt-panel--success')).toBeVisible({ timeout: 10_000 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
  await expect(rows(page)).toHaveText([...SEEDED, 'Simulated']);
});

test('a reload keeps the demo data, and Reset demo data restores the seed', async ({ page }) => {
  await openDemo(page);
  await fillForm(page, { subject: 'Kept across reloads', instructions: 'In the worker and its cache.' });
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(rows(page)).toHaveText([...SEEDED, 'Kept across reloads']);

  await page.reload();
  await expect(page.locator('#demo-status')).toHaveText('Ready: the API runs in this browser.');
  await expect(rows(page)).toHaveText([...SEEDED, 'Kept across reloads']);

  // Even when the browser stops the worker: a new one reads the kept data.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await page.reload();
  await expect(rows(page)).toHaveText([...SEEDED, 'Kept across reloads']);

  await page.getByRole('button', { name: 'Reset demo data' }).click();
  await expect(page.locator('#demo-status')).toContainText('back to its seed');
  await expect(rows(page)).toHaveText(SEEDED);
  await page.reload();
  await expect(rows(page)).toHaveText(SEEDED);
});

test('works offline once loaded: the static server gone, the page, the form and its API still work', async ({ page }) => {
  // A server of its own, stopped once the page has loaded.
  const { url, server } = await serveStatic(DIST_DEMO, { headers: { 'Content-Security-Policy': DEMO_CSP } });
  await page.goto(`${url}/`);
  await expect(page.locator('#demo-status')).toHaveText('Ready: the API runs in this browser.', { timeout: 15_000 });
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  expect(await fetch(`${url}/`).then(() => 'answered', () => 'unreachable')).toBe('unreachable');
  await page.reload();
  await expect(page.locator('#demo-status')).toHaveText('Ready: the API runs in this browser.');
  await page.getByRole('button', { name: 'Use the demo token' }).click();
  await expect(rows(page)).toHaveText(SEEDED);
  await fillForm(page, { subject: 'Offline', instructions: 'Saved without a network.' });
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.locator('.tt-panel--success')).toBeVisible();
});

test('the shared validation vectors get the native server’s answers from the in-browser one', async ({ page, expectConsoleError }) => {
  expectConsoleError(answered(422, API()));
  await openDemo(page);
  const { vectors } = JSON.parse(readFileSync(path.join(ROOT, 'tests/vectors/validation.json'), 'utf8'));
  expect(vectors.length).toBeGreaterThanOrEqual(20);
  // As local-api's api::server_agrees_with_every_shared_vector: each body
  // POSTed to the empty agent; 422 `errors` equal, keys in order, or 200 with
  // the normalized fields (node_id read from the server's state).
  const answers = await page.evaluate(
    async ({ api, agent, token, inputs }) => {
      const out = [];
      for (const input of inputs) {
        const res = await fetch(`${api}api/v1/agents/${agent}/trainings`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify(input),
        });
        out.push({ status: res.status, text: await res.text() });
      }
      const state = await (await fetch(`${api}__demo/state`)).json();
      return { out, state };
    },
    { api: API(), agent: EMPTY_AGENT, token: DEMO_TOKEN, inputs: vectors.map((v: { input: unknown }) => v.input) },
  );
  const stored = answers.state.agents.find((a: { id: string }) => a.id === EMPTY_AGENT).trainings;
  let serverOnly = 0;
  vectors.forEach((v: { name: string; errors: Record<string, string[]>; normalized: Record<string, unknown>; server_only?: boolean }, i: number) => {
    if (v.server_only) serverOnly++;
    const { status, text } = answers.out[i];
    const body = JSON.parse(text);
    if (Object.keys(v.errors).length === 0) {
      expect(status, `${v.name}: ${text}`).toBe(200);
      for (const field of ['subject', 'instructions', 'current_status']) expect(body.data[field], `${v.name}: ${field}`).toEqual(v.normalized[field]);
      const saved = stored.find((t: { id: string }) => t.id === body.data.id);
      expect(saved.node_id, `${v.name}: node_id`).toEqual(v.normalized.node_id);
    } else {
      expect(status, `${v.name}: ${text}`).toBe(422);
      expect(body.errors, v.name).toEqual(v.errors);
      expect(Object.keys(body.errors), `${v.name}: key order`).toEqual(Object.keys(v.errors));
    }
  });
  expect(serverOnly).toBeGreaterThan(0);
});

test('the first request after the worker starts, and the worker bundle', async ({ page }, info) => {
  // A fresh context: the worker is installed now, and its wasm is started by the first request.
  await page.goto(`${site.url}${SUB}`);
  await expect(page.locator('#demo-status')).toHaveText('Ready: the API runs in this browser.', { timeout: 15_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  const timing = await page.evaluate(async (api) => {
    const get = async () => {
      const t = performance.now();
      const res = await fetch(`${api}__demo/state`);
      await res.text();
      return performance.now() - t;
    };
    // Stopped above: the first fetch starts the worker and the wasm (from the cache).
    const first = await get();
    const second = await get();
    return { first, second };
  }, API());
  const wasm = readFileSync(path.join(DIST_DEMO, 'sw-api_bg.wasm'));
  const { brotliCompressSync, constants } = await import('node:zlib');
  const brotli = brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const line = `first request after a worker start ${timing.first.toFixed(0)} ms, next ${timing.second.toFixed(1)} ms; sw-api_bg.wasm ${wasm.length} bytes, ${brotli} brotli`;
  console.log(`demo-static: ${line}`);
  info.annotations.push({ type: 'measure', description: line });
  expect(timing.first).toBeLessThan(5000);
});
