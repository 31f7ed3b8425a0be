/**
 * The report's only script, inlined and allowed by its hash in the page's Content-Security-Policy (so
 * no other script, injected or not, can run). It filters rows by status and by a search on account id
 * or name, keeps per-OU "shown" counts, and opens everything for printing. Without JavaScript the page
 * still shows every account and its details: filtering is an aid, not the content.
 *
 * One pass over an array built once at load: 10,000 rows filter in a few milliseconds, and a search
 * waits for a pause in typing so the page never stutters.
 */
export const REPORT_JS = `(function () {
  'use strict';
  var doc = document;
  var ous = Array.prototype.slice.call(doc.querySelectorAll('details.ou'));
  var ouIndex = new Map();
  ous.forEach(function (el, i) { ouIndex.set(el, i); });
  var parentOf = ous.map(function (el) {
    var p = el.parentElement && el.parentElement.closest('details.ou');
    return p ? ouIndex.get(p) : -1;
  });
  var totalOf = ous.map(function (el) { return Number(el.getAttribute('data-total')) || 0; });
  var chunks = Array.prototype.slice.call(doc.querySelectorAll('.ch'));
  var chunkIndex = new Map();
  chunks.forEach(function (el, i) { chunkIndex.set(el, i); });
  var rows = Array.prototype.map.call(doc.querySelectorAll('.a'), function (el) {
    var name = el.querySelector('.n');
    return {
      el: el,
      s: el.getAttribute('data-s'),
      x: el.hasAttribute('data-x'),
      q: ((el.getAttribute('data-id') || '') + ' ' + (name ? name.textContent : '')).toLowerCase(),
      ou: ouIndex.get(el.closest('details.ou')),
      ch: chunkIndex.get(el.parentElement),
    };
  });
  // A chunk skipped by content-visibility takes its placeholder size: keep that near the real height
  // of the rows it still shows, and hide chunks that show none, or filtering leaves long blank gaps.
  var rowHeight = (rows[0] && rows[0].el.offsetHeight) || 35;
  var state = { status: 'all', q: '', overdue: false };
  var shown = doc.getElementById('shown');
  var search = doc.getElementById('q');
  var overdue = doc.getElementById('overdue');
  var empty = doc.getElementById('empty');
  var buttons = Array.prototype.slice.call(doc.querySelectorAll('[data-f]'));
  var fmt = function (n) { return String(n).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ','); };

  function matches(r) {
    if (state.status === 'problems') { if (r.s !== 'non_compliant' && r.s !== 'error') return false; }
    else if (state.status !== 'all' && r.s !== state.status) return false;
    if (state.overdue && !r.x) return false;
    return state.q === '' || r.q.indexOf(state.q) !== -1;
  }

  function apply() {
    var filtering = state.status !== 'all' || state.q !== '' || state.overdue;
    var counts = new Array(ous.length).fill(0);
    var inChunk = new Array(chunks.length).fill(0);
    var visible = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var on = matches(r);
      if (r.el.hidden === on) r.el.hidden = !on;
      if (on) {
        visible++;
        if (r.ou !== undefined) counts[r.ou]++;
        if (r.ch !== undefined) inChunk[r.ch]++;
      }
    }
    for (var c = 0; c < chunks.length; c++) {
      chunks[c].hidden = inChunk[c] === 0;
      chunks[c].style.containIntrinsicSize = inChunk[c] * rowHeight + 'px';
    }
    for (var j = ous.length - 1; j >= 0; j--) if (parentOf[j] >= 0) counts[parentOf[j]] += counts[j];
    for (var k = 0; k < ous.length; k++) {
      var el = ous[k];
      el.hidden = counts[k] === 0;
      var vis = el.querySelector(':scope > summary .vis');
      if (vis) vis.textContent = filtering ? fmt(counts[k]) + ' of ' + fmt(totalOf[k]) + ' shown' : '';
      if (filtering && counts[k] > 0 && !el.open) el.open = true;
    }
    buttons.forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-f') === state.status)); });
    if (shown) shown.textContent = 'Showing ' + fmt(visible) + ' of ' + fmt(rows.length) + ' accounts';
    if (empty) empty.hidden = visible !== 0;
  }

  buttons.forEach(function (b) {
    b.addEventListener('click', function () {
      var f = b.getAttribute('data-f');
      state.status = f === state.status && b.classList.contains('card') ? 'all' : f;
      apply();
    });
  });
  var timer = 0;
  if (search) search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = search.value.trim().toLowerCase(); apply(); }, rows.length > 2000 ? 150 : 30);
  });
  if (overdue) overdue.addEventListener('change', function () { state.overdue = overdue.checked; apply(); });
  function setAll(open) { ous.forEach(function (el) { el.open = open; }); }
  var ex = doc.getElementById('expand'); if (ex) ex.addEventListener('click', function () { setAll(true); });
  var co = doc.getElementById('collapse'); if (co) co.addEventListener('click', function () { setAll(false); });
  doc.addEventListener('keydown', function (e) {
    if (e.key === '/' && search && doc.activeElement !== search) { e.preventDefault(); search.focus(); }
    else if (e.key === 'Escape' && doc.activeElement === search) { search.value = ''; state.q = ''; apply(); }
  });
  var reopened = [];
  window.addEventListener('beforeprint', function () {
    doc.querySelectorAll('details:not([open])').forEach(function (d) {
      if (!d.hidden && !d.closest('[hidden]')) { d.open = true; reopened.push(d); }
    });
  });
  window.addEventListener('afterprint', function () { reopened.forEach(function (d) { d.open = false; }); reopened = []; });
  doc.documentElement.classList.add('js');
  apply();
})();`;
