// The form at first paint (issue 15): renders each standalone page of dist/
// in headless Chromium with the real bundle, and writes what the app drew
// into the page's mount element, so that the form is there before the wasm
// is. Called by postbuild.mjs for release builds (`trunk build --release`,
// `make build`); `trunk serve` skips it.
//
// Why a browser and not Leptos's `ssr` feature: the markup is the real
// bundle's own, so it cannot drift from what mounts (no second, native build
// of the shell with other features, no hydration); it adds ~2 s to a build.
//
// What is written is inert until the app takes over (src/mount.rs, which keeps
// what was typed, the focus and the caret):
// - <form> becomes <div>: without a form, neither Enter nor a button can
//   submit anything anywhere (a token must never go into a GET query);
// - text that depends on the runtime (the API origin, any agent) is left
//   neutral: rendered with no query, no storage, the default origin blanked.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch } from './lib.mjs';
import { serveStatic } from './serve-static.mjs';

/** Pre-renders `pages` (file names in `dir`) in place. */
export async function prerender(dir, pages) {
  const web = await serveStatic(dir);
  const browser = await launch();
  try {
    for (const file of pages) {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${web.url}/${file}`);
      await page.waitForSelector('[data-talkover-training] .tt-root form', { timeout: 30_000 });
      const html = await page.evaluate(() => {
        const mount = document.querySelector('[data-talkover-training]');
        const root = mount.querySelector('.tt-root').cloneNode(true);
        // What a link or the host decides at run time stays neutral.
        root.querySelectorAll('.tt-origin').forEach((el) => (el.textContent = '\u00a0'));
        return root.outerHTML;
      });
      await page.close();
      if (errors.length) throw new Error(`prerender: ${file}: ${errors.join('; ')}`);
      const inert = html
        .replace(/<form\b/g, '<div data-prerendered-form')
        .replace(/<\/form>/g, '</div>');
      if (/<form\b|<script\b|\son[a-z]+=/i.test(inert)) throw new Error(`prerender: ${file}: the markup is not inert`);
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
  } finally {
    await browser.close();
    web.server.close();
  }
}
