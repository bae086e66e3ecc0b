// The form at first paint (issue 15): dist/index.html carries the form's
// markup (scripts/prerender.mjs), which takes typing before the wasm arrives,
// submits nothing, and gives way to the app keeping text, focus and caret.
import { test, expect, APP_FORM, DEMO_AGENT, DEMO_TOKEN, EMPTY_AGENT } from '../support/fixtures';
import type { Page } from '@playwright/test';

/** Holds every wasm back `ms` at the network, then serves it for real; `released` says when. */
async function holdWasm(page: Page, ms: number) {
  const state = { released: false };
  await page.route('**/*_bg.wasm', async (route) => {
    await new Promise((r) => setTimeout(r, ms));
    state.released = true;
    await route.continue();
  });
  return state;
}

/** The page's layout shifts not caused by input, from its first frame on. */
async function recordShifts(page: Page) {
  const shifts: number[] = [];
  await page.exposeFunction('reportShift', (v: number) => shifts.push(v));
  await page.addInitScript(() => {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!e.hadRecentInput) (window as unknown as { reportShift: (v: number) => void }).reportShift(e.value);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return shifts;
}

test('without JavaScript the page already shows the form, which cannot submit anything', async ({ browser, site }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${site}/`);
  for (const label of ['Agent ID', 'Node ID (optional)', 'Subject', 'Instructions', 'API token']) {
    await expect(page.getByLabel(label)).toBeVisible();
  }
  await expect(page.getByRole('button', { name: 'Save training' })).toBeVisible();
  expect(await page.locator('form').count(), 'no <form>: nothing can be submitted').toBe(0);
  const url = page.url();
  await page.getByLabel('Subject').fill('Opening hours');
  await page.getByLabel('Subject').press('Enter');
  await page.getByRole('button', { name: 'Save training' }).click();
  expect(page.url()).toBe(url);
  await expect(page.getByLabel('Subject')).toHaveValue('Opening hours');
  await context.close();
});

test('what is typed before the app mounts is kept, with focus and caret, and nothing is sent until Save', async ({ page, site, api }) => {
  // The wasm arrives 3 s late (held at the network, served for real).
  const wasm = await holdWasm(page, 3000);
  const shifts = await recordShifts(page);
  await page.goto(`${site}/?${new URLSearchParams({ api: api.url, agent: DEMO_AGENT })}`);
  const subject = page.getByLabel('Subject');
  // Where the field is on the page, and where the page is scrolled to.
  const place = () => subject.evaluate((el) => [el.getBoundingClientRect().top + window.scrollY, window.scrollY]);
  await subject.fill('Opening hours');
  await subject.press('Enter'); // implicit submission, before the app: nothing
  await page.getByLabel('API token').fill(DEMO_TOKEN);
  const instructions = page.getByLabel('Instructions');
  await instructions.fill('Open 9 to 5.');
  await instructions.press('ArrowLeft');
  await instructions.press('ArrowLeft'); // caret before "5."
  expect(wasm.released, 'typed while the wasm was held back').toBe(false);
  const before = await place();
  expect(page.url()).toContain('agent=');
  expect(page.url()).not.toContain('Opening');

  await expect(page.locator(APP_FORM)).toBeVisible({ timeout: 10_000 });
  await expect(subject).toHaveValue('Opening hours');
  await expect(instructions).toHaveValue('Open 9 to 5.');
  await expect(page.getByLabel('API token')).toHaveValue(DEMO_TOKEN);
  await expect(page.getByLabel('Agent ID')).toHaveValue(DEMO_AGENT);
  await expect(instructions).toBeFocused();
  expect(await instructions.evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd])).toEqual([10, 10]);
  expect(await place(), 'the field and the scroll position stay where they were').toEqual(before);
  expect(await api.apiRequests(), 'nothing sent before Save').toEqual([]);

  // Typing goes on where the caret was, and the app's state has it all.
  await page.keyboard.type('to ');
  await expect(instructions).toHaveValue('Open 9 to to 5.');
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.getByRole('heading', { name: /saved/i })).toBeVisible();
  const [sent] = await api.apiRequests();
  expect(JSON.parse(sent.body ?? '{}')).toMatchObject({ subject: 'Opening hours', instructions: 'Open 9 to to 5.' });
  expect(shifts.reduce((a, b) => a + b, 0), 'cumulative layout shift').toBe(0);
});

test('a field left as rendered takes what the link says; one the user typed in keeps the typing', async ({ page, site, api }) => {
  await holdWasm(page, 1500);
  await page.goto(`${site}/?${new URLSearchParams({ api: api.url, agent: DEMO_AGENT })}`);
  await page.getByLabel('Node ID (optional)').fill('node-7');
  await expect(page.locator(APP_FORM)).toBeVisible({ timeout: 10_000 });
  await expect(page.getByLabel('Agent ID')).toHaveValue(DEMO_AGENT);
  await expect(page.getByLabel('Node ID (optional)')).toHaveValue('node-7');
  await expect(page.locator('.tt-api .tt-origin')).toHaveText(new URL(api.url).origin);
});

test('workspace.html is pre-rendered with the workspace around the form', async ({ browser, site }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${site}/workspace.html`);
  await expect(page.locator('.tt-root--workspace .tt-workspace')).toBeVisible();
  await expect(page.getByLabel('Subject')).toBeVisible();
  expect(await page.locator('form').count()).toBe(0);
  await context.close();
});

// Host pages: talkover-training.js shows the same markup in each element as
// soon as it connects (scripts/embed.js, SKELETONS), with the element's own
// agent and status, and the app takes it over as above.
test('a host page shows its forms before the wasm, keeps what was typed, and does not move when they mount', async ({ page, site, api }) => {
  const wasm = await holdWasm(page, 3000);
  const shifts = await recordShifts(page);
  await page.goto(`${site}/examples/dashboard.html?api=${encodeURIComponent(api.url)}`);
  const a = page.locator('#form-a');
  const b = page.locator('#form-b');
  // Each element's own settings, before the app: its agent, locked; its status.
  await expect(a.getByLabel('Agent ID')).toHaveValue(DEMO_AGENT);
  await expect(a.getByLabel('Agent ID')).toHaveAttribute('readonly', '');
  await expect(b.getByLabel('Agent ID')).toHaveValue(EMPTY_AGENT);
  await expect(a.getByLabel('Active', { exact: true })).toBeChecked();
  await expect(b.getByLabel('Inactive')).toBeChecked();
  expect(await page.locator('form').count(), 'nothing can be submitted yet').toBe(1); // the host's search form
  const subject = b.getByLabel('Subject');
  await subject.fill('Holidays');
  await subject.press('Enter');
  const instructions = b.getByLabel('Instructions');
  await instructions.fill('Closed on 25 December.');
  await instructions.press('Home');
  const top = () => page.locator('#log-title').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  const before = await top();
  expect(wasm.released, 'typed while the wasm was held back').toBe(false);

  await expect(a.locator('form.tt-form')).toBeVisible({ timeout: 10_000 });
  await expect(b.locator('form.tt-form')).toBeVisible();
  await expect(b.getByLabel('Subject')).toHaveValue('Holidays');
  await expect(b.getByLabel('Instructions')).toHaveValue('Closed on 25 December.');
  await expect(b.getByLabel('Instructions')).toBeFocused();
  expect(await b.getByLabel('Instructions').evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd])).toEqual([0, 0]);
  await expect(b.getByLabel('Inactive')).toBeChecked();
  await expect(a.getByLabel('Active', { exact: true })).toBeChecked();
  await expect(a.locator('.tt-origin').first()).toHaveText(new URL(api.url).origin);
  expect(await top(), 'what follows the forms stays where it was').toBe(before);
  expect(await api.apiRequests(), 'nothing sent').toEqual([]);
  expect(shifts.reduce((x, y) => x + y, 0), 'cumulative layout shift').toBe(0);
  // The app has what was typed: a save sends it.
  await b.getByLabel('API token').fill(DEMO_TOKEN);
  await b.getByRole('button', { name: 'Save training' }).click();
  await expect(b.locator('.tt-panel--success')).toBeVisible();
  const [sent] = await api.apiRequests();
  expect(JSON.parse(sent.body ?? '{}')).toMatchObject({ subject: 'Holidays', instructions: 'Closed on 25 December.', current_status: 'inactive' });
});

test('an element a single-page app adds later shows the form in the same frame, before its bundle', async ({ page, site, api }) => {
  await page.goto(`${site}/examples/spa.html?api=${encodeURIComponent(api.url)}#/`);
  await page.waitForFunction(() => customElements.get('talkover-training-form') !== undefined);
  await expect(page.locator('link[data-talkover-training-css]')).toHaveCount(1);
  await page.waitForFunction(() => [...document.styleSheets].some((s) => /main-[0-9a-f]+\.css$/.test(s.href ?? '')));
  await holdWasm(page, 2000);
  // In the task that adds it: the fields are there, laid out.
  const shown = await page.evaluate(() => {
    const el = document.createElement('talkover-training-form');
    el.setAttribute('agent-id', 'agent-7');
    document.getElementById('view')!.replaceChildren(el);
    const subject = el.querySelector('input[name=subject]');
    return { subject: subject !== null, height: el.getBoundingClientRect().height, agent: el.querySelector('input[name=agent_id]')?.getAttribute('value') };
  });
  expect(shown.subject).toBe(true);
  expect(shown.height).toBeGreaterThan(400);
  expect(shown.agent).toBe('agent-7');
  await expect(page.locator('#view form.tt-form')).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('#view input[name=agent_id]')).toHaveValue('agent-7');
});

for (const [name, file] of [['the standalone page', '/'], ['a host page', '/examples/dashboard.html']]) {
  test(`${name}: the largest paint is the pre-rendered form in the first frame, not the app replacing it`, async ({ page, site, api }) => {
    await page.addInitScript(() => {
      const w = window as unknown as { lcp: number[] };
      w.lcp = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.lcp.push(e.startTime))).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    await page.goto(`${site}${file}?api=${encodeURIComponent(api.url)}`);
    await expect(page.locator(APP_FORM).first()).toBeVisible();
    await page.waitForTimeout(500);
    const { lcp, fcp } = await page.evaluate(() => ({
      lcp: (window as unknown as { lcp: number[] }).lcp,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    }));
    expect(lcp.length).toBeGreaterThan(0);
    expect(lcp, 'every Largest Contentful Paint entry is the first frame').toEqual(lcp.map(() => fcp));
  });
}
