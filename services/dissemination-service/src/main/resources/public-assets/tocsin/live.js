// Progressive enhancement of the pages that say what to call now (department, commune, widget). Without this
// file the page is complete and offers a plain reload link. With it: the time of the last update is also given
// in relative terms ("il y a 5 minutes"), and the page follows the notices' Server-Sent Events stream: when what
// concerns its territory changes, the live part of the page is fetched again and replaced in place, and screen
// readers are told. Served as a file from the service's own origin: the Content-Security-Policy allows no inline
// script.
(function () {
  'use strict';
  var live = document.getElementById('tocsin-live');
  var status = document.getElementById('tocsin-live-status');
  if (!live) {
    return;
  }
  var lang = document.documentElement.lang || 'fr';

  function relative(seconds) {
    if (typeof Intl === 'undefined' || !Intl.RelativeTimeFormat) {
      return '';
    }
    var format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
    var units = [['day', 86400], ['hour', 3600], ['minute', 60]];
    for (var i = 0; i < units.length; i++) {
      if (seconds >= units[i][1]) {
        return format.format(-Math.floor(seconds / units[i][1]), units[i][0]);
      }
    }
    return format.format(0, 'second');
  }

  function showAge() {
    var time = live.querySelector('time[data-tocsin-since]');
    var ago = live.querySelector('[data-tocsin-ago]');
    if (!time || !ago) {
      return;
    }
    var at = Date.parse(time.getAttribute('datetime'));
    if (!(at > 0)) {
      ago.textContent = '';
      return;
    }
    var text = relative(Math.max(0, (Date.now() - at) / 1000));
    ago.textContent = text ? '(' + text + ')' : '';
  }

  var connected = false;

  function showLive() {
    var note = live.querySelector('[data-tocsin-live-note]');
    if (note && connected) {
      note.hidden = false;
    }
  }

  function announce(text) {
    if (status && text) {
      status.textContent = text;
    }
  }

  function refresh() {
    fetch(window.location.href, { cache: 'no-cache', credentials: 'omit' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('tocsin-live');
        if (fresh) {
          live.innerHTML = fresh.innerHTML;
          showAge();
          showLive();
          announce(status && status.getAttribute('data-tocsin-updated'));
        }
      })
      .catch(function () {
        // The reload link stays: the reader can still update by hand.
      });
  }

  showAge();
  window.setInterval(showAge, 30000);

  var stream = live.getAttribute('data-tocsin-stream');
  if (!stream || typeof EventSource === 'undefined') {
    return;
  }
  // The stream sends the territory's notices at once, then each time they change (also after a reconnection):
  // the page is refreshed whenever they differ from the last ones received.
  var last = null;
  var source = new EventSource(stream);
  source.onmessage = function (event) {
    connected = true;
    showLive();
    if (last !== null && event.data !== last) {
      refresh();
    }
    last = event.data;
  };
})();
