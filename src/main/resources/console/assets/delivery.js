// Console: the delivery pages (loaded on every page with defer; act only where the page has your elements).
// A page with [data-delivery-events] follows the ledger live: each "cells" event carries re-rendered cells
// under their stable ids; a cell on the page is replaced, and the summary (aria-live) says what changed.
(function () {
  var table = document.querySelector('[data-delivery-events]');
  if (!table || typeof EventSource === 'undefined') {
    return;
  }
  var summary = document.getElementById('delivery-summary');
  var source = new EventSource(table.getAttribute('data-delivery-events'));
  source.addEventListener('cells', function (event) {
    var template = document.createElement('template');
    template.innerHTML = event.data;
    var changed = [];
    Array.prototype.slice.call(template.content.children).forEach(function (cell) {
      var old = cell.id ? document.getElementById(cell.id) : null;
      if (old && old.outerHTML !== cell.outerHTML) {
        var focused = old.contains(document.activeElement);
        old.replaceWith(cell);
        if (window.htmx) {
          window.htmx.process(cell);
        }
        changed.push(cell.getAttribute('data-summary'));
        if (focused) {
          cell.setAttribute('tabindex', '-1');
          cell.focus();
        }
      }
    });
    if (changed.length && summary) {
      summary.textContent = '已更新：' + changed.join('；');
    }
  });
  window.addEventListener('pagehide', function () {
    source.close();
  });
})();
