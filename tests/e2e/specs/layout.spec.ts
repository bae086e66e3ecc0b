// Layout and style isolation (issue 13, part 4): the form follows the width
// of its container (CSS container queries on .tt-root), from 280 px panels to
// full pages; its stylesheet resists a host's global reset and changes
// nothing of the host. Screenshots land in test-results/layout/.
import { test, expect, startStatic, LocalApi, DIST, DEMO_TOKEN, DEMO_AGENT } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import type { Browser, Page } from '@playwright/test';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Dates are checked as a reader in London on UTC would read them.
test.use({ locale: 'en-GB', timezoneId: 'UTC' });

const SHOTS = 'test-results/layout';

/** A subject of ordinary words (none may be broken inside), and an unbroken one (it may). */
const WORDS = 'Opening hours, holidays and international telephone arrangements for the reception';
const UNBROKEN = 'https://example.com/a-very-long-unbroken-address/without-any-spaces-at-all';

/**
 * A host page aggressive enough to hurt: Tailwind-preflight-like and Eric
 * Meyer-like rules on `*`, the elements the form uses, line-height, fonts,
 * colours, content-box sizing and focus outlines.
 */
const RESET_CSS = `
*, ::before, ::after { box-sizing: content-box; border: 0 solid #e5e7eb; margin: 0; padding: 0; }
html, body, div, span, h1, h2, h3, p, a, code, strong, dl, dt, dd, ol, ul, li, fieldset, form, label, legend,
table, caption, tbody, thead, tr, th, td, section, time { margin: 0; padding: 0; border: 0; font-size: 100%; font: inherit; vertical-align: baseline; }
html { line-height: 1.15; font-family: Georgia, serif; }
body { line-height: 1; font: 13px/1 "Courier New", monospace; color: #b00020; background: #fffbe6; letter-spacing: 0.05em; word-spacing: 0.3em; text-transform: lowercase; }
h1, h2, h3 { font-size: inherit; font-weight: inherit; color: #6a1b9a; text-transform: uppercase; }
body h2 { margin: 2em 0; text-decoration: underline; }
ol, ul { list-style: none; margin: 0; padding: 0; }
button, input, textarea { font-family: inherit; font-size: 100%; font-weight: inherit; line-height: inherit; color: inherit; margin: 0; padding: 0; background-color: transparent; background-image: none; text-transform: none; }
button, [type='button'], [type='submit'] { appearance: button; background-color: transparent; cursor: pointer; }
button { border: 5px solid red; border-radius: 0; padding: 20px; display: block; width: 100%; }
input, textarea { border: 3px dashed #6a1b9a; width: 50%; height: 40px; box-shadow: 0 0 0 4px pink; }
textarea { resize: none; }
table { border-collapse: separate; border-spacing: 8px; width: auto; table-layout: fixed; }
th, td { padding: 12px; border: 1px solid green; vertical-align: middle; text-align: center; }
label { display: inline; color: #6a1b9a; font-style: italic; }
fieldset { border: 2px groove blue; padding: 1em; margin: 1em; }
legend { float: left; }
p { margin: 0 0 2em; }
a { color: inherit; text-decoration: inherit; }
code { font-size: 2em; }
strong { font-weight: 100; }
div { line-height: 2; }
:focus, button:focus, input:focus { outline: none; box-shadow: none; }
`;
const HOST_CSS = `body { margin: 8px; height: 8000px; } #col { margin-top: 16px; }
html.themed talkover-training-form .tt-root { --tt-accent: rgb(106, 27, 154); --tt-font: Georgia, serif; }`;

type HostOptions = { reset?: boolean; form?: boolean; workspace?: boolean; width?: number };

/**
 * The host pages, in a copy of dist/ served with the suite's strict CSP:
 * host elements (h2, p, label + input, button, ul, table) and a column `#col`
 * holding a <talkover-training-form>; `reset.html` has RESET_CSS before the
 * host's own stylesheet. host.js reads the query: the element's api-base and
 * workspace, the column's width, and whether to load talkover-training.js.
 */
const hostHtml = (reset: boolean) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Layout host</title><link rel="icon" href="data:,">
${reset ? '<link rel="stylesheet" href="reset.css">' : ''}<link rel="stylesheet" href="host.css">
</head><body><main>
<h1>Host dashboard</h1>
<h2 class="host-h2">Host heading</h2>
<p class="host-p">Host text with <a href="#col">a link</a>.</p>
<label for="host-input">Host field</label> <input id="host-input" type="text"> <button type="button" class="host-button">Host button</button>
<ul class="host-ul"><li>One</li><li>Two</li></ul>
<table class="host-table"><caption>Host table</caption><thead><tr><th scope="col">A</th><th scope="col">B</th></tr></thead>
<tbody><tr><td>1</td><td>2</td></tr></tbody></table>
<div id="col"><talkover-training-form agent-id="${DEMO_AGENT}"></talkover-training-form></div>
</main><script type="module" src="host.js"></script></body></html>`;
const HOST_JS = `const q = new URLSearchParams(location.search);
const el = document.querySelector('talkover-training-form');
el.setAttribute('api-base', q.get('api'));
if (q.has('workspace')) el.setAttribute('workspace', '');
if (q.has('width')) document.querySelector('#col').style.width = q.get('width') + 'px';
if (q.get('form') !== '0') import('../talkover-training.js');
`;

let host: { url: string; server: { close(): void }; dir: string };
test.beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tt-layout-'));
  cpSync(DIST, dir, { recursive: true });
  mkdirSync(path.join(dir, 'layout'));
  for (const [name, text] of [
    ['plain.html', hostHtml(false)],
    ['reset.html', hostHtml(true)],
    ['reset.css', RESET_CSS],
    ['host.css', HOST_CSS],
    ['host.js', HOST_JS],
  ]) {
    writeFileSync(path.join(dir, 'layout', name), text);
  }
  host = { ...(await startStatic(dir)), dir };
});
test.afterAll(() => {
  host.server.close();
  rmSync(host.dir, { recursive: true, force: true });
});

async function openHost(page: Page, api: LocalApi, o: HostOptions = {}) {
  const { reset = false, form = true, workspace = false, width } = o;
  const query = new URLSearchParams({ api: api.url, form: form ? '1' : '0' });
  if (workspace) query.set('workspace', '');
  if (width !== undefined) query.set('width', String(width));
  await page.goto(`${host.url}/layout/${reset ? 'reset' : 'plain'}.html?${query}`);
  if (!form) return;
  await expect(page.locator('talkover-training-form form.tt-form')).toBeVisible();
  if (workspace) {
    await page.getByLabel('API token').fill(DEMO_TOKEN);
    await expect(page.locator('.tt-training-row').first()).toBeVisible();
    await page.getByLabel('API token').blur();
  }
}

/** Two more trainings for the demo agent: ordinary long words, and an unbroken address. */
async function addLongSubjects(api: LocalApi) {
  for (const subject of [WORDS, UNBROKEN]) {
    const res = await fetch(`${api.url}/api/v1/agents/${DEMO_AGENT}/trainings`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${DEMO_TOKEN}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ subject, instructions: 'Long.', current_status: 'active' }),
    });
    expect(res.ok, `adding “${subject}”: ${res.status}`).toBe(true);
  }
}

/**
 * What sticks out sideways: the root's and every row's overflow, and any box
 * inside the root that reaches past its edges (visually hidden text aside).
 */
function overflow(page: Page) {
  return page.locator('.tt-root').evaluate((root) => {
    const out: string[] = [];
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
    const box = root.getBoundingClientRect();
    if (root.scrollWidth > root.clientWidth) out.push(`root scrolls: ${root.scrollWidth} > ${root.clientWidth}`);
    const rows = '.tt-field, .tt-actions, .tt-token-row, .tt-training-row, .tt-filters, .tt-agent-header, .tt-error-summary, .tt-panel, .tt-workspace, .tt-list, .tt-table';
    for (const row of root.querySelectorAll(rows)) {
      if (row.scrollWidth > row.clientWidth + 1 && row.clientWidth > 0) out.push(`${name(row)} scrolls: ${row.scrollWidth} > ${row.clientWidth}`);
    }
    for (const el of root.querySelectorAll('*')) {
      if (el.closest('.tt-visually-hidden')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5) out.push(`${name(el)} spans ${r.left}–${r.right} outside ${box.left}–${box.right}`);
    }
    return out;
  });
}

/** Words of the list's subjects (of ordinary length) that the line broke inside. */
function brokenWords(page: Page) {
  return page.locator('.tt-table').evaluate((table) => {
    const broken: string[] = [];
    for (const cell of table.querySelectorAll('.tt-training-subject')) {
      const text = cell.firstChild;
      if (!text || text.nodeType !== Node.TEXT_NODE) continue;
      const value = text.textContent ?? '';
      for (const m of value.matchAll(/\S+/g)) {
        if (m[0].length > 24) continue; // an unbroken string longer than a line may wrap anywhere
        const range = document.createRange();
        range.setStart(text, m.index!);
        range.setEnd(text, m.index! + m[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
    return broken;
  });
}

/** The list's layout: a stacked list (each training a block, cells one under another) or a table. */
function listLayout(page: Page) {
  return page.locator('.tt-training-row').first().evaluate((row) => {
    const [subject, status, date, actions] = [...row.children].map((c) => c.getBoundingClientRect());
    const stacked = status.top >= subject.bottom - 1 && date.top >= status.bottom - 1 && actions.top >= date.bottom - 1;
    const sideBySide = [status, date, actions].every((c) => Math.abs(c.top - subject.top) < 2) && subject.right <= status.left;
    return stacked ? 'stacked' : sideBySide ? 'table' : 'neither';
  });
}

for (const width of [280, 320, 560, 1280]) {
  test(`in a ${width} px column: nothing sticks out, words stay whole, ${width < 560 ? 'a stacked list' : 'a table'}, axe clean`, async ({
    page,
    api,
  }) => {
    await addLongSubjects(api);
    await page.setViewportSize({ width: Math.max(width + 120, 400), height: 900 });
    await openHost(page, api, { workspace: true, width });
    expect(await page.locator('.tt-root').evaluate((el) => el.getBoundingClientRect().width)).toBe(Math.min(width, 896));
    await expect(page.locator('.tt-training-row')).toHaveCount(5);
    // The error summary and every field's error, too.
    await page.getByRole('button', { name: 'Save training' }).click();
    await expect(page.locator('.tt-error-summary')).toBeFocused();
    await page.locator('#col').screenshot({ path: `${SHOTS}/column-${width}.png` });

    expect(await overflow(page)).toEqual([]);
    expect(await brokenWords(page)).toEqual([]);
    expect(await listLayout(page)).toBe(width < 560 ? 'stacked' : 'table');
    // Short, local dates; <time datetime> keeps the exact value.
    const time = page.locator('.tt-training-row time').first();
    await expect(time).toHaveAttribute('datetime', '2024-01-15T12:00:00Z');
    await expect(time).toHaveText('15 Jan 2024, 12:00');
    await expectNoAxeViolations(page, `${width} px column`);

    // Saved: the success panel (a long unbroken id) fits too.
    await page.getByLabel('Subject').fill(WORDS);
    await page.getByLabel('Instructions').fill('Say when we open.');
    await page.getByRole('button', { name: 'Save training' }).click();
    await expect(page.locator('.tt-panel--success')).toBeVisible();
    await expect(page.locator('.tt-training-row')).toHaveCount(6);
    expect(await overflow(page)).toEqual([]);
    expect(await brokenWords(page)).toEqual([]);
  });
}

test('dates in the list follow the reader’s locale and time zone', async ({ browser, api }) => {
  const context = await (browser as Browser).newContext({ locale: 'de-DE', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  await openHost(page, api, { workspace: true });
  const time = page.locator('.tt-training-row time').first();
  await expect(time).toHaveAttribute('datetime', '2024-01-15T12:00:00Z');
  await expect(time).toHaveText('15.01.2024, 21:00');
  await context.close();
});

test('the standalone pages at 320 and 1280 px: screenshots, nothing sticks out, axe clean', async ({ page, site, api }) => {
  const query = new URLSearchParams({ api: api.url, agent: DEMO_AGENT });
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${site}/?${query}`);
    await expect(page.locator('[data-talkover-mounted] form.tt-form')).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/form-${width}.png`, fullPage: true });
    expect(await overflow(page)).toEqual([]);
    await expectNoAxeViolations(page, `form at ${width} px`);

    await page.goto(`${site}/workspace.html?${query}`);
    await page.getByLabel('API token').fill(DEMO_TOKEN);
    await expect(page.locator('.tt-training-row')).toHaveCount(3);
    await page.getByLabel('API token').blur();
    await page.screenshot({ path: `${SHOTS}/workspace-${width}.png`, fullPage: true });
    expect(await listLayout(page)).toBe(width < 560 ? 'stacked' : 'table');
    expect(await overflow(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await expectNoAxeViolations(page, `workspace at ${width} px`);
  }
});

/** Compares two PNGs pixel by pixel in a blank page: their sizes and how many pixels differ. */
async function pixelDiff(page: Page, a: Buffer, b: Buffer) {
  return page.evaluate(
    async ([a, b]) => {
      const decode = async (b64: string) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [x, y] = await Promise.all([decode(a), decode(b)]);
      if (x.width !== y.width || x.height !== y.height) return { size: [`${x.width}×${x.height}`, `${y.width}×${y.height}`], differing: -1 };
      let differing = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        const d = Math.max(...[0, 1, 2, 3].map((k) => Math.abs(x.data[i + k] - y.data[i + k])));
        if (d > 24) differing++;
      }
      return { size: [`${x.width}×${x.height}`], differing, pixels: x.width * x.height };
    },
    [a.toString('base64'), b.toString('base64')],
  );
}

/** Every computed property of the form's key elements, by selector. */
function formStyles(page: Page) {
  return page.locator('.tt-root').evaluate((root) => {
    const selectors = [
      '', 'form', '.tt-label', 'legend', 'fieldset', '.tt-hint', 'input[name=subject]', 'textarea', '.tt-radio-input',
      '.tt-radio-label', '.tt-input--token', '.tt-button', '.tt-button--secondary', '.tt-origin', '.tt-character-count',
      '.tt-agent-name', '.tt-badge', '.tt-list-title', '.tt-filter', '.tt-table', '.tt-table th', '.tt-table td',
      '.tt-table time', '.tt-link-button', '.tt-workspace',
    ];
    const out: Record<string, Record<string, string>> = {};
    for (const s of selectors) {
      const el = s ? root.querySelector(s) : root;
      if (!el) continue;
      const cs = getComputedStyle(el);
      out[s || '.tt-root'] = Object.fromEntries([...cs].map((p) => [p, cs.getPropertyValue(p)]));
    }
    return out;
  });
}

for (const [label, workspace, width] of [
  ['the form alone', false, 640],
  ['the workspace with its list', true, 640],
  ['the workspace in a 320 px column', true, 320],
] as const) {
  test(`under a host's aggressive CSS reset, ${label} looks as on a plain host`, async ({ page, context, api }) => {
    await page.setViewportSize({ width: 1000, height: 900 });
    const reset = await context.newPage();
    await reset.setViewportSize({ width: 1000, height: 900 });
    await openHost(page, api, { workspace, width });
    await openHost(reset, api, { workspace, width, reset: true });
    // The reset reaches the host's own elements…
    expect(await reset.locator('.host-button').evaluate((el) => getComputedStyle(el).borderTopColor)).toBe('rgb(255, 0, 0)');
    // …and not the form: every computed property of its key elements is the plain page's…
    const [plain, hurt] = [await formStyles(page), await formStyles(reset)];
    expect(Object.keys(plain).length).toBeGreaterThan(workspace ? 20 : 12);
    for (const selector of Object.keys(plain)) {
      const differs = Object.keys(plain[selector]).filter((p) => plain[selector][p] !== hurt[selector]?.[p]);
      expect(
        differs.map((p) => `${p}: ${plain[selector][p]} → ${hurt[selector]?.[p]}`),
        `${selector}: computed properties that the reset changed`,
      ).toEqual([]);
    }
    // …and so are its pixels (the column moved to the same whole-pixel place on both pages).
    for (const p of [page, reset]) {
      await p.locator('#col').evaluate((el) => Object.assign(el.style, { position: 'absolute', top: '3000px', left: '0px', margin: '0px' }));
    }
    const [a, b] = [await page.locator('.tt-root').screenshot(), await reset.locator('.tt-root').screenshot()];
    const name = `${SHOTS}/isolation-${workspace ? 'workspace' : 'form'}-${width}`;
    await page.locator('.tt-root').screenshot({ path: `${name}-plain.png` });
    await reset.locator('.tt-root').screenshot({ path: `${name}-reset.png` });
    const diff = await pixelDiff(page, a, b);
    expect(diff.size.length, `sizes ${diff.size.join(' vs ')}`).toBe(1);
    expect(diff.differing, `pixels that differ of ${diff.pixels}`).toBe(0);
    // Focus is still shown where the host removes every outline.
    for (const target of [reset.getByLabel('Subject'), reset.getByRole('button', { name: 'Save training' })]) {
      await target.focus();
      expect(await target.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    }
    await reset.close();
  });
}

test('the form’s stylesheet changes nothing of the host', async ({ page, api }) => {
  const hostStyles = () =>
    page.evaluate(() => {
      const out: Record<string, Record<string, string>> = {};
      for (const s of ['body', 'h1', '.host-h2', '.host-p', '.host-p a', 'label', '#host-input', '.host-button', '.host-ul', '.host-ul li', '.host-table', '.host-table th', '.host-table td']) {
        const cs = getComputedStyle(document.querySelector(s)!);
        out[s] = Object.fromEntries([...cs].map((p) => [p, cs.getPropertyValue(p)]));
      }
      return out;
    });
  for (const reset of [false, true]) {
    await openHost(page, api, { reset, form: false });
    const before = await hostStyles();
    await openHost(page, api, { reset, workspace: true });
    await expect(page.locator('link[data-talkover-training-css]')).toHaveCount(1);
    const after = await hostStyles();
    for (const selector of Object.keys(before)) {
      const differs = Object.keys(before[selector]).filter((p) => before[selector][p] !== after[selector][p]);
      expect(differs.map((p) => `${p}: ${before[selector][p]} → ${after[selector][p]}`), `${selector}${reset ? ' (with the reset)' : ''}`).toEqual([]);
    }
  }
});

test('a host themes the form through its custom properties, as README says, under a reset too', async ({ page, api }) => {
  for (const reset of [false, true]) {
    await openHost(page, api, { reset });
    const save = page.getByRole('button', { name: 'Save training' });
    const look = () => save.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).fontFamily]);
    expect(await look()).toEqual(['rgb(29, 78, 216)', expect.stringContaining('system-ui')]);
    await page.evaluate(() => document.documentElement.classList.add('themed'));
    expect(await look()).toEqual(['rgb(106, 27, 154)', 'Georgia, serif']);
  }
});

test('the element takes its parent’s width; in a shrink-to-fit parent it is 20rem wide, and flex: 1 widens it', async ({ page, api }) => {
  await openHost(page, api, { width: 1000 });
  const width = () => page.locator('.tt-root').evaluate((el) => el.getBoundingClientRect().width);
  expect(await width()).toBe(672); // 42rem, the form's max-width
  await page.locator('#col').evaluate((el) => (el.style.display = 'flex'));
  expect(await width()).toBe(320);
  expect(await overflow(page)).toEqual([]);
  await page.locator('talkover-training-form').evaluate((el) => ((el as HTMLElement).style.flex = '1'));
  expect(await width()).toBe(672);
});

test('the stacked list keeps the table’s accessibility tree: rows, cells and column headers', async ({ page, api }) => {
  await openHost(page, api, { workspace: true, width: 800 });
  const table = page.locator('.tt-table');
  expect(await listLayout(page)).toBe('table');
  const wide = await table.ariaSnapshot();
  expect(wide).toContain('- columnheader "Subject"');
  expect(wide).toContain('- cell "15 Jan 2024, 12:00"');
  await page.locator('#col').evaluate((el) => (el.style.width = '320px'));
  expect(await listLayout(page)).toBe('stacked');
  expect(await table.ariaSnapshot()).toBe(wide);
});
