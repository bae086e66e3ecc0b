// Shared by the node scripts (screenshots, bench): start a process and wait
// for its "here I am" line, and launch Debian's headless Chromium offline.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';

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

/** Debian's Chromium, and the flags every script starts it with: headless, and
 * no network beyond what the page asks for (make bench hands them to Lighthouse too). */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Debian's Chromium, headless, with no network beyond what the page asks for. */
export const launch = (extraArgs = []) => chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
