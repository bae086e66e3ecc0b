// Static hosting: dist/ from nginx at / and under a sub-path, under a strict CSP.
import { test, expect, fillForm, DEMO_TOKEN, DEMO_AGENT } from '../support/fixtures';
import { Nginx, strictCsp } from '../support/nginx';
import type { Page } from '@playwright/test';

/** Collects CSP violations the browser reports, from before the first script runs. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__reportCsp', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __reportCsp: (v: string) => void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

for (const base of ['/', '/tools/training/']) {
  test(`served by nginx at ${base} under a strict CSP: loads, saves, no violations`, async ({ page, api }) => {
    const nginx = await Nginx.start(strictCsp(api.url));
    try {
      const violations = await watchCsp(page);
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${nginx.url}${base}?api=${encodeURIComponent(api.url)}&agent=${DEMO_AGENT}`);
      await fillForm(page, { subject: 'Hosting', instructions: 'Served by nginx.', token: DEMO_TOKEN });
      await page.getByRole('button', { name: 'Save training' }).click();
      await expect(page.locator('.tt-panel--success')).toBeVisible();
      expect(violations).toEqual([]);
      // Only the page's own files and the API.
      for (const url of requests) {
        expect(url.startsWith(nginx.url + base) || url.startsWith(api.url + '/api/'), url).toBeTruthy();
      }
      // Hashed files may be cached forever; index.html is revalidated.
      const index = await fetch(`${nginx.url}${base}`);
      expect(index.headers.get('cache-control')).toBe('no-cache');
      expect(index.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
      const wasm = requests.find((u) => u.endsWith('.wasm'))!;
      const cached = await fetch(wasm);
      expect(cached.headers.get('cache-control')).toContain('immutable');
      expect(cached.headers.get('content-type')).toBe('application/wasm');
    } finally {
      nginx.stop();
    }
  });
}

test('dist/index.html has no inline script', async () => {
  const { readFileSync } = await import('node:fs');
  const { DIST } = await import('../support/fixtures');
  const html = readFileSync(`${DIST}/index.html`, 'utf8');
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/\son[a-z]+=/i);
});
