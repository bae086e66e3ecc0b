// The training form against the local API: every outcome of issue 4.
import { test, expect, answered, fillForm, formValues, DEMO_TOKEN, DEMO_AGENT } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';

const TYPED = {
  nodeId: '',
  subject: '  Opening hours  ',
  instructions: 'We are open 9 to 5 on weekdays. <b>Closed</b> on public holidays.',
  token: DEMO_TOKEN,
};

async function expectTypedStillThere(page: import('@playwright/test').Page, typed = TYPED) {
  const v = await formValues(page);
  expect(v.subject).toBe(typed.subject);
  expect(v.instructions).toBe(typed.instructions);
  expect(v.nodeId).toBe(typed.nodeId);
}

test('shows where it saves and the configured agent', async ({ openForm, api }) => {
  const page = await openForm();
  await expect(page.locator('.tt-api')).toContainText(api.url);
  await expect(page.getByLabel('Agent ID')).toHaveValue(DEMO_AGENT);
  await expect(page.locator('.tt-character-count')).toHaveText('You have 255 characters remaining');
  await expectNoAxeViolations(page, 'empty');
});

test('saves a training and shows it, sending exactly the trimmed values once', async ({ openForm, api }) => {
  const page = await openForm();
  await fillForm(page, TYPED);
  await page.getByRole('button', { name: 'Save training' }).click();
  const panel = page.locator('.tt-panel--success');
  await expect(panel).toBeVisible();
  await expect(panel).toHaveAttribute('role', 'status');
  await expect(panel).toBeFocused();
  await expect(panel.locator('.tt-saved-subject')).toHaveText('Opening hours');
  await expect(panel).toContainText('active');
  await expect(panel).toContainText('publish it again');
  const id = await panel.locator('.tt-saved-id').textContent();
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const sent = await api.apiRequests();
  expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /api/v1/agents/${DEMO_AGENT}/trainings`]);
  expect(sent[0].authorization).toBe(`Bearer ${DEMO_TOKEN}`);
  expect(JSON.parse(sent[0].body!)).toEqual({
    subject: 'Opening hours',
    instructions: TYPED.instructions,
    current_status: 'active',
  });
  await expectNoAxeViolations(page, 'success');
  // The draft is cleared after a save, and the form is ready for the next one.
  await page.reload();
  await expect(page.getByLabel('Subject')).toHaveValue('');
});

test('a Node ID updates the existing training of that node', async ({ openForm, api }) => {
  const page = await openForm();
  await fillForm(page, { ...TYPED, nodeId: 'training-node-123' });
  await page.getByLabel('Inactive').check();
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.locator('.tt-panel--success')).toContainText('inactive');
  const res = await fetch(`${api.url}/api/v1/agents/${DEMO_AGENT}/trainings`, {
    headers: { Authorization: `Bearer ${DEMO_TOKEN}`, Accept: 'application/json' },
  });
  const list = (await res.json()).data as { id: string; subject: string }[];
  expect(list.length).toBe(3);
  const id = await page.locator('.tt-saved-id').textContent();
  expect(list.find((t) => t.id === id)?.subject).toBe('Opening hours');
});

test('validates on blur, re-validates as the user types, and blocks an invalid submit', async ({ openForm, api, page }) => {
  await openForm();
  const subject = page.getByLabel('Subject');
  await subject.focus();
  await page.getByLabel('Instructions').focus();
  await expect(subject).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.tt-field--error .tt-error-message').first()).toHaveText('Error: The subject field is required.');
  await subject.fill('x');
  await expect(subject).not.toHaveAttribute('aria-invalid', 'true');
  await subject.fill('   ');
  await expect(subject).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Save training' }).click();
  const summary = page.locator('.tt-error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText([
    'The subject field is required.',
    'The instructions field is required.',
    'Enter your API token.',
  ]);
  await summary.getByRole('link', { name: 'The instructions field is required.' }).click();
  await expect(page.getByLabel('Instructions')).toBeFocused();
  expect(await api.apiRequests()).toEqual([]);
  await expectNoAxeViolations(page, 'invalid');
});

test('255 pasted emoji fit; 256 do not', async ({ openForm, api, page }) => {
  await openForm();
  await fillForm(page, { ...TYPED, subject: '😀'.repeat(256) });
  await expect(page.locator('.tt-character-count')).toHaveText('You have 1 character too many');
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.locator('.tt-error-summary')).toContainText('must not be greater than 255 characters');
  await page.getByLabel('Subject').fill('😀'.repeat(255));
  await expect(page.locator('.tt-character-count')).toHaveText('You have 0 characters remaining');
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.locator('.tt-saved-subject')).toHaveText('😀'.repeat(255));
  expect((await api.apiRequests()).length).toBe(1);
});

test('the character count is announced politely after typing pauses, and stays quiet while typing', async ({ openForm, page }) => {
  await openForm();
  const live = page.locator('[aria-live=polite]');
  await expect(live).toHaveText('');
  // Keys 200 ms apart: the region must not speak between them.
  const subject = page.getByLabel('Subject');
  for (const key of 'abcdef') {
    await subject.press(key);
    await page.waitForTimeout(200);
    await expect(live, `quiet while typing (after “${key}”)`).toHaveText('');
  }
  await expect(live).toHaveText('You have 249 characters remaining', { timeout: 3000 });
});

test('server 422: messages next to the fields, unknown fields in the summary', async ({ openForm, api, page, expectConsoleError }) => {
  expectConsoleError(answered(422, api.url));
  await openForm();
  await fillForm(page, TYPED);
  await api.fault('422-unknown-field');
  await page.getByRole('button', { name: 'Save training' }).click();
  const summary = page.locator('.tt-error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('priority');
  await expect(page.getByLabel('Subject')).toHaveAttribute('aria-invalid', 'true');
  await expectTypedStillThere(page);
  await expectNoAxeViolations(page, 'server-422');
});

test('401: the token is marked and asked for again; the rest stays', async ({ openForm, page, api, expectConsoleError }) => {
  expectConsoleError(answered(401, api.url));
  await openForm();
  await fillForm(page, { ...TYPED, token: 'talq_wrong' });
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.getByLabel('API token')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.tt-error-summary')).toContainText('The API token was not accepted');
  await expectTypedStillThere(page);
  await expect(page.getByLabel('API token')).toHaveValue('talq_wrong');
});

// Every other failure (403, 429, 5xx, bad bodies, an API that is not
// running) is a row of the fault matrix in resilience.spec.ts, with the same
// checks: run once, counted once.

test('404: an unknown agent is named as such', async ({ openForm, page, api, expectConsoleError }) => {
  expectConsoleError(answered(404, api.url));
  await openForm({ agent: 'no-such-agent' });
  await fillForm(page, TYPED);
  await page.getByRole('button', { name: 'Save training' }).click();
  await expect(page.locator('.tt-panel--error')).toContainText('Agent not found');
  await expectTypedStillThere(page);
  await expectNoAxeViolations(page, 'server-error');
});

test('in flight: the button says so and a double click sends once', async ({ openForm, api, page }) => {
  await openForm();
  await fillForm(page, TYPED);
  await api.fault('hold');
  const button = page.locator('button[type=submit]');
  await button.dblclick();
  // Really in flight until released: the request waits in the server.
  await api.untilHeld(1);
  await expect(button).toHaveText('Saving…');
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await expectNoAxeViolations(page, 'in-flight');
  await page.keyboard.press('Enter');
  await expect(button).toHaveText('Saving…');
  await api.release(1);
  await expect(page.locator('.tt-panel--success')).toBeVisible();
  await expect(button).toHaveText('Save training');
  expect((await api.apiRequests()).length).toBe(1);
});

test('a reload in the middle of typing restores what was typed', async ({ openForm, page }) => {
  await openForm();
  await fillForm(page, { subject: 'Half a subj', instructions: 'Half of the\ninstructions' });
  await page.getByLabel('Inactive').check();
  await page.reload();
  await expect(page.getByLabel('Subject')).toHaveValue('Half a subj');
  await expect(page.getByLabel('Instructions')).toHaveValue('Half of the\ninstructions');
  await expect(page.getByLabel('Inactive')).toBeChecked();
  await page.getByRole('button', { name: 'Clear form' }).click();
  await page.reload();
  await expect(page.getByLabel('Subject')).toHaveValue('');
});

test('a draft written by the serde_json build loads after the upgrade', async ({ openForm, page, api }) => {
  // Byte for byte what the build before core::json stored (serde_json::to_string of FormValues).
  const old = String.raw`{"agent_id":"${DEMO_AGENT}","node_id":"node \"7\"","subject":"Café 😀 界 \\ /","instructions":"Line one\nLine two\tand a tab","current_status":"inactive"}`;
  // The key: API origin, agent, and the instance (the page's first form is tt0).
  const key = `talkover.draft:${new URL(api.url).origin}:${DEMO_AGENT}:tt0`;
  await page.addInitScript(
    ([k, v]) => {
      if (!sessionStorage.getItem('e2e.seeded')) {
        sessionStorage.setItem(k, v);
        sessionStorage.setItem('e2e.seeded', '1');
      }
    },
    [key, old],
  );
  await openForm();
  await expect(page.getByLabel('Node ID')).toHaveValue('node "7"');
  await expect(page.getByLabel('Subject')).toHaveValue('Café 😀 界 \\ /');
  await expect(page.getByLabel('Instructions')).toHaveValue('Line one\nLine two\tand a tab');
  await expect(page.getByLabel('Inactive')).toBeChecked();
  // And the draft is kept in the same format.
  await page.getByLabel('Subject').fill('Café 😀 界 \\ / again');
  await expect
    .poll(() => page.evaluate((k) => sessionStorage.getItem(k), key))
    .toBe(old.replace('\\\\ /"', '\\\\ / again"'));
});

test('the draft is stored once typing pauses, not on every keystroke', async ({ openForm, page }) => {
  // Count the draft writes (issue 8: writing the whole draft per key cost 9.2 ms p99 at 20,000 characters).
  await page.addInitScript(() => {
    const w = window as unknown as { draftWrites: number };
    w.draftWrites = 0;
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key.startsWith('talkover.draft:')) w.draftWrites += 1;
      return setItem.call(this, key, value);
    };
  });
  await openForm();
  const typed = 'Typed at a steady pace, key by key';
  await page.getByLabel('Subject').pressSequentially(typed, { delay: 20 });
  const draft = () =>
    page.evaluate(() => Object.entries(sessionStorage).find(([k]) => k.startsWith('talkover.draft:'))?.[1] ?? null);
  await expect.poll(async () => JSON.parse((await draft()) ?? '{}').subject).toBe(typed);
  const writes = await page.evaluate(() => (window as unknown as { draftWrites: number }).draftWrites);
  expect(writes).toBeGreaterThanOrEqual(1);
  expect(writes).toBeLessThan(typed.length / 4);
  // A blank form leaves no draft behind.
  await page.getByLabel('Subject').fill('');
  await expect.poll(draft).toBeNull();
});

test('the token: sessionStorage per API origin only, forgettable', async ({ openForm, api, page, site }) => {
  await openForm();
  await fillForm(page, TYPED);
  const stored = await page.evaluate(() => ({ ...sessionStorage }));
  expect(stored[`talkover.token:${api.url}`]).toBe(DEMO_TOKEN);
  expect(JSON.stringify(Object.entries(stored).filter(([k]) => !k.startsWith('talkover.token:')))).not.toContain(DEMO_TOKEN);
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
  expect(await page.context().cookies()).toEqual([]);
  expect(page.url()).not.toContain(DEMO_TOKEN);
  // Another API origin asks again and names where the token would go.
  await page.goto(`${site}/?api=${encodeURIComponent('http://127.0.0.1:1')}&agent=${DEMO_AGENT}`);
  await expect(page.getByLabel('API token')).toHaveValue('');
  await expect(page.locator('.tt-token-row').locator('..')).toContainText('http://127.0.0.1:1');
  await page.goBack();
  await expect(page.getByLabel('API token')).toHaveValue(DEMO_TOKEN);
  await page.getByRole('button', { name: 'Forget token' }).click();
  await expect(page.getByLabel('API token')).toHaveValue('');
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('talkover.token:')))).toEqual([]);
});

test('a token without the talq_ prefix is warned about, not blocked', async ({ openForm, page, api, expectConsoleError }) => {
  expectConsoleError(answered(401, api.url));
  await openForm();
  await fillForm(page, { ...TYPED, token: 'abc' });
  await expect(page.locator('.tt-warning')).toContainText('talq_');
  await page.getByRole('button', { name: 'Save training' }).click();
  // The local API refuses it (401), and the request log shows it was sent.
  await expect(page.getByLabel('API token')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.tt-error-summary')).toContainText('The API token was not accepted');
  const sent = (await api.apiRequests()).filter((r) => r.method === 'POST');
  expect(sent.map((r) => r.authorization)).toEqual(['Bearer abc']);
});

test('keyboard only: the whole flow without a mouse', async ({ openForm, page }) => {
  await openForm();
  await page.getByLabel('Agent ID').focus();
  await page.keyboard.press('Tab'); // node id
  await page.keyboard.press('Tab'); // subject
  await page.keyboard.type('Returns policy');
  await page.keyboard.press('Tab'); // instructions
  await page.keyboard.type('Refunds within 30 days.');
  await page.keyboard.press('Tab'); // status radios
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab'); // token
  await page.keyboard.type(DEMO_TOKEN);
  await page.keyboard.press('Enter');
  await expect(page.locator('.tt-panel--success')).toBeFocused();
  await expect(page.locator('.tt-panel--success')).toContainText('inactive');
});

// Issue 12: what is typed during a slow save, and tokens with invisible characters.

const KEPT_NOTE = 'What you typed while it was being saved is still in the form, not saved yet.';

test('typing during a slow save is kept; the form then edits the saved training', async ({ openForm, api, page }) => {
  await openForm();
  await fillForm(page, TYPED);
  await api.fault('hold', { method: 'POST' });
  await page.getByRole('button', { name: 'Save training' }).click();
  await api.untilHeld(1);
  await expect(page.locator('button[type=submit]')).toHaveText('Saving…');
  const instructions = page.getByLabel('Instructions');
  await instructions.press('End');
  await instructions.pressSequentially(' Typed while saving.');
  await expect(page.locator('button[type=submit]')).toHaveText('Saving…');
  await api.release(1);
  const panel = page.locator('.tt-panel--success');
  await expect(panel).toBeVisible();
  await expect(panel.locator('.tt-saved-subject')).toHaveText('Opening hours');
  await expect(panel).toContainText(KEPT_NOTE);
  const typed = { ...TYPED, instructions: `${TYPED.instructions} Typed while saving.` };
  await expectTypedStillThere(page, typed);
  await expect(page.locator('.tt-edit-notice')).toContainText('Editing “Opening hours”');
  // What was sent is what was there when Save was pressed.
  const sent = await api.apiRequests();
  expect(sent.length).toBe(1);
  expect(JSON.parse(sent[0].body!).instructions).toBe(TYPED.instructions);
  await page.reload();
  await expect(page.locator('.tt-form')).toBeVisible();
  await expectTypedStillThere(page, typed);
});

test('nothing typed during a slow save: Subject, Instructions and Node ID are cleared', async ({ openForm, api, page }) => {
  await openForm();
  await fillForm(page, { ...TYPED, nodeId: 'faq-opening-hours' });
  await api.fault('hold', { method: 'POST' });
  await page.getByRole('button', { name: 'Save training' }).click();
  await api.untilHeld(1);
  await expect(page.locator('button[type=submit]')).toHaveText('Saving…');
  await api.release(1);
  const panel = page.locator('.tt-panel--success');
  await expect(panel).toBeVisible();
  await expect(panel).not.toContainText(KEPT_NOTE);
  await expectTypedStillThere(page, { ...TYPED, nodeId: '', subject: '', instructions: '' });
  await expect(page.locator('.tt-edit-notice')).toHaveCount(0);
  await expect(page.getByLabel('API token')).toHaveValue(DEMO_TOKEN);
  await page.reload();
  await expect(page.locator('.tt-form')).toBeVisible();
  await expect(page.getByLabel('Subject')).toHaveValue('');
});

for (const [name, invisible] of [['U+200B', '\u200B'], ['U+FEFF', '\uFEFF']] as const) {
  test(`a token with a trailing ${name} is trimmed as the server trims it, and saves`, async ({ openForm, api, page }) => {
    await openForm();
    await fillForm(page, { ...TYPED, token: DEMO_TOKEN + invisible });
    await expect(page.getByLabel('API token')).not.toHaveAttribute('aria-invalid', 'true');
    await page.getByRole('button', { name: 'Save training' }).click();
    await expect(page.locator('.tt-panel--success')).toBeVisible();
    const sent = await api.apiRequests();
    expect(sent.map((r) => r.authorization)).toEqual([`Bearer ${DEMO_TOKEN}`]);
  });
}

test('a token with U+200B inside: a field error at once, nothing sent, and Save works again once fixed', async ({ openForm, api, page }) => {
  await openForm();
  const broken = `${DEMO_TOKEN.slice(0, 10)}\u200B${DEMO_TOKEN.slice(10)}`;
  await fillForm(page, { ...TYPED, token: broken });
  const button = page.locator('button[type=submit]');
  await button.click();
  const tokenError = page.locator('.tt-field:has(input[name=token]) .tt-error-message');
  await expect(tokenError).toContainText(
    `The API token contains a character that cannot be sent (U+200B, character 11 of ${DEMO_TOKEN.length + 1})`,
    { timeout: 1000 },
  );
  await expect(page.getByLabel('API token')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.tt-error-summary')).toContainText('U+200B');
  await expect(button).toHaveText('Save training');
  await expect(button).not.toHaveAttribute('aria-disabled', 'true');
  await expectTypedStillThere(page);
  expect(await api.requests()).toEqual([]);
  await page.getByLabel('API token').fill(DEMO_TOKEN);
  await expect(tokenError).toHaveCount(0);
  await button.click();
  await expect(page.locator('.tt-panel--success')).toBeVisible();
  expect((await api.apiRequests()).map((r) => r.authorization)).toEqual([`Bearer ${DEMO_TOKEN}`]);
});
