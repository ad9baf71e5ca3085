// The alignment editor in the browser: a cursor (row, column) moved by clicks and keys, shortcuts
// that press the toolbar's buttons (so mouse and keyboard share one path), the row revisions sent
// with every change, and the rows an operation returns put in place of the rows it replaced.
// Plain script, no build step; the server's answers are HTML (partials/editor-result).
(function () {
  'use strict';
  var toolbar = document.getElementById('editor-toolbar');
  var tbody = document.getElementById('grid-rows');
  if (!toolbar || !tbody) return;
  var status = document.getElementById('editor-status');
  var panel = document.getElementById('editor-panel');
  var help = document.getElementById('editor-help');
  var rowInput = toolbar.querySelector('[name=row]');
  var columnSelect = toolbar.querySelector('[name=column]');
  var cursor = { row: Number(rowInput.value) || 1, column: columnSelect.options[0] ? columnSelect.options[0].value : '' };
  var restoreColumn = null;
  // The forms that open beside the rows (split a row, edit a sentence) open in a row of their own
  // right under the row they are about; between uses the panel waits where the page put it.
  var panelHome = panel ? document.createComment('editor-panel') : null;
  if (panel) panel.parentNode.insertBefore(panelHome, panel);
  var toastTimer = null;

  function gridRows() {
    return tbody.querySelectorAll('tr.grid-row');
  }
  function rowElement(number) {
    return document.getElementById('row-' + number);
  }
  function cellOf(number, column) {
    var row = rowElement(number);
    return row ? row.querySelector('td.cell[data-column="' + column + '"]') : null;
  }
  function columns() {
    var first = tbody.querySelector('tr.grid-row');
    if (!first) return [];
    return Array.prototype.map.call(first.querySelectorAll('td.cell'), function (td) {
      return td.getAttribute('data-column');
    });
  }

  /** Moves the cursor (and the toolbar's fields) to a cell; focuses it unless told not to. */
  function setCursor(number, column, focus) {
    cursor.row = number;
    if (column) cursor.column = column;
    rowInput.value = String(number);
    if (columnSelect.value !== 'all' || restoreColumn === null) columnSelect.value = cursor.column;
    var previous = tbody.querySelectorAll('.cursor');
    for (var i = 0; i < previous.length; i++) previous[i].classList.remove('cursor');
    var cell = cellOf(number, cursor.column);
    if (cell) {
      cell.classList.add('cursor');
      cell.parentElement.classList.add('cursor');
      if (focus !== false) cell.focus();
    }
    var after = document.querySelector('.editor-next [name=after]');
    if (after) after.value = String(number);
  }

  function neighbourRow(number, step) {
    var row = rowElement(number);
    var next = row;
    do {
      next = step < 0 ? next && next.previousElementSibling : next && next.nextElementSibling;
    } while (next && !next.classList.contains('grid-row'));
    return next ? Number(next.getAttribute('data-row')) : number;
  }

  /** "row:id.revision" for the rows an operation on `number` may read (the server checks them). */
  function seenAround(number) {
    var parts = [];
    for (var n = number - 1; n <= number + 5; n++) {
      var row = rowElement(n);
      if (row) parts.push(n + ':' + row.getAttribute('data-row-id') + '.' + row.getAttribute('data-revision'));
    }
    return parts.join(',');
  }

  function press(op) {
    var button = document.querySelector('#editor-toolbar [data-op="' + op + '"]');
    if (button && !button.disabled) button.click();
  }

  function pressAllColumns(op) {
    restoreColumn = columnSelect.value === 'all' ? null : columnSelect.value;
    columnSelect.value = 'all';
    press(op);
  }

  /** The table row holding the panel, if it is open beside a row. */
  function panelRow() {
    return panel && panel.parentElement && panel.parentElement.closest ? panel.parentElement.closest('tr.editor-panel-row') : null;
  }

  /** Puts the panel back where the page had it, and removes the row that held it. */
  function homePanel() {
    var holder = panelRow();
    if (!panel || !holder) return;
    panelHome.parentNode.insertBefore(panel, panelHome.nextSibling);
    holder.remove();
  }

  /** Puts the panel in a row of its own right under row `number` (when that row is on the page). */
  function anchorPanel(number) {
    var row = rowElement(number);
    if (!panel || !row) return;
    var holder = panelRow();
    if (!holder || holder.previousElementSibling !== row) {
      homePanel();
      holder = document.createElement('tr');
      holder.className = 'editor-panel-row';
      holder.setAttribute('data-for-row', String(number));
      var td = document.createElement('td');
      td.colSpan = row.children.length;
      holder.appendChild(td);
      row.parentNode.insertBefore(holder, row.nextSibling);
    }
    holder.firstChild.appendChild(panel);
  }

  /** After a form arrived in the panel: beside its row, in view, and focused. */
  function showPanel() {
    if (!panel || !panel.innerHTML.trim()) return;
    // the form is focused below: bound to htmx first, as a question's button is (see showToast)
    htmx.process(panel);
    var field = panel.querySelector('[name=row]');
    anchorPanel(field ? Number(field.value) : cursor.row);
    var form = panel.querySelector('form');
    if (form) form.scrollIntoView({ block: 'nearest' });
    // the split form: the choice for the cursor's column; the sentence form: its text
    var sets = panel.querySelectorAll('fieldset');
    var own = sets[columns().indexOf(cursor.column)];
    var focus = panel.querySelector('textarea') || (own && own.querySelector('input[type=radio]:checked')) || panel.querySelector('input[type=radio]:checked') || panel.querySelector('input:not([type=hidden]), button');
    if (focus) {
      focus.focus({ preventScroll: true });
      if (focus.tagName === 'TEXTAREA') focus.setSelectionRange(focus.value.length, focus.value.length);
    }
  }

  function closePanel() {
    if (panel) panel.innerHTML = '';
    homePanel();
    setCursor(cursor.row, cursor.column);
  }

  // --- messages: where the user is acting, and announced (the status element is a live region) ---

  /** Places the message next to what it is about: the open form, else the cursor's row; or low in the window. */
  function placeToast() {
    if (!status || !status.firstElementChild) return;
    status.classList.add('toast');
    var anchor = panelRow() || rowElement(cursor.row);
    var cell = cellOf(cursor.row, cursor.column);
    var height = status.offsetHeight;
    var width = status.offsetWidth;
    var viewWidth = document.documentElement.clientWidth;
    var topLimit = toolbar.getBoundingClientRect().bottom + 4;
    var rect = anchor ? anchor.getBoundingClientRect() : null;
    var top;
    var left = Math.max(8, (viewWidth - width) / 2);
    if (rect && rect.bottom > topLimit && rect.top < window.innerHeight) {
      if (rect.bottom + 6 + height <= window.innerHeight - 8) top = rect.bottom + 6;
      else if (rect.top - 6 - height >= topLimit) top = rect.top - 6 - height;
      else top = window.innerHeight - height - 8;
      var from = cell && !panelRow() ? cell.getBoundingClientRect().left : rect.left + 24;
      left = Math.min(Math.max(8, from), viewWidth - width - 8);
    } else top = window.innerHeight - height - 8;
    status.style.top = Math.max(topLimit, top) + 'px';
    status.style.left = Math.max(8, left) + 'px';
  }

  function clearToast() {
    if (toastTimer) clearTimeout(toastTimer);
    toastTimer = null;
    if (status) status.replaceChildren();
  }

  /** After a message arrived: placed, closable; a success fades, a refusal or a question stays. */
  function showToast() {
    if (!status || !status.firstElementChild) return;
    if (toastTimer) clearTimeout(toastTimer);
    toastTimer = null;
    var message = status.firstElementChild;
    // htmx binds the hx-post of swapped-in content only when it settles (20 ms later): a question's
    // "Edit anyway" is focused now, and Enter pressed in between would submit the form natively and
    // leave the page. Bind it before it can be used (htmx.process skips what it has already bound).
    htmx.process(status);
    if (!message.querySelector('.editor-status-close')) {
      var close = document.createElement('button');
      close.type = 'button';
      close.className = 'editor-status-close editor-status-x';
      // for the mouse: the keyboard closes a message with Esc, and a screen reader need not hear the button
      close.title = toolbar.getAttribute('data-close-label') || 'Close';
      close.setAttribute('aria-hidden', 'true');
      close.tabIndex = -1;
      close.textContent = '×';
      message.appendChild(close);
    }
    placeToast();
    var go = status.querySelector('.editor-force-go');
    if (go) go.focus({ preventScroll: true });
    else if (message.classList.contains('success')) toastTimer = setTimeout(clearToast, 6000);
  }

  function dismissToast() {
    var asked = status && status.querySelector('.editor-force-go');
    clearToast();
    if (asked || (document.activeElement && document.activeElement === document.body)) setCursor(cursor.row, cursor.column);
  }

  function openSentence(number, column, ordinal) {
    var url = toolbar.getAttribute('data-base') + '/sentence-form?row=' + number + '&column=' + encodeURIComponent(column) + '&ordinal=' + ordinal;
    htmx.ajax('GET', url, { target: '#editor-panel', swap: 'innerHTML' });
  }

  function selectedOrdinal(number, column) {
    var cell = cellOf(number, column);
    if (!cell) return null;
    var chosen = cell.querySelector('.sentence.selected') || cell.querySelector('.sentence');
    return chosen ? chosen.getAttribute('data-ordinal') : null;
  }

  /** Opens the form for the sentence last clicked in the cursor's cell (else its first sentence). */
  function editChosenSentence() {
    var ordinal = selectedOrdinal(cursor.row, cursor.column);
    if (ordinal !== null) openSentence(cursor.row, cursor.column, ordinal);
  }

  function toggleHelp(show) {
    if (!help) return;
    var open = show === undefined ? help.hidden : show;
    help.hidden = !open;
    var button = toolbar.querySelector('.editor-help-button');
    if (button) button.setAttribute('aria-expanded', String(open));
    if (open) help.querySelector('.editor-help-close').focus();
    else setCursor(cursor.row, cursor.column);
  }

  // --- putting returned rows in place ---

  function renumber(row, number) {
    var before = row.previousElementSibling;
    if (before && before.classList.contains('part-boundary')) before.setAttribute('data-before-row', String(number));
    row.id = 'row-' + number;
    row.setAttribute('data-row', String(number));
    var link = row.querySelector('th.num a');
    if (link) {
      link.textContent = String(number);
      link.setAttribute('href', '#row-' + number);
    }
  }

  function removeRow(row) {
    var before = row.previousElementSibling;
    if (before && before.classList.contains('part-boundary')) before.remove();
    row.remove();
  }

  function fixLoadMore(delta, windowEnd) {
    var more = tbody.querySelector('tr.load-more[data-offset]');
    if (!more || delta === 0) return;
    var offset = Number(more.getAttribute('data-offset'));
    if (offset < windowEnd) return;
    var fresh = more.cloneNode(true);
    fresh.setAttribute('data-offset', String(offset + delta));
    fresh.setAttribute('hx-get', fresh.getAttribute('hx-get').replace(/offset=\d+/, 'offset=' + (offset + delta)));
    more.replaceWith(fresh);
    htmx.process(fresh);
  }

  function paintConfirmations(ranges, confirmed) {
    if (!ranges) return;
    ranges.split(',').forEach(function (range) {
      var bounds = range.split('-').map(Number);
      var from = bounds[0];
      var to = bounds.length > 1 ? bounds[1] : bounds[0];
      var rows = gridRows();
      for (var i = 0; i < rows.length; i++) {
        var n = Number(rows[i].getAttribute('data-row'));
        if (n >= from && n <= to) rows[i].classList.toggle('confirmed', confirmed);
      }
    });
  }

  function showHistoryTitles(undoTitle, redoTitle) {
    var undo = toolbar.querySelector('[data-op=undo]');
    var redo = toolbar.querySelector('[data-op=redo]');
    if (undo && undoTitle) undo.title = undoTitle;
    if (redo && redoTitle) redo.title = redoTitle;
  }

  /** After a sentence split or merge, the later sentences of that version carry new ordinals. */
  function shiftOrdinals(result) {
    var version = result.getAttribute('data-shift-version');
    if (!version) return;
    var from = Number(result.getAttribute('data-shift-from'));
    var delta = Number(result.getAttribute('data-shift-delta'));
    var spans = tbody.querySelectorAll('td.cell[data-column="' + version + '"] .sentence[data-ordinal]');
    for (var i = 0; i < spans.length; i++) {
      var ordinal = Number(spans[i].getAttribute('data-ordinal'));
      if (ordinal >= from) spans[i].setAttribute('data-ordinal', String(ordinal + delta));
    }
  }

  function applyResult(html) {
    var template = document.createElement('template');
    template.innerHTML = html;
    var result = template.content.querySelector('.editor-result');
    if (!result) return false;
    var from = Number(result.getAttribute('data-from'));
    var removed = Number(result.getAttribute('data-removed'));
    var added = Number(result.getAttribute('data-added'));
    var incoming = Array.prototype.slice.call(result.querySelectorAll('tbody > tr'));
    var message = result.querySelector('.message');
    // the rows the panel's form was about are redrawn: the form goes (a stale answer keeps it, beside its row)
    var panelFor = panelRow() ? Number(panelRow().getAttribute('data-for-row')) : null;
    homePanel();

    if (result.classList.contains('stale')) {
      tbody.replaceChildren.apply(tbody, incoming);
      htmx.process(tbody);
    } else if (result.classList.contains('tail')) {
      var rows = gridRows();
      for (var i = rows.length - 1; i >= 0; i--) if (Number(rows[i].getAttribute('data-row')) >= from) removeRow(rows[i]);
      var more = tbody.querySelector('tr.load-more');
      if (more) more.remove();
      incoming.forEach(function (tr) { tbody.appendChild(tr); htmx.process(tr); });
    } else {
      var delta = added - removed;
      var loaded = gridRows();
      var first = loaded.length ? Number(loaded[0].getAttribute('data-row')) : 1;
      for (var j = loaded.length - 1; j >= 0; j--) {
        var n = Number(loaded[j].getAttribute('data-row'));
        if (n >= from && n < from + removed) removeRow(loaded[j]);
        else if (n >= from + removed && delta !== 0) renumber(loaded[j], n + delta);
      }
      shiftOrdinals(result);
      fixLoadMore(delta, from - 1 + removed);
      // Only rows inside the loaded stretch are drawn: those before it belong to earlier pages, and
      // those past the next page's offset will come with it when it is revealed.
      var more = tbody.querySelector('tr.load-more[data-offset]');
      var limit = more ? Number(more.getAttribute('data-offset')) : Infinity;
      var low = loaded.length ? first : -Infinity;
      var anchor = null;
      var now = gridRows();
      for (var k = 0; k < now.length; k++) {
        if (Number(now[k].getAttribute('data-row')) >= from + added) { anchor = now[k]; break; }
      }
      if (anchor && anchor.previousElementSibling && anchor.previousElementSibling.classList.contains('part-boundary')) anchor = anchor.previousElementSibling;
      if (!anchor) anchor = tbody.querySelector('tr.load-more');
      incoming.forEach(function (tr) {
        var number = Number(tr.getAttribute('data-row') || tr.getAttribute('data-before-row'));
        if (number >= low && number <= limit) tbody.insertBefore(tr, anchor);
      });
    }
    paintConfirmations(result.getAttribute('data-confirm'), result.getAttribute('data-confirmed') === '1');
    showHistoryTitles(result.getAttribute('data-undo-title'), result.getAttribute('data-redo-title'));
    if (panel && !result.classList.contains('stale')) panel.innerHTML = '';
    else if (panel && panelFor !== null && panel.innerHTML.trim()) anchorPanel(panelFor);
    var target = rowElement(cursor.row) ? cursor.row : from;
    if (!rowElement(target)) target = Math.max(1, from - 1);
    setCursor(target, cursor.column);
    if (status) {
      clearToast();
      if (message) status.appendChild(message);
      showToast();
    }
    return true;
  }

  // --- htmx hooks ---

  document.body.addEventListener('htmx:configRequest', function (event) {
    var elt = event.detail.elt;
    var form = elt.closest ? elt.closest('form') : null;
    if (!form || !(form === toolbar || (panel && panel.contains(form)))) return;
    if (event.detail.verb !== 'post') return;
    var params = event.detail.parameters;
    var number = Number(params.row || cursor.row);
    params.seen = seenAround(number);
    if (params.stretch === 'rows' && !params.from) {
      params.from = String(number);
      if (!params.to) params.to = String(number);
    }
    var area = form.querySelector('textarea[name=text]');
    if (area) params.offset = String(area.selectionStart || 0);
  });

  document.body.addEventListener('htmx:beforeSwap', function (event) {
    var text = event.detail.xhr && event.detail.xhr.responseText;
    if (!text || text.indexOf('editor-result') < 0) return;
    event.detail.shouldSwap = false;
    event.detail.isError = false;
    applyResult(text);
  });

  document.body.addEventListener('htmx:afterSwap', function (event) {
    var target = event.detail.target;
    if (panel && target === panel) showPanel();
    else if (status && target === status) showToast();
  });

  // A new request from the toolbar or a form replaces the message of the last one.
  document.body.addEventListener('htmx:beforeRequest', function (event) {
    var elt = event.detail.elt;
    if (!status || !elt || !elt.closest || status.contains(elt)) return;
    if (elt.closest('#editor-toolbar') || (panel && panel.contains(elt))) clearToast();
  });

  document.body.addEventListener('htmx:afterRequest', function () {
    if (restoreColumn !== null) {
      columnSelect.value = restoreColumn;
      restoreColumn = null;
    }
  });

  // --- mouse ---

  tbody.addEventListener('click', function (event) {
    var cell = event.target.closest('td.cell');
    if (!cell) return;
    var row = cell.parentElement;
    var sentence = event.target.closest('.sentence');
    var selected = tbody.querySelectorAll('.sentence.selected');
    for (var i = 0; i < selected.length; i++) selected[i].classList.remove('selected');
    if (sentence) sentence.classList.add('selected');
    setCursor(Number(row.getAttribute('data-row')), cell.getAttribute('data-column'));
  });

  document.addEventListener('click', function (event) {
    if (event.target.closest('.editor-panel-close')) closePanel();
    else if (event.target.closest('.editor-status-close')) dismissToast();
    else if (event.target.closest('[data-op=edit-sentence]')) editChosenSentence();
    else if (event.target.closest('.editor-help-button')) toggleHelp();
    else if (event.target.closest('.editor-help-close')) toggleHelp(false);
  });

  columnSelect.addEventListener('change', function () {
    if (columnSelect.value !== 'all') cursor.column = columnSelect.value;
  });
  rowInput.addEventListener('change', function () {
    if (rowElement(Number(rowInput.value))) setCursor(Number(rowInput.value), cursor.column, false);
  });

  // --- keyboard ---

  document.addEventListener('keydown', function (event) {
    var target = event.target;
    var typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
    if (event.key === 'Escape') {
      // a refusal or a question first, then the help, the form, and a done message last
      if (status && status.querySelector('.message.error')) dismissToast();
      else if (help && !help.hidden) toggleHelp(false);
      else if (panel && panel.innerHTML.trim()) closePanel();
      else if (status && status.firstElementChild) dismissToast();
      return;
    }
    if (typing) return;
    // a focused button or link (the toolbar's, a message's "Edit anyway", a form's) takes Enter and
    // Space itself, and the messages, forms and help take no shortcuts
    if (target && target.closest && (target.closest('#editor-status, #editor-panel, #editor-help') || target.tagName === 'BUTTON' || target.tagName === 'A')) {
      if (event.key === 'Enter' || event.key === ' ' || target.closest('#editor-status, #editor-panel, #editor-help')) return;
    }
    var key = event.key;
    var ctrl = event.ctrlKey || event.metaKey;
    if (ctrl && (key === 'z' || key === 'Z')) {
      event.preventDefault();
      press(event.shiftKey ? 'redo' : 'undo');
      return;
    }
    if (ctrl && (key === 'y' || key === 'Y')) {
      event.preventDefault();
      press('redo');
      return;
    }
    if (ctrl) return;
    var cols = columns();
    var handled = true;
    if (event.altKey && key === 'ArrowUp') event.shiftKey ? pressAllColumns('move-up') : press('move-up');
    else if (event.altKey && key === 'ArrowDown') event.shiftKey ? pressAllColumns('move-down') : press('move-down');
    else if (event.altKey) handled = false;
    else if (key === 'ArrowUp' || key === 'k') setCursor(neighbourRow(cursor.row, -1), cursor.column);
    else if (key === 'ArrowDown' || key === 'j') setCursor(neighbourRow(cursor.row, 1), cursor.column);
    else if (key === 'ArrowLeft' || key === 'h') setCursor(cursor.row, cols[Math.max(0, cols.indexOf(cursor.column) - 1)]);
    else if (key === 'ArrowRight' || key === 'l') setCursor(cursor.row, cols[Math.min(cols.length - 1, cols.indexOf(cursor.column) + 1)]);
    else if (key === 'u') press('move-up');
    else if (key === 'U') pressAllColumns('move-up');
    else if (key === 'd') press('move-down');
    else if (key === 'D') pressAllColumns('move-down');
    else if (key === 'm') press('merge-rows');
    else if (key === 's') press('split-row');
    else if (key === 'i') press('insert-row');
    else if (key === 'x' || key === 'Delete') press('delete-row');
    else if (key === 'c') press(rowElement(cursor.row) && rowElement(cursor.row).classList.contains('confirmed') ? 'unconfirm' : 'confirm');
    else if (key === 'C') press('confirm-upto');
    else if (key === 'z') press('undo');
    else if (key === 'y' || key === 'Z') press('redo');
    else if (key === 'r') press('realign-after');
    else if (key === 'e' || key === 'Enter') editChosenSentence();
    else if (key === 'n') document.querySelector('.editor-next button').click();
    else if (key === 'g') document.querySelector('.editor-goto input[name=row]').focus();
    else if (key === '/') document.querySelector('.editor-search input[name=q]').focus();
    else if (key === '?') toggleHelp();
    else handled = false;
    if (handled) event.preventDefault();
  });

  fetch(toolbar.getAttribute('data-base') + '/undo-state', { headers: { Accept: 'application/json' } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (state) { if (state) showHistoryTitles(state.undoTitle, state.redoTitle); })
    .catch(function () { /* the titles are a convenience */ });

  // The grid's sticky header sits just below the sticky toolbar, whatever height the toolbar wraps to.
  function measureToolbar() {
    document.documentElement.style.setProperty('--editor-toolbar-height', toolbar.offsetHeight + 'px');
  }
  measureToolbar();
  window.addEventListener('resize', measureToolbar);

  // The row named in the address (#row-N, e.g. after "go to row") becomes the cursor.
  var fromHash = /^#row-(\d+)$/.exec(location.hash);
  var start = fromHash && rowElement(Number(fromHash[1])) ? Number(fromHash[1]) : gridRows().length ? Number(gridRows()[0].getAttribute('data-row')) : 1;
  if (columns().length) setCursor(start, columns()[0], !!fromHash);
})();
