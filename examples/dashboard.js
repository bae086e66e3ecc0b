// The host page's own script (external, so the page works under a strict CSP).
// Points both forms at ?api= when given (the demo's local API), adds the
// workspace to the first with ?workspace, and logs the
// form's events: what a dashboard would do with them.
(function () {
  var query = new URLSearchParams(location.search);
  var api = query.get('api');
  document.querySelectorAll('[data-talkover-training]').forEach(function (el) {
    if (api) el.setAttribute('data-api-base', api);
  });
  // ?workspace: the first agent's card shows its workspace (list, publish) too.
  if (query.has('workspace')) document.getElementById('form-a').setAttribute('data-workspace', '');
  document.querySelector('.host-search').addEventListener('submit', function (e) {
    e.preventDefault();
  });
  var log = document.querySelector('.host-log');
  window.hostEvents = [];
  ['talkover:training-saved', 'talkover:validation-failed', 'talkover:request-failed'].forEach(function (name) {
    document.addEventListener(name, function (e) {
      var entry = { type: name, target: e.target.id, detail: e.detail };
      window.hostEvents.push(entry);
      var li = document.createElement('li');
      li.textContent = name + ' from #' + e.target.id + ': ' + JSON.stringify(e.detail);
      log.append(li);
    });
  });
})();
