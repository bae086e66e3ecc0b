// The form at first paint (issue 15): renders each standalone page of dist/
// in headless Chromium with the real bundle, and writes what the app drew
// into the page's mount element, so that the form is there before the wasm
// is. Called by postbuild.mjs for release builds (`trunk build --release`,
// `make build`); `trunk serve` skips it.
//
// The same markup serves host pages: `skeletons` renders each kind of mount
// point (form or workspace, agent free or locked) once, and postbuild.mjs
// puts them into talkover-training.js, which shows one in an element as soon
// as it connects (scripts/embed.js): the host page keeps its layout (no shift
// when the app mounts) and the form is visible before the wasm arrives.
//
// Why a browser and not Leptos's `ssr` feature: the markup is the real
// bundle's own, so it cannot drift from what mounts (no second, native build
// of the shell with other features, no hydration); it adds ~2 s to a build.
//
// What is written is inert until the app takes over (src/takeover.rs, which
// keeps what was typed, the focus and the caret):
// - <form> becomes <div>: without a form, neither Enter nor a button can
//   submit anything anywhere (a token must never go into a GET query);
// - text that depends on the runtime (the API origin, any agent) is left
//   neutral: rendered with no query, no storage, the default origin blanked;
// - what the app set as DOM properties (the checked radio, values) is written
//   as attributes, so the markup shows it and takeover sees what changed.
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { launch } from './lib.mjs';
import { serveStatic } from './serve-static.mjs';

/**
 * The kinds of mount point a host page can have: name → data- attributes.
 * Each is rendered for an agent (a lock needs one; the workspace's text
 * depends on it), whose id embed.js replaces by the element's own.
 */
export const KINDS = {
  form: '',
  'form-locked': ' data-lock-agent',
  workspace: ' data-workspace',
  'workspace-locked': ' data-workspace data-lock-agent',
};

/** Opens `url`, waits for the app in its one mount element, and returns that element's form as inert markup. */
async function capture(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    await page.goto(url);
    await page.waitForSelector('[data-talkover-training] .tt-root form', { timeout: 30_000 });
    const html = await page.evaluate(() => {
      const mount = document.querySelector('[data-talkover-training]');
      const live = mount.querySelector('.tt-root');
      // Properties the app set become attributes, so the copy shows them.
      for (const el of live.querySelectorAll('input, textarea')) {
        if (el.type === 'radio' || el.type === 'checkbox') el.toggleAttribute('checked', el.checked);
        else if (el.localName === 'textarea') el.textContent = el.value;
        else if (el.value) el.setAttribute('value', el.value);
      }
      const root = live.cloneNode(true);
      // What a link or the host decides at run time stays neutral.
      root.querySelectorAll('.tt-origin').forEach((el) => (el.textContent = '\u00a0'));
      root.querySelector('input[name=agent_id]')?.removeAttribute('value');
      // Leptos's <!----> markers serve only the live view; the copy is
      // replaced, never hydrated.
      const comments = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
      const drop = [];
      while (comments.nextNode()) drop.push(comments.currentNode);
      drop.forEach((c) => c.remove());
      return root.outerHTML;
    });
    if (errors.length) throw new Error(errors.join('; '));
    const inert = html.replace(/<form\b/g, '<div data-prerendered-form').replace(/<\/form>/g, '</div>');
    if (/<form\b|<script\b|\son[a-z]+=/i.test(inert)) throw new Error('the markup is not inert');
    return inert;
  } catch (e) {
    throw new Error(`prerender: ${url}: ${e.message}`);
  } finally {
    await page.close();
  }
}

/** Runs `work(browser, url)` with `dir` served on 127.0.0.1 and headless Chromium, and ends both. */
async function rendering(dir, work) {
  const web = await serveStatic(dir);
  const browser = await launch();
  try {
    return await work(browser, web.url);
  } finally {
    await browser.close();
    web.server.close();
  }
}

/** Pre-renders `pages` (file names in `dir`) in place. */
export async function prerender(dir, pages) {
  await rendering(dir, async (browser, url) => {
    for (const file of pages) {
      const inert = await capture(browser, `${url}/${file}`);
      const target = path.join(dir, file);
      const source = readFileSync(target, 'utf8');
      const mount = /(<main\b[^>]*\bdata-talkover-training\b[^>]*)>([\s\S]*?)<\/main>/;
      if (!mount.test(source)) throw new Error(`prerender: ${file}: no <main data-talkover-training>`);
      writeFileSync(
        target,
        source.replace(mount, (_, open, inner) => `${open} data-prerendered>${inner}${inert}</main>`),
      );
      console.log(`prerender: ${file} (${inert.length} bytes of markup)`);
    }
  });
}

/**
 * The markup of each kind of mount point (KINDS), as talkover-training.js in
 * `dir` renders it into a host page's element with an agent (its id left
 * out), no origin and the default status: the element's own settings are
 * filled in by embed.js.
 */
export async function skeletons(dir) {
  const scratch = path.join(dir, '__skeleton.html');
  const out = {};
  await rendering(dir, async (browser, url) => {
    try {
      for (const [kind, attributes] of Object.entries(KINDS)) {
        writeFileSync(
          scratch,
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>skeleton</title><link rel="icon" href="data:,"></head><body>` +
            `<div data-talkover-training data-agent-id="00000000-0000-4000-8000-000000000000"${attributes}></div>` +
            `<script type="module" src="talkover-training.js"></script></body></html>`,
        );
        out[kind] = await capture(browser, `${url}/__skeleton.html?kind=${kind}`);
      }
    } finally {
      rmSync(scratch, { force: true });
    }
  });
  console.log(`prerender: host skeletons ${Object.entries(out).map(([k, v]) => `${k} ${v.length}`).join(', ')} bytes`);
  return out;
}
