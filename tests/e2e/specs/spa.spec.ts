// A single-page host (examples/spa.html): the form as an element that comes
// and goes with the route, <talkover-training-form> and the classic
// [data-talkover-training] div alike; attributes followed live; nothing of a
// removed instance left behind (requests, listeners, memory).
import { test, expect, LocalApi, DEMO_TOKEN, DEMO_AGENT, EMPTY_AGENT } from '../support/fixtures';
import type { Page } from '@playwright/test';
import { writeFileSync, mkdirSync } from 'node:fs';

type HostEvent = { type: string; target: string; detail: Record<string, unknown> };
const hostEvents = (page: Page) => page.evaluate(() => (window as unknown as { hostEvents: HostEvent[] }).hostEvents);

/** Opens the SPA on its overview; the module has defined the element once this returns. */
async function openSpa(page: Page, site: string, api: LocalApi, hash = '#/') {
  await page.goto(`${site}/examples/spa.html?api=${encodeURIComponent(api.url)}${hash}`);
  await page.waitForFunction(() => customElements.get('talkover-training-form') !== undefined);
}

async function go(page: Page, hash: string) {
  await page.evaluate((h) => (location.hash = h), hash);
}

test('the element added after the script loaded renders and saves; the event reaches document', async ({ page, site, api }) => {
  await openSpa(page, site, api);
  await expect(page.locator('form.tt-form')).toHaveCount(0);
  await go(page, '#/training');
  const form = page.locator('#training-form');
  // Properties set before the element was defined are kept (and reflected).
  await expect(form).toHaveAttribute('agent-id', DEMO_AGENT);
  await expect(form.locator('input[name=agent_id]')).toHaveValue(DEMO_AGENT);
  await expect(form.locator('.tt-origin').first()).toHaveText(api.url);
  await form.getByLabel('Subject').fill('From the SPA');
  await form.getByLabel('Instructions').fill('Mounted late.');
  await form.getByLabel('API token').fill(DEMO_TOKEN);
  await form.getByRole('button', { name: 'Save training' }).click();
  await expect(form.locator('.tt-panel--success')).toBeVisible();
  const events = await hostEvents(page);
  expect(events.map((e) => `${e.type} #${e.target}`)).toEqual(['talkover:training-saved #training-form']);
  expect(events[0].detail).toMatchObject({ subject: 'From the SPA' });
  // Bubbling and composed, as the declarations say.
  const flags = await page.evaluate(
    () =>
      new Promise<[boolean, boolean]>((resolve) => {
        document.addEventListener('talkover:validation-failed', (e) => resolve([e.bubbles, e.composed]), { once: true });
        document.querySelector('#training-form button[type=submit]')!.closest('form')!.requestSubmit();
      }),
  );
  expect(flags).toEqual([true, true]);
});

test('a [data-talkover-training] div added late is mounted, and unmounted when removed', async ({ page, site, api }) => {
  await openSpa(page, site, api);
  await go(page, '#/classic');
  const div = page.locator('#classic-form');
  await expect(div.locator('form.tt-form')).toBeVisible();
  await expect(div).toHaveAttribute('data-talkover-mounted', '');
  // Its data- attributes are followed too.
  await div.evaluate((el, agent) => el.setAttribute('data-agent-id', agent), EMPTY_AGENT);
  await expect(div.locator('input[name=agent_id]')).toHaveValue(EMPTY_AGENT);
  // Removed: nothing of it stays in the page, and a div kept aside is unmounted too.
  const kept = await page.evaluateHandle(() => document.getElementById('classic-form')!);
  await go(page, '#/');
  await expect(page.locator('form.tt-form')).toHaveCount(0);
  await expect.poll(() => kept.evaluate((el) => [el.childElementCount, el.hasAttribute('data-talkover-mounted')])).toEqual([0, false]);
  // Put back: mounted again.
  await page.evaluate((el) => document.getElementById('view')!.append(el), kept);
  await expect(page.locator('#classic-form form.tt-form')).toBeVisible();
});

test('changing agent-id on a live element switches the form and the workspace; each agent keeps its draft', async ({ page, site, api }) => {
  await openSpa(page, site, api, '#/training');
  const form = page.locator('#training-form');
  await expect(form.locator('form.tt-form')).toBeVisible();
  await form.getByLabel('API token').fill(DEMO_TOKEN);
  await form.getByLabel('Subject').fill('For the receptionist');
  // The workspace, asked for later: its bundle comes then, and shows the agent.
  const bundles: string[] = [];
  page.on('request', (r) => /talkover-training-workspace-[0-9a-f]+_bg\.wasm$/.test(r.url()) && bundles.push(r.url()));
  await form.evaluate((el) => el.setAttribute('workspace', ''));
  await expect(form.locator('.tt-agent-name')).toHaveText('Demo Receptionist');
  expect(bundles).toHaveLength(1);
  await expect(form.getByLabel('Subject')).toHaveValue('For the receptionist');

  await form.evaluate((el, agent) => ((el as HTMLElement & { agentId: string }).agentId = agent), EMPTY_AGENT);
  await expect(form.locator('.tt-agent-name')).toHaveText('Empty Agent');
  await expect(form.locator('input[name=agent_id]')).toHaveValue(EMPTY_AGENT);
  await expect(form.getByLabel('Subject')).toHaveValue('');
  await form.getByLabel('Subject').fill('For the empty one');

  await form.evaluate((el, agent) => el.setAttribute('agent-id', agent), DEMO_AGENT);
  await expect(form.locator('.tt-agent-name')).toHaveText('Demo Receptionist');
  await expect(form.getByLabel('Subject')).toHaveValue('For the receptionist');
  // status only: the blank form's default changes, nothing is mounted again.
  await form.getByRole('button', { name: 'Clear form' }).click();
  const input = await form.locator('input[name=subject]').elementHandle();
  await form.evaluate((el) => el.setAttribute('status', 'inactive'));
  await expect(form.getByLabel('Inactive')).toBeChecked();
  expect(await input!.evaluate((el) => el.isConnected)).toBe(true);
});

test('removed instances send nothing more: an answer in flight and a load about to start', async ({ page, site, api }) => {
  await openSpa(page, site, api, '#/training');
  const form = page.locator('#training-form');
  await form.getByLabel('Subject').fill('Slow');
  await form.getByLabel('Instructions').fill('In flight when the route changes.');
  await form.getByLabel('API token').fill(DEMO_TOKEN);
  await api.fault('delay', { delay_ms: 1500 });
  await form.getByRole('button', { name: 'Save training' }).click();
  await expect(form.getByRole('button', { name: /Saving/ })).toBeVisible();
  await go(page, '#/');
  // A workspace form whose Agent ID is typed (its list would load 400 ms
  // later), removed before that.
  await page.evaluate(() => {
    const el = document.createElement('talkover-training-form');
    el.setAttribute('workspace', '');
    el.setAttribute('api-base', new URLSearchParams(location.search).get('api')!);
    document.getElementById('view')!.append(el);
  });
  const late = page.locator('#view talkover-training-form');
  await expect(late.locator('form.tt-form')).toBeVisible();
  await late.locator('input[name=agent_id]').fill(EMPTY_AGENT);
  await late.evaluate((el) => el.remove());
  await page.waitForTimeout(2500);
  expect(await hostEvents(page), 'no event from a removed form').toEqual([]);
  const sent = await api.apiRequests();
  // At most the save that was in flight (aborted by the browser, perhaps
  // before the server read it), and nothing after it: no load for the agent typed.
  expect(sent.filter((r) => r.method !== 'POST')).toEqual([]);
  expect(sent.length).toBeLessThanOrEqual(1);
  await page.waitForTimeout(1000);
  expect(await api.apiRequests()).toHaveLength(sent.length);
});

test('200 route changes: one form, no errors, and the heap and window listeners stay flat', async ({ page, site, api }) => {
  test.setTimeout(120_000);
  await openSpa(page, site, api, '#/training');
  await expect(page.locator('#training-form form.tt-form')).toBeVisible();
  await page.locator('#training-form').getByLabel('API token').fill(DEMO_TOKEN);
  const cdp = await page.context().newCDPSession(page);
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const listeners: Record<string, number> = {};
    for (const what of ['window', 'document']) {
      const { result } = await cdp.send('Runtime.evaluate', { expression: what });
      const { listeners: l } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
      listeners[what] = l.length;
    }
    return { heap: usedSize, ...listeners };
  };
  const cycles = (n: number) =>
    page.evaluate(async (n) => {
      const until = async (done: () => boolean) => {
        while (!done()) await new Promise((r) => setTimeout(r, 0));
      };
      for (let i = 0; i < n; i++) {
        location.hash = '#/';
        await until(() => !document.querySelector('talkover-training-form'));
        location.hash = '#/training';
        await until(() => document.querySelector('#training-form form.tt-form') !== null);
      }
    }, n);
  await cycles(10); // warm-up: every code path has run once
  const before = await measure();
  await cycles(100); // 200 route changes
  const after = await measure();
  await cycles(100); // 200 more: a leak would keep growing
  const later = await measure();
  const numbers = { before, after, later, heapGrowthBytes: [after.heap - before.heap, later.heap - after.heap] };
  console.log(`spa: 200 route changes: ${JSON.stringify(numbers)}`);
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/spa-route-changes.json', JSON.stringify(numbers, null, 2));
  await expect(page.locator('form.tt-form')).toHaveCount(1);
  await expect(page.locator('[data-talkover-mounted]')).toHaveCount(1);
  expect([after.window, later.window]).toEqual([before.window, before.window]);
  expect([after.document, later.document]).toEqual([before.document, before.document]);
  // Noise is tens of KB; a form left behind per change would be MBs.
  expect(after.heap - before.heap).toBeLessThan(512 * 1024);
  expect(later.heap - after.heap).toBeLessThan(512 * 1024);
  // The token entered once is still there, for the 101st form too.
  await expect(page.locator('#training-form').getByLabel('API token')).toHaveValue(DEMO_TOKEN);
  expect(await api.apiRequests()).toEqual([]);
});

test('two bundles on one page share one token per origin: typed in the form-only one, forgotten in the workspace one', async ({ page, site, api }) => {
  const wasm: string[] = [];
  page.on('request', (r) => {
    const m = /talkover-training-(form|workspace)-[0-9a-f]+_bg\.wasm$/.exec(r.url());
    if (m) wasm.push(m[1]);
  });
  await openSpa(page, site, api, '#/training');
  const plain = page.locator('#training-form');
  await expect(plain.locator('form.tt-form')).toBeVisible();
  // A second element, added later, that asks for the workspace: its bundle
  // loads beside the first one, which stays mounted in the smaller bundle.
  await page.evaluate((agent) => {
    const el = document.createElement('talkover-training-form');
    el.id = 'with-workspace';
    el.setAttribute('workspace', '');
    el.setAttribute('lock-agent', '');
    el.setAttribute('agent-id', agent);
    el.setAttribute('api-base', new URLSearchParams(location.search).get('api')!);
    document.getElementById('view')!.append(el);
  }, DEMO_AGENT);
  const rich = page.locator('#with-workspace');
  await expect(rich.locator('.tt-workspace')).toBeVisible();
  expect(wasm.sort()).toEqual(['form', 'workspace']);

  // Typed once, in the form-only bundle: the workspace bundle's instance has
  // it and loads the agent with it.
  await plain.getByLabel('API token').fill(DEMO_TOKEN);
  await expect(rich.getByLabel('API token')).toHaveValue(DEMO_TOKEN);
  await expect(rich.locator('.tt-agent-name')).toHaveText('Demo Receptionist');
  const loads = (await api.apiRequests()).filter((r) => r.method === 'GET');
  expect(loads.length).toBeGreaterThan(0);
  for (const r of loads) expect(r.authorization).toBe(`Bearer ${DEMO_TOKEN}`);

  // Forgotten in the workspace bundle: gone from the other bundle and the tab.
  await rich.getByRole('button', { name: 'Forget token' }).click();
  await expect(plain.getByLabel('API token')).toHaveValue('');
  await expect(rich.getByLabel('API token')).toHaveValue('');
  expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).not.toContain(DEMO_TOKEN);
  // And the form-only one asks for it again instead of sending the old one.
  await plain.getByLabel('Subject').fill('After forgetting');
  await plain.getByLabel('Instructions').fill('x');
  await plain.getByRole('button', { name: 'Save training' }).click();
  await expect(plain.locator('.tt-error-summary')).toContainText('Enter your API token.');
  expect((await api.apiRequests()).filter((r) => r.method === 'POST')).toEqual([]);
  // A token typed again in the workspace one reaches the form-only one.
  await rich.getByLabel('API token').fill(DEMO_TOKEN);
  await expect(plain.getByLabel('API token')).toHaveValue(DEMO_TOKEN);
});
