// The form at first paint (issue 15): dist/index.html carries the form's
// markup (scripts/prerender.mjs), which takes typing before the wasm arrives,
// submits nothing, and gives way to the app keeping text, focus and caret.
import { test, expect, APP_FORM, DEMO_AGENT, DEMO_TOKEN } from '../support/fixtures';

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
  let released = false;
  await page.route('**/*_bg.wasm', async (route) => {
    await new Promise((r) => setTimeout(r, 3000));
    released = true;
    await route.continue();
  });
  const shifts: number[] = [];
  await page.exposeFunction('reportShift', (v: number) => shifts.push(v));
  await page.addInitScript(() => {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!e.hadRecentInput) (window as unknown as { reportShift: (v: number) => void }).reportShift(e.value);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
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
  expect(released, 'typed while the wasm was held back').toBe(false);
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
  await page.route('**/*_bg.wasm', async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
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
