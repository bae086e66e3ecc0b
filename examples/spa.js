// A dependency-free single-page host: a tiny hash router that renders one
// view at a time into <main>. The training view creates a
// <talkover-training-form>, every other view removes it (and with it the
// form's listeners, timers and requests). ?api= points the forms at another
// API (the demo's local one); ?agent= picks the agent.
const query = new URLSearchParams(location.search);
const api = query.get('api');
const agent = query.get('agent') ?? '550e8400-e29b-41d4-a716-446655440000';
const view = document.getElementById('view');

const routes = {
  '#/': () => {
    const h1 = document.createElement('h1');
    h1.textContent = 'Overview';
    const p = document.createElement('p');
    p.textContent = 'Your voice agents at a glance. Open Training to teach one.';
    return [h1, p];
  },
  '#/training': () => {
    const h1 = document.createElement('h1');
    h1.textContent = 'Training';
    // Created like any element: the script defined it, or will when it loads.
    const form = document.createElement('talkover-training-form');
    if (api) form.apiBase = api;
    form.agentId = agent;
    form.id = 'training-form';
    return [h1, form];
  },
  '#/classic': () => {
    const h1 = document.createElement('h1');
    h1.textContent = 'Classic embed';
    // The older way: a div with data- attributes, found when it is added.
    const div = document.createElement('div');
    div.setAttribute('data-talkover-training', '');
    div.setAttribute('data-agent-id', agent);
    if (api) div.setAttribute('data-api-base', api);
    div.id = 'classic-form';
    return [h1, div];
  },
};

function render() {
  const route = routes[location.hash] ? location.hash : '#/';
  view.replaceChildren(...routes[route]());
  for (const a of document.querySelectorAll('nav a')) {
    if (a.getAttribute('href') === route) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}
addEventListener('hashchange', render);
render();

// The form's events bubble (and cross shadow roots): the host logs them.
const log = document.querySelector('.spa-log ol');
window.hostEvents = [];
for (const name of ['talkover:training-saved', 'talkover:validation-failed', 'talkover:request-failed']) {
  document.addEventListener(name, (e) => {
    window.hostEvents.push({ type: name, target: e.target.id, detail: e.detail });
    const li = document.createElement('li');
    li.textContent = `${name} from #${e.target.id}`;
    log.append(li);
  });
}
