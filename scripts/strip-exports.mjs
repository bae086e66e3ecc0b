// Release builds: drop the exports nobody calls (and the glue's initSync).
// leptos -> server_fn -> wasm-streams exports three JavaScript stream adapters (IntoUnderlyingSource,
// IntoUnderlyingByteSource, IntoUnderlyingSink) from every bundle, and
// wasm-bindgen keeps them as wasm exports and JS classes although nothing of
// ours uses them. Measured: about 1 KB brotli per bundle (wasm and glue).
//
// The wasm loses the exports (binaryen's wasm-metadce, rooted at every other
// export) and is optimised again; the glue loses the three classes. Both are
// checked: a change of wasm-bindgen's output fails the build instead of
// leaving a half-stripped bundle.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';

const DROP = /^(__wbg_)?intounderlying/;
const CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];

/** Strips the unused exports from `wasmFile` and `jsFile` in place. */
export function stripExports(wasmFile, jsFile, binaryen) {
  const module = new WebAssembly.Module(readFileSync(wasmFile));
  const exports = WebAssembly.Module.exports(module);
  const dropped = exports.filter((e) => DROP.test(e.name));
  if (dropped.length === 0) return; // nothing to strip (a later Leptos)
  const graph = [
    ...exports.filter((e) => !DROP.test(e.name)).map((e) => ({ name: `e:${e.name}`, root: true, export: e.name })),
    ...WebAssembly.Module.imports(module).map((i) => ({ name: `i:${i.module}:${i.name}`, import: [i.module, i.name] })),
  ];
  const work = mkdtempSync(path.join(tmpdir(), 'tt-strip-'));
  try {
    const graphFile = path.join(work, 'graph.json');
    const dce = path.join(work, 'dce.wasm');
    writeFileSync(graphFile, JSON.stringify(graph));
    execFileSync(path.join(binaryen, 'wasm-metadce'), [wasmFile, '--graph-file', graphFile, '-o', dce], { stdio: 'ignore' });
    execFileSync(path.join(binaryen, 'wasm-opt'), [dce, '-Os', '--low-memory-unused', '-o', wasmFile]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const left = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(wasmFile))).filter((e) => DROP.test(e.name));
  if (left.length) throw new Error(`strip-exports: still exported: ${left.map((e) => e.name)}`);

  let js = readFileSync(jsFile, 'utf8');
  for (const name of CLASSES) {
    const parts = [
      // export class X { … }  (wasm-bindgen closes it with "}" alone on a line)
      new RegExp(`^export class ${name} \\{\\n[\\s\\S]*?\\n\\}\\n`, 'm'),
      new RegExp(`^if \\(Symbol\\.dispose\\) ${name}\\.prototype\\[Symbol\\.dispose\\] = ${name}\\.prototype\\.free;\\n`, 'm'),
      new RegExp(`^const ${name}Finalization = [\\s\\S]*?;\\n`, 'm'),
    ];
    for (const re of parts) {
      if (!re.test(js)) throw new Error(`strip-exports: ${jsFile}: no ${re}`);
      js = js.replace(re, '');
    }
  }
  if (/intounderlying/i.test(js)) throw new Error(`strip-exports: ${jsFile} still names IntoUnderlying*`);
  // The glue's synchronous initSync is not called either (the loader,
  // talkover-training.js and the demo's worker call the default init): without
  // its export, terser drops it (0.1 KB brotli).
  const initSync = /^export \{ initSync, __wbg_init as default \};$/m;
  if (!initSync.test(js)) throw new Error(`strip-exports: ${jsFile}: no "export { initSync, __wbg_init as default };"`);
  js = js.replace(initSync, 'export { __wbg_init as default };');
  writeFileSync(jsFile, js);
}
