// Test fixtures: a static server for the release dist/, a fresh local API
// per test (real HTTP on 127.0.0.1), and pages that fail the test on any
// uncaught error, CSP violation or undeclared console error.
import { test as base, expect, Page } from '@playwright/test';
import { spawn, ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../../../scripts/serve-static.mjs';
import { DEMO_TOKEN, OTHER_TOKEN, DEMO_AGENT, EMPTY_AGENT, OTHER_AGENT } from '../../../scripts/lib.mjs';

export { DEMO_TOKEN, OTHER_TOKEN, DEMO_AGENT, EMPTY_AGENT, OTHER_AGENT };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DIST = path.join(ROOT, 'dist');
export const LOCAL_API = path.join(ROOT, 'target/debug/local-api');

/**
 * The app's own form, once it has taken over from the pre-rendered markup
 * (scripts/prerender.mjs writes an inert `div.tt-form`; the app a `<form>` in
 * a mounted element).
 */
export const APP_FORM = '[data-talkover-mounted] form.tt-form';

/** Serves `root` (dist/ or a copy) as the suite does: scripts/serve-static.mjs, the suite's CSP, nothing cached. */
export function startStatic(root: string) {
  return serveStatic(root, { headers: { 'Content-Security-Policy': SUITE_CSP, 'Cache-Control': 'no-store' } });
}

/** The lines the local API prints for its seed (local-api/README.md): the ids above must be the server's. */
const SEED_LINES = [
  `account demo: token ${DEMO_TOKEN} agent ${DEMO_AGENT} "Demo Receptionist" (3 trainings)`,
  `account demo: token ${DEMO_TOKEN} agent ${EMPTY_AGENT} "Empty Agent" (0 trainings)`,
  `account other: token ${OTHER_TOKEN} agent ${OTHER_AGENT} "Other Agent" (0 trainings)`,
];

export type RecordedRequest = { method: string; path: string; authorization?: string | null; body?: string };

/** A local API process started for one test. */
export class LocalApi {
  constructor(public url: string, private child: ChildProcess) {}

  static async start(args: string[] = []): Promise<LocalApi> {
    const child = spawn(LOCAL_API, ['--port', '0', '--faults', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! });
    // Everything it prints before the requests: listening, the seed, "faults on".
    const printed: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('local-api did not start in 10 s')), 10_000);
      child.once('exit', (code) => reject(new Error(`local-api exited with ${code}`)));
      lines.on('line', (line) => {
        printed.push(line);
        if (!line.startsWith('faults on:')) return;
        clearTimeout(timer);
        const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(printed[0]);
        if (m) resolve(m[1]);
        else reject(new Error(`local-api's first line: ${printed[0]}`));
      });
    });
    expect(printed.slice(1, -1), "the local API's seed is the ids of scripts/lib.mjs").toEqual(SEED_LINES);
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

  /** How many requests the `hold` fault (or `hold: true`) holds now. */
  async held(): Promise<number> {
    const res = await fetch(`${this.url}/__test/release`);
    return (await res.json()).held;
  }

  /**
   * Waits until `count` requests are held: the page's request has reached
   * the server and waits there, so the page is really in flight.
   */
  async untilHeld(count = 1): Promise<void> {
    await expect.poll(() => this.held(), { message: `${count} held request(s)` }).toBe(count);
  }

  /** Waits until `count` requests are held, then lets them go on. */
  async release(count = 1): Promise<void> {
    await this.untilHeld(count);
    const res = await fetch(`${this.url}/__test/release`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
    expect((await res.json()).released, 'released').toBe(count);
  }

  /** The local API's faults (`GET /__test/faults`): name, status, what it does. */
  async faults(): Promise<{ name: string; status: number | null; what: string }[]> {
    const res = await fetch(`${this.url}/__test/faults`);
    return (await res.json()).faults;
  }

  /** An agent's trainings as the API lists them now. */
  async trainings(agent = DEMO_AGENT, token = DEMO_TOKEN): Promise<{ id: string; subject: string; node_id?: string | null }[]> {
    const res = await fetch(`${this.url}/api/v1/agents/${agent}/trainings`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status, 'listing trainings').toBe(200);
    return (await res.json()).data;
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
  guard: { expected: RegExp[] };
  expectConsoleError: (pattern: RegExp) => void;
  openForm: (query?: Record<string, string>, page?: Page) => Promise<Page>;
};
type WorkerFixtures = { site: string };

export const test = base.extend<Fixtures, WorkerFixtures>({
  site: [
    async ({}, use) => {
      const { url, server } = await startStatic(DIST);
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
  // Every test, in every page of its context: an uncaught error, a
  // Content-Security-Policy violation, or a console error the test did not
  // declare with expectConsoleError fails it; so does a declared one that
  // never came.
  guard: [
    async ({ context }, use) => {
      const pageErrors: string[] = [];
      const violations: string[] = [];
      const consoleErrors: string[] = [];
      const expected: RegExp[] = [];
      const watch = (p: Page) => {
        p.on('pageerror', (e) => pageErrors.push(e.message));
        p.on('console', (m) => {
          if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
          // With where it came from: for a failed request, its URL.
          else if (m.type() === 'error') consoleErrors.push(`${m.text()} (${m.location().url})`);
        });
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use({ expected });
      expect(pageErrors, 'uncaught errors in the page').toEqual([]);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
      const unexpected = consoleErrors.filter((text) => !expected.some((p) => p.test(text)));
      expect(unexpected, 'console errors the test did not declare with expectConsoleError').toEqual([]);
      const missing = expected.filter((p) => !consoleErrors.some((text) => p.test(text)));
      expect(missing.map(String), 'declared console errors that never came').toEqual([]);
    },
    { auto: true },
  ],
  // Declares a console error the test provokes itself (Chromium logs a
  // request that fails or answers 4xx/5xx): errors matching `pattern` do not
  // fail the test, and one of them must come. Keep the pattern narrow.
  expectConsoleError: async ({ guard }, use) => {
    await use((pattern) => {
      guard.expected.push(pattern);
    });
  },
  openForm: async ({ page, site, api }, use) => {
    await use(async (query = {}, target = page) => {
      const params = new URLSearchParams({ api: api.url, agent: DEMO_AGENT, ...query });
      await target.goto(`${site}/?${params}`);
      await expect(target.locator(APP_FORM)).toBeVisible();
      return target;
    });
  },
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What Chromium logs for a request the page made that the server answered
 * with this status: `Failed to load resource: the server responded with a
 * status of 500 (Internal Server Error) (URL)`; only for URLs under `base`
 * when given.
 */
export const answered = (status: number, base = '') =>
  new RegExp(`^Failed to load resource: the server responded with a status of ${status} \\([^)]*\\) \\(${escape(base)}`);

/** What Chromium logs for a request to `base` that got no answer at all: `net::ERR_…`. */
export const unanswered = (error: string, base = '') => new RegExp(`^Failed to load resource: net::${error} \\(${escape(base)}`);

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
