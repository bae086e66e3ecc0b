// Screenshots for the README: node scripts/screenshots.mjs (after make build
// and cargo build -p local-api; static-demo.png after make demo-static).
// Writes docs/screenshots/*.png.
import { start, launch, DEMO_AGENT, DEMO_TOKEN } from './lib.mjs';
import { serveStatic } from './serve-static.mjs';
import { mkdirSync } from 'node:fs';

const api = await start('target/debug/local-api', ['--port', '0', '--faults'], /^listening on (\S+)/);
const web = await serveStatic('dist');
const out = 'docs/screenshots';
mkdirSync(out, { recursive: true });
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 820, height: 900 } });
const open = (extra = '') => page.goto(`${web.url}/?api=${encodeURIComponent(api.url)}&agent=${DEMO_AGENT}${extra}`);
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
await page.getByLabel('API token').fill(DEMO_TOKEN);
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

// The static demo (make demo-static): its own server, no API process.
const demo = await serveStatic('dist-demo');
await page.setViewportSize({ width: 1000, height: 900 });
await page.goto(`${demo.url}/`);
await page.waitForSelector('#demo-status >> text=Ready');
await page.getByRole('button', { name: 'Use the demo token' }).click();
await page.waitForSelector('.tt-training-row');
await shot('static-demo');
demo.server.close();

await browser.close();
api.child.kill();
web.server.close();
console.log(`screenshots in ${out}/`);
