// node --test scripts/bundle-choice.test.mjs: the loader's rule gives the
// same answer as the core's Settings for every case of the shared vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { wantsWorkspace } from './bundle-choice.mjs';

const vectors = JSON.parse(readFileSync(new URL('../tests/vectors/workspace-flag.json', import.meta.url), 'utf8'));
const element = (attributes) => ({
  getAttribute: (name) => attributes[name] ?? null,
  hasAttribute: (name) => name in attributes,
});

test('one mount point: the workspace exactly when the shared vectors say', () => {
  assert.ok(vectors.cases.length >= 20);
  for (const c of vectors.cases) {
    assert.equal(wantsWorkspace([element(c.attributes)], c.query), c.workspace, JSON.stringify(c));
  }
});

test('a page wants the workspace when any of its mount points does', () => {
  const yes = vectors.cases.find((c) => c.workspace);
  const no = vectors.cases.find((c) => !c.workspace);
  assert.equal(wantsWorkspace([element(no.attributes), element(yes.attributes)], yes.query), true);
  assert.equal(wantsWorkspace([element(no.attributes), element(no.attributes)], no.query), false);
});

test('a page without mount points gets the defaults: no workspace, whatever the query', () => {
  for (const q of [null, '', 'true', 'yes']) assert.equal(wantsWorkspace([], q), false);
});
