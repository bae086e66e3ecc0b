// The agent workspace (issue 7): list, filter, edit, delete, publish, failures.
import { test, expect, fillForm, formValues, answered, unanswered, DEMO_TOKEN, DEMO_AGENT, EMPTY_AGENT } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import type { Page } from '@playwright/test';

async function openWorkspace(openForm: (q?: Record<string, string>) => Promise<Page>, agent = DEMO_AGENT) {
  const page = await openForm({ workspace: '', agent });
  // The user was told "Trainings appear here once your API token is entered":
  // typing it is enough, nothing else is pressed.
  await page.getByLabel('API token').fill(DEMO_TOKEN);
  await expect(page.locator('.tt-agent-name')).not.toHaveText('Agent');
  return page;
}

const rows = (page: Page) => page.locator('.tt-training-row .tt-training-subject');

test('shows the agent, its trainings and a filter', async ({ openForm }) => {
  const page = await openWorkspace(openForm);
  await expect(page.locator('.tt-agent-name')).toHaveText('Demo Receptionist');
  await expect(page.locator('.tt-badge')).toHaveText('published');
  await expect(rows(page)).toHaveText(['Product Knowledge', 'Customer Service Best Practices', 'Technical Support']);
  await page.getByRole('button', { name: 'Inactive', exact: true }).click();
  await expect(rows(page)).toHaveText(['Technical Support']);
  await page.getByRole('button', { name: 'Active', exact: true }).click();
  await expect(rows(page)).toHaveCount(2);
  await expectNoAxeViolations(page, 'workspace');
});

test('an agent without training invites the first one, and cannot be published', async ({ openForm, api, expectConsoleError }) => {
  expectConsoleError(answered(422, api.url));
  const page = await openWorkspace(openForm, EMPTY_AGENT);
  await expect(page.locator('.tt-empty')).toContainText('no training yet');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.locator('.tt-workspace .tt-panel--error')).toContainText('not ready to publish');
  await expectNoAxeViolations(page, 'workspace-error');
});

test('editing an entry whose node id is unknown creates a new one, then deletes the old', async ({ openForm, api }) => {
  const page = await openWorkspace(openForm);
  await page.getByRole('button', { name: /Edit.*Technical Support/ }).click();
  await expect(page.locator('.tt-edit-notice')).toContainText('saving creates a new entry');
  await expect(page.getByLabel('Subject')).toHaveValue('Technical Support');
  await expect(page.getByLabel('Inactive')).toBeChecked();
  await page.getByLabel('Subject').fill('Technical Support v2');
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.locator('.tt-replace-note')).toContainText('The old entry “Technical Support” was deleted.');
  await expect(rows(page)).toHaveText(['Product Knowledge', 'Customer Service Best Practices', 'Technical Support v2']);
  await expect(page.locator('.tt-agent-status')).toContainText('draft — publish to make it live');
  const sent = await api.apiRequests();
  expect(sent.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([
    `POST /api/v1/agents/${DEMO_AGENT}/trainings`,
    `DELETE /api/v1/agents/${DEMO_AGENT}/trainings/0b6f1a52-6d3e-4c8e-9a59-2f0c8d1e7a03`,
  ]);
});

test('editing an entry saved here with a node id updates it in place', async ({ openForm }) => {
  const page = await openWorkspace(openForm);
  await fillForm(page, { nodeId: 'faq-hours', subject: 'Opening hours', instructions: '9 to 5.' });
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(rows(page)).toHaveCount(4);
  const id = await page.locator('.tt-saved-id').textContent();
  await page.getByRole('button', { name: /Edit.*Opening hours/ }).click();
  await expect(page.locator('.tt-edit-notice')).toContainText('Saving updates the training with Node ID “faq-hours”');
  await expect(page.getByLabel('Node ID (optional)')).toHaveValue('faq-hours');
  await page.getByLabel('Instructions').fill('9 to 6.');
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.locator('.tt-saved-id')).toHaveText(id!);
  await expect(rows(page)).toHaveCount(4);
});

test('delete asks first, naming the training', async ({ openForm, api }) => {
  const page = await openWorkspace(openForm);
  await page.getByRole('button', { name: /Delete.*Product Knowledge/ }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('Delete the training “Product Knowledge”? This cannot be undone.');
  // Focus moves into the question (onto it, or onto its safe answer).
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('[role=alertdialog]'))).toBe(true);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(rows(page)).toHaveCount(3);
  await expect(page.getByRole('button', { name: /Delete.*Product Knowledge/ })).toBeFocused();
  expect((await api.apiRequests()).filter((r) => r.method === 'DELETE')).toEqual([]);
  await page.getByRole('button', { name: /Delete.*Product Knowledge/ }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(rows(page)).toHaveText(['Customer Service Best Practices', 'Technical Support']);
  await expect(page.locator('.tt-agent-status')).toContainText('draft');
});

test('publish and unpublish', async ({ openForm }) => {
  const page = await openWorkspace(openForm);
  await page.getByRole('button', { name: 'Unpublish' }).click();
  await expect(page.locator('.tt-badge')).toHaveText('draft');
  await expect(page.locator('.tt-agent-status')).toContainText('publish to make it live');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.locator('.tt-badge')).toHaveText('published');
});

for (const [name, fault, message] of [
  ['401', '401', /API token was not accepted/],
  ['403', '403', /not authorized/],
  ['404', '404', /Agent not found/],
  ['500', '500', /HTTP 500/],
  ['network', 'drop', /could not reach/],
] as const) {
  test(`list failure ${name}: a clear message, and the form keeps its text`, async ({ openForm, api, expectConsoleError }) => {
    expectConsoleError(fault === 'drop' ? unanswered('ERR_EMPTY_RESPONSE', api.url) : answered(Number(fault), api.url));
    // Armed first: the list loads by itself once the token is typed (Chromium may retry a dropped GET).
    await api.fault(fault, { times: 10, method: 'GET' });
    const page = await openForm({ workspace: '' });
    await fillForm(page, { subject: 'Keep me', instructions: 'Me too', token: DEMO_TOKEN });
    await expect(page.locator('.tt-workspace .tt-panel--error')).toContainText(message);
    await expect(page.locator('.tt-workspace')).not.toHaveAttribute('aria-busy', 'true');
    const v = await formValues(page);
    expect([v.subject, v.instructions, v.token]).toEqual(['Keep me', 'Me too', DEMO_TOKEN]);
  });
}

test('delete and publish failures are explained too', async ({ openForm, api, expectConsoleError }) => {
  expectConsoleError(answered(500, api.url));
  expectConsoleError(answered(403, api.url));
  const page = await openWorkspace(openForm);
  await api.fault('500', { method: 'DELETE' });
  await page.getByRole('button', { name: /Delete.*Technical Support/ }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(page.locator('.tt-workspace .tt-panel--error')).toContainText('HTTP 500');
  await expect(rows(page)).toHaveCount(3);
  await api.fault('403', { path_contains: '/publish' });
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.locator('.tt-workspace .tt-panel--error')).toContainText('not authorized');
});

// Issue 12: the workspace as a state machine.

const loads = async (api: { apiRequests: () => Promise<{ method: string; path: string }[]> }) =>
  (await api.apiRequests()).filter((r) => r.method === 'GET').map((r) => r.path);

test('the list appears once the token is typed, without pressing Refresh list, after one load', async ({ openForm, api }) => {
  const page = await openForm({ workspace: '', agent: DEMO_AGENT });
  await expect(page.locator('.tt-workspace .tt-hint')).toHaveText('Trainings appear here once your API token is entered.');
  expect(await api.apiRequests()).toEqual([]);
  // Key by key, as a user types: the workspace waits for the typing to pause.
  await page.getByLabel('API token').pressSequentially(DEMO_TOKEN, { delay: 30 });
  await expect(page.locator('.tt-agent-name')).toHaveText('Demo Receptionist');
  await expect(rows(page)).toHaveText(['Product Knowledge', 'Customer Service Best Practices', 'Technical Support']);
  await expect(page.locator('.tt-workspace')).not.toHaveAttribute('aria-busy', 'true');
  expect((await loads(api)).sort()).toEqual([`/api/v1/agents/${DEMO_AGENT}`, `/api/v1/agents/${DEMO_AGENT}/trainings`]);
});

test('changing the Agent ID reloads the workspace for that agent, and Publish goes to the agent shown', async ({ openForm, api, expectConsoleError }) => {
  expectConsoleError(answered(422, api.url));
  const page = await openWorkspace(openForm);
  await expect(rows(page)).toHaveCount(3);
  await page.getByLabel('Agent ID').fill(EMPTY_AGENT);
  await expect(page.locator('.tt-agent-name')).toHaveText('Empty Agent');
  await expect(page.locator('.tt-empty')).toContainText('no training yet');
  await expect(rows(page)).toHaveCount(0);
  expect((await loads(api)).slice(-2).sort()).toEqual([`/api/v1/agents/${EMPTY_AGENT}`, `/api/v1/agents/${EMPTY_AGENT}/trainings`]);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.locator('.tt-workspace .tt-panel--error')).toContainText('not ready to publish');
  const posts = (await api.apiRequests()).filter((r) => r.method === 'POST').map((r) => r.path);
  expect(posts).toEqual([`/api/v1/agents/${EMPTY_AGENT}/publish`]);
});

test('Edit over unsaved text asks first: Keep my text changes nothing, Replace my text loads', async ({ openForm }) => {
  const page = await openWorkspace(openForm);
  await page.getByLabel('Subject').fill('My own subject');
  await page.getByRole('button', { name: /Edit.*Technical Support/ }).click();
  const question = page.locator('.tt-replace');
  await expect(question).toHaveAttribute('role', 'alertdialog');
  await expect(question).toContainText('Replace what you typed?');
  await expect(question).toContainText('Technical Support');
  // Focus moves into the question (onto it, or onto one of its answers).
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.tt-replace'))).toBe(true);
  await expect(page.getByRole('alertdialog', { name: /Replace what you typed/ })).toBeVisible();
  await expectNoAxeViolations(page, 'replace-question');
  await question.getByRole('button', { name: 'Keep my text' }).click();
  await expect(question).toHaveCount(0);
  // Focus is not lost to the page: it goes back to the Edit button pressed.
  await expect(page.getByRole('button', { name: /Edit.*Technical Support/ })).toBeFocused();
  await expect(page.getByLabel('Subject')).toHaveValue('My own subject');
  await expect(page.locator('.tt-edit-notice')).toHaveCount(0);

  await page.getByRole('button', { name: /Edit.*Technical Support/ }).click();
  await page.locator('.tt-replace').getByRole('button', { name: 'Replace my text' }).click();
  await expect(page.locator('.tt-replace')).toHaveCount(0);
  await expect(page.getByLabel('Subject')).toHaveValue('Technical Support');
  await expect(page.locator('.tt-edit-notice')).toContainText('Editing “Technical Support”');
  await expect(page.getByLabel('Subject')).toBeFocused();
});

test('Edit on an empty form loads at once, without a question, and focuses Subject', async ({ openForm }) => {
  const page = await openWorkspace(openForm);
  await page.getByRole('button', { name: /Edit.*Product Knowledge/ }).click();
  await expect(page.getByLabel('Subject')).toHaveValue('Product Knowledge');
  await expect(page.locator('.tt-edit-notice')).toContainText('Editing “Product Knowledge”');
  await expect(page.getByLabel('Subject')).toBeFocused();
  await expect(page.locator('.tt-replace')).toHaveCount(0);
});

test('busy ends for every request, answered or failed', async ({ openForm, api, expectConsoleError }) => {
  expectConsoleError(answered(500, api.url));
  expectConsoleError(unanswered('ERR_EMPTY_RESPONSE', api.url));
  expectConsoleError(answered(404, api.url));
  const page = await openWorkspace(openForm);
  const workspace = page.locator('.tt-workspace');
  const publish = page.getByRole('button', { name: 'Publish', exact: true });
  const idle = async () => {
    await expect(workspace).not.toHaveAttribute('aria-busy', 'true');
    await expect(publish).not.toHaveAttribute('aria-disabled', 'true');
  };
  await idle();
  // Seen busy while a request is in flight (held in the server), then idle again.
  await api.fault('hold', { path_contains: '/unpublish' });
  await page.getByRole('button', { name: 'Unpublish' }).click();
  await api.untilHeld(1);
  await expect(workspace).toHaveAttribute('aria-busy', 'true');
  await expect(publish).toHaveAttribute('aria-disabled', 'true');
  await api.release(1);
  await expect(page.locator('.tt-badge')).toHaveText('draft');
  await idle();
  // A failed publish, a dropped list load, a failed delete: each ends.
  await api.fault('500', { path_contains: '/publish' });
  await publish.click();
  await expect(workspace.locator('.tt-panel--error')).toContainText('HTTP 500');
  await idle();
  await api.fault('drop', { times: 4, method: 'GET' });
  await page.getByRole('button', { name: 'Refresh list' }).click();
  await expect(workspace.locator('.tt-panel--error')).toContainText('could not reach');
  await idle();
  await fetch(`${api.url}/__test/fault`, { method: 'DELETE' });
  await api.fault('404', { hold: true, method: 'DELETE' });
  await page.getByRole('button', { name: /Delete.*Technical Support/ }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, delete it' }).click();
  await api.untilHeld(1);
  await expect(workspace).toHaveAttribute('aria-busy', 'true');
  await api.release(1);
  await expect(workspace.locator('.tt-panel--error')).toContainText('Agent not found');
  await idle();
});

test('a training deleted while a list load is in flight does not come back with that load', async ({ openForm, api, page }) => {
  await openWorkspace(openForm);
  await expect(rows(page)).toHaveCount(3);
  // Hold the next list answer in the browser, as read from the server before the delete.
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held!: () => void;
  const holding = new Promise<void>((r) => (held = r));
  let first = true;
  let stale = '';
  await page.route(`${api.url}/api/v1/agents/${DEMO_AGENT}/trainings`, async (route) => {
    if (route.request().method() !== 'GET' || !first) return route.continue();
    first = false;
    const response = await route.fetch();
    stale = await response.text();
    held();
    await released;
    await route.fulfill({ response });
  });
  await page.getByRole('button', { name: 'Refresh list' }).click();
  await holding;
  expect(stale).toContain('Technical Support');
  await expect(page.locator('.tt-workspace')).toHaveAttribute('aria-busy', 'true');
  await page.getByRole('button', { name: /Delete.*Technical Support/ }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(page.locator('.tt-workspace [role=status]')).toContainText('Deleted “Technical Support”.');
  await expect(rows(page)).toHaveText(['Product Knowledge', 'Customer Service Best Practices']);
  // The reload after the delete has answered; now the older load answers, with the training in it.
  await expect.poll(async () => (await loads(api)).filter((p) => p.endsWith('/trainings')).length).toBe(3);
  await page.waitForTimeout(300);
  release();
  await expect(page.locator('.tt-workspace')).not.toHaveAttribute('aria-busy', 'true');
  await page.waitForTimeout(300);
  await expect(rows(page)).toHaveText(['Product Knowledge', 'Customer Service Best Practices']);
});
