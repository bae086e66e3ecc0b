// Screenshots for the README: node scripts/screenshots.mjs (after make build
// and cargo build -p local-api). Writes docs/screenshots/*.png.
import { start, launch } from './lib.mjs';
import { mkdirSync } from 'node:fs';


const api = await start('target/debug/local-api', ['--port', '0', '--faults'], /^listening on (\S+)/);
const web = await start('node', ['scripts/serve-static.mjs', 'dist', '0'], /^serving (\S+)/);
const out = 'docs/screenshots';
mkdirSync(out, { recursive: true });
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 820, height: 900 } });
const agent = '550e8400-e29b-41d4-a716-446655440000';
const open = (extra = '') => page.goto(`${web.url}?api=${encodeURIComponent(api.url)}&agent=${agent}${extra}`);
const shot = (name) => page.screenshot({ path: `${out}/${name}.png`, fullPage: true });

await open();
await page.waitForSelector('.tt-form');
await shot('empty');
await page.getByLabel('Subject').fill('😀'.repeat(256));
await page.getByRole('button', { name: 'Save training' }).click();
await page.waitForSelector('.tt-error-summary');
await shot('invalid');
await page.getByLabel('Subject').fill('Opening hours');
await page.getByLabel('Instructions').fill('We are open 9:00 to 17:00, Monday to Friday. Closed on public holidays.');
await page.getByLabel('API token').fill('talq_demo_0123456789abcdef');
await fetch(`${api.url}/__test/fault`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fault: '422-unknown-field' }) });
await page.getByRole('button', { name: 'Save training' }).click();
await page.waitForSelector('.tt-error-summary >> text=priority');
await shot('server-422');
await page.getByLabel('Subject').fill('Opening hours');
await page.getByRole('button', { name: 'Save training' }).click();
await page.waitForSelector('.tt-panel--success');
await shot('success');
await open('&workspace');
await page.waitForSelector('.tt-training-row');
await page.setViewportSize({ width: 1000, height: 900 });
await shot('workspace');
await browser.close();
api.child.kill();
web.child.kill();
console.log(`screenshots in ${out}/`);
