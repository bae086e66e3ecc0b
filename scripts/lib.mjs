// Shared by the node scripts (screenshots, bench) and the e2e suite: the
// seeded demo ids, how Chromium is launched, and starting a process that
// announces itself on stdout. Each is written here once; grep for a copy.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';

// The local API's seed (local-api/src/store.rs). The e2e fixture checks them
// against the lines the server prints when it starts.
export const DEMO_TOKEN = 'talq_demo_0123456789abcdef';
export const OTHER_TOKEN = 'talq_other_fedcba9876543210';
export const DEMO_AGENT = '550e8400-e29b-41d4-a716-446655440000';
export const EMPTY_AGENT = '7c9e6679-7425-40de-944b-e07fc1f0bf4c';
export const OTHER_AGENT = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

// Debian's Chromium, headless, and kept off the network (this machine has
// none beyond 127.0.0.1): webdriver.json holds the binary and the flags,
// because wasm-bindgen-test-runner reads that file as it is; Playwright's
// config and these scripts take them from it.
const webdriver = JSON.parse(readFileSync(new URL('../webdriver.json', import.meta.url), 'utf8'))['goog:chromeOptions'];
export const CHROMIUM = webdriver.binary;
export const CHROMIUM_ARGS = Object.freeze([...webdriver.args]);

/** Starts `cmd args` and resolves with the first capture of `pattern` on its stdout. */
export const start = (cmd, args, pattern) =>
  new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout }).on('line', (l) => {
      const m = pattern.exec(l);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (c) => reject(new Error(`${cmd} exited ${c}`)));
  });

/** Debian's Chromium with the suite's flags, and `extraArgs`. */
export const launch = (extraArgs = []) => chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
