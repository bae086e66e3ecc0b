// The fault matrix (issue 6): whatever the network or the server does, the
// form says what happened, keeps what was typed, is usable again, sends
// nothing twice, and throws no uncaught error (checked by the fixture).
import { test, expect, fillForm, formValues, LocalApi, DEMO_TOKEN, OTHER_TOKEN, DEMO_AGENT } from '../support/fixtures';
import type { Page } from '@playwright/test';

const TYPED = {
  nodeId: 'node-7',
  subject: 'Refunds 😀 界',
  instructions: 'Refunds within 30 days.\nAsk for the order number.',
  token: DEMO_TOKEN,
};

async function expectIntact(page: Page, token = TYPED.token) {
  const v = await formValues(page);
  expect(v).toEqual({ agent: DEMO_AGENT, nodeId: TYPED.nodeId, subject: TYPED.subject, instructions: TYPED.instructions, token });
  const button = page.locator('button[type=submit]');
  await expect(button).toHaveText('Save training');
  await expect(button).not.toHaveAttribute('aria-disabled', 'true');
}

async function save(page: Page) {
  await page.getByRole('button', { name: 'Save training' }).click();
}

type Row = { name: string; arm?: (api: LocalApi) => Promise<unknown>; where?: string; message: RegExp; token?: string };

const rows: Row[] = [
  { name: '401', arm: (api) => api.fault('401'), where: '.tt-error-summary', message: /The API token was not accepted/ },
  { name: '403', arm: (api) => api.fault('403'), message: /not authorized to create training for this agent/ },
  { name: '403 from a real check: another account’s token', token: OTHER_TOKEN, message: /not authorized to create training for this agent/ },
  { name: '404', arm: (api) => api.fault('404'), message: /Agent not found.*Check the agent ID/ },
  { name: '422 known and unknown fields', arm: (api) => api.fault('422-unknown-field'), where: '.tt-error-summary', message: /already been taken[\s\S]*priority: The priority field is required/ },
  { name: '429 with Retry-After', arm: (api) => api.fault('429', { retry_after: 30 }), message: /Wait 30 seconds/ },
  { name: '429 without Retry-After', arm: (api) => api.fault('429', { retry_after: null }), message: /Wait a minute/ },
  { name: '500 {message}', arm: (api) => api.fault('500'), message: /HTTP 500\): Internal server error\./ },
  { name: '500 {error: {message}}', arm: (api) => api.fault('500-error-shape'), message: /HTTP 500\): Internal server error\./ },
  { name: '502 HTML', arm: (api) => api.fault('502-html'), message: /HTTP 502 \(Bad Gateway\).*HTML page/ },
  { name: '200 empty body', arm: (api) => api.fault('empty'), message: /HTTP 200 \(OK\).*body was empty/ },
  { name: '200 malformed JSON', arm: (api) => api.fault('malformed'), message: /HTTP 200 \(OK\).*not valid JSON/ },
  { name: '200 missing data', arm: (api) => api.fault('missing-data'), message: /HTTP 200 \(OK\).*lacked the saved training/ },
];

for (const row of rows) {
  test(`fault: ${row.name}`, async ({ openForm, api, page }) => {
    await openForm();
    await fillForm(page, { ...TYPED, token: row.token ?? TYPED.token });
    await row.arm?.(api);
    await save(page);
    const shown = page.locator(row.where ?? '.tt-panel--error');
    await expect(shown).toContainText(row.message);
    // The panel (or the summary) takes focus and is announced.
    await expect(shown).toBeFocused();
    await expect(shown).toHaveAttribute('role', 'alert');
    await expectIntact(page, row.token);
    expect((await api.apiRequests()).length).toBe(1);
  });
}

test('fault: dropped connection', async ({ openForm, api, page }) => {
  await openForm();
  await fillForm(page, TYPED);
  // Chromium retries a POST once when a reused connection closes before any
  // answer, so every attempt is dropped.
  await api.fault('drop', { times: 5, method: 'POST' });
  await save(page);
  await expect(page.locator('.tt-panel--error')).toContainText(/could not reach http:\/\/127\.0\.0\.1:\d+/);
  await expectIntact(page);
  // Nothing was saved: the agent still has its three trainings.
  const res = await fetch(`${api.url}/api/v1/agents/${DEMO_AGENT}/trainings`, { headers: { Authorization: `Bearer ${DEMO_TOKEN}` } });
  expect((await res.json()).data.length).toBe(3);
});

test('fault: connection refused', async ({ page, site, consoleErrors }) => {
  const gone = await LocalApi.start();
  gone.stop();
  await page.goto(`${site}/?api=${encodeURIComponent(gone.url)}&agent=${DEMO_AGENT}`);
  await fillForm(page, TYPED);
  await save(page);
  await expect(page.locator('.tt-panel--error')).toContainText(`The browser could not reach ${gone.url}`);
  await expectIntact(page);
  void consoleErrors;
});

test('fault: CORS refusal', async ({ page, site, consoleErrors }) => {
  const strict = await LocalApi.start(['--no-cors']);
  try {
    await page.goto(`${site}/?api=${encodeURIComponent(strict.url)}&agent=${DEMO_AGENT}`);
    await fillForm(page, TYPED);
    await save(page);
    const panel = page.locator('.tt-panel--error');
    await expect(panel).toContainText(`could not reach ${strict.url}`);
    await expect(panel).toContainText('same-origin proxy');
    await expectIntact(page);
    // The preflight reached the server; the POST itself was never sent.
    const seen = (await strict.requests()).filter((r) => r.path.startsWith('/api/'));
    expect(seen.map((r) => r.method)).toEqual(['OPTIONS']);
  } finally {
    strict.stop();
  }
  void consoleErrors;
});

test('fault: an answer after 35 s is aborted at 30 s', async ({ openForm, api, page }) => {
  test.setTimeout(70_000);
  await openForm();
  await fillForm(page, TYPED);
  await api.fault('delay', { delay_ms: 35_000 });
  const started = Date.now();
  await save(page);
  await expect(page.locator('button[type=submit]')).toHaveText('Saving…');
  await expect(page.locator('.tt-panel--error')).toContainText('did not answer within 30 seconds', { timeout: 40_000 });
  const waited = (Date.now() - started) / 1000;
  expect(waited).toBeGreaterThanOrEqual(29);
  expect(waited).toBeLessThan(34);
  await expectIntact(page);
  expect((await api.apiRequests()).length).toBe(1);
});

test('fault: a reload while the request is in flight', async ({ openForm, api, page }) => {
  await openForm();
  await fillForm(page, TYPED);
  await api.fault('delay', { delay_ms: 2_000 });
  await save(page);
  await expect(page.locator('button[type=submit]')).toHaveText('Saving…');
  await page.reload();
  await expect(page.locator('.tt-form')).toBeVisible();
  await expectIntact(page);
  await page.waitForTimeout(2_500);
  // The one request went through on the server; the reload did not send another.
  expect((await api.apiRequests()).length).toBe(1);
  await expectIntact(page);
});

test('fault: a double click sends once', async ({ openForm, api, page }) => {
  await openForm();
  await fillForm(page, TYPED);
  await api.fault('delay', { delay_ms: 800 });
  await page.locator('button[type=submit]').dblclick();
  await expect(page.locator('.tt-panel--success')).toBeVisible();
  expect((await api.apiRequests()).length).toBe(1);
});

test('fault: two tabs keep their own text and each saves once', async ({ openForm, api, page, context }) => {
  await openForm();
  const other = await context.newPage();
  await openForm({}, other);
  await fillForm(page, { ...TYPED, nodeId: '', subject: 'From tab one' });
  await fillForm(other, { ...TYPED, nodeId: '', subject: 'From tab two' });
  await page.reload();
  await expect(page.getByLabel('Subject')).toHaveValue('From tab one');
  await save(page);
  await save(other);
  await expect(page.locator('.tt-saved-subject')).toHaveText('From tab one');
  await expect(other.locator('.tt-saved-subject')).toHaveText('From tab two');
  const sent = await api.apiRequests();
  expect(sent.map((r) => JSON.parse(r.body!).subject).sort()).toEqual(['From tab one', 'From tab two']);
});
