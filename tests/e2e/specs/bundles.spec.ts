// Two bundles (issue 8): a page loads the one with the agent workspace only
// when a mount point, or the standalone page's query, asks for the workspace;
// the standalone pages preload theirs (index.html the form's, workspace.html
// the workspace's).
import { test, expect, APP_FORM, DEMO_AGENT, DEMO_TOKEN } from '../support/fixtures';
import type { Page } from '@playwright/test';

/** The bundle files a page fetched, as "form.js", "workspace_bg.wasm"… */
function recordBundles(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const m = /talkover-training-(form|workspace)-[0-9a-f]+(\.js|_bg\.wasm)$/.exec(new URL(r.url()).pathname);
    if (m) seen.push(m[1] + m[2]);
  });
  return seen;
}

test('the form page loads the bundle without the workspace', async ({ openForm, page }) => {
  const seen = recordBundles(page);
  await openForm();
  await expect(page.locator('.tt-form')).toBeVisible();
  expect(seen.sort()).toEqual(['form.js', 'form_bg.wasm']);
  await expect(page.locator('.tt-workspace')).toHaveCount(0);
});

test('workspace.html loads the bundle with the workspace, and only that one', async ({ page, site, api }) => {
  const seen = recordBundles(page);
  await page.goto(`${site}/workspace.html?${new URLSearchParams({ api: api.url, agent: DEMO_AGENT })}`);
  await expect(page.locator(APP_FORM)).toBeVisible();
  await page.getByLabel('API token').fill(DEMO_TOKEN);
  await expect(page.locator('.tt-agent-name')).toHaveText('Demo Receptionist');
  expect(seen.sort()).toEqual(['workspace.js', 'workspace_bg.wasm']);
});

test('index.html?workspace still shows the workspace, with its bundle', async ({ openForm, page }) => {
  // index.html preloads the form's bundle (the one it needs without the
  // query), so this link costs both: workspace.html is the page to link.
  const seen = recordBundles(page);
  await openForm({ workspace: '' });
  await page.getByLabel('API token').fill(DEMO_TOKEN);
  await expect(page.locator('.tt-agent-name')).toHaveText('Demo Receptionist');
  expect(seen).toEqual(expect.arrayContaining(['workspace.js', 'workspace_bg.wasm']));
});

for (const value of ['false', 'no']) {
  test(`?workspace=${value} is the form alone`, async ({ openForm, page }) => {
    const seen = recordBundles(page);
    await openForm({ workspace: value });
    expect(seen.sort()).toEqual(['form.js', 'form_bg.wasm']);
    await expect(page.locator('.tt-workspace')).toHaveCount(0);
  });
}

test('an embedding page whose mount point asks for the workspace gets it there only', async ({ page, site, api }) => {
  const seen = recordBundles(page);
  await page.goto(`${site}/examples/dashboard.html?api=${encodeURIComponent(api.url)}&workspace`);
  await expect(page.locator('#form-a .tt-workspace')).toBeVisible();
  await expect(page.locator('#form-b form.tt-form')).toBeVisible();
  await expect(page.locator('#form-b .tt-workspace')).toHaveCount(0);
  expect(seen.sort()).toEqual(['workspace.js', 'workspace_bg.wasm']);
});
