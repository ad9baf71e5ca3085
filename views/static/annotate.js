// Terminology on the work page: select words inside one sentence of the grid to flag them as a term
// or an issue, and hide or show the term highlights. The form opens next to the words, starts afresh
// for every new flag (a term by default, no comment: nothing of the last flag carries over, except
// who you are), and shows only the fields of the kind chosen. Words hidden under the sticky toolbar
// can be selected by dragging towards it: while a drag lasts, the toolbar and the column headers let
// the pointer through to the text, and the page scrolls when the pointer reaches them.
// No inline script: the page's CSP allows only files from this site.
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
  var fields = form.elements;

  function remembered(key) {
    try { return localStorage.getItem(key) || ''; } catch (e) { return ''; }
  }
  function remember(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }

  // --- the form's state ---

  /** Shows (and enables) only the fields of the kind chosen, so nothing of the other kind is sent. */
  function showKind(kind) {
    var sets = form.querySelectorAll('fieldset[data-kind]');
    for (var i = 0; i < sets.length; i++) {
      var off = sets[i].getAttribute('data-kind') !== kind;
      sets[i].hidden = off;
      sets[i].disabled = off;
    }
  }
  /** "Add the words as a term" means something only for a concept that exists. */
  function syncAddTerm() {
    var none = fields.concept.value === 'new';
    fields.addTerm.disabled = none;
    if (none) fields.addTerm.checked = false;
  }
  /** A new flag starts from the defaults: a term of a new concept, no category chosen, no comment. */
  function startAfresh() {
    form.reset();
    fields.author.value = remembered('triptych.author');
    showKind('term');
    syncAddTerm();
  }
  function close() {
    form.hidden = true;
    startAfresh();
  }

  form.addEventListener('change', function (event) {
    var name = event.target && event.target.name;
    if (name === 'kind') showKind(event.target.value);
    else if (name === 'concept') syncAddTerm();
    else if (name === 'author') remember('triptych.author', fields.author.value.trim());
  });
  startAfresh();

  // --- reading the selection ---

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

  /** Puts the form next to the words: below them, or above when the window has no room below. */
  function place(rect) {
    var width = form.offsetWidth;
    var height = form.offsetHeight;
    var root = document.documentElement;
    var left = Math.min(Math.max(8, rect.left), root.clientWidth - width - 8);
    var below = rect.bottom + 8;
    var top = below + height <= window.innerHeight - 8 || rect.top - height - 8 < 0 ? below : rect.top - height - 8;
    form.style.left = Math.max(8, left + window.scrollX) + 'px';
    form.style.top = Math.max(0, top + window.scrollY) + 'px';
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
    // A closed form opens afresh; an open one keeps what is being typed and takes the new words.
    if (form.hidden) startAfresh();
    fields.version.value = version;
    fields.ordinal.value = sentence.getAttribute('data-ordinal');
    fields.start.value = String(start);
    fields.end.value = String(end);
    fields.quote.value = text.slice(start, end);
    var quote = form.querySelector('.annotation-quote');
    quote.textContent = text.slice(start, end);
    quote.setAttribute('lang', cell.getAttribute('lang') || '');
    var message = document.getElementById('annotation-message');
    if (message) message.textContent = '';
    form.hidden = false;
    place(selection.getRangeAt(0).getBoundingClientRect());
  }

  // --- dragging under the sticky toolbar ---

  /** How far down the window the sticky toolbar and column headers reach now (0 when not stuck). */
  function stickyBand() {
    var band = 0;
    var stuck = [document.getElementById('editor-toolbar'), grid.tHead && grid.tHead.rows[0] && grid.tHead.rows[0].cells[0]];
    for (var i = 0; i < stuck.length; i++) {
      var el = stuck[i];
      if (!el) continue;
      var r = el.getBoundingClientRect();
      var offset = parseFloat(getComputedStyle(el).top) || 0;
      if (Math.abs(r.top - offset) < 2) band = Math.max(band, r.bottom);
    }
    return band;
  }

  var dragging = false;
  function endDrag() {
    if (!dragging) return;
    dragging = false;
    document.documentElement.classList.remove('selecting-text');
    document.documentElement.style.scrollPaddingTop = '';
  }
  grid.tBodies[0].addEventListener('mousedown', function (event) {
    if (event.button !== 0 || !event.target.closest('td.cell')) return;
    dragging = true;
    // The band out of the scrollport: Chromium scrolls a selection drag that reaches it.
    document.documentElement.style.scrollPaddingTop = stickyBand() + 'px';
    document.documentElement.classList.add('selecting-text');
  });
  document.addEventListener('mouseup', endDrag, true);
  // A selection ends with a mouseup wherever the pointer is then (over the toolbar, outside the grid).
  document.addEventListener('mouseup', function (event) {
    if (!form.contains(event.target)) setTimeout(onSelect, 0);
  });
  window.addEventListener('blur', endDrag);

  grid.addEventListener('keyup', function (event) { if (event.shiftKey) onSelect(); });
  form.querySelector('[data-action="cancel"]').addEventListener('click', close);
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !form.hidden) close();
  });
  form.addEventListener('htmx:afterRequest', function (event) {
    if (event.detail && event.detail.successful) {
      close();
      var selection = window.getSelection();
      if (selection) selection.removeAllRanges();
    }
  });
})();
