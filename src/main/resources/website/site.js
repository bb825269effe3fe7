/*
 * The website's only script, and an optional one: every page works without it. It remembers the
 * reading tools' choices (font size, line spacing, contrast) from page to page, and shows the two
 * tools that cannot work without it: 打印 (print) and 朗读 (read aloud with the browser's speech
 * synthesis; off until the reader asks, and only where the browser has it).
 */
(function () {
  'use strict';
  var KEYS = ['tf-font', 'tf-spacing', 'tf-contrast'];

  function read(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function write(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: not remembered */ }
  }

  KEYS.forEach(function (key) {
    var value = read(key);
    if (value === null) { return; }
    document.querySelectorAll('input[name="' + key + '"]').forEach(function (input) {
      input.checked = input.type === 'checkbox' ? value === 'on' : input.value === value;
    });
  });
  document.addEventListener('change', function (event) {
    var input = event.target;
    if (KEYS.indexOf(input.name) >= 0) {
      write(input.name, input.type === 'checkbox' ? (input.checked ? 'on' : 'off') : input.value);
    }
  });

  function show(id, onClick) {
    var button = document.getElementById(id);
    if (!button) { return null; }
    button.parentNode.hidden = false;
    button.addEventListener('click', onClick);
    return button;
  }

  show('tf-print', function () { window.print(); });

  if ('speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function') {
    var speak = show('tf-speak', function () {
      var synth = window.speechSynthesis;
      if (speak.getAttribute('aria-pressed') === 'true') {
        synth.cancel();
        speak.setAttribute('aria-pressed', 'false');
        return;
      }
      var main = document.getElementById('main');
      var utterance = new window.SpeechSynthesisUtterance(main ? main.innerText : '');
      utterance.lang = document.documentElement.lang || 'zh-CN';
      utterance.onend = utterance.onerror = function () { speak.setAttribute('aria-pressed', 'false'); };
      synth.cancel();
      synth.speak(utterance);
      speak.setAttribute('aria-pressed', 'true');
    });
  }
}());
