// A host app written against talkover-training.d.ts (scripts/, copied into
// dist/ beside talkover-training.js). Type-checked, never run: every
// `@ts-expect-error` must be an error, or tsc fails too.
import { mount, type TalkoverMountOptions, type TalkoverTraining } from '../../../scripts/talkover-training.js';

// The element, typed by its tag.
const form = document.createElement('talkover-training-form');
form.apiBase = 'https://app.talkover.ai';
form.agentId = '550e8400-e29b-41d4-a716-446655440000';
form.status = 'inactive';
form.workspace = true;
form.lockAgent = false;
// @ts-expect-error: a flag is a boolean
form.workspace = 'yes';
const found: HTMLElementTagNameMap['talkover-training-form'] | null = document.querySelector('talkover-training-form');
void found;

// The JS API.
const options: TalkoverMountOptions = { apiBase: 'https://app.talkover.ai', agentId: 'a1', status: 'active', lockAgent: true };
const mounted = mount(document.createElement('div'), options);
mounted.update({ agentId: 'a2' });
// @ts-expect-error: only active or inactive
mounted.update({ status: 'paused' });
// @ts-expect-error: no such option
mounted.update({ token: 'x' });
mounted.unmount();

// The events, with their details, on document, window and the element.
document.addEventListener('talkover:training-saved', (e) => {
  const saved: TalkoverTraining = e.detail;
  const status: 'active' | 'inactive' = e.detail.current_status;
  void saved;
  void status;
});
document.addEventListener('talkover:validation-failed', (e) => {
  const source: 'client' | 'server' = e.detail.source;
  const messages: string[] | undefined = e.detail.errors['subject'];
  void source;
  void messages;
});
window.addEventListener('talkover:request-failed', (e) => {
  const status: number | null = e.detail.status;
  const message: string = e.detail.message;
  // @ts-expect-error: no event carries the token
  void e.detail.token;
  void status;
  void message;
});
form.addEventListener('talkover:training-saved', (e) => {
  // @ts-expect-error: the saved training's id is a string
  const id: number = e.detail.id;
  void id;
});
