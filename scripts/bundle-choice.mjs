// What a mount point asks for, and which bundle a page needs for it: the one
// with the workspace only when a mount point asks for it. The loader and
// talkover-training.js (postbuild.mjs) embed these functions' own source
// (settingsOf, flagOn, wantsWorkspace), so
// this is the only copy of the rule in JavaScript; the core's Settings reads
// the same flag, and both are checked against the cases of
// tests/vectors/workspace-flag.json (bundle-choice.test.mjs and
// core/tests/workspace_flag.rs).

// The settings of an element, as the wasm's `mount` reads them: the names
// `api-base`, `agent-id`, `status`, `workspace`, `lock-agent`, each a string
// or null (absent). A <talkover-training-form> has them as its own
// attributes; any other mount point ([data-talkover-training]) as `data-`
// attributes, and `fromQuery` when it is the standalone page's (marked
// data-from-query: the query fills what the attributes leave out).
export function settingsOf(el) {
  const prefix = el.localName === 'talkover-training-form' ? '' : 'data-';
  const settings = { fromQuery: prefix !== '' && el.hasAttribute('data-from-query') };
  for (const name of ['api-base', 'agent-id', 'status', 'workspace', 'lock-agent']) {
    settings[name] = el.getAttribute(prefix + name);
  }
  return settings;
}

// Whether a flag's value (`workspace`, `lock-agent`; null when absent) is on,
// as the core's `flag` (Settings) reads it.
export function flagOn(value) {
  // Rust's str::trim (Unicode White_Space), not JavaScript's trim(), which
  // also strips U+FEFF but keeps U+0085.
  const ws = '[\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+';
  const trim = (v) => v.replace(new RegExp(`^${ws}|${ws}$`, 'g'), '');
  return value != null && ['', 'true', '1', 'yes', 'on'].includes(trim(value));
}

// settings: those of each mount point (settingsOf); query: the page's
// ?workspace value or null. A page without mount points needs no workspace.
export function wantsWorkspace(settings, query) {
  return settings.some((s) => flagOn(s.workspace ?? (s.fromQuery ? query : null)));
}
