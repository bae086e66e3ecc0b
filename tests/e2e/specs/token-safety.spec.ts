// Token safety (issue 17): which API origins a link may point the page at,
// host pages that never read the query, redirects that are not followed,
// bodies that are not read whole, and 422s that cannot freeze the tab.
import { test, expect, answered, fillForm, startStatic, LocalApi, DIST, DEMO_TOKEN, DEMO_AGENT } from '../support/fixtures';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';

const EVIL = 'https://app.talkover.ai.evil.example';

/** A copy of dist/ with `edit` applied to it, served like any static host. */
async function servedCopy(edit: (dir: string) => void) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tt-dist-'));
  cpSync(DIST, dir, { recursive: true });
  edit(dir);
  const { url, server } = await startStatic(dir);
  return { url, close: () => (server.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** Every request the page makes, to check where nothing may go. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

test('a link to an API origin that is not allowed: the page says so, shows no token field, and sends nothing', async ({ page, site }) => {
  const urls = recordRequests(page);
  await page.goto(`${site}/?${new URLSearchParams({ api: EVIL, agent: DEMO_AGENT })}`);
  const refusal = page.getByRole('alert');
  await expect(refusal).toContainText('This form is not set up correctly');
  await expect(refusal).toContainText(`does not send API tokens to ${EVIL}`);
  await expect(refusal).toContainText('talkover-api-origins');
  await expect(page.getByLabel('API token')).toHaveCount(0);
  // The user fills and submits everything anyway.
  await fillForm(page, { subject: 'Hello', instructions: 'Be nice.' });
  // Save says it is unavailable (aria-disabled): click it anyway, and press Enter in a field.
  await page.getByRole('button', { name: 'Save training' }).click({ force: true });
  await page.getByLabel('Subject').press('Enter');
  await page.waitForTimeout(500);
  expect(urls.filter((u) => u.startsWith(EVIL))).toEqual([]);
  expect(urls.filter((u) => !u.startsWith(site))).toEqual([]);
});

test('an origin the deployer lists beside index.html is accepted from a link', async ({ page }) => {
  const staging = 'https://staging.example.com';
  const copy = await servedCopy((dir) => {
    const index = path.join(dir, 'index.html');
    const html = readFileSync(index, 'utf8').replace(
      '<meta name="talkover-api-origins" content="" />',
      `<meta name="talkover-api-origins" content="${staging}" />`,
    );
    expect(html).toContain(staging);
    writeFileSync(index, html);
  });
  try {
    await page.goto(`${copy.url}/?${new URLSearchParams({ api: `${staging}/v2/`, agent: DEMO_AGENT })}`);
    await expect(page.locator('.tt-api')).toHaveText(`Saving to ${staging}/v2`);
    await expect(page.getByLabel('API token')).toBeVisible();
    await expect(page.locator('.tt-form [role=alert]')).toHaveCount(0);
    // …and still not one that is not listed.
    await page.goto(`${copy.url}/?${new URLSearchParams({ api: EVIL })}`);
    await expect(page.getByRole('alert')).toContainText(EVIL);
  } finally {
    copy.close();
  }
});

test("a host page whose mount point comes late never reads the host page's query", async ({ page, api }) => {
  const copy = await servedCopy((dir) => {
    writeFileSync(
      path.join(dir, 'host.html'),
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,"></head>' +
        '<body><h1>Host dashboard</h1><script type="module" src="talkover-training.js"></script></body></html>',
    );
  });
  try {
    const urls = recordRequests(page);
    // A link that tries to point the form at another API.
    await page.goto(`${copy.url}/host.html?${new URLSearchParams({ api: api.url, agent: DEMO_AGENT })}`);
    await page.waitForFunction(() => customElements.get('talkover-training-form') !== undefined);
    // No mount point: no form (a single-page app adds its element later).
    await expect(page.locator('.tt-form')).toHaveCount(0);
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('div'), { id: 'late' })));
    await page.evaluate(() => document.getElementById('late')!.setAttribute('data-talkover-training', ''));
    await expect(page.locator('#late form.tt-form')).toBeVisible();
    await expect(page.locator('.tt-api')).toHaveText('Saving to https://app.talkover.ai');
    await expect(page.locator('input[name=agent_id]')).toHaveValue('');
    expect(urls.filter((u) => u.startsWith(api.url))).toEqual([]);
  } finally {
    copy.close();
  }
});

test('the token field is not offered to password managers', async ({ openForm }) => {
  const page = await openForm();
  const token = page.getByLabel('API token');
  await expect(token).toHaveAttribute('autocomplete', 'off');
  await expect(token).toHaveAttribute('spellcheck', 'false');
  await expect(token).toHaveAttribute('data-1p-ignore', '');
  await expect(token).toHaveAttribute('data-lpignore', 'true');
  await expect(token).toHaveAttribute('data-bwignore', 'true');
});

test('a redirect from the API is reported, and nothing is re-sent to where it points', async ({ openForm, page, api }) => {
  const elsewhere = await LocalApi.start();
  try {
    await openForm();
    await fillForm(page, { subject: 'Redirected', instructions: 'Not there.', token: DEMO_TOKEN });
    await api.fault('redirect', { location: `${elsewhere.url}/api/v1/agents/${DEMO_AGENT}/trainings`, status: 307 });
    await page.getByRole('button', { name: 'Save training' }).click();
    const panel = page.locator('.tt-panel--error');
    await expect(panel).toContainText('The API redirected the request');
    await expect(panel).toContainText('does not follow redirects');
    await expect(page.getByLabel('Subject')).toHaveValue('Redirected');
    await page.waitForTimeout(300);
    expect(await elsewhere.apiRequests()).toEqual([]);
    expect((await api.apiRequests()).filter((r) => r.method === 'POST')).toHaveLength(1);
  } finally {
    elsewhere.stop();
  }
});

for (const chunked of [false, true]) {
  test(`a 5 MiB error body${chunked ? ' without Content-Length' : ''} is refused unread, and the page stays alive`, async ({ openForm, page, api, expectConsoleError }) => {
    expectConsoleError(answered(500, api.url));
    await openForm();
    await fillForm(page, { subject: 'Big answer', instructions: 'x', token: DEMO_TOKEN });
    await api.fault('huge-body', { status: 500, bytes: 5 * 1024 * 1024, chunked });
    await page.getByRole('button', { name: 'Save training' }).click();
    await expect(page.locator('.tt-panel--error')).toContainText('larger than 1 MiB, so it was not read');
    // Alive: it answers typing at once, and saves once the server is well.
    await page.getByLabel('Subject').fill('Big answer, again');
    await expect(page.locator('.tt-character-count')).toHaveText('You have 238 characters remaining');
    await page.getByRole('button', { name: 'Save training' }).click();
    await expect(page.locator('.tt-panel--success')).toBeVisible();
  });
}

test('a 422 with 10,000 fields shows a capped summary and the page stays responsive', async ({ openForm, page, api, expectConsoleError }) => {
  expectConsoleError(answered(422, api.url));
  await openForm();
  await fillForm(page, { subject: 'Many', instructions: 'x', token: DEMO_TOKEN });
  await api.fault('many-fields', { fields: 10000 });
  await page.getByRole('button', { name: 'Save training' }).click();
  const summary = page.locator('.tt-error-summary');
  await expect(summary).toBeVisible();
  await expect(summary.locator('li')).toHaveCount(50);
  await expect(summary).toContainText('The server sent 9950 more errors, not shown here.');
  const started = Date.now();
  await page.getByLabel('Instructions').fill('Still typing.');
  await expect(page.getByLabel('Instructions')).toHaveValue('Still typing.');
  expect(Date.now() - started, 'typing after the 422 (ms)').toBeLessThan(1000);
});
