// The body of talkover-training.js, the module host pages load (postbuild.mjs
// writes it with, before this, `base`, `FILES` (the two bundles' hashed
// names), `CSS` (the stylesheet's), `SKELETONS` (the form's markup for each
// kind of mount point, prerender.mjs; empty in debug builds), settingsOf,
// flagOn and wantsWorkspace of bundle-choice.mjs, and afterFirstFrame of first-frame.mjs).
// What it does, in JavaScript, so the wasm only mounts and unmounts
// (src/mount.rs):
// - defines <talkover-training-form> (once: a second copy is harmless);
// - mounts every [data-talkover-training] element, now and whenever one is
//   added, unmounts it when it is removed, and follows its data- attributes;
// - exports mount(element, options) → { update(options), unmount() };
// - loads the bundle with the workspace only when the first element that
//   asks for the workspace connects (until then, the smaller one);
// - relays a token typed or forgotten in one bundle to the other, when both
//   are on the page (one token per API origin);
// - shows the form's pre-rendered markup in an empty element as soon as it
//   connects and the stylesheet applies, so the form is visible (and takes
//   typing) before the wasm arrives and the host page does not shift when it
//   mounts; the app takes it over as on the standalone page (src/takeover.rs).

const NAMES = ['api-base', 'agent-id', 'status', 'workspace', 'lock-agent'];
const FLAGS = ['workspace', 'lock-agent'];
const TAG = 'talkover-training-form';
const camel = (name) => name.replace(/-(.)/g, (_, c) => c.toUpperCase());

// The stylesheet: the host's own <link> to talkover-training.css (in its
// <head>, so the form's space is there at first paint), or one added here.
const STYLESHEET = 'link[data-talkover-training-css], link[rel=stylesheet][href$="talkover-training.css"]';
let stylesheet = document.querySelector(STYLESHEET);
if (!stylesheet) {
  stylesheet = document.createElement('link');
  stylesheet.rel = 'stylesheet';
  stylesheet.href = new URL(CSS, base).href;
  stylesheet.setAttribute('data-talkover-training-css', '');
  document.head.append(stylesheet);
}
/** Whether the stylesheet applies (a <link>'s sheet is there once it has loaded). */
const styleReady = () => stylesheet.sheet !== null;
/** Settles once the stylesheet applies (false if it failed: then nothing is pre-shown). */
const styled = styleReady()
  ? Promise.resolve(true)
  : new Promise((resolve) => {
      stylesheet.addEventListener('load', () => resolve(true), { once: true });
      stylesheet.addEventListener('error', () => resolve(false), { once: true });
    });

/**
 * Puts the pre-rendered form for `settings` into `el` (left alone if it has
 * content of its own): the kind of mount point, then the element's own ids
 * (slot), agent and default status, as the app will render them.
 */
function preShow(el, settings, slot) {
  const agent = settings['agent-id']?.trim() || null;
  const kind = (wantsWorkspace([settings], null) ? 'workspace' : 'form') + (agent && flagOn(settings['lock-agent']) ? '-locked' : '');
  if (!SKELETONS[kind] || el.firstElementChild) return;
  el.innerHTML = SKELETONS[kind].replace(/\btt0-/g, `tt${slot}-`);
  if (agent) el.querySelector('input[name=agent_id]')?.setAttribute('value', agent);
  // Without a <form> around them, radios of the same name are one group
  // across the page: each element's get a name of their own.
  const status = settings.status?.trim() === 'inactive' ? 'inactive' : 'active';
  for (const radio of el.querySelectorAll('input[type=radio]')) {
    radio.name = `tt${slot}-${radio.name}`;
    radio.toggleAttribute('checked', radio.value === status);
    radio.checked = radio.defaultChecked;
  }
  el.setAttribute('data-prerendered', '');
}

/** The page's first frame is on screen (first-frame.mjs): a pre-shown form may give way. */
const firstFrame = afterFirstFrame();

/** The loaded bundles by name ('form', 'workspace'): promises of their exports. */
const bundles = {};
function bundle(which) {
  bundles[which] ??= (async () => {
    const [js, wasm] = FILES[which];
    const module = fetch(new URL(wasm, base));
    const exports = await import(new URL(js, base).href);
    await exports.default({ module_or_path: module });
    // One token per API origin, across bundles too.
    exports.on_token((origin, token) => {
      for (const [name, other] of Object.entries(bundles)) {
        if (name !== which) other.then((o) => o.share_token(origin, token));
      }
    });
    return exports;
  })();
  return bundles[which];
}

/** Mounted (or mounting) instances by element: { settings, slot, kind, exports, id }. */
const instances = new Map();
/** The slot each element had: it gets it again when free (its draft is kept under it). */
const slots = new WeakMap();

function freeSlot(el) {
  const used = new Set([...instances.values()].map((i) => i.slot));
  const had = slots.get(el);
  if (had !== undefined && !used.has(had)) return had;
  let slot = 0;
  while (used.has(slot)) slot++;
  return slot;
}

function attach(el, settings, kind) {
  const instance = { settings, kind, slot: freeSlot(el), exports: null, id: 0 };
  slots.set(el, instance.slot);
  instances.set(el, instance);
  el.setAttribute('data-talkover-mounted', '');
  // The workspace's bundle when this element asks for it, or once it is on
  // the page anyway; otherwise the smaller one.
  const which = wantsWorkspace([settings], null) || bundles.workspace ? 'workspace' : 'form';
  // Shown at once if the stylesheet applies, otherwise as soon as it does.
  if (styleReady()) preShow(el, settings, instance.slot);
  else styled.then((ok) => ok && instances.get(el) === instance && !instance.exports && preShow(el, settings, instance.slot));
  // Each element mounts in a task of its own (not in the one that
  // instantiated the wasm, nor with the page's other elements): several
  // shorter tasks instead of one long one keep the page responsive. And not
  // before the page's first frame is on screen (first-frame.mjs).
  bundle(which).then(async (exports) => {
    await firstFrame;
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (instances.get(el) !== instance) return; // gone, or changed, meanwhile
    instance.exports = exports;
    instance.id = exports.mount(el, settings, settings.fromQuery, instance.slot);
  });
}

function detach(el) {
  const instance = instances.get(el);
  if (!instance) return;
  instances.delete(el);
  el.removeAttribute('data-talkover-mounted');
  // A pre-shown form not yet taken over stays, with anything typed into it:
  // if the element comes back, the app takes it over then.
  if (instance.exports) instance.exports.unmount(instance.id);
}

/** New settings for a mounted element: the status alone is told, anything else mounts it again. */
function follow(el, settings) {
  const instance = instances.get(el);
  if (!instance) return;
  const changed = Object.keys(settings).filter((k) => settings[k] !== instance.settings[k]);
  if (changed.length === 0) return;
  if (instance.exports && changed.every((k) => k === 'status')) {
    instance.settings = settings;
    instance.exports.set_status(instance.id, settings.status ?? '');
    return;
  }
  detach(el);
  attach(el, settings, instance.kind);
}

// [data-talkover-training]: those on the page now, those added later, and
// their removal and data- attributes, through one MutationObserver.
const SELECTOR = '[data-talkover-training]';
function found(el) {
  if (el.localName !== TAG && el.matches(SELECTOR) && !instances.has(el) && !el.hasAttribute('data-talkover-mounted')) {
    attach(el, settingsOf(el), 'observed');
  }
}
function scan(node) {
  if (node.nodeType !== 1) return;
  found(node);
  node.querySelectorAll(SELECTOR).forEach(found);
}
// A page that asks for the workspace anywhere loads only that bundle.
const initial = [...document.querySelectorAll(SELECTOR)].filter((el) => el.localName !== TAG);
if (wantsWorkspace(initial.map(settingsOf), null)) bundle('workspace');
initial.forEach(found);
new MutationObserver((records) => {
  let removed = false;
  for (const r of records) {
    if (r.type === 'attributes') {
      const el = r.target;
      if (instances.get(el)?.kind !== 'observed') found(el);
      else if (!el.hasAttribute('data-talkover-training')) detach(el);
      else follow(el, settingsOf(el));
    } else {
      r.addedNodes.forEach(scan);
      removed ||= r.removedNodes.length > 0;
    }
  }
  if (removed) {
    for (const [el, instance] of instances) {
      if (instance.kind === 'observed' && !el.isConnected) detach(el);
    }
  }
}).observe(document.documentElement, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ['data-talkover-training', ...NAMES.map((n) => `data-${n}`)],
});

// <talkover-training-form api-base="…" agent-id="…" status="…" workspace lock-agent>
class TalkoverTrainingForm extends HTMLElement {
  static observedAttributes = NAMES;

  connectedCallback() {
    // A property set before the element was defined is kept (and reflected).
    for (const name of NAMES) {
      const property = camel(name);
      if (Object.hasOwn(this, property)) {
        const value = this[property];
        delete this[property];
        this[property] = value;
      }
    }
    if (!instances.has(this)) attach(this, settingsOf(this), 'element');
  }

  disconnectedCallback() {
    // Moved within the page (removed and added in one go): stays mounted.
    queueMicrotask(() => this.isConnected || detach(this));
  }

  attributeChangedCallback() {
    // Several attributes set together are followed once.
    if (this.pending || !instances.has(this)) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      follow(this, settingsOf(this));
    });
  }
}
for (const name of NAMES) {
  const flag = FLAGS.includes(name);
  Object.defineProperty(TalkoverTrainingForm.prototype, camel(name), {
    get() {
      return flag ? this.hasAttribute(name) : this.getAttribute(name);
    },
    set(value) {
      if (flag) this.toggleAttribute(name, Boolean(value));
      else if (value == null) this.removeAttribute(name);
      else this.setAttribute(name, String(value));
    },
  });
}
if (!customElements.get(TAG)) customElements.define(TAG, TalkoverTrainingForm);

/** The settings of mount()'s options: { apiBase, agentId, status, workspace, lockAgent }. */
function settingsFrom(options) {
  const settings = { fromQuery: false };
  for (const name of NAMES) {
    const value = options[camel(name)];
    if (FLAGS.includes(name)) settings[name] = value ? '' : null;
    else settings[name] = value == null ? null : String(value);
  }
  return settings;
}

/**
 * Mounts the form into `element` (any element the host owns; it is not
 * watched: call unmount() when done). `update` takes the options that change
 * (the others stay); `unmount` ends the instance.
 */
export function mount(element, options = {}) {
  if (instances.has(element)) throw new Error('talkover-training: this element already has a form');
  let current = { ...options };
  attach(element, settingsFrom(current), 'api');
  return {
    update(changes = {}) {
      current = { ...current, ...changes };
      follow(element, settingsFrom(current));
    },
    unmount() {
      if (instances.get(element)?.kind === 'api') detach(element);
    },
  };
}
