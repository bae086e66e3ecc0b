// The static demo's page (issue 16): registers the service worker (sw.js)
// that runs the local Talkover API in this browser, then embeds the form
// (talkover-training.js, the same element a host page uses) pointed at
// `demo-api/` on this page's own origin, and wires the demo's controls.
// A file, never inline: the page runs under the project's strict CSP.
const DEMO_AGENT = '550e8400-e29b-41d4-a716-446655440000';
const DEMO_TOKEN = 'talq_demo_0123456789abcdef';
const API = new URL('demo-api', document.baseURI).href;

const status = document.getElementById('demo-status');
const say = (text) => {
  status.textContent = text;
};

/** Resolves once the demo's service worker controls this page. */
async function controlled() {
  if (!('serviceWorker' in navigator)) throw new Error('this browser has no service workers here (they need https or localhost)');
  const changed = new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  await navigator.serviceWorker.register(new URL('sw.js', document.baseURI), { scope: './' });
  if (navigator.serviceWorker.controller) return;
  await navigator.serviceWorker.ready;
  // A hard reload bypasses the worker: only a normal one brings it back.
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the service worker does not control this page: reload it')), 10_000));
  await Promise.race([changed, timeout]);
}

/** POSTs JSON to the demo API (the worker answers), returns the status. */
async function post(path, body) {
  const res = await fetch(`${API}/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  return res.status;
}

// What each "Simulate" button arms in the local API's fault table (local-api/README.md):
// the next save (POST …/trainings) gets it.
const SAVE = { method: 'POST', path_contains: '/trainings', times: 1 };
const SIMULATIONS = {
  slow: [{ fault: 'delay', delay_ms: 3000, ...SAVE }, 'The next save waits 3 seconds, then saves.'],
  422: [{ fault: '422-unknown-field', ...SAVE }, 'The next save is refused with a 422 (field errors).'],
  429: [{ fault: '429', retry_after: 30, ...SAVE }, 'The next save is refused with a 429 (too many requests).'],
  500: [{ fault: '500', ...SAVE }, 'The next save fails with a 500 (server error).'],
  offline: [{ fault: 'drop', ...SAVE }, 'The next save gets no answer at all, as when offline.'],
};

function wire() {
  document.getElementById('demo-token').addEventListener('click', () => {
    const input = document.querySelector('#demo-form input[name="token"]');
    if (!input) return say('The form is not there yet.');
    input.value = DEMO_TOKEN;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    say('The demo token is in the form.');
  });
  for (const button of document.querySelectorAll('[data-simulate]')) {
    button.addEventListener('click', async () => {
      const [fault, text] = SIMULATIONS[button.dataset.simulate];
      const code = await post('__test/fault', fault).catch(() => 0);
      say(code === 200 ? text : `Could not arm the simulation (${code}).`);
    });
  }
  document.getElementById('demo-reset').addEventListener('click', async () => {
    const code = await post('__demo/reset').catch(() => 0);
    if (code !== 200) return say(`Could not reset the demo data (${code}).`);
    // The form and its workspace load the seed again.
    document.querySelector('#demo-form talkover-training-form')?.remove();
    mountForm();
    say('The demo data is back to its seed: three trainings, published.');
  });
  for (const b of document.querySelectorAll('.demo-panel button')) b.disabled = false;
}

function mountForm() {
  const form = document.createElement('talkover-training-form');
  form.setAttribute('api-base', API);
  form.setAttribute('agent-id', DEMO_AGENT);
  form.setAttribute('workspace', '');
  document.getElementById('demo-form').append(form);
}

try {
  await controlled();
  // The embed entry, loaded once the worker answers `demo-api/`: the form's
  // first requests go to it.
  await import(new URL('talkover-training.js', document.baseURI).href);
  mountForm();
  wire();
  say('Ready: the API runs in this browser.');
} catch (e) {
  say(`The demo cannot start: ${e.message}`);
}
