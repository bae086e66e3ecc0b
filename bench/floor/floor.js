// make bench's floor: the form's job in plain JavaScript. The same limits as
// talkover-core (Laravel's trim, subject ≤ 255 code points, instructions and
// status, agent id, token of visible ASCII), the same count, and fetch to the
// same API (?api=, ?agent= as the standalone page reads them).
(function () {
  'use strict';
  var form = document.querySelector('.tt-form');
  var $ = function (name) { return form.elements[name]; };
  var query = new URLSearchParams(location.search);
  var api = (query.get('api') || 'https://app.talkover.ai').replace(/\/+$/, '');
  document.querySelectorAll('.tt-origin').forEach(function (el) { el.textContent = api; });
  if (query.get('agent') && !$('agent_id').value) $('agent_id').value = query.get('agent');
  var tokenKey = 'talkover.token:' + api;
  try { $('token').value = $('token').value || sessionStorage.getItem(tokenKey) || ''; } catch (e) { /* storage off */ }

  // Laravel's TrimStrings (Str::trim), and PHP's trim() that `required` uses.
  var TRIM = /^[\t-\r \x85\xA0\u1680\u180E\u2000-\u200B\u200E\u2028\u2029\u202F\u205F\u3000\uFEFF]+|[\t-\r \x85\xA0\u1680\u180E\u2000-\u200B\u200E\u2028\u2029\u202F\u205F\u3000\uFEFF]+$/g;
  var trim = function (s) { return s.replace(TRIM, ''); };
  var blank = function (s) { return trim(s).replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '') === ''; };
  var length = function (s) { return Array.from(trim(s)).length; };
  var MAX = 255;

  var rules = {
    agent_id: function (v) {
      var t = trim(v);
      if (!t) return 'Enter the agent ID.';
      if (t === '.' || t === '..') return 'Enter a valid agent ID: copy it from Voice Agents in Talkover.';
    },
    subject: function (v) {
      if (blank(v)) return 'The subject field is required.';
      if (length(v) > MAX) return 'The subject field must not be greater than 255 characters.';
    },
    instructions: function (v) {
      if (blank(v)) return 'The instructions field is required.';
    },
    token: function (v) {
      var t = trim(v);
      if (!t) return 'Enter your API token.';
      var bad = Array.from(t).findIndex(function (c) { return !/^[\x21-\x7E]$/.test(c); });
      if (bad >= 0) {
        var code = Array.from(t)[bad].codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
        return 'The API token contains a character that cannot be sent (U+' + code + ', character ' + (bad + 1) + ' of ' + Array.from(t).length + '). Copy the token again from Talkover, or delete that character.';
      }
    },
  };

  // One field's messages under its label (replacing the old ones).
  function show(name, messages) {
    var input = $(name);
    var field = input.closest('.tt-field');
    var old = field.querySelector('.tt-error-message');
    if (old) old.remove();
    field.classList.toggle('tt-field--error', messages.length > 0);
    input.toggleAttribute('aria-invalid', messages.length > 0);
    if (!messages.length) return;
    var p = document.createElement('p');
    p.className = 'tt-error-message';
    p.id = name + '-error';
    messages.forEach(function (m) {
      var line = document.createElement('span');
      line.className = 'tt-error-line';
      var hidden = document.createElement('span');
      hidden.className = 'tt-visually-hidden';
      hidden.textContent = 'Error: ';
      line.append(hidden, m);
      p.append(line);
    });
    field.querySelector('.tt-hint').after(p);
  }

  function summary(errors) {
    var box = document.getElementById('error-summary');
    var list = box.querySelector('ul');
    list.replaceChildren();
    Object.keys(errors).forEach(function (name) {
      errors[name].forEach(function (m) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = '#' + name;
        a.textContent = m;
        li.append(a);
        list.append(li);
      });
    });
    box.hidden = !list.children.length;
    if (!box.hidden) box.focus();
  }

  function check(name) {
    var m = rules[name]($(name).value);
    show(name, m ? [m] : []);
    return m;
  }

  var count = document.getElementById('subject-count');
  function recount() {
    var n = length($('subject').value);
    var left = n > MAX ? n - MAX : MAX - n;
    count.textContent = 'You have ' + left + ' character' + (left === 1 ? '' : 's') + (n > MAX ? ' too many' : ' remaining');
    count.classList.toggle('tt-character-count--over', n > MAX);
  }
  recount(); // what was typed before this script ran counts too

  Object.keys(rules).forEach(function (name) {
    var input = $(name);
    input.addEventListener('blur', function (e) {
      if (!(e.relatedTarget && e.relatedTarget.tagName === 'BUTTON')) check(name);
    });
    input.addEventListener('input', function () {
      if (input.closest('.tt-field--error')) check(name);
      if (name === 'subject') recount();
      if (name === 'token') try { sessionStorage.setItem(tokenKey, input.value); } catch (e) { /* storage off */ }
    });
  });
  document.getElementById('forget').addEventListener('click', function () {
    $('token').value = '';
    try { sessionStorage.removeItem(tokenKey); } catch (e) { /* storage off */ }
  });

  var outcome = document.getElementById('outcome');
  function panel(kind, title, rows) {
    var div = document.createElement('div');
    div.className = 'tt-panel tt-panel--' + kind;
    div.setAttribute('role', kind === 'success' ? 'status' : 'alert');
    div.tabIndex = -1;
    var h = document.createElement('h2');
    h.className = 'tt-panel-title';
    h.textContent = title;
    div.append(h);
    if (Array.isArray(rows)) {
      var dl = document.createElement('dl');
      dl.className = 'tt-summary-list';
      rows.forEach(function (r) {
        var dt = document.createElement('dt');
        var dd = document.createElement('dd');
        dt.textContent = r[0];
        dd.textContent = r[1];
        if (r[2]) dd.className = r[2];
        dl.append(dt, dd);
      });
      div.append(dl);
    } else {
      var p = document.createElement('p');
      p.textContent = rows;
      div.append(p);
    }
    outcome.replaceChildren(div);
    div.focus();
  }

  var saving = false;
  var button = form.querySelector('[type=submit]');
  form.addEventListener('reset', function () {
    setTimeout(function () {
      outcome.replaceChildren();
      summary({});
      Object.keys(rules).forEach(function (n) { show(n, []); });
      recount();
    });
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (saving) return;
    var errors = {};
    Object.keys(rules).forEach(function (name) {
      var m = check(name);
      if (m) errors[name] = [m];
    });
    summary(errors);
    if (Object.keys(errors).length) return;
    var body = {
      subject: trim($('subject').value),
      instructions: trim($('instructions').value),
      current_status: form.elements.current_status.value || 'active',
    };
    var node = trim($('node_id').value);
    if (node) body = Object.assign({ node_id: node }, body);
    var agent = trim($('agent_id').value);
    saving = true;
    button.textContent = 'Saving…';
    fetch(api + '/api/v1/agents/' + encodeURIComponent(agent) + '/trainings', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: 'Bearer ' + trim($('token').value) },
      body: JSON.stringify(body),
      credentials: 'omit',
      redirect: 'manual',
      signal: AbortSignal.timeout(30000),
    })
      .then(function (res) {
        return res.json().catch(function () { return null; }).then(function (json) {
          if (res.ok && json && json.data) {
            var t = json.data;
            panel('success', 'Training saved', [['Subject', t.subject, 'tt-saved-subject'], ['Status', t.current_status], ['Training ID', t.id, 'tt-saved-id']]);
            if (trim($('subject').value) === body.subject) { $('subject').value = ''; $('instructions').value = ''; $('node_id').value = ''; recount(); }
          } else if (res.status === 422 && json && json.errors) {
            Object.keys(json.errors).forEach(function (name) { if ($(name)) show(name, json.errors[name]); });
            summary(json.errors);
          } else if (res.status === 401) {
            show('token', ['The API token was not accepted.']);
            summary({ token: ['The API token was not accepted.'] });
          } else {
            panel('error', 'The training was not saved', 'HTTP ' + res.status + ': ' + ((json && json.message) || res.statusText || 'no message'));
          }
        });
      })
      .catch(function () {
        panel('error', 'The training was not saved', 'The browser could not reach ' + api + '.');
      })
      .finally(function () {
        saving = false;
        button.textContent = 'Save training';
      });
  });
})();
