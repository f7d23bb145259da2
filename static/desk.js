// The chief judge's desk, live.
//
// The stream (hx-sse on #desk-live) sends `changed` events whose data names the codes whose rows
// changed ({"codes": [...]}) or says {"all": true}. For codes, the desk fetches only the rows of
// those codes that are on the page it shows, plus the round's summary, and swaps them in place
// (one row is a few KB; the whole matrix was 550 KB at 141 codes). For "all" it re-fetches its
// page of the matrix (#desk-matrix's hx-get, which keeps the page, search and filter). Events
// that arrive while a fetch is running are merged into the next one.
//
// It also makes sure the live stream connects: htmx and its hx-sse extension are both deferred
// scripts, and htmx processes the page on a timer once it has run. On a slow network that timer
// can fire before hx-sse.js has arrived, so htmx processes the page without the extension and
// the matrix would never go live. This script runs after hx-sse.js (deferred scripts run in
// order): if htmx has processed the page already, it processes the live element again, now with
// the extension; if not, htmx will do it itself, and connecting here too would open a second stream.
(() => {
  const live = document.querySelector('[data-desk-live]');
  const matrix = document.getElementById('desk-matrix');
  if (!live || !matrix) return;

  const wanted = new Set();
  let all = false;
  let dirty = false;
  let busy = false;

  const rowOf = (root, code) => root.querySelector(`tr[data-code="${CSS.escape(code)}"]`);

  async function refreshRows() {
    const codes = [...wanted].filter((code) => rowOf(matrix, code));
    wanted.clear();
    const content = await fragment(`${live.dataset.rows}?codes=${encodeURIComponent(codes.join(','))}`);
    // Not the fragment (a sign-in page after the session ended): reload the page of the matrix.
    if (!content) throw new Error('rows: not a desk fragment');
    const summary = content.getElementById('desk-summary');
    reopenReasons(summary, reasonsOpen());
    document.getElementById('desk-summary')?.replaceWith(summary);
    for (const row of content.querySelectorAll('tr[data-code]')) {
      const old = rowOf(matrix, row.getAttribute('data-code'));
      if (!old) continue;
      old.replaceWith(row);
      window.htmx?.process(row);
    }
  }

  // "Why can't I lock" stays open if the chief judge opened it, whatever is swapped in.
  const reasonsOpen = () => !!document.querySelector('#desk-summary details.lock-reasons')?.open;
  const reopenReasons = (root, open) => { if (open) root.querySelector('#desk-summary details.lock-reasons, details.lock-reasons')?.setAttribute('open', ''); };

  /** Gets a fragment of the desk the way htmx would; null when the answer is not one (a sign-in page after the session ended). */
  async function fragment(url) {
    const response = await fetch(url, { headers: { 'HX-Request': 'true' }, credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) throw new Error(`desk: ${response.status}`);
    const template = document.createElement('template');
    template.innerHTML = await response.text();
    return template.content.getElementById('desk-summary') ? template.content : null;
  }

  // The whole page of the matrix, swapped by hand rather than by htmx.ajax(): htmx's settle step
  // copies a style attribute onto the new elements, which the CSP refuses. Focus and a search
  // being typed survive, by the field's id.
  async function refreshMatrix() {
    const open = reasonsOpen();
    const content = await fragment(matrix.getAttribute('hx-get'));
    if (!content) throw new Error('matrix: not a desk fragment');
    const active = document.activeElement;
    const focused = active && matrix.contains(active) && active.id ? { id: active.id, value: active.value, start: active.selectionStart, end: active.selectionEnd } : null;
    matrix.replaceChildren(content);
    window.htmx?.process(matrix);
    reopenReasons(document, open);
    const again = focused && document.getElementById(focused.id);
    if (again) {
      if (typeof focused.value === 'string' && 'value' in again) again.value = focused.value;
      again.focus();
      if (typeof focused.start === 'number') again.setSelectionRange?.(focused.start, focused.end);
    }
  }

  async function refresh() {
    if (busy) return;
    busy = true;
    try {
      while (dirty) {
        dirty = false;
        if (all) {
          all = false;
          wanted.clear();
          await refreshMatrix();
        } else {
          await refreshRows().catch(() => refreshMatrix());
        }
      }
    } catch {
      // The stream's next event tries again.
    } finally {
      busy = false;
    }
  }

  live.addEventListener('changed', (event) => {
    let data = null;
    try { data = JSON.parse(event.detail?.data ?? ''); } catch { /* an old server: everything */ }
    if (!data || data.all || !Array.isArray(data.codes)) all = true;
    else for (const code of data.codes) wanted.add(String(code));
    dirty = true;
    refresh();
  });

  // The cell panel. Below the two-column width it is a sheet over the bottom of the screen
  // (desk.css): when a cell opens, focus moves into it and the tapped cell is scrolled above it;
  // × or Escape closes it, putting the hint back and focus on the cell.
  const panel = document.getElementById('desk-panel');
  if (panel) {
    let tapped = null;
    matrix.addEventListener('click', (event) => {
      const link = event.target.closest?.('.outcome a');
      if (link) tapped = link;
    });
    const close = () => {
      const hint = document.createElement('p');
      hint.className = 'muted';
      hint.textContent = panel.dataset.hint ?? '';
      panel.replaceChildren(hint);
      // A live refresh may have replaced the row: the same cell, found again by its address.
      const href = tapped?.getAttribute('href');
      const cell = tapped?.isConnected ? tapped : href ? matrix.querySelector(`.outcome a[href="${CSS.escape(href)}"]`) : null;
      cell?.focus();
    };
    panel.addEventListener('click', (event) => { if (event.target.closest?.('[data-panel-close]')) close(); });
    // Escape closes the sheet, but not from a field: a reason being typed is not thrown away.
    document.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !panel.querySelector('.cell-panel')) return;
      if (event.target instanceof Element && event.target.closest('input, textarea, select')) return;
      close();
    });
    new MutationObserver(() => {
      if (!panel.querySelector('.cell-panel') || !window.matchMedia('(max-width: 1099.98px)').matches) return;
      panel.querySelector('h2')?.focus({ preventScroll: true });
      if (tapped?.isConnected) tapped.scrollIntoView({ block: 'nearest' });
    }).observe(panel, { childList: true });
  }

  const processed = document.querySelector('#desk-matrix[data-htmx-powered]');
  if (window.htmx && processed && !live._htmx?.sse) window.htmx.process(live);
})();
