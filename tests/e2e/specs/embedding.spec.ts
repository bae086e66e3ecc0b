// Embedding: two forms in a host dashboard page, events to the host, styles
// that neither leak out nor let the host's in.
import { test, expect, answered, LocalApi, DEMO_TOKEN, DEMO_AGENT, EMPTY_AGENT } from '../support/fixtures';
import type { Page } from '@playwright/test';

type HostEvent = { type: string; target: string; detail: Record<string, unknown> };
const hostEvents = (page: Page) => page.evaluate(() => (window as unknown as { hostEvents: HostEvent[] }).hostEvents);

async function openDashboard(page: Page, site: string, api: LocalApi) {
  await page.goto(`${site}/examples/dashboard.html?api=${encodeURIComponent(api.url)}`);
  await expect(page.locator('#form-a form.tt-form')).toBeVisible();
  await expect(page.locator('#form-b form.tt-form')).toBeVisible();
}

test('two embedded forms save independently and the host hears each event', async ({ page, site, api, expectConsoleError }) => {
  expectConsoleError(answered(500, api.url));
  await openDashboard(page, site, api);
  const a = page.locator('#form-a');
  const b = page.locator('#form-b');
  await expect(a.locator('input[name=agent_id]')).toHaveValue(DEMO_AGENT);
  await expect(a.locator('input[name=agent_id]')).toHaveAttribute('readonly', '');
  await expect(b.locator('input[name=agent_id]')).toHaveValue(EMPTY_AGENT);
  await expect(b.getByLabel('Inactive')).toBeChecked();

  await a.getByLabel('Subject').fill('Greeting');
  await a.getByLabel('Instructions').fill('Say hello.');
  await a.getByLabel('API token').fill(DEMO_TOKEN);
  await b.getByRole('button', { name: 'Save training' }).click();
  await expect(b.locator('.tt-error-summary')).toBeVisible();
  await expect(a.locator('.tt-error-summary')).toHaveCount(0);
  await a.getByRole('button', { name: 'Save training' }).click();
  await expect(a.locator('.tt-panel--success')).toBeVisible();
  await expect(b.locator('.tt-panel--success')).toHaveCount(0);
  await expect(b.locator('.tt-error-summary')).toBeVisible();

  await b.getByLabel('Subject').fill('Later');
  await b.getByLabel('Instructions').fill('Not yet.');
  await b.getByLabel('API token').fill(DEMO_TOKEN);
  await api.fault('500');
  await b.getByRole('button', { name: 'Save training' }).click();
  await expect(b.locator('.tt-panel--error')).toBeVisible();
  await b.getByRole('button', { name: 'Save training' }).click();
  await expect(b.locator('.tt-panel--success')).toContainText('inactive');

  const events = await hostEvents(page);
  expect(events.map((e) => `${e.type} #${e.target}`)).toEqual([
    'talkover:validation-failed #form-b',
    'talkover:training-saved #form-a',
    'talkover:request-failed #form-b',
    'talkover:training-saved #form-b',
  ]);
  expect(events[0].detail).toMatchObject({ source: 'client', errors: { subject: ['The subject field is required.'] } });
  expect(events[1].detail).toMatchObject({ subject: 'Greeting', instructions: 'Say hello.', current_status: 'active' });
  expect(events[2].detail).toMatchObject({ status: 500 });
  expect(JSON.stringify(events)).not.toContain(DEMO_TOKEN);
  const sent = await api.apiRequests();
  expect(sent.map((r) => r.path)).toEqual([
    `/api/v1/agents/${DEMO_AGENT}/trainings`,
    `/api/v1/agents/${EMPTY_AGENT}/trainings`,
    `/api/v1/agents/${EMPTY_AGENT}/trainings`,
  ]);
});

test('the host keeps its styles and the form keeps its own', async ({ page, site, api }) => {
  await openDashboard(page, site, api);
  const style = (selector: string, prop: string) =>
    page.locator(selector).first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), prop);
  // The host's rules still apply to the host's elements.
  expect(await style('label[for=host-q]', 'color')).toBe('rgb(106, 27, 154)');
  expect(await style('#host-q', 'border-top-style')).toBe('dashed');
  expect(await style('.host-card h2', 'text-transform')).toBe('uppercase');
  expect(await style('.host-intro', 'font-family')).toContain('Georgia');
  // …and do not reach into the form.
  expect(await style('#form-a .tt-label', 'color')).not.toBe('rgb(106, 27, 154)');
  expect(await style('#form-a .tt-label', 'font-style')).toBe('normal');
  expect(await style('#form-a .tt-input', 'border-top-style')).toBe('solid');
  expect(await style('#form-a .tt-input', 'font-family')).not.toContain('Georgia');
  await page.setViewportSize({ width: 1100, height: 1400 });
  await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
});

test('readable from 320 px wide: no instance, and not the page, scrolls sideways', async ({ page, site, api }) => {
  await page.setViewportSize({ width: 320, height: 800 });
  await openDashboard(page, site, api);
  for (const id of ['#form-a', '#form-b']) {
    const overflow = await page.locator(`${id} .tt-root`).evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow, id).toBeLessThanOrEqual(0);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  // The standalone page with the workspace and its list, too.
  await page.goto(`${site}/?${new URLSearchParams({ api: api.url, agent: DEMO_AGENT, workspace: '' })}`);
  await page.getByLabel('API token').fill(DEMO_TOKEN);
  await expect(page.locator('.tt-training-row')).toHaveCount(3);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  const rootOverflow = await page.locator('.tt-root').evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(rootOverflow).toBeLessThanOrEqual(0);
});

test('two forms for the same API origin share one token: entered once, forgotten everywhere', async ({ page, site, api }) => {
  await openDashboard(page, site, api);
  const a = page.locator('#form-a');
  const b = page.locator('#form-b');
  await a.getByLabel('API token').fill(DEMO_TOKEN);
  await expect(b.getByLabel('API token')).toHaveValue(DEMO_TOKEN);
  // B saves with the token typed in A.
  await b.getByLabel('Subject').fill('Shared');
  await b.getByLabel('Instructions').fill('One token.');
  await b.getByRole('button', { name: 'Save training' }).click();
  await expect(b.locator('.tt-panel--success')).toBeVisible();
  const [saved] = (await api.apiRequests()).filter((r) => r.method === 'POST');
  expect(saved.authorization).toBe(`Bearer ${DEMO_TOKEN}`);

  // Forget in B: gone from A too, and from the tab's storage.
  await b.getByRole('button', { name: 'Forget token' }).click();
  await expect(a.getByLabel('API token')).toHaveValue('');
  await expect(b.getByLabel('API token')).toHaveValue('');
  expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).not.toContain(DEMO_TOKEN);
  await a.getByLabel('Subject').fill('After forgetting');
  await a.getByLabel('Instructions').fill('x');
  await a.getByRole('button', { name: 'Save training' }).click();
  await expect(a.locator('.tt-error-summary')).toContainText('Enter your API token.');
  expect((await api.apiRequests()).filter((r) => r.method === 'POST')).toHaveLength(1);
});
