// Tongfa lobby display player: the script of player.html. Item text is only ever set with textContent,
// never parsed as HTML. The last feed is kept in localStorage, so the screen keeps playing when the
// service is unreachable and catches up when it returns. Changes arrive on a push stream (server-sent
// events) within a second; polling feed.json stays the fallback and carries the heartbeats.
(function () {
  'use strict';
  var path = location.pathname.replace(/\/+$/, '');
  var screenId = decodeURIComponent(path.substring(path.lastIndexOf('/') + 1));
  // The key comes in the URL fragment (#key=...), which browsers never send to a server: it stays out
  // of access logs, proxies and Referer headers. It travels only in the X-Screen-Key header.
  var key = new URLSearchParams(location.hash.replace(/^#/, '')).get('key') || '';
  var feedUrl = path + '/feed.json';
  var heartbeatUrl = path + '/heartbeat';
  var tokenUrl = path + '/stream-token';
  var eventsUrl = path + '/events';
  var storeKey = 'tongfa.display.' + screenId;
  var ZONE = 'Asia/Shanghai';
  var MAX_FIT = 3;
  var $ = function (id) { return document.getElementById(id); };

  var feed = null, etag = null, index = 0, showingId = null, rotateTimer = null, shown = [];
  var pollSeconds = 30, pollTimer = null, polling = false;
  var stream = null, streamTimer = null, streamOpenedAt = 0, streamDelay = 1;

  function restore() {
    try {
      var saved = JSON.parse(localStorage.getItem(storeKey) || 'null');
      if (saved && saved.feed) { etag = saved.etag; return saved.feed; }
    } catch (e) { /* unreadable: start empty */ }
    return null;
  }

  function keep(f, tag) {
    try { localStorage.setItem(storeKey, JSON.stringify({ etag: tag, feed: f })); } catch (e) { /* full: keep in memory */ }
  }

  function fmt(date, opts) {
    return new Intl.DateTimeFormat('zh-CN', Object.assign({ timeZone: ZONE, hour12: false }, opts)).format(date);
  }

  function tick() {
    var now = new Date();
    var time = fmt(now, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    $('clock').textContent = fmt(now, { month: 'long', day: 'numeric', weekday: 'short' }) + ' ' + time;
    $('standby-clock').textContent = fmt(now, { hour: '2-digit', minute: '2-digit' });
  }

  function setOffline(offline) {
    $('offline').hidden = !offline;
    document.body.dataset.online = offline ? 'false' : 'true';
  }

  function safeUrl(u) {
    return typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null;
  }

  function label(priority) {
    return priority === 'EMERGENCY' ? '紧急通知' : priority === 'URGENT' ? '重要' : '';
  }

  function show(item, position, count) {
    showingId = item ? item.id : null;
    document.body.dataset.itemId = showingId || '';
    $('stage').hidden = !item;
    $('standby').hidden = !!item;
    if (!item) {
      $('position').textContent = '';
      return;
    }
    $('badge').textContent = label(item.priority);
    $('title').textContent = item.title || '';
    $('summary').textContent = item.summary || '';
    // An emergency notice says who issued it and when.
    $('meta').textContent = item.priority === 'EMERGENCY' ? issued(item) : '';
    var img = $('image'), url = safeUrl(item.imageUrl);
    if (url) { img.src = url; img.hidden = false; } else { img.removeAttribute('src'); img.hidden = true; }
    $('position').textContent = count > 1 ? (position + 1) + ' / ' + count : '';
    fit();
    shown.push(item.id);
    if (shown.length > 500) { shown = shown.slice(-500); }
    var bar = $('progress');
    bar.style.transition = 'none'; bar.style.width = '0';
    void bar.offsetWidth;
    bar.style.transition = 'width ' + Math.max(1, item.seconds) + 's linear'; bar.style.width = '100%';
  }

  function issued(item) {
    var parts = [];
    if (item.department) { parts.push('发布机构：' + item.department); }
    var at = item.publishedAt ? new Date(item.publishedAt) : null;
    if (at && !isNaN(at.getTime())) {
      parts.push('发布时间：' + fmt(at, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' }));
    }
    return parts.join('　');
  }

  // The largest text (up to 3 times the base size) at which the item fits its box: a short notice
  // fills the screen, a long one still fits. Binary search over --fit; layout is cheap for this page.
  function fit() {
    var box = $('text'), copy = $('copy');
    if ($('stage').hidden || !box.clientHeight) { return; }
    var lo = 0.4, hi = MAX_FIT;
    for (var i = 0; i < 12; i++) {
      var mid = (lo + hi) / 2;
      copy.style.setProperty('--fit', String(mid));
      if (copy.offsetHeight <= box.clientHeight && copy.scrollWidth <= box.clientWidth) { lo = mid; } else { hi = mid; }
    }
    copy.style.setProperty('--fit', String(lo));
  }

  function rotate() {
    clearTimeout(rotateTimer);
    var items = feed && feed.items ? feed.items : [];
    if (!items.length) { show(null); return; }
    if (index >= items.length) { index = 0; }
    var item = items[index];
    show(item, index, items.length);
    index = (index + 1) % items.length;
    rotateTimer = setTimeout(rotate, Math.max(1, Number(item.seconds) || 10) * 1000);
  }

  function apply(next) {
    var previousMode = feed ? feed.mode : null;
    var previousId = showingId;
    feed = next;
    pollSeconds = Math.max(1, Number(next.pollSeconds) || 30);
    var mode = next.mode || 'NORMAL';
    document.body.dataset.mode = mode;
    document.body.classList.toggle('emergency', mode === 'EMERGENCY');
    document.body.classList.toggle('portrait', next.orientation === 'portrait');
    document.body.classList.toggle('landscape', next.orientation !== 'portrait');
    // The bureau and where the screen hangs; its internal name is for operators only.
    var bureau = next.bureau || '政务信息发布';
    $('banner').textContent = mode === 'EMERGENCY' ? '⚠ 紧急通知 · ' + bureau : bureau;
    $('place').textContent = next.location || '';
    $('standby-note').textContent = mode === 'STANDBY' && next.nextDaypartStart
        ? '下一播放时段 ' + fmt(new Date(next.nextDaypartStart), { weekday: 'short', hour: '2-digit', minute: '2-digit' })
        : (mode === 'STANDBY' ? '' : '暂无信息');
    var items = next.items || [];
    var stillThere = items.findIndex(function (i) { return i.id === previousId; });
    if (mode !== previousMode || stillThere < 0) {
      // A takeover (or its end), or the item on screen was withdrawn: start over at once.
      index = 0;
      rotate();
    } else {
      // Same mode and the current item stays: let it finish, continue after it in the new order.
      index = (stillThere + 1) % items.length;
      if (!rotateTimer) { rotate(); }
    }
  }

  function poll() {
    clearTimeout(pollTimer);
    if (polling) { return; }
    polling = true;
    var wasOffline = document.body.dataset.online === 'false';
    var headers = { 'X-Screen-Key': key };
    if (etag) { headers['If-None-Match'] = etag; }
    fetch(feedUrl, { headers: headers, cache: 'no-store' }).then(function (response) {
      if (response.status === 304) { setOffline(false); return null; }
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      var tag = response.headers.get('ETag');
      return response.json().then(function (next) { received(next, tag); });
    }).then(function () {
      // The service is back: a stream waiting out its back-off tries again now.
      if (wasOffline && !stream && streamTimer) { streamDelay = 1; openStream(); }
    }).catch(function () {
      setOffline(true);
    }).then(function () {
      polling = false;
      heartbeat();
      pollTimer = setTimeout(poll, pollSeconds * 1000);
    });
  }

  function received(next, tag) {
    etag = tag;
    keep(next, tag);
    setOffline(false);
    apply(next);
  }

  // The push stream. EventSource cannot send the key header and the key must never be in a URL, so
  // the key buys a one-minute token (POST stream-token) that opens the stream. Whenever the stream
  // ends or fails, it is opened again with a new token: at once after a stream that lived (its
  // lifetime is over), else after a back-off doubling from 1 s to 60 s, with jitter.
  function openStream() {
    clearTimeout(streamTimer);
    streamTimer = null;
    if (!window.EventSource || stream) { return; }
    fetch(tokenUrl, { method: 'POST', headers: { 'X-Screen-Key': key }, cache: 'no-store' }).then(function (response) {
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      return response.json();
    }).then(function (issued) {
      var source = new EventSource(eventsUrl + '?token=' + encodeURIComponent(issued.token));
      stream = source;
      document.body.dataset.push = 'connecting';
      source.addEventListener('open', function () {
        streamOpenedAt = Date.now();
        document.body.dataset.push = 'open';
      });
      source.addEventListener('feed', function (event) {
        try {
          received(JSON.parse(event.data), '"' + event.lastEventId + '"');
        } catch (e) { /* unreadable: the poll will catch up */ }
      });
      source.addEventListener('error', function () {
        source.close();
        if (stream === source) { stream = null; streamEnded(); }
      });
    }).catch(streamEnded);
  }

  function streamEnded() {
    document.body.dataset.push = 'closed';
    var lived = streamOpenedAt && Date.now() - streamOpenedAt > 30000;
    streamOpenedAt = 0;
    streamDelay = lived ? 1 : Math.min(60, streamDelay * 2);
    var wait = lived ? 1000 : streamDelay * 1000 * (0.5 + Math.random() / 2);
    streamTimer = setTimeout(openStream, wait);
    // The service may be gone: find out now rather than at the next poll.
    poll();
  }

  function heartbeat() {
    var report = shown;
    shown = [];
    fetch(heartbeatUrl, {
      method: 'POST', cache: 'no-store',
      headers: { 'X-Screen-Key': key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ showing: showingId, shown: report })
    }).then(function (response) {
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
    }).catch(function () {
      shown = report.concat(shown).slice(-500); // report again next time
    });
  }

  tick();
  setInterval(tick, 1000);
  window.addEventListener('resize', fit);
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(fit); }
  var saved = restore();
  if (saved) { apply(saved); }
  poll();
  openStream();
})();
