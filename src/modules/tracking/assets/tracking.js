// The tracking page's live updates: poll GET /track/<token>/status and update the page in place.
// Builds exactly the DOM the server renders (tracking-page.ts); text only (textContent), never
// HTML, and nothing that a strict Content-Security-Policy would refuse.
(function () {
  'use strict';

  var body = document.body;
  var statusUrl = body.getAttribute('data-status-url');
  if (!statusUrl) return;
  var every = Number(body.getAttribute('data-refresh-ms')) || 5000;
  var FINAL = { completed: true, canceled: true };

  var last = '';
  var timer = null;
  var stopped = false;
  var failures = 0;
  var inflight = false;

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function stepNode(s) {
    var classes = ['step', s.reached ? 'is-reached' : 'is-upcoming'];
    if (s.current) classes.push('is-current');
    classes.push('step-' + s.step);
    var li = el('li', classes.join(' '));
    li.setAttribute('data-step', s.step);
    li.appendChild(el('span', 'step-title', s.title));
    if (s.at !== null) {
      li.appendChild(document.createTextNode(' '));
      var time = el('time', null, s.at_local || '');
      time.setAttribute('datetime', s.at);
      li.appendChild(time);
    }
    return li;
  }

  function legNode(leg) {
    var article = el('article', 'card leg');
    article.setAttribute('data-leg', String(leg.leg));
    article.appendChild(el('h2', null, leg.title));
    if (leg.vehicle !== null) article.appendChild(el('p', 'vehicle', leg.vehicle));
    article.appendChild(el('p', 'route', leg.route));
    var ol = el('ol', 'timeline');
    leg.steps.forEach(function (s) {
      ol.appendChild(stepNode(s));
    });
    article.appendChild(ol);
    return article;
  }

  function setText(id, text) {
    var node = $(id);
    if (node && node.textContent !== text) node.textContent = text;
  }

  function render(s) {
    setText('rooftop', s.rooftop.name);
    setText('headline', s.headline);
    var state = $('state');
    state.className = 'badge badge-' + s.state;
    setText('state', s.state_label);
    body.setAttribute('data-state', s.state);

    $('eta').hidden = s.eta === null;
    setText('eta-text', s.eta ? s.eta.text : '');
    setText('eta-dest', s.eta ? 'Next stop: ' + s.eta.destination : '');

    $('driver').hidden = s.driver === null;
    setText('driver-name', s.driver ? s.driver.first_name : '');

    var legs = $('legs');
    var fresh = document.createDocumentFragment();
    s.legs.forEach(function (leg) {
      fresh.appendChild(legNode(leg));
    });
    legs.replaceChildren(fresh);

    setText('updated', 'Updated ' + s.updated_at_local + '. Times are ' + s.time_zone.abbreviation + '.');
    document.title = s.headline + ' · ' + s.rooftop.name;
  }

  function stop(message) {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    if (message) setText('live', message);
  }

  function schedule(ms) {
    if (stopped) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(refresh, ms);
  }

  function refresh() {
    timer = null;
    if (stopped) return;
    // A tab in the background asks nothing; coming back to it refreshes at once (visibilitychange).
    if (document.visibilityState === 'hidden') return schedule(every);
    // One request at a time: the one under way schedules the next.
    if (inflight) return;
    inflight = true;
    fetch(statusUrl, { cache: 'no-store', credentials: 'omit', headers: { accept: 'application/json' } })
      .then(function (res) {
        if (res.status === 404 || res.status === 410) {
          return res.json().then(function (gone) {
            setText('headline', gone.message || 'This tracking link is no longer available.');
            $('eta').hidden = true;
            stop('This page no longer updates.');
          });
        }
        if (!res.ok) throw new Error('status ' + res.status);
        return res.json().then(function (s) {
          failures = 0;
          // Only what changed is redrawn: the "updated" time changes on every answer.
          var key = JSON.stringify(Object.assign({}, s, { updated_at: null, updated_at_local: null }));
          if (key !== last) {
            last = key;
            render(s);
          } else {
            setText('updated', 'Updated ' + s.updated_at_local + '. Times are ' + s.time_zone.abbreviation + '.');
          }
          setText('live', 'This page updates by itself.');
          if (FINAL[s.state]) stop();
          else schedule(every);
        });
      })
      .catch(function () {
        // Offline or a hiccup: keep what is shown, try again a little later.
        failures += 1;
        setText('live', 'Reconnecting…');
        schedule(Math.min(every * Math.pow(2, failures), 60000));
      })
      .then(function () {
        inflight = false;
      });
  }

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible' && !stopped) schedule(0);
  });

  if (!FINAL[body.getAttribute('data-state')]) schedule(every);
})();
