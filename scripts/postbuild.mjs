// Trunk's post_build hook (Trunk.toml), on the staging dir of every
// `trunk build` / `trunk serve` rebuild: make dist/ work under a strict
// Content-Security-Policy, load only the bundle a page needs, and give host
// pages one stable script to embed. index.html declares both bundles: the
// form alone (the main Rust asset) and the same app with the workspace (a
// second Rust asset, which Trunk builds but neither hashes nor loads).
//
// 1. Trunk injects an inline <script type="module"> that starts the app; a CSP
//    without 'unsafe-inline' refuses it, and it always loads the one bundle
//    Trunk built. It goes, with its preloads.
// 2. The bundle with the workspace gets a content hash in its name, as the
//    form's has: talkover-training-workspace-<hash>.js / _bg.wasm.
// 3. loader-<hash>.js picks a bundle (the workspace one only if a mount
//    point or the query asks for it) and starts it; index.html loads it with
//    <script type="module" src>.
// 4. talkover-training.js: a stable-name module for host pages (serve it
//    with a short cache; the hashed files it loads can be cached forever):
//    the custom element, the observer, mount(), from scripts/embed.js; and
//    talkover-training.d.ts, its types, and talkover-training.css, the
//    stylesheet under a stable name for a host's <head>, beside it. Release
//    builds put into it the form's markup for each kind of mount point
//    (prerender.mjs's skeletons), shown until the app mounts.
// 5. Build each examples/*.html into examples/, replacing the marker
//    <!-- talkover-training-form [blocking=render] --> with the embed script.
// 6. Release builds: index.html and workspace.html get the form pre-rendered.
import { readFileSync, writeFileSync, readdirSync, mkdirSync, existsSync, renameSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { settingsOf, wantsWorkspace } from './bundle-choice.mjs';
import { prerender, skeletons } from './prerender.mjs';
import { stripExports } from './strip-exports.mjs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// Trunk gives the hook its staging dir; run by hand, it works on dist/.
const dist = process.env.TRUNK_STAGING_DIR ?? path.join(root, 'dist');
// `trunk serve` adds its live-reload script inline; that page has no CSP.
const serving = (html) => /<script>[^<]*__TRUNK_|\.well-known\/trunk\/ws/.test(html);
const indexPath = path.join(dist, 'index.html');
let html = readFileSync(indexPath, 'utf8');

// 1. Trunk's inline module and its preloads go: the loader below decides
//    which bundle the page needs, then fetches its wasm and JS in parallel.
const inline = /<script type="module">[\s\S]*?<\/script>/;
if (!inline.test(html)) throw new Error('postbuild: no inline loader in dist/index.html');
html = html.replace(inline, '').replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '');

// 2. Both bundles get a name from the content they end with: the form's as
//    Trunk built it, the workspace's as Trunk left it (unhashed, because it is
//    declared as a worker); release builds strip unused exports first
//    (strip-exports.mjs).
const files = readdirSync(dist);
const pick = (re, what) => {
  const found = files.filter((f) => re.test(f));
  if (found.length !== 1) throw new Error(`postbuild: expected one ${what} in ${dist}, found: ${found}`);
  return found[0];
};
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';
const finish = (name, built) => {
  const at = (f) => path.join(dist, f);
  if (release) stripExports(at(built.wasm), at(built.js), path.join(root, 'tools/node_modules/.bin'));
  const hash = createHash('sha256').update(readFileSync(at(built.wasm))).update(readFileSync(at(built.js))).digest('hex').slice(0, 16);
  const named = { js: `talkover-training-${name}-${hash}.js`, wasm: `talkover-training-${name}-${hash}_bg.wasm` };
  // The script names its wasm only as the default of init(), which the
  // loader never uses (it passes the module); still, keep the name right.
  const js = readFileSync(at(built.js), 'utf8').replaceAll(built.wasm, named.wasm);
  rmSync(at(built.js));
  writeFileSync(at(named.js), js);
  renameSync(at(built.wasm), at(named.wasm));
  return named;
};
const form = finish('form', {
  js: pick(/^talkover-training-form-[0-9a-f]+\.js$/, 'form bundle script'),
  wasm: pick(/^talkover-training-form-[0-9a-f]+_bg\.wasm$/, 'form bundle wasm'),
});
const workspace = finish('workspace', {
  js: pick(/^talkover-training-workspace\.js$/, 'workspace bundle script'),
  wasm: pick(/^talkover-training-workspace_bg\.wasm$/, 'workspace bundle wasm'),
});
const css = readdirSync(dist).find((f) => /^main-[0-9a-f]+\.css$/.test(f));
if (!css) throw new Error('postbuild: no stylesheet in dist/');

// 3. Which bundle: the rule of bundle-choice.mjs, embedded as its own source;
//    then every mount point of the page is mounted (the wasm mounts nothing
//    by itself: src/mount.rs).
const start = `const base = new URL('./', import.meta.url);
${settingsOf}
${wantsWorkspace}
const mounts = [...document.querySelectorAll('[data-talkover-training]')];
const settings = mounts.map(settingsOf);
const query = new URLSearchParams(location.search).get('workspace');
const [js, wasm] = wantsWorkspace(settings, query) ? ['${workspace.js}', '${workspace.wasm}'] : ['${form.js}', '${form.wasm}'];
const module = fetch(new URL(wasm, base));
const bundle = await import(new URL(js, base).href);
await bundle.default({ module_or_path: module });
mounts.forEach((el, slot) => {
  el.setAttribute('data-talkover-mounted', '');
  bundle.mount(el, settings[slot], settings[slot].fromQuery, slot);
});
`;
const loaderCode = `// Starts the Talkover training form with the bundle this page needs.
// Generated by scripts/postbuild.mjs.
${start}`;
const loader = `loader-${createHash('sha256').update(loaderCode).digest('hex').slice(0, 16)}.js`;
writeFileSync(path.join(dist, loader), loaderCode);
// The page's bundle is requested in the first round trip, beside the CSS and
// the loader, not after the loader has run: index.html preloads the form's,
// workspace.html (the same page with the workspace on) the workspace's.
// `crossorigin` makes the preload match the loader's fetch() (or it would
// download twice).
const preloads = (b) =>
  `  <link rel="modulepreload" href="./${b.js}" />\n` +
  `    <link rel="preload" href="./${b.wasm}" as="fetch" type="application/wasm" crossorigin />\n` +
  `    <script type="module" src="./${loader}"></script>\n  </head>`;
const pages = {
  'index.html': html.replace('</head>', preloads(form)),
  'workspace.html': html
    .replace('</head>', preloads(workspace))
    .replace(/<main\b([^>]*\bdata-talkover-training\b)/, '<main$1 data-workspace'),
};
if (!pages['workspace.html'].includes(' data-workspace')) throw new Error('postbuild: no mount point in index.html');
for (const [file, page] of Object.entries(pages)) {
  if (!serving(page) && /<script(?![^>]*\bsrc=)[^>]*>/.test(page)) throw new Error(`postbuild: an inline script is left in ${file}`);
  writeFileSync(path.join(dist, file), page);
}

// 4. The embedding entry: scripts/embed.js with the names it needs (the
//    custom element, the observer of [data-talkover-training], mount()).
const embed = `// Talkover training form for host pages: <talkover-training-form …>, or
// <div data-talkover-training …>, and this module; or its mount(element, options).
// Generated by scripts/postbuild.mjs from scripts/embed.js; loads the hashed
// files beside it. Types: talkover-training.d.ts.
const base = new URL('./', import.meta.url);
const FILES = ${JSON.stringify({ form: [form.js, form.wasm], workspace: [workspace.js, workspace.wasm] })};
const CSS = ${JSON.stringify(css)};
const SKELETONS = {};
${settingsOf}
${wantsWorkspace}
${readFileSync(path.join(root, 'scripts/embed.js'), 'utf8')}`;
writeFileSync(path.join(dist, 'talkover-training.js'), embed);
writeFileSync(path.join(dist, 'talkover-training.css'), readFileSync(path.join(dist, css)));
writeFileSync(path.join(dist, 'talkover-training.d.ts'), readFileSync(path.join(root, 'scripts/talkover-training.d.ts')));

// 5. The examples.
const examples = path.join(root, 'examples');
if (existsSync(examples)) {
  mkdirSync(path.join(dist, 'examples'), { recursive: true });
  for (const f of readdirSync(examples).filter((f) => !f.endsWith('.html'))) {
    writeFileSync(path.join(dist, 'examples', f), readFileSync(path.join(examples, f)));
  }
  for (const f of readdirSync(examples).filter((f) => f.endsWith('.html'))) {
    const page = readFileSync(path.join(examples, f), 'utf8');
    // <!-- talkover-training-form --> or, in a <head> that reserves the
    // form's space at first paint, <!-- talkover-training-form blocking=render -->.
    const marker = /<!-- talkover-training-form( blocking=render)? -->/;
    if (!marker.test(page)) throw new Error(`postbuild: ${f} lacks the marker`);
    const out = page.replace(marker, (_, blocking) => `<script type="module" src="../talkover-training.js"${blocking ? ' blocking="render"' : ''}></script>`);
    writeFileSync(path.join(dist, 'examples', f), out);
  }
}
// 6. The form at first paint, in release builds only (scripts/prerender.mjs):
//    in the standalone pages, and for host pages in talkover-training.js.
if (release) {
  const shown = await skeletons(dist);
  const entry = path.join(dist, 'talkover-training.js');
  const withSkeletons = readFileSync(entry, 'utf8').replace('const SKELETONS = {};', () => `const SKELETONS = ${JSON.stringify(shown)};`);
  if (!withSkeletons.includes('const SKELETONS = {"')) throw new Error('postbuild: no SKELETONS in talkover-training.js');
  writeFileSync(entry, withSkeletons);
  await prerender(dist, Object.keys(pages));
}

console.log(`postbuild: external loader, talkover-training.js${existsSync(examples) ? ', examples/' : ''}`);
