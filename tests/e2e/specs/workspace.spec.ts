// The agent workspace (issue 7): list, filter, edit, delete, publish, failures.
import { test, expect, fillForm, formValues, DEMO_TOKEN, DEMO_AGENT, EMPTY_AGENT } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import type { Page } from '@playwright/test';

async function openWorkspace(openForm: (q?: Record<string, string>) => Promise<Page>, agent = DEMO_AGENT) {
  const page = await openForm({ workspace: '', agent });
  await page.getByLabel('API token').fill(DEMO_TOKEN);
  await page.getByRole('button', { name: 'Refresh list' }).click();
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

test('an agent without training invites the first one, and cannot be published', async ({ openForm }) => {
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
  await expect(confirm).toBeFocused();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(rows(page)).toHaveCount(3);
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
  test(`list failure ${name}: a clear message, and the form keeps its text`, async ({ openForm, api }) => {
    const page = await openForm({ workspace: '' });
    await fillForm(page, { subject: 'Keep me', instructions: 'Me too', token: DEMO_TOKEN });
    await api.fault(fault, { times: 5, method: 'GET' });
    await page.getByRole('button', { name: 'Refresh list' }).click();
    await expect(page.locator('.tt-workspace .tt-panel--error')).toContainText(message);
    const v = await formValues(page);
    expect([v.subject, v.instructions, v.token]).toEqual(['Keep me', 'Me too', DEMO_TOKEN]);
  });
}

test('delete and publish failures are explained too', async ({ openForm, api }) => {
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
