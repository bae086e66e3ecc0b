// Release builds: short names for what the wasm imports from its glue and
// exports to it. wasm-bindgen names every import `__wbg_<name>_<16 hex
// digits>` from the module "./talkover-training-form_bg.js" (154 of them in
// the form's bundle), and its closure shims are exported under their mangled
// Rust paths (up to 300 characters). Each name is written twice, in the wasm
// and in the glue, and the hashes do not compress. Measured: 4.2 KB brotli
// less per first visit (2.3 KB of wasm, 1.9 KB of glue).
//
// binaryen's own pass renames them (wasm-opt
// --minify-imports-and-exports-and-modules, the one Emscripten uses) and
// prints the old-to-new map; the glue is rewritten with that map, before
// terser. Every rename is checked: a change in wasm-bindgen's output fails
// the build instead of leaving a bundle whose glue and wasm disagree.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces `re` in `text` exactly `times` times (else throws), with `to`. */
function replaceCounted(text, re, to, times, what) {
  const found = text.match(re)?.length ?? 0;
  if (found !== times) throw new Error(`minify-names: expected ${times} of ${what} in the glue, found ${found}`);
  return text.replace(re, to);
}

/**
 * The glue's import object (`const import0 = {` … `    };`, one entry per
 * import, each starting at 8 spaces) without the entries whose import the
 * optimised wasm no longer has: strip-exports.mjs removes, with wasm-streams'
 * exports, the Promise constructor they alone used.
 */
function dropUnimported(js, imported) {
  const open = js.indexOf('\n    const import0 = {\n');
  const close = js.indexOf('\n    };\n', open);
  if (open < 0 || close < 0) throw new Error("minify-names: no import object (`const import0 = {`) in the glue");
  const body = js.slice(open, close).split(/(?=\n {8}[\w$]+: )/);
  const kept = body.filter((entry) => {
    const key = /^\n {8}([\w$]+):/.exec(entry)?.[1];
    return key === undefined || key === '__proto__' || imported.has(key);
  });
  return js.slice(0, open) + kept.join('') + js.slice(close);
}

/** Renames the imports and exports of `wasmFile` and their uses in `jsFile`, in place. */
export function minifyNames(wasmFile, jsFile, binaryen) {
  const out = `${wasmFile}.min`;
  const printed = execFileSync(
    path.join(binaryen, 'wasm-opt'),
    // The same pass drops the two custom sections that only say how the
    // wasm was made (the compiler's version, the target features): 227 B.
    [wasmFile, '--minify-imports-and-exports-and-modules', '--strip-producers', '--strip-target-features', '-o', out],
    { encoding: 'utf8' },
  );
  const map = JSON.parse(printed.slice(printed.indexOf('{')));
  const renamed = new WebAssembly.Module(readFileSync(out));
  const newImports = new Map(WebAssembly.Module.imports(renamed).map((i) => [i.name, i.module]));
  const newExports = new Set(WebAssembly.Module.exports(renamed).map((e) => e.name));

  let js = dropUnimported(readFileSync(jsFile, 'utf8'), new Set(map.imports.map(([, name]) => name)));
  // Imports: the glue's import object, `{ "<module>": import0 }` whose
  // `import0` has one `<name>: function(…)` per import.
  const modules = new Map();
  for (const [module, name, short] of map.imports) {
    const to = newImports.get(short);
    if (to === undefined) throw new Error(`minify-names: ${short} is not an import of the renamed wasm`);
    if ((modules.get(module) ?? to) !== to) throw new Error(`minify-names: module ${module} split in two`);
    modules.set(module, to);
    js = replaceCounted(js, new RegExp(`(?<=[\\s{,])${escape(name)}(?=\\s*:)`, 'g'), short, 1, `import ${name}`);
  }
  for (const [module, to] of modules) {
    js = replaceCounted(js, new RegExp(`"${escape(module)}"(?=\\s*:)`, 'g'), JSON.stringify(to), 1, `module ${module}`);
  }
  // Exports: every use is `wasm.<name>` (wasm = instance.exports).
  for (const [name, short] of map.exports) {
    if (!newExports.has(short)) throw new Error(`minify-names: ${short} is not an export of the renamed wasm`);
    js = js.replace(new RegExp(`(?<=\\bwasm\\.)${escape(name)}(?![\\w$])`, 'g'), short);
  }
  const stale = [...js.matchAll(/\bwasm\.([\w$]+)/g)].map((m) => m[1]).filter((n) => !newExports.has(n));
  if (stale.length) throw new Error(`minify-names: the glue still uses wasm.${stale[0]}`);
  const hashed = /__wbg_\w+_[0-9a-f]{16}\b/.exec(js);
  if (hashed) throw new Error(`minify-names: the glue still names ${hashed[0]}`);

  writeFileSync(jsFile, js);
  renameSync(out, wasmFile);
}
