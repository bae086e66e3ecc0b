// Keyboard and focus in the workspace (issue 19), as the WAI-ARIA Authoring
// Practices describe the alert dialog: keyboard only (no mouse event), and
// after every step we check where focus is (never <body>) and what the polite
// live region said. Accessibility-tree snapshots of the main states are
// committed beside this file and reviewed; axe finds nothing in each state.
import { test, expect, answered, DEMO_TOKEN, DEMO_AGENT, EMPTY_AGENT } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import type { Page } from '@playwright/test';

// Dates in the list are local: fix the zone and language for the snapshots.
test.use({ timezoneId: 'UTC', locale: 'en-US' });

async function openWorkspace(openForm: (q?: Record<string, string>) => Promise<Page>, agent = DEMO_AGENT) {
  const page = await openForm({ workspace: '', agent });
  // The token field takes the pasted token; the list appears by itself.
  await page.getByLabel('API token').focus();
  await page.keyboard.insertText(DEMO_TOKEN);
  await expect(page.locator('.tt-agent-name')).not.toHaveText('Agent');
  return page;
}

/** Where focus is: tag, id and accessible text; fails on <body>. */
async function focused(page: Page): Promise<string> {
  const where = await page.evaluate(() => {
    const a = document.activeElement;
    if (!a || a === document.body) return 'BODY';
    return `${a.tagName.toLowerCase()}#${a.id} ${(a.textContent ?? '').replace(/\s+/g, ' ').trim()}`;
  });
  expect(where, 'focus fell to <body>').not.toBe('BODY');
  return where;
}

const live = (page: Page) => page.locator('.tt-workspace [role=status]');

test('the list is announced once when it loads, with its count', async ({ openForm }) => {
  const page = await openWorkspace(openForm);
  await expect(live(page)).toHaveText('3 trainings, 2 active.');
  await expect(page.locator('.tt-workspace')).toMatchAriaSnapshot({ name: 'loaded.aria.yml' });
  await expectNoAxeViolations(page, 'workspace loaded');
});

test('the delete confirmation: Cancel takes focus, Tab stays inside, Escape returns focus to its Delete button', async ({ openForm, api }) => {
  const page = await openWorkspace(openForm);
  const opener = page.getByRole('button', { name: 'Delete “Customer Service Best Practices”' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Confirm delete' });
  await expect(dialog).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
  expect(await focused(page)).toContain('Cancel');
  await expect(dialog).toMatchAriaSnapshot({ name: 'confirming.aria.yml' });
  await expectNoAxeViolations(page, 'workspace confirming');

  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Yes, delete it' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Yes, delete it' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  await focused(page);

  // Cancel with Enter does the same.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  expect((await api.apiRequests()).filter((r) => r.method === 'DELETE')).toEqual([]);
});

test('after a delete focus goes to the next row, then the previous one, then the list heading', async ({ openForm }) => {
  const page = await openWorkspace(openForm);
  const confirmWithKeyboard = async (subject: string) => {
    await page.getByRole('button', { name: `Delete “${subject}”` }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByRole('button', { name: 'Yes, delete it' })).toBeFocused();
    await page.keyboard.press('Enter');
  };

  await confirmWithKeyboard('Customer Service Best Practices');
  await expect(page.getByRole('button', { name: 'Edit “Technical Support”' })).toBeFocused();
  await expect(live(page)).toHaveText('Deleted “Customer Service Best Practices”. 2 trainings left.');
  await expect(page.locator('.tt-training-row')).toHaveCount(2);
  await expect(page.locator('.tt-workspace')).toMatchAriaSnapshot({ name: 'after-delete.aria.yml' });
  await expectNoAxeViolations(page, 'workspace after delete');

  await confirmWithKeyboard('Technical Support');
  await expect(page.getByRole('button', { name: 'Edit “Product Knowledge”' })).toBeFocused();
  await expect(live(page)).toHaveText('Deleted “Technical Support”. 1 training left.');

  await confirmWithKeyboard('Product Knowledge');
  await expect(page.getByRole('heading', { name: 'Trainings' })).toBeFocused();
  await expect(live(page)).toHaveText('Deleted “Product Knowledge”. 0 trainings left.');
  await expect(page.locator('.tt-empty')).toContainText('no training yet');
  await focused(page);
  // The reload after the delete does not take the announcement away.
  await page.waitForTimeout(600);
  await expect(live(page)).toHaveText('Deleted “Product Knowledge”. 0 trainings left.');
  await expect(page.getByRole('heading', { name: 'Trainings' })).toBeFocused();
});

test('Edit moves focus to Subject, which the edit notice describes', async ({ openForm }) => {
  const page = await openWorkspace(openForm);
  await page.getByRole('button', { name: 'Edit “Technical Support”' }).focus();
  await page.keyboard.press('Enter');
  const subject = page.getByLabel('Subject');
  await expect(subject).toBeFocused();
  await expect(subject).toHaveValue('Technical Support');
  await expect(subject).toHaveAccessibleDescription(/Editing “Technical Support”\..*saving creates a new entry/);
  // Stop editing: focus goes back to Subject, not to <body>.
  await page.getByRole('button', { name: 'Stop editing' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.tt-edit-notice')).toHaveCount(0);
  await expect(subject).toBeFocused();
  await expect(subject).not.toHaveAccessibleDescription(/Editing/);
});

test('Edit over unsaved text: Escape keeps the text and returns focus to the Edit button', async ({ openForm }) => {
  const page = await openWorkspace(openForm);
  await page.getByLabel('Subject').focus();
  await page.keyboard.insertText('My own words');
  const edit = page.getByRole('button', { name: 'Edit “Product Knowledge”' });
  await edit.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alertdialog')).toContainText('Replace what you typed?');
  await focused(page);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(edit).toBeFocused();
  await expect(page.getByLabel('Subject')).toHaveValue('My own words');
});

test('Publish and Unpublish keep focus on the control and announce the new state', async ({ openForm }) => {
  const page = await openWorkspace(openForm);
  const unpublish = page.getByRole('button', { name: 'Unpublish' });
  await unpublish.focus();
  await page.keyboard.press('Enter');
  await expect(live(page)).toHaveText('The agent is unpublished.');
  await expect(page.locator('.tt-badge')).toHaveText('draft');
  await expect(unpublish).toBeFocused();
  await expect(unpublish).toHaveAttribute('aria-disabled', 'true');
  await expect(unpublish).toHaveAccessibleDescription('draft — publish to make it live');
  const publish = page.getByRole('button', { name: 'Publish', exact: true });
  await publish.focus();
  await page.keyboard.press('Enter');
  await expect(live(page)).toHaveText('The agent is published.');
  await expect(page.locator('.tt-badge')).toHaveText('published');
  await expect(publish).toBeFocused();
  await expect(publish).toHaveAccessibleDescription('published');
  await expect(unpublish).not.toHaveAttribute('aria-disabled', 'true');
  // The reload after the action keeps its announcement.
  await page.waitForTimeout(600);
  await expect(live(page)).toHaveText('The agent is published.');
});

test('an empty agent, and a refused publish whose error takes focus', async ({ openForm, api, expectConsoleError }) => {
  expectConsoleError(answered(422, api.url));
  const page = await openWorkspace(openForm, EMPTY_AGENT);
  await expect(live(page)).toHaveText('No trainings yet.');
  await expect(page.locator('.tt-workspace')).toMatchAriaSnapshot({ name: 'empty.aria.yml' });
  await expectNoAxeViolations(page, 'workspace empty');
  await page.getByRole('button', { name: 'Publish', exact: true }).focus();
  await page.keyboard.press('Enter');
  const error = page.locator('.tt-workspace .tt-panel--error');
  await expect(error).toContainText('not ready to publish');
  await expect(error).toBeFocused();
  await focused(page);
  await expect(page.locator('.tt-workspace')).toMatchAriaSnapshot({ name: 'error.aria.yml' });
  await expectNoAxeViolations(page, 'workspace error');
});
