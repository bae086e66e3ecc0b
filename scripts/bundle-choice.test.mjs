// node --test scripts/bundle-choice.test.mjs: the loader's rule gives the
// same answer as the core's Settings for every case of the shared vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { settingsOf, wantsWorkspace } from './bundle-choice.mjs';

const vectors = JSON.parse(readFileSync(new URL('../tests/vectors/workspace-flag.json', import.meta.url), 'utf8'));
const element = (attributes, localName = 'div') => ({
  localName,
  getAttribute: (name) => attributes[name] ?? null,
  hasAttribute: (name) => name in attributes,
});
const of = (c) => settingsOf(element(c.attributes, c.element));

test('one mount point: the workspace exactly when the shared vectors say', () => {
  assert.ok(vectors.cases.length >= 20);
  for (const c of vectors.cases) {
    assert.equal(wantsWorkspace([of(c)], c.query), c.workspace, JSON.stringify(c));
  }
});

test('a page wants the workspace when any of its mount points does', () => {
  const yes = vectors.cases.find((c) => c.workspace);
  const no = vectors.cases.find((c) => !c.workspace);
  assert.equal(wantsWorkspace([of(no), of(yes)], yes.query), true);
  assert.equal(wantsWorkspace([of(no), of(no)], no.query), false);
});

test('a page without mount points gets the defaults: no workspace, whatever the query', () => {
  for (const q of [null, '', 'true', 'yes']) assert.equal(wantsWorkspace([], q), false);
});

test('the settings the wasm reads: data- attributes of a div, a custom element\'s own', () => {
  const div = element({ 'data-api-base': 'https://a.example', 'data-agent-id': 'x', 'data-lock-agent': '', 'agent-id': 'no' });
  assert.deepEqual(settingsOf(div), {
    fromQuery: false, 'api-base': 'https://a.example', 'agent-id': 'x', status: null, workspace: null, 'lock-agent': '',
  });
  const custom = element({ 'agent-id': 'y', status: 'inactive', 'data-agent-id': 'no', 'data-from-query': '' }, 'talkover-training-form');
  assert.deepEqual(settingsOf(custom), {
    fromQuery: false, 'api-base': null, 'agent-id': 'y', status: 'inactive', workspace: null, 'lock-agent': null,
  });
});
