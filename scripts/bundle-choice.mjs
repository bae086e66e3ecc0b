// Which bundle a page needs: the one with the workspace only when a mount
// point asks for it. The loader (postbuild.mjs) embeds this function's own
// source, so this is the only copy of the rule in JavaScript; the core's
// Settings reads the same flag, and both are checked against the cases of
// tests/vectors/workspace-flag.json (bundle-choice.test.mjs and
// core/tests/workspace_flag.rs).
//
// mounts: the [data-talkover-training] elements; query: the page's
// ?workspace value or null. A page without mount points gets the form in
// <body> with the defaults only, so never the workspace.
export function wantsWorkspace(mounts, query) {
  // Rust's str::trim (Unicode White_Space), not JavaScript's trim(), which
  // also strips U+FEFF but keeps U+0085.
  const ws = '[\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+';
  const trim = (v) => v.replace(new RegExp(`^${ws}|${ws}$`, 'g'), '');
  const on = (v) => v != null && ['', 'true', '1', 'yes', 'on'].includes(trim(v));
  return mounts.some((el) =>
    on(el.getAttribute('data-workspace') ?? (el.hasAttribute('data-from-query') ? query : null)),
  );
}
