// Console: the editor pages (loaded on every page with defer; act only where the page has your elements).
// The item editor: live counters, the Quill body editor, image upload with required alt text, the related
// item picker and autosave. No inline script or style: everything is bound here with addEventListener.
(function () {
  'use strict';

  var AUTOSAVE_EVERY_MS = 10000;

  function csrfHeaders() {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    var headers = {};
    if (token && header) {
      headers[header.content] = token.content;
    }
    return headers;
  }

  // ---- counters: characters as a reader counts them (code points), over-limit said in words ----------
  function updateCounter(counter) {
    var input = document.getElementById(counter.getAttribute('data-for'));
    if (!input) {
      return;
    }
    var limit = parseInt(counter.getAttribute('data-limit'), 10);
    var count = Array.from(input.value).length;
    if (count > limit) {
      counter.textContent = '✗ 超出 ' + (count - limit) + ' 字（' + count + '/' + limit + '）';
      counter.classList.add('over');
    } else {
      counter.textContent = count + '/' + limit + ' 字';
      counter.classList.remove('over');
    }
  }

  function bindCounters(root) {
    root.querySelectorAll('.counter[data-for]').forEach(function (counter) {
      var input = document.getElementById(counter.getAttribute('data-for'));
      if (input) {
        input.addEventListener('input', function () { updateCounter(counter); });
        updateCounter(counter);
      }
    });
  }

  // ---- the body: Quill, limited to what the body sanitiser keeps ---------------------------------------
  function startQuill(form, markDirty) {
    var host = document.getElementById('f-body');
    var source = document.getElementById('f-body-source');
    if (!host || !source || typeof window.Quill === 'undefined') {
      return null;
    }
    var Quill = window.Quill;
    var BaseImage = Quill.import('formats/image');
    // Quill's own image keeps only the address; ours keeps the text alternative the sanitiser requires.
    class AltImage extends BaseImage {
      static create(value) {
        var node = super.create(typeof value === 'string' ? value : value.src);
        if (value && typeof value === 'object' && value.alt) {
          node.setAttribute('alt', value.alt);
        }
        return node;
      }
      static value(node) {
        return { src: node.getAttribute('src'), alt: node.getAttribute('alt') || '' };
      }
    }
    AltImage.blotName = 'image';
    AltImage.tagName = 'IMG';
    Quill.register(AltImage, true);

    // Quill's constructor converts its first content wrapped in <div class='ql-editor' style="white-space:
    // normal;">: the page's policy (style-src 'self') refuses that style attribute, so the wrapper gets a
    // class instead and editor.css gives the class the same rule.
    var BaseClipboard = Quill.import('modules/clipboard');
    class StyleFreeClipboard extends BaseClipboard {
      convert(html) {
        if (typeof html === 'string') {
          html = html.replace('<div class=\'ql-editor\' style="white-space: normal;">',
            '<div class="ql-editor ql-editor-normal">');
        }
        return super.convert(html);
      }
    }
    Quill.register('modules/clipboard', StyleFreeClipboard, true);

    // Tab and Shift+Tab leave the editor as they leave any field (Quill would insert a tab or indent): every
    // Tab binding of Quill's keyboard is replaced by one that lets the browser move the focus.
    var leaveOnTab = { key: 9, shiftKey: null, handler: function () { return true; } };
    var tabBindings = {};
    ['indent', 'outdent', 'indent code-block', 'outdent code-block', 'remove tab', 'tab'].forEach(function (name) {
      tabBindings[name] = leaveOnTab;
    });

    host.hidden = false;
    var quill = new Quill('#body-editor', {
      theme: 'snow',
      formats: ['header', 'bold', 'italic', 'list', 'link', 'image'],
      modules: {
        keyboard: { bindings: tabBindings },
        toolbar: {
          container: '#body-toolbar',
          handlers: {
            image: function () { document.getElementById('image-file').focus(); }
          }
        }
      }
    });
    if (source.value.trim() !== '') {
      quill.setContents(quill.clipboard.convert(source.value), 'silent');
    }
    source.hidden = true;
    var root = quill.root;
    root.setAttribute('role', 'textbox');
    root.setAttribute('aria-multiline', 'true');
    root.setAttribute('aria-labelledby', 'f-body-label');
    ['aria-describedby', 'aria-invalid'].forEach(function (name) {
      if (source.hasAttribute(name)) {
        root.setAttribute(name, source.getAttribute(name));
      }
    });
    document.getElementById('f-body-label').addEventListener('click', function () { quill.focus(); });
    host.querySelectorAll('.ql-tooltip input').forEach(function (input) {
      input.setAttribute('aria-label', '链接地址');
    });
    quill.on('text-change', function () {
      sync(quill, source);
      markDirty();
    });
    return quill;
  }

  // The body as the form posts it: Quill's HTML, or nothing when the editor holds no text and no image.
  function sync(quill, source) {
    var empty = quill.getText().trim() === '' && !quill.root.querySelector('img');
    source.value = empty ? '' : quill.root.innerHTML;
  }

  // ---- images: uploaded with their text alternative, then inserted or made the cover -------------------
  function bindImages(quill, markDirty) {
    var file = document.getElementById('image-file');
    var alt = document.getElementById('image-alt');
    var message = document.getElementById('image-message');
    if (!file || !alt || !message) {
      return;
    }
    function say(text, ok) {
      message.textContent = (ok ? '✓ ' : '✗ ') + text;
      message.className = ok ? 'image-ok' : 'error-text';
    }
    function upload(cover) {
      if (alt.value.trim() === '') {
        say('请填写替代文字：用一句话说明图片的内容，供读屏软件朗读。没有替代文字的图片不能插入。', false);
        alt.setAttribute('aria-invalid', 'true');
        alt.focus();
        return;
      }
      if (!file.files || file.files.length === 0) {
        say('请选择要上传的图片文件（PNG、JPEG 或 GIF）。', false);
        file.focus();
        return;
      }
      alt.removeAttribute('aria-invalid');
      var data = new FormData();
      data.append('file', file.files[0]);
      data.append('alt', alt.value.trim());
      say('正在上传……', true);
      fetch('/console/items/images', { method: 'POST', body: data, headers: csrfHeaders(), credentials: 'same-origin' })
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (body) {
            return { ok: response.ok, status: response.status, body: body };
          });
        })
        .then(function (answer) {
          if (!answer.ok) {
            say(answer.body.message || ('上传未成功（' + answer.status + '）。'), false);
            return;
          }
          if (cover) {
            var coverInput = document.getElementById('f-coverAssetId');
            coverInput.value = answer.body.id;
            say('已上传并设为封面。', true);
          } else if (quill) {
            var range = quill.getSelection(true);
            var at = range ? range.index : quill.getLength();
            quill.insertEmbed(at, 'image', { src: answer.body.src, alt: answer.body.alt }, 'user');
            quill.setSelection(at + 1, 0, 'silent');
            say('已插入正文：' + answer.body.alt, true);
          }
          file.value = '';
          alt.value = '';
          markDirty();
        })
        .catch(function () { say('无法连接服务器，图片未上传。', false); });
    }
    document.getElementById('image-insert').addEventListener('click', function () { upload(false); });
    document.getElementById('image-cover').addEventListener('click', function () { upload(true); });
  }

  // ---- related items: the picker fills the blank row, and a new blank row follows ----------------------
  function renumber(row, index) {
    row.querySelectorAll('[name]').forEach(function (el) {
      el.name = el.name.replace(/related\[\d+]/, 'related[' + index + ']');
    });
    row.querySelectorAll('[id]').forEach(function (el) {
      el.id = el.id.replace(/related-\d+-/, 'related-' + index + '-');
    });
    row.querySelectorAll('label[for]').forEach(function (el) {
      el.htmlFor = el.htmlFor.replace(/related-\d+-/, 'related-' + index + '-');
      el.textContent = el.textContent.replace(/关联稿件 \d+/, '关联稿件 ' + (index + 1));
    });
    row.querySelectorAll('[aria-describedby]').forEach(function (el) { el.removeAttribute('aria-describedby'); });
    var remove = row.querySelector('.remove-related');
    remove.setAttribute('aria-label', '移除关联稿件 ' + (index + 1));
  }

  function bindRelated(markDirty) {
    var rows = document.getElementById('related-rows');
    if (!rows) {
      return;
    }
    function blankRow() {
      var all = rows.querySelectorAll('.related-row');
      for (var i = 0; i < all.length; i++) {
        if (all[i].querySelector('.related-id').value.trim() === '') {
          return all[i];
        }
      }
      var copy = all[all.length - 1].cloneNode(true);
      copy.querySelectorAll('.error-text').forEach(function (el) { el.remove(); });
      copy.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
      copy.querySelector('.related-id').value = '';
      copy.querySelector('.related-title').value = '';
      copy.querySelector('.related-name').textContent = '';
      renumber(copy, all.length);
      rows.appendChild(copy);
      return copy;
    }
    document.addEventListener('click', function (event) {
      var pick = event.target.closest('.pick');
      if (pick) {
        var row = blankRow();
        row.querySelector('.related-id').value = pick.getAttribute('data-id');
        row.querySelector('.related-title').value = pick.getAttribute('data-title');
        row.querySelector('.related-name').textContent = pick.getAttribute('data-title');
        blankRow();
        row.querySelector('.related-relation').focus();
        markDirty();
        return;
      }
      var remove = event.target.closest('.remove-related');
      if (remove) {
        remove.closest('.related-row').remove();
        rows.querySelectorAll('.related-row').forEach(function (r, i) { renumber(r, i); });
        blankRow();
        markDirty();
      }
    });
    var search = document.getElementById('picker-q');
    if (search) {
      // Enter in the search box searches; it must not save the form.
      search.addEventListener('keydown', function (event) {
        if (event.key === 'Enter') {
          event.preventDefault();
          if (window.htmx) {
            window.htmx.trigger(search, 'search');
          }
        }
      });
    }
  }

  // ---- autosave: the unsaved form, every ~10 s while it changes and when the page is left --------------
  function bindAutosave(form, quill) {
    var url = form.getAttribute('data-autosave');
    var status = document.getElementById('autosave-status');
    var source = document.getElementById('f-body-source');
    var state = { dirty: false, submitting: false };
    function body() {
      if (quill) {
        sync(quill, source);
      }
      return new URLSearchParams(new FormData(form));
    }
    function save() {
      if (!state.dirty || state.submitting || !url) {
        return;
      }
      state.dirty = false;
      var headers = csrfHeaders();
      headers['Content-Type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
      fetch(url, { method: 'POST', body: body().toString(), headers: headers, credentials: 'same-origin' })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (answer) {
          status.textContent = '已自动保存未保存的内容（' + answer.savedAt + '），它不是新版本。';
        })
        .catch(function () {
          state.dirty = true;
          status.textContent = '自动保存未成功，内容仍在页面上。';
        });
    }
    function leave() {
      if (state.dirty && !state.submitting && url && navigator.sendBeacon) {
        // A beacon cannot carry the CSRF header; the form's own _csrf field goes in its body.
        state.dirty = false;
        navigator.sendBeacon(url, body());
      }
    }
    form.addEventListener('input', function () { state.dirty = true; });
    form.addEventListener('change', function () { state.dirty = true; });
    form.addEventListener('submit', function () {
      if (quill) {
        sync(quill, source);
      }
      state.submitting = true;
    });
    window.setInterval(save, AUTOSAVE_EVERY_MS);
    window.addEventListener('pagehide', leave);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') {
        leave();
      }
    });
    return function () { state.dirty = true; };
  }

  function start() {
    var form = document.getElementById('item-form');
    if (!form) {
      return;
    }
    var markDirty = function () { };
    var dirtyBox = { mark: function () { markDirty(); } };
    var quill = startQuill(form, dirtyBox.mark);
    markDirty = bindAutosave(form, quill);
    bindCounters(document);
    bindImages(quill, dirtyBox.mark);
    bindRelated(dirtyBox.mark);
    var summary = document.getElementById('error-summary');
    if (summary) {
      summary.focus();
    }
  }

  document.addEventListener('DOMContentLoaded', start);
})();
