// Token safety, XSS, and ids that cannot change the request path (issue 6).
import { test, expect, answered, fillForm, LocalApi, DEMO_TOKEN, DEMO_AGENT } from '../support/fixtures';
import { createServer, Server } from 'node:http';
import type { Page } from '@playwright/test';

test('the token goes nowhere but its input and the Authorization header of its API origin', async ({ openForm, api, page, site, expectConsoleError }) => {
  expectConsoleError(answered(500, api.url));
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  const requests: { url: string; auth?: string }[] = [];
  page.on('request', (r) => requests.push({ url: r.url(), auth: r.headers()['authorization'] }));
  await openForm();
  await fillForm(page, { subject: 'Token test', instructions: 'x', token: DEMO_TOKEN });
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.locator('.tt-panel--success')).toBeVisible();
  // A failure too: its message must not repeat the token.
  await fillForm(page, { subject: 'Again', instructions: 'x' });
  await api.fault('500');
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.locator('.tt-panel--error')).toBeVisible();

  expect(page.url()).not.toContain(DEMO_TOKEN);
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(DEMO_TOKEN);
  expect(await page.context().cookies()).toEqual([]);
  const dom = await page.evaluate(() => document.documentElement.outerHTML);
  expect(dom).not.toContain(DEMO_TOKEN);
  const textOutsideInput = await page.evaluate(() => document.body.innerText);
  expect(textOutsideInput).not.toContain(DEMO_TOKEN);
  expect(consoleLines.join('\n')).not.toContain(DEMO_TOKEN);
  for (const r of requests) {
    if (r.auth !== undefined) expect(r.url.startsWith(api.url + '/api/'), r.url).toBeTruthy();
    expect(r.url).not.toContain(DEMO_TOKEN);
  }
  expect(requests.filter((r) => r.auth === `Bearer ${DEMO_TOKEN}`).length).toBe(2);

  // A link to the same page with another API origin: the token is not offered to it.
  const elsewhere = await LocalApi.start();
  try {
    await page.goto(`${site}/?api=${encodeURIComponent(elsewhere.url)}&agent=${DEMO_AGENT}`);
    await expect(page.getByLabel('API token')).toHaveValue('');
    await expect(page.locator('.tt-origin').last()).toHaveText(elsewhere.url);
    await fillForm(page, { subject: 'Elsewhere', instructions: 'x' });
    await page.getByRole('button', { name: 'Save training' }).click();
    await expect(page.locator('.tt-error-summary')).toContainText('Enter your API token.');
    expect(await elsewhere.apiRequests()).toEqual([]);
    expect(requests.filter((r) => r.url.startsWith(elsewhere.url))).toEqual([]);
  } finally {
    elsewhere.stop();
  }
});

/** Everywhere the token must not be: any control's value but its own field,
 *  any attribute, any sessionStorage entry but its own key, any host event. */
async function expectTokenContained(page: Page, token: string, where: string) {
  const found = await page.evaluate((token) => {
    const hits: string[] = [];
    document.querySelectorAll('input, textarea, select').forEach((el) => {
      const c = el as HTMLInputElement;
      if (c.name !== 'token' && c.value.includes(token)) hits.push(`value of ${c.name || c.id}`);
    });
    document.querySelectorAll('*').forEach((el) => {
      for (const a of Array.from(el.attributes)) if (a.value.includes(token)) hits.push(`attribute ${a.name} of ${el.tagName}`);
    });
    for (const [k, v] of Object.entries(sessionStorage)) {
      if (!k.startsWith('talkover.token:') && (k.includes(token) || v.includes(token))) hits.push(`sessionStorage ${k}`);
    }
    const events = (window as unknown as { hostEvents?: unknown[] }).hostEvents ?? [];
    if (JSON.stringify(events).includes(token)) hits.push('a host event');
    if (document.body.innerText.includes(token)) hits.push('the page text');
    return hits;
  }, token);
  expect(found, `the token leaked ${where}`).toEqual([]);
}

test('the token is in no other control, attribute, storage entry, event or request, after a 401, a 422 and in the workspace', async ({ openForm, page, api, site, expectConsoleError }) => {
  expectConsoleError(answered(401, api.url));
  expectConsoleError(answered(422, api.url));
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(api.url) && !r.url().startsWith(site)) foreign.push(r.url());
    if (!r.url().startsWith(api.url) && (r.headers()['authorization'] ?? '').includes(DEMO_TOKEN)) foreign.push(`token to ${r.url()}`);
  });
  await openForm({ workspace: '' });
  await fillForm(page, { subject: 'Contained', instructions: 'x', token: DEMO_TOKEN });
  await expect(page.locator('.tt-training-row')).toHaveCount(3);
  await expectTokenContained(page, DEMO_TOKEN, 'in the workspace');
  await api.fault('401');
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.locator('.tt-error-summary')).toContainText('not accepted');
  await expectTokenContained(page, DEMO_TOKEN, 'after a 401');
  await api.fault('422-unknown-field');
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.locator('.tt-error-summary')).toContainText('priority');
  await expectTokenContained(page, DEMO_TOKEN, 'after a 422');
  // The request bodies never carry it either.
  for (const r of await api.apiRequests()) expect(r.body ?? '', r.path).not.toContain(DEMO_TOKEN);
  expect(foreign).toEqual([]);
});

const WEIRD_ID = 't/../x?y=1#z%';

/** A server of ours that answers with hostile text, to prove it renders as text. */
async function hostileServer(): Promise<{ url: string; server: Server; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Headers': 'authorization, content-type, accept',
      'Access-Control-Allow-Methods': 'GET, POST, DELETE',
    };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    paths.push(req.url ?? '');
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { ...cors, 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method === 'GET' && req.url?.endsWith('/trainings')) {
        return json(200, { success: true, data: [{ id: WEIRD_ID, subject: 'Weird id', instructions: 'x', current_status: 'active', created_at: '2024-01-15T10:30:00Z', updated_at: '2024-01-15T12:00:00Z' }] });
      }
      if (req.method === 'GET') {
        return json(200, { success: true, data: { id: 'a1', name: 'Hostile agent', current_status: 'draft', is_ready_to_publish: true } });
      }
      if (req.method === 'DELETE') return json(200, { success: true, message: 'Agent training deleted successfully' });
      const sent = body ? JSON.parse(body) : {};
      if (sent.subject === 'server-error') {
        res.writeHead(500, { ...cors, 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ success: false, message: '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><a href="javascript:window.__xss=3">click</a>' }));
      }
      if (sent.subject === 'invalid') {
        res.writeHead(422, { ...cors, 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ success: false, message: 'x', errors: { subject: ['<script>window.__xss=4</script>'], '<img src=x onerror=window.__xss=5>': ['<b>bold</b>'] } }));
      }
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ success: true, message: 'ok', data: { id: '<img src=x onerror=window.__xss=6>', subject: sent.subject, instructions: sent.instructions, current_status: 'active', created_at: '<script>window.__xss=7</script>', updated_at: '2024-01-15T12:00:00Z' } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, paths };
}

test('server text and training text render as text; nothing executes', async ({ page, site, expectConsoleError }) => {
  const hostile = await hostileServer();
  expectConsoleError(answered(500, hostile.url));
  expectConsoleError(answered(422, hostile.url));
  try {
    await page.goto(`${site}/?api=${encodeURIComponent(hostile.url)}&agent=a1`);
    const xss = () => page.evaluate(() => (window as unknown as { __xss?: number }).__xss);
    await fillForm(page, { subject: '<img src=x onerror="window.__xss=8">', instructions: '<script>window.__xss=9</script>', token: DEMO_TOKEN });
    await page.getByRole('button', { name: 'Save training' }).click();
    await expect(page.locator('.tt-saved-subject')).toHaveText('<img src=x onerror="window.__xss=8">');
    await expect(page.locator('.tt-saved-id')).toHaveText('<img src=x onerror=window.__xss=6>');
    await fillForm(page, { subject: 'server-error', instructions: 'x' });
    await page.getByRole('button', { name: 'Save training' }).click();
    await expect(page.locator('.tt-panel--error')).toContainText('<script>window.__xss=2</script>');
    await fillForm(page, { subject: 'invalid', instructions: 'x' });
    await page.getByRole('button', { name: 'Save training' }).click();
    await expect(page.locator('.tt-error-summary')).toContainText('<script>window.__xss=4</script>');
    await expect(page.locator('.tt-error-summary')).toContainText('<b>bold</b>');
    await page.waitForTimeout(300);
    expect(await xss()).toBeUndefined();
    expect(await page.locator('.tt-root img, .tt-root script, .tt-root b, .tt-root a[href^="javascript:"]').count()).toBe(0);
  } finally {
    hostile.server.close();
  }
});

test('agent ids with / .. ? # % stay one path segment', async ({ page, site }) => {
  const hostile = await hostileServer();
  try {
    for (const [agent, expected] of [
      ['a/b', '/api/v1/agents/a%2Fb/trainings'],
      ['../x?y=1#z', '/api/v1/agents/..%2Fx%3Fy%3D1%23z/trainings'],
      ['100%', '/api/v1/agents/100%25/trainings'],
    ]) {
      await page.goto(`${site}/?api=${encodeURIComponent(hostile.url)}&agent=${encodeURIComponent(agent)}`);
      await expect(page.getByLabel('Agent ID')).toHaveValue(agent);
      await fillForm(page, { subject: 'ok', instructions: 'x', token: DEMO_TOKEN });
      await page.getByRole('button', { name: 'Save training' }).click();
      await expect(page.locator('.tt-panel--success')).toBeVisible();
      expect(hostile.paths.at(-1)).toBe(expected);
    }
    // `..` cannot travel as a segment (browsers read %2E as a dot): refused before sending.
    const sent = hostile.paths.length;
    for (const agent of ['..', '.']) {
      await page.goto(`${site}/?api=${encodeURIComponent(hostile.url)}&agent=${encodeURIComponent(agent)}`);
      await fillForm(page, { subject: 'ok', instructions: 'x', token: DEMO_TOKEN });
      await page.getByRole('button', { name: 'Save training' }).click();
      await expect(page.locator('.tt-error-summary')).toContainText('Enter a valid agent ID');
    }
    expect(hostile.paths.length).toBe(sent);
  } finally {
    hostile.server.close();
  }
});

test('a training id with / .. ? # % stays one path segment in DELETE', async ({ page, site }) => {
  const hostile = await hostileServer();
  try {
    await page.goto(`${site}/?api=${encodeURIComponent(hostile.url)}&agent=a1&workspace`);
    await page.getByLabel('API token').fill(DEMO_TOKEN);
    await page.getByRole('button', { name: /Delete.*Weird id/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, delete it' }).click();
    await expect(page.locator('.tt-workspace [role=status]')).toContainText('Deleted');
    expect(hostile.paths.filter((p) => p.includes('/trainings/'))).toEqual(['/api/v1/agents/a1/trainings/t%2F..%2Fx%3Fy%3D1%23z%25']);
  } finally {
    hostile.server.close();
  }
});
