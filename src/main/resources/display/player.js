// Tongfa lobby display player: the script of player.html. Item text is only ever set with textContent,
// never parsed as HTML. The last feed is kept in localStorage, so the screen keeps playing when the
// service is unreachable and catches up when it returns.
(function () {
  'use strict';
  var path = location.pathname.replace(/\/+$/, '');
  var screenId = decodeURIComponent(path.substring(path.lastIndexOf('/') + 1));
  // The key comes in the URL fragment (#key=...), which browsers never send to a server: it stays out
  // of access logs, proxies and Referer headers. It travels only in the X-Screen-Key header.
  var key = new URLSearchParams(location.hash.replace(/^#/, '')).get('key') || '';
  var feedUrl = path + '/feed.json';
  var heartbeatUrl = path + '/heartbeat';
  var storeKey = 'tongfa.display.' + screenId;
  var ZONE = 'Asia/Shanghai';
  var $ = function (id) { return document.getElementById(id); };

  var feed = null, etag = null, index = 0, showingId = null, rotateTimer = null, shown = [];
  var pollSeconds = 30;

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
    var img = $('image'), url = safeUrl(item.imageUrl);
    if (url) { img.src = url; img.hidden = false; } else { img.removeAttribute('src'); img.hidden = true; }
    $('position').textContent = count > 1 ? (position + 1) + ' / ' + count : '';
    shown.push(item.id);
    if (shown.length > 500) { shown = shown.slice(-500); }
    var bar = $('progress');
    bar.style.transition = 'none'; bar.style.width = '0';
    void bar.offsetWidth;
    bar.style.transition = 'width ' + Math.max(1, item.seconds) + 's linear'; bar.style.width = '100%';
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
    $('banner').textContent = mode === 'EMERGENCY' ? '⚠ 紧急通知' : (next.name || '政务信息发布');
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
    var headers = { 'X-Screen-Key': key };
    if (etag) { headers['If-None-Match'] = etag; }
    fetch(feedUrl, { headers: headers, cache: 'no-store' }).then(function (response) {
      if (response.status === 304) { setOffline(false); return null; }
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      var tag = response.headers.get('ETag');
      return response.json().then(function (next) {
        etag = tag;
        keep(next, tag);
        setOffline(false);
        apply(next);
      });
    }).catch(function () {
      setOffline(true);
    }).then(function () {
      heartbeat();
      setTimeout(poll, pollSeconds * 1000);
    });
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
  var saved = restore();
  if (saved) { apply(saved); }
  poll();
})();
