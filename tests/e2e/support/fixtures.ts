// Test fixtures: a static server for the release dist/, a fresh local API
// per test (real HTTP on 127.0.0.1), and a page that fails the test on any
// uncaught error.
import { test as base, expect, Page } from '@playwright/test';
import { spawn, ChildProcess } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const DIST = path.join(ROOT, 'dist');
export const LOCAL_API = path.join(ROOT, 'target/debug/local-api');

export const DEMO_TOKEN = 'talq_demo_0123456789abcdef';
export const OTHER_TOKEN = 'talq_other_fedcba9876543210';
export const DEMO_AGENT = '550e8400-e29b-41d4-a716-446655440000';
export const EMPTY_AGENT = '7c9e6679-7425-40de-944b-e07fc1f0bf4c';
export const OTHER_AGENT = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

/**
 * The app's own form, once it has taken over from the pre-rendered markup
 * (scripts/prerender.mjs writes an inert `div.tt-form`; the app a `<form>` in
 * a mounted element).
 */
export const APP_FORM = '[data-talkover-mounted] form.tt-form';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
};

/** Serves `root` on 127.0.0.1 at a free port, like any static host. */
export async function startStatic(root: string, headers: Record<string, string> = {}): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store', ...headers });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, server };
}

export type RecordedRequest = { method: string; path: string; authorization?: string | null; body?: string };

/** A local API process started for one test. */
export class LocalApi {
  constructor(public url: string, private child: ChildProcess) {}

  static async start(args: string[] = []): Promise<LocalApi> {
    const child = spawn(LOCAL_API, ['--port', '0', '--faults', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('local-api did not start in 10 s')), 10_000);
      child.once('exit', (code) => reject(new Error(`local-api exited with ${code}`)));
      lines.on('line', (line) => {
        const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    return new LocalApi(url, child);
  }

  /** Arms a fault for the next matching requests (see local-api/README.md). */
  async fault(fault: string, options: Record<string, unknown> = {}): Promise<void> {
    const res = await fetch(`${this.url}/__test/fault`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fault, ...options }),
    });
    expect(res.ok, `arming fault ${fault}`).toBeTruthy();
  }

  /** Every request the server received, oldest first. */
  async requests(): Promise<RecordedRequest[]> {
    const res = await fetch(`${this.url}/__test/requests`);
    const body = await res.json();
    return (body.requests ?? body.data ?? body) as RecordedRequest[];
  }

  /** The /api requests other than CORS preflights. */
  async apiRequests(): Promise<RecordedRequest[]> {
    return (await this.requests()).filter((r) => r.method !== 'OPTIONS' && r.path.startsWith('/api/'));
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}

/**
 * The strict Content-Security-Policy every page in the suite is served with
 * (the one README.md documents, with any loopback API allowed).
 */
export const SUITE_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "connect-src 'self' http://127.0.0.1:*",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

type Fixtures = {
  api: LocalApi;
  guard: void;
  consoleErrors: string[];
  openForm: (query?: Record<string, string>, page?: Page) => Promise<Page>;
};
type WorkerFixtures = { site: string };

export const test = base.extend<Fixtures, WorkerFixtures>({
  site: [
    async ({}, use) => {
      const { url, server } = await startStatic(DIST, { 'Content-Security-Policy': SUITE_CSP });
      await use(url);
      server.close();
    },
    { scope: 'worker' },
  ],
  api: async ({}, use) => {
    const api = await LocalApi.start();
    await use(api);
    api.stop();
  },
  // Every test, in every page of its context: an uncaught error or a
  // Content-Security-Policy violation fails it.
  guard: [
    async ({ context }, use) => {
      const pageErrors: string[] = [];
      const violations: string[] = [];
      const watch = (p: Page) => {
        p.on('pageerror', (e) => pageErrors.push(e.message));
        p.on('console', (m) => {
          if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
        });
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use();
      expect(pageErrors, 'uncaught errors in the page').toEqual([]);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
  // Console errors, collected for assertions.
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await use(errors);
  },
  openForm: async ({ page, site, api, consoleErrors }, use) => {
    void consoleErrors;
    await use(async (query = {}, target = page) => {
      const params = new URLSearchParams({ api: api.url, agent: DEMO_AGENT, ...query });
      await target.goto(`${site}/?${params}`);
      await expect(target.locator(APP_FORM)).toBeVisible();
      return target;
    });
  },
});

export { expect };

/** Fills the form's text fields. */
export async function fillForm(page: Page, values: { subject?: string; instructions?: string; nodeId?: string; token?: string }) {
  if (values.nodeId !== undefined) await page.getByLabel('Node ID (optional)').fill(values.nodeId);
  if (values.subject !== undefined) await page.getByLabel('Subject').fill(values.subject);
  if (values.instructions !== undefined) await page.getByLabel('Instructions').fill(values.instructions);
  if (values.token !== undefined) await page.getByLabel('API token').fill(values.token);
}

/** The values the form holds now. */
export async function formValues(page: Page) {
  return {
    agent: await page.locator('input[name=agent_id]').inputValue(),
    nodeId: await page.locator('input[name=node_id]').inputValue(),
    subject: await page.locator('input[name=subject]').inputValue(),
    instructions: await page.locator('textarea[name=instructions]').inputValue(),
    token: await page.locator('input[name=token]').inputValue(),
  };
}
