// The fault matrix (issue 6): whatever the network or the server does, the
// form says what happened, keeps what was typed, is usable again, sends
// nothing twice, and throws no uncaught error (checked by the fixture).
import { test, expect, answered, unanswered, fillForm, formValues, LocalApi, DEMO_TOKEN, OTHER_TOKEN, DEMO_AGENT } from '../support/fixtures';
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

type Row = {
  name: string;
  /** The local API's fault and its options; none: the row's own request fails for real. */
  fault?: string;
  options?: Record<string, unknown>;
  /** The status the page hears, when not the fault's own (from the local API's table). */
  status?: number;
  where?: string;
  message: RegExp;
  token?: string;
};

const rows: Row[] = [
  { name: '401', fault: '401', where: '.tt-error-summary', message: /The API token was not accepted/ },
  { name: '403', fault: '403', message: /not authorized to create training for this agent/ },
  { name: '403 from a real check: another account’s token', token: OTHER_TOKEN, status: 403, message: /not authorized to create training for this agent/ },
  { name: '404', fault: '404', message: /Agent not found.*Check the agent ID/ },
  { name: '422 known and unknown fields', fault: '422-unknown-field', where: '.tt-error-summary', message: /already been taken[\s\S]*priority: The priority field is required/ },
  { name: '429 with Retry-After', fault: '429', options: { retry_after: 30 }, message: /Wait 30 seconds/ },
  { name: '429 without Retry-After', fault: '429', options: { retry_after: null }, message: /Wait a minute/ },
  { name: '500 {message}', fault: '500', message: /HTTP 500\): Internal server error\./ },
  { name: '500 {error: {message}}', fault: '500-error-shape', message: /HTTP 500\): Internal server error\./ },
  { name: '502 HTML', fault: '502-html', message: /HTTP 502 \(Bad Gateway\).*HTML page/ },
  { name: '200 empty body', fault: 'empty', message: /HTTP 200 \(OK\).*body was empty/ },
  { name: '200 malformed JSON', fault: 'malformed', message: /HTTP 200 \(OK\).*not valid JSON/ },
  { name: '200 missing data', fault: 'missing-data', message: /HTTP 200 \(OK\).*lacked the saved training/ },
];

// The local API's faults that are not rows of the matrix, and where each is tested.
const elsewhere: Record<string, string> = {
  delay: 'below: an answer after 35 s is aborted at 30 s',
  hold: 'below: a reload while in flight; form.spec and workspace.spec: in flight',
  drop: 'below: dropped connection',
  redirect: 'token-safety.spec: a redirect from the API',
  'huge-body': 'token-safety.spec: a 5 MiB error body',
  'many-fields': 'token-safety.spec: a 422 with 10,000 fields',
};

// The matrix follows the local API's own table (local-api/src/faults.rs):
// a fault added there without a row here, or a row for a fault it does not
// have, fails this file.
test.beforeAll(async () => {
  const api = await LocalApi.start();
  try {
    const names = (await api.faults()).map((f) => f.name);
    const covered = [...rows.flatMap((r) => (r.fault ? [r.fault] : [])), ...Object.keys(elsewhere)];
    expect(names.filter((n) => !covered.includes(n)), 'faults of the local API that nothing here tests').toEqual([]);
    expect(covered.filter((n) => !names.includes(n)), 'faults the local API does not have').toEqual([]);
  } finally {
    api.stop();
  }
});

for (const row of rows) {
  test(`fault: ${row.name}`, async ({ openForm, api, page, expectConsoleError }) => {
    const status = row.status ?? (await api.faults()).find((f) => f.name === row.fault)?.status;
    // Chromium logs an error status as a console error; a 200 logs nothing.
    if (status !== undefined && status !== null && status >= 400) expectConsoleError(answered(status, api.url));
    await openForm();
    await fillForm(page, { ...TYPED, token: row.token ?? TYPED.token });
    if (row.fault) await api.fault(row.fault, row.options);
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

test('fault: dropped connection', async ({ openForm, api, page, expectConsoleError }) => {
  expectConsoleError(unanswered('ERR_EMPTY_RESPONSE', api.url));
  await openForm();
  await fillForm(page, TYPED);
  // Chromium retries a POST once when a reused connection closes before any
  // answer, so every attempt is dropped.
  await api.fault('drop', { times: 5, method: 'POST' });
  await save(page);
  await expect(page.locator('.tt-panel--error')).toContainText(/could not reach http:\/\/127\.0\.0\.1:\d+/);
  await expectIntact(page);
  // Nothing was saved: the agent still has its three trainings.
  expect(await api.trainings()).toHaveLength(3);
});

test('fault: connection refused', async ({ page, site, expectConsoleError }) => {
  const gone = await LocalApi.start();
  gone.stop();
  expectConsoleError(unanswered('ERR_CONNECTION_REFUSED', gone.url));
  await page.goto(`${site}/?api=${encodeURIComponent(gone.url)}&agent=${DEMO_AGENT}`);
  await fillForm(page, TYPED);
  await save(page);
  await expect(page.locator('.tt-panel--error')).toContainText(`The browser could not reach ${gone.url}`);
  await expectIntact(page);
});

test('fault: CORS refusal', async ({ page, site, expectConsoleError }) => {
  const strict = await LocalApi.start(['--no-cors']);
  // Chromium says why, then that the request failed.
  expectConsoleError(new RegExp(`^Access to fetch at '${strict.url}/api/[^']*' from origin '${site}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header`));
  expectConsoleError(unanswered('ERR_FAILED', strict.url));
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
  await api.fault('hold');
  await save(page);
  // Really in flight: the request waits in the server until released.
  await api.untilHeld(1);
  await expect(page.locator('button[type=submit]')).toHaveText('Saving…');
  await page.reload();
  await expect(page.locator('.tt-form')).toBeVisible();
  await expectIntact(page);
  // The server finishes the save the reloaded page no longer waits for.
  await api.release(1);
  await expect.poll(async () => (await api.trainings()).filter((t) => t.subject === TYPED.subject).length).toBe(1);
  // Saved once: the reload sent nothing again, and what was typed is still in
  // the form, to be saved again or cleared (the page never heard the answer).
  expect((await api.apiRequests()).filter((r) => r.method === 'POST')).toHaveLength(1);
  await expectIntact(page);
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
