// Terminology on the work page: select words inside one sentence of the grid to flag them as a term
// or an issue (the form is filled with the sentence, the offsets and the quoted words), and hide or
// show the term highlights. No inline script: the page's CSP allows only files from this site.
(function () {
  'use strict';
  var form = document.getElementById('annotation-form');
  var grid = document.getElementById('grid');
  var toggle = document.getElementById('toggle-terms');
  if (toggle && grid) {
    toggle.hidden = false;
    var hide = function (on) {
      grid.classList.toggle('hide-terms', on);
      toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
      try { localStorage.setItem('triptych.hideTerms', on ? '1' : '0'); } catch (e) { /* private mode */ }
    };
    var stored = null;
    try { stored = localStorage.getItem('triptych.hideTerms'); } catch (e) { /* private mode */ }
    hide(stored === '1');
    toggle.addEventListener('click', function () { hide(!grid.classList.contains('hide-terms')); });
  }
  if (!form || !grid) return;
  var versions = (form.getAttribute('data-versions') || '').split(',');

  function offsetIn(sentence, node, offset) {
    var range = document.createRange();
    range.setStart(sentence, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function sentenceOf(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest('.sentence') : null;
  }

  function onSelect() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    var sentence = sentenceOf(selection.anchorNode);
    if (!sentence || sentence !== sentenceOf(selection.focusNode) || !grid.contains(sentence)) return;
    var cell = sentence.closest('td');
    var version = cell ? cell.getAttribute('data-column') || versions[cell.cellIndex - 1] : null;
    if (!version || versions.indexOf(version) < 0) return;
    var text = sentence.textContent || '';
    var a = offsetIn(sentence, selection.anchorNode, selection.anchorOffset);
    var b = offsetIn(sentence, selection.focusNode, selection.focusOffset);
    var start = Math.min(a, b);
    var end = Math.max(a, b);
    while (start < end && /\s/.test(text.charAt(start))) start++;
    while (end > start && /\s/.test(text.charAt(end - 1))) end--;
    if (start >= end) return;
    form.elements.version.value = version;
    form.elements.ordinal.value = sentence.getAttribute('data-ordinal');
    form.elements.start.value = String(start);
    form.elements.end.value = String(end);
    form.elements.quote.value = text.slice(start, end);
    form.querySelector('.annotation-quote').textContent = text.slice(start, end);
    form.querySelector('.annotation-quote').setAttribute('lang', cell.getAttribute('lang') || '');
    var message = document.getElementById('annotation-message');
    if (message) message.textContent = '';
    form.hidden = false;
  }

  grid.addEventListener('mouseup', function () { setTimeout(onSelect, 0); });
  grid.addEventListener('keyup', function (event) { if (event.shiftKey) onSelect(); });
  form.querySelector('[data-action="cancel"]').addEventListener('click', function () { form.hidden = true; });
  form.addEventListener('htmx:afterRequest', function (event) {
    if (event.detail && event.detail.successful) {
      form.hidden = true;
      var selection = window.getSelection();
      if (selection) selection.removeAllRanges();
    }
  });
})();
