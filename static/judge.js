/*
 * Jiangxin (匠心): the judge's tablet. "Never lose a mark."
 *
 * Every tap updates the card at once and goes into a queue kept on the tablet BEFORE any
 * network attempt; the queue is sent to POST /judge/marks in batches, and a mark leaves it only
 * when the server has answered for it (saved, already saved, refused or in conflict). Wi-Fi
 * drops, reloads, crashes and closed tabs lose nothing: the queue is restored on the next page
 * load and sending resumes.
 *
 * Storage: IndexedDB, not localStorage. Each change is one transaction (atomic even with two
 * tabs open on the same tablet, where a localStorage read-modify-write of one JSON blob would
 * lose a mark) committed with durability "strict" (on disk before we go on; Chromium writes
 * localStorage to disk lazily, so a crash right after a tap could lose it). localStorage is the
 * fallback where IndexedDB cannot be opened, and memory (with a warning) where neither works.
 *
 * Queue rules, per judge, per (round, code, aspect) "slot":
 * - a newer tap replaces the slot's mark if that mark has never been sent;
 * - a mark that was sent (and may have been stored, the answer lost) is never replaced: the
 *   newer one waits behind it and is re-based on the version the server gives the first, so the
 *   tablet's own earlier write is not mistaken for another device's change;
 * - every write carries a random idempotency key, so a replay is stored once.
 *
 * Plain script: no build step, no dependencies, no inline code (the CSP forbids it).
 * Translated strings come from the server in data-messages on [data-judge-sheet].
 */
(() => {
  'use strict';

  const sheet = document.querySelector('[data-judge-sheet]');
  if (!sheet) return;

  const ROUND_ID = Number(sheet.dataset.roundId);
  const CODE = sheet.dataset.code || '';
  const JUDGE_ID = Number(sheet.dataset.judgeId) || 0;
  const CSRF = sheet.dataset.csrf || '';
  const READ_ONLY = sheet.dataset.readOnly === 'true';
  const LOGIN_URL = sheet.dataset.loginUrl || '/judge/login';
  const MESSAGES = readMessages();

  const ENDPOINT = '/judge/marks';
  const MAX_BATCH = 100;
  const FIRST_RETRY_MS = 1000;
  const MAX_RETRY_MS = 30000;
  const REQUEST_TIMEOUT_MS = 20000;
  const DB_NAME = 'jiangxin-judge';
  const STORE = 'marks';
  const LOCAL_KEY = 'jiangxin.judge.queue';
  const DEVICE_KEY = 'jiangxin.judge.deviceId';

  function readMessages() {
    try {
      return JSON.parse(sheet.dataset.messages || '{}');
    } catch {
      return {};
    }
  }
  const message = (name, params) =>
    String(MESSAGES[name] || '').replace(/\{(\w+)\}/g, (whole, key) => (params && key in params ? String(params[key]) : whole));

  /* ─── ids ─────────────────────────────────────────────────────────────────────────────── */

  /** crypto.randomUUID exists only in secure contexts; venue LANs often serve plain HTTP. */
  function randomId() {
    if (typeof crypto.randomUUID === 'function') {
      try {
        return crypto.randomUUID();
      } catch {
        /* fall through */
      }
    }
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function deviceId() {
    try {
      let id = localStorage.getItem(DEVICE_KEY);
      if (!id) {
        id = randomId();
        localStorage.setItem(DEVICE_KEY, id);
      }
      return id;
    } catch {
      return randomId();
    }
  }
  const DEVICE_ID = deviceId();

  const slotOf = (judgeId, roundId, code, aspectId) => `${judgeId}|${roundId}|${code}|${aspectId}`;
  /** Strictly increasing in this page, so two taps in one millisecond keep their order. */
  let lastStamp = 0;
  const stamp = () => (lastStamp = Math.max(Date.now(), lastStamp + 1));

  /* ─── storage ─────────────────────────────────────────────────────────────────────────── */

  /*
   * A queue record: { key, slot, judgeId, roundId, code, aspectId, mark, baseVersion, queuedAt, sent }.
   * Operations, each atomic:
   * - enqueue(record): drop the slot's never-sent records, add this one;
   * - markSent(keys): flag records as sent (before the request goes out);
   * - settle([{ key, rebaseTo }]): remove answered records; with rebaseTo, the slot's waiting
   *   successor that was based on the same version is re-based on the answer's version;
   * - all(): every record.
   */
  function applyEnqueue(records, record) {
    for (const key of Object.keys(records)) {
      if (records[key].slot === record.slot && !records[key].sent) delete records[key];
    }
    records[record.key] = record;
  }
  function applySettle(records, answers) {
    for (const { key, rebaseTo } of answers) {
      const done = records[key];
      if (!done) continue;
      delete records[key];
      if (rebaseTo === null || rebaseTo === undefined) continue;
      for (const other of Object.values(records)) {
        if (other.slot === done.slot && other.baseVersion === done.baseVersion) other.baseVersion = rebaseTo;
      }
    }
  }

  function requestResult(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  function openIndexedDb() {
    return new Promise((resolve, reject) => {
      if (!('indexedDB' in window) || !window.indexedDB) {
        reject(new Error('no IndexedDB'));
        return;
      }
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'key' });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('IndexedDB blocked'));
    });
  }

  function indexedDbStore(db) {
    /** Runs `work(store)` in one read-write transaction and resolves once it is committed. */
    function write(work) {
      return new Promise((resolve, reject) => {
        let tx;
        try {
          tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
        } catch {
          tx = db.transaction(STORE, 'readwrite');
        }
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
        // Read everything, change it in memory with the same rules as the fallback, write back the difference.
        const store = tx.objectStore(STORE);
        const all = store.getAll();
        all.onsuccess = () => {
          const before = {};
          for (const record of all.result) before[record.key] = record;
          const after = {};
          for (const record of all.result) after[record.key] = { ...record };
          work(after);
          for (const key of Object.keys(before)) if (!(key in after)) store.delete(key);
          for (const [key, record] of Object.entries(after)) {
            if (JSON.stringify(record) !== JSON.stringify(before[key])) store.put(record);
          }
        };
      });
    }
    return {
      kind: 'indexeddb',
      enqueue: (record) => write((records) => applyEnqueue(records, record)),
      markSent: (keys) => write((records) => keys.forEach((key) => records[key] && (records[key].sent = true))),
      settle: (answers) => write((records) => applySettle(records, answers)),
      all: () => requestResult(db.transaction(STORE, 'readonly').objectStore(STORE).getAll()),
    };
  }

  function localStorageStore() {
    const read = () => JSON.parse(localStorage.getItem(LOCAL_KEY) || '{}');
    const change = (work) => {
      const records = read();
      work(records);
      localStorage.setItem(LOCAL_KEY, JSON.stringify(records));
    };
    // Probe once: private modes may refuse writes.
    change(() => {});
    return {
      kind: 'localstorage',
      enqueue: async (record) => change((records) => applyEnqueue(records, record)),
      markSent: async (keys) => change((records) => keys.forEach((key) => records[key] && (records[key].sent = true))),
      settle: async (answers) => change((records) => applySettle(records, answers)),
      all: async () => Object.values(read()),
    };
  }

  function memoryStore(seed) {
    const records = {};
    for (const record of seed) records[record.key] = { ...record };
    return {
      kind: 'memory',
      enqueue: async (record) => applyEnqueue(records, record),
      markSent: async (keys) => keys.forEach((key) => records[key] && (records[key].sent = true)),
      settle: async (answers) => applySettle(records, answers),
      all: async () => Object.values(records).map((r) => ({ ...r })),
    };
  }

  let store = null;
  let lastKnown = [];
  const storeReady = (async () => {
    try {
      store = indexedDbStore(await openIndexedDb());
    } catch {
      try {
        store = localStorageStore();
      } catch {
        store = memoryStore([]);
      }
    }
    return store;
  })();

  /** Runs a storage operation; if storage fails, carries on in memory so the mark is at least sent. */
  async function withStore(operation) {
    const current = await storeReady;
    try {
      return await operation(store || current);
    } catch {
      if (store.kind !== 'memory') store = memoryStore(lastKnown);
      return operation(store);
    }
  }

  const channel = 'BroadcastChannel' in window ? new BroadcastChannel('jiangxin-judge-queue') : null;
  if (channel) channel.onmessage = () => void refresh();

  /* ─── the queue in this page ──────────────────────────────────────────────────────────── */

  const mine = (records) => records.filter((r) => r.judgeId === JUDGE_ID);
  /** The record to send next for each slot: the oldest (a sent one waits for its answer first). */
  function headsOf(records) {
    const heads = new Map();
    for (const record of [...records].sort((a, b) => a.queuedAt - b.queuedAt)) {
      if (!heads.has(record.slot)) heads.set(record.slot, record);
    }
    return [...heads.values()];
  }

  let queue = [];
  async function refresh() {
    const records = await withStore((s) => s.all());
    lastKnown = records;
    queue = mine(records);
    showSyncState();
    return queue;
  }
  const waitingSlots = () => new Set(queue.map((r) => r.slot)).size;
  const waitingOnThisSheet = () => new Set(queue.filter((r) => r.roundId === ROUND_ID && r.code === CODE).map((r) => r.slot)).size;

  /* ─── cards ───────────────────────────────────────────────────────────────────────────── */

  const cards = new Map();
  for (const card of sheet.querySelectorAll('section.aspect-card[data-aspect-id]')) cards.set(Number(card.dataset.aspectId), card);

  const formatNumber = (value) => String(Math.round(value * 1000) / 1000);
  const sameMark = (a, b) => a.state === b.state && (a.state !== 'scored' || a.value === b.value);

  /** What the server holds for each card, as far as this page knows: for reverting a refused mark. */
  const confirmed = new Map();
  for (const [aspectId, card] of cards) confirmed.set(aspectId, stateOfCard(card));
  /** The newest queued key shown on each card, so an older answer does not overwrite a newer tap. */
  const shownKey = new Map();

  function stateOfCard(card) {
    const state = card.dataset.state;
    const points = card.dataset.points === '' || card.dataset.points === undefined ? null : Number(card.dataset.points);
    if (state === 'scored') return { mark: { state: 'scored', value: Number(card.dataset.value) }, points };
    if (state === 'not_scored') return { mark: { state: 'not_scored' }, points: null };
    return { mark: null, points: null };
  }

  /** Points the tablet can work out by itself while a mark waits; the server's replace them. Null: unknown. */
  function provisionalPoints(card, mark) {
    if (mark.state !== 'scored') return null;
    const max = Number(card.dataset.max);
    const { value } = mark;
    switch (card.dataset.kind) {
      case 'levels':
        return (value * max) / 3;
      case 'passFail':
        return value === 1 ? max : 0;
      case 'counter':
        return Math.max(0, max - Math.min(value * Number(card.dataset.per), Number(card.dataset.cap)));
      case 'points':
        return value;
      default:
        return null;
    }
  }

  /** Shows a mark on a card: { mark: Mark | null, points: number | null, pending: boolean }. */
  function render(card, { mark, points, pending }) {
    card.dataset.state = mark ? mark.state : 'empty';
    card.dataset.value = mark && mark.state === 'scored' ? String(mark.value) : '';
    card.dataset.points = points === null || points === undefined ? '' : String(points);
    const scored = mark && mark.state === 'scored' ? mark.value : null;
    for (const button of card.querySelectorAll('button[data-value]')) {
      button.setAttribute('aria-pressed', scored !== null && Number(button.dataset.value) === scored ? 'true' : 'false');
    }
    const counter = card.querySelector('[data-counter]');
    if (counter) counter.textContent = scored === null ? '–' : String(scored);
    const input = card.querySelector('input[data-number]');
    const seconds = card.querySelector('input[data-seconds]');
    if (seconds) {
      // Time: whole minutes and seconds, as the page renders them (views/pages/judge.tsx).
      if (document.activeElement !== input && document.activeElement !== seconds) showTime(input, seconds, mark);
    } else if (input && document.activeElement !== input) {
      input.value = scored === null ? '' : formatNumber(scored);
      input.removeAttribute('aria-invalid');
    }
    const notScored = card.querySelector('[data-not-scored]');
    if (notScored) notScored.setAttribute('aria-pressed', mark && mark.state === 'not_scored' ? 'true' : 'false');
    card.classList.toggle('pending', pending);
    const shown = card.querySelector('[data-points-shown]');
    if (shown) shown.textContent = points === null || points === undefined ? (pending && mark && mark.state === 'scored' ? '…' : '–') : formatNumber(points);
    const state = card.querySelector('[data-mark-state]');
    if (state) {
      state.textContent = pending
        ? message('waiting')
        : !mark
          ? message('empty')
          : mark.state === 'not_scored'
            ? message('notScoredState')
            : message('saved');
    }
    updateTotals();
  }

  function showError(card, text) {
    const box = card.querySelector('[data-mark-error]');
    if (!box) return;
    box.textContent = text;
    box.hidden = !text;
  }

  function updateTotals() {
    let total = 0;
    let empty = 0;
    for (const card of cards.values()) {
      const points = Number(card.dataset.points);
      if (card.dataset.points !== '' && Number.isFinite(points)) total += points;
      if (card.dataset.state === 'empty') empty += 1;
    }
    const shown = sheet.querySelector('[data-running-total]');
    // – until something is marked: a total of 0 is a result, an empty sheet is not.
    if (shown) shown.textContent = empty === cards.size ? '–' : formatNumber(total);
    const hint = sheet.querySelector('[data-sign-hint]');
    if (hint) hint.textContent = empty > 0 ? message('signMissing', { count: empty }) : message('signHint');
  }

  /** How a mark reads in a message: the button's label for full marks / zero, else the number. */
  function describe(card, mark) {
    if (!mark || mark.state === 'not_scored') return message('notScored');
    if (card.dataset.kind === 'passFail') {
      const button = card.querySelector(`button[data-value="${mark.value}"]`);
      if (button) return button.textContent.trim();
    }
    return formatNumber(mark.value);
  }

  /* ─── entering marks ──────────────────────────────────────────────────────────────────── */

  function currentMark(card) {
    return stateOfCard(card).mark;
  }

  /** `confirmed`: the judge said yes to a measured value outside the plausible range; the server refuses it otherwise. */
  function enter(card, mark, confirmed = false) {
    hideConfirm(card);
    const current = currentMark(card);
    if (current && sameMark(current, mark)) return;
    const aspectId = Number(card.dataset.aspectId);
    const record = {
      key: randomId(),
      slot: slotOf(JUDGE_ID, ROUND_ID, CODE, aspectId),
      judgeId: JUDGE_ID,
      roundId: ROUND_ID,
      code: CODE,
      aspectId,
      mark,
      baseVersion: Number(card.dataset.version) || 0,
      confirmed,
      queuedAt: stamp(),
      sent: false,
    };
    showError(card, '');
    shownKey.set(aspectId, record.key);
    render(card, { mark, points: provisionalPoints(card, mark), pending: true });
    // Counted at once, before storage answers, so the indicator never lags behind a tap.
    queue = [...queue.filter((r) => r.slot !== record.slot || r.sent), record];
    showSyncState();
    void withStore((s) => s.enqueue(record))
      .then(() => {
        if (channel) channel.postMessage('changed');
        return refresh();
      })
      .then(() => flush());
  }

  /** Lenient reading of a typed number: full-width digits, a decimal comma, spaces. The server decides. */
  function parseNumber(text) {
    const normal = text
      .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
      .replace(/[．。，,]/g, '.')
      .replace(/[－−]/g, '-')
      .replace(/\s+/g, '');
    if (!/^-?(\d+\.?\d*|\.\d+)$/.test(normal)) return null;
    const value = Number(normal);
    return Number.isFinite(value) ? value : null;
  }

  /** 95.5 → { minutes: 95, seconds: 30 } (the page splits the same way). */
  function minutesAndSeconds(value) {
    let minutes = Math.floor(value);
    let seconds = Math.round((value - minutes) * 60);
    if (seconds === 60) [minutes, seconds] = [minutes + 1, 0];
    return { minutes, seconds };
  }

  /**
   * A time card's two fields as minutes: "95" and "30" → 95.5 (rounded to the hundredth the server
   * keeps); "91.5" and nothing → 91.5. Null: not a time (seconds past 59, a fraction with seconds).
   */
  function typedMinutes(input, secondsInput) {
    const secondsText = secondsInput.value.trim();
    const minutes = parseNumber(input.value.trim() || (secondsText ? '0' : ''));
    if (minutes === null || minutes < 0) return null;
    if (secondsText === '') return minutes;
    const seconds = parseNumber(secondsText);
    if (seconds === null || !Number.isInteger(seconds) || seconds < 0 || seconds > 59 || !Number.isInteger(minutes)) return null;
    return Math.round((minutes + seconds / 60) * 100) / 100;
  }

  /** Puts a time card's current mark back in its two fields. */
  function showTime(input, secondsInput, mark) {
    const time = mark && mark.state === 'scored' ? minutesAndSeconds(mark.value) : null;
    input.value = time ? String(time.minutes) : '';
    secondsInput.value = time ? String(time.seconds).padStart(2, '0') : '';
    input.removeAttribute('aria-invalid');
    secondsInput.removeAttribute('aria-invalid');
  }

  function numberEntered(input) {
    const card = input.closest('section.aspect-card');
    if (!card) return;
    const secondsInput = card.querySelector('input[data-seconds]');
    const text = secondsInput ? `${input.value.trim()}${secondsInput.value.trim()}` : input.value.trim();
    const current = currentMark(card);
    if (secondsInput) {
      // Nothing typed, the fields still showing the mark (seconds are whole, so 95.01 shows as 95:01
      // and would read back as 95.02), or the minutes emptied to retype: the mark goes back, no new one.
      const minutesText = input.value.trim();
      const shown = current && current.state === 'scored' ? minutesAndSeconds(current.value) : null;
      const unchanged = shown !== null && minutesText === String(shown.minutes) && secondsInput.value.trim() === String(shown.seconds).padStart(2, '0');
      if (text === '' || unchanged || (shown !== null && minutesText === '')) {
        showTime(input, secondsInput, current);
        showError(card, '');
        return;
      }
    }
    if (text === '') {
      // There is no "no mark" to go back to: show the current mark again.
      input.value = current && current.state === 'scored' ? formatNumber(current.value) : '';
      input.removeAttribute('aria-invalid');
      showError(card, '');
      return;
    }
    const value = secondsInput ? typedMinutes(input, secondsInput) : parseNumber(text);
    if (value === null || (card.dataset.kind === 'minutes' && value < 0)) {
      input.setAttribute('aria-invalid', 'true');
      if (secondsInput) secondsInput.setAttribute('aria-invalid', 'true');
      showError(card, message('badNumber'));
      return;
    }
    input.removeAttribute('aria-invalid');
    if (secondsInput) showTime(input, secondsInput, { state: 'scored', value });
    else input.value = formatNumber(value);
    if (isImplausible(card, value)) {
      askToConfirm(card, value);
      return;
    }
    // Leaving a time's fields without changing them is not a new mark.
    if (secondsInput && current && sameMark(current, { state: 'scored', value })) return;
    enter(card, { state: 'scored', value });
  }

  /*
   * A measured value outside nominal ± 10 × the widest tolerance (the server's plausibleRange(),
   * sent in data-plausible-low/high) is most likely a slipped decimal point: 16 for 1.6 mm. It is
   * not queued until the judge confirms it, and then goes with confirmed: true, so the queue
   * never holds a mark the server would refuse for that.
   */
  function isImplausible(card, value) {
    if (card.dataset.kind !== 'measured' || card.dataset.plausibleLow === undefined) return false;
    return value < Number(card.dataset.plausibleLow) || value > Number(card.dataset.plausibleHigh);
  }

  const pendingConfirm = new Map();
  function askToConfirm(card, value) {
    const box = card.querySelector('[data-confirm-box]');
    if (!box) return;
    pendingConfirm.set(card, value);
    const shown = formatNumber(value);
    box.querySelector('[data-confirm-text]').textContent = message('implausible', { value: shown, nominal: card.dataset.nominal, unit: card.dataset.unit || '' });
    box.querySelector('[data-confirm-value]').textContent = message('confirmValue', { value: shown });
    box.hidden = false;
    box.querySelector('[data-confirm-value]').focus();
  }
  function hideConfirm(card) {
    pendingConfirm.delete(card);
    const box = card.querySelector('[data-confirm-box]');
    if (box) box.hidden = true;
  }

  /* ─── sending ─────────────────────────────────────────────────────────────────────────── */

  let retryMs = FIRST_RETRY_MS;
  let retryTimer = null;
  let retryAt = 0;
  let sending = null;
  /** A flush asked for while one runs: run again afterwards, in case the running one has already looked. */
  let again = false;
  let problem = null; // null | 'network' | 'auth'
  /** Conflicts and refusals on this sheet so far; signing waits for the judge to look at them. */
  let sheetProblems = 0;

  /** `atLeastMs`: the server's Retry-After, when it said how long it needs (a locked database, a full disk). */
  function scheduleRetry(atLeastMs = 0) {
    clearTimeout(retryTimer);
    const delay = Math.max(retryMs, Math.min(atLeastMs, MAX_RETRY_MS));
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    retryAt = Date.now() + delay;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void flush();
    }, delay);
    showSyncState();
  }

  /** Sends everything queued, batch after batch; resolves when the queue is empty or sending must wait. */
  function flush() {
    if (sending) {
      again = true;
      return sending;
    }
    clearTimeout(retryTimer);
    retryTimer = null;
    again = false;
    sending = drain().finally(() => {
      sending = null;
      showSyncState();
      if (again && !retryTimer) void flush();
      again = false;
    });
    showSyncState();
    return sending;
  }

  async function drain() {
    let batchSize = MAX_BATCH;
    for (;;) {
      const heads = headsOf(await refresh());
      if (heads.length === 0) {
        problem = null;
        retryMs = FIRST_RETRY_MS;
        return;
      }
      const roundId = heads[0].roundId;
      const batch = heads.filter((r) => r.roundId === roundId).slice(0, batchSize);
      // Flagged as sent before the request leaves: a newer tap then waits behind it instead of replacing it.
      await withStore((s) => s.markSent(batch.map((r) => r.key)));
      const answer = await post(roundId, batch);
      if (answer.kind === 'retry' || answer.kind === 'auth') {
        problem = answer.kind === 'auth' ? 'auth' : 'network';
        scheduleRetry(answer.afterMs);
        return;
      }
      problem = null;
      if (answer.kind === 'split') {
        if (batch.length > 1) {
          batchSize = 1;
          continue;
        }
        // One mark the server cannot even read: it will never be accepted.
        await settle(batch, batch.map((r) => ({ key: r.key, aspectId: r.aspectId, status: 'refused', message: answer.message })));
        continue;
      }
      if (answer.kind === 'refusedAll') {
        await settle(batch, batch.map((r) => ({ key: r.key, aspectId: r.aspectId, status: 'refused', message: answer.message })));
        continue;
      }
      const settled = await settle(batch, answer.results);
      retryMs = FIRST_RETRY_MS;
      if (settled === 0) {
        // The server answered without a word on these marks: try again later rather than loop.
        problem = 'network';
        scheduleRetry();
        return;
      }
    }
  }

  async function post(roundId, batch) {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    let response;
    try {
      response = await fetch(ENDPOINT, {
        method: 'POST',
        credentials: 'same-origin',
        redirect: 'manual',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': CSRF },
        body: JSON.stringify({
          roundId,
          deviceId: DEVICE_ID,
          marks: batch.map((r) => ({ key: r.key, code: r.code, aspectId: r.aspectId, mark: r.mark, baseVersion: r.baseVersion, ...(r.confirmed ? { confirmed: true } : {}) })),
        }),
        signal: controller.signal,
      });
    } catch {
      return { kind: 'retry' };
    } finally {
      clearTimeout(timeout);
    }
    if (response.type === 'opaqueredirect' || response.status === 401 || response.status === 403) return { kind: 'auth' };
    const body = await response.json().catch(() => null);
    const text = body && typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    if (response.ok) return body && Array.isArray(body.results) ? { kind: 'results', results: body.results } : { kind: 'retry' };
    if (response.status === 400 || response.status === 413 || response.status === 422) return { kind: 'split', message: text };
    if ((response.status === 404 || response.status === 409) && body && body.error) return { kind: 'refusedAll', message: text };
    // 5xx, 503 included: the marks stay queued and are sent again, after Retry-After if given.
    const retryAfter = Number(response.headers.get('retry-after'));
    return { kind: 'retry', afterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0 };
  }

  /** Applies the server's answers to the cards at once, then to storage. Returns how many marks were answered. */
  async function settle(batch, results) {
    const byKey = new Map(results.map((r) => [r.key, r]));
    const answers = [];
    for (const record of batch) {
      const result = byKey.get(record.key);
      if (!result) continue;
      const ok = result.status === 'saved' || result.status === 'unchanged' || result.status === 'duplicate';
      // Only an answer that holds exactly this tablet's mark lets a waiting newer tap build on it.
      const rebaseTo =
        ok && (result.status !== 'duplicate' || (result.mark && sameMark(result.mark, record.mark))) ? result.version : null;
      answers.push({ key: record.key, rebaseTo });
      if (record.judgeId === JUDGE_ID && record.roundId === ROUND_ID && record.code === CODE) applyToCard(record, result);
      // On the round's page (no sheet shown), a refused or conflicting mark of the round still holds "sign all" back.
      else if (CODE === '' && record.roundId === ROUND_ID && (result.status === 'refused' || result.status === 'conflict')) sheetProblems += 1;
    }
    if (answers.length > 0) {
      await withStore((s) => s.settle(answers));
      if (channel) channel.postMessage('changed');
    }
    await refresh();
    return answers.length;
  }

  function applyToCard(record, result) {
    const card = cards.get(record.aspectId);
    if (!card) return;
    const newest = shownKey.get(record.aspectId);
    const superseded = newest !== undefined && newest !== record.key;
    if (result.status === 'refused') {
      sheetProblems += 1;
      showError(card, result.message || '');
      if (!superseded) {
        shownKey.delete(record.aspectId);
        render(card, { ...confirmed.get(record.aspectId), pending: false });
      }
      return;
    }
    const server = { mark: result.mark || null, points: result.points ?? null };
    confirmed.set(record.aspectId, server);
    if (typeof result.version === 'number') card.dataset.version = String(result.version);
    if (result.status === 'conflict') {
      sheetProblems += 1;
      showError(card, message('conflict', { value: describe(card, result.mark) }));
    }
    if (!superseded) {
      shownKey.delete(record.aspectId);
      render(card, { ...server, pending: false });
    }
  }

  /* ─── the status line ─────────────────────────────────────────────────────────────────── */

  const pendingBox = sheet.querySelector('[data-pending]');
  const pendingCount = sheet.querySelector('[data-pending-count]');
  const onlineState = sheet.querySelector('[data-online-state]');
  const syncStatus = sheet.querySelector('[data-sync-status]');

  function showSyncState() {
    const waiting = waitingSlots();
    if (pendingBox) pendingBox.hidden = waiting === 0;
    if (pendingCount) pendingCount.textContent = String(waiting);
    let state;
    let text;
    if (problem === 'auth') {
      state = 'auth';
      text = message('signedOut');
    } else if (!navigator.onLine) {
      state = 'offline';
      text = message('offline');
    } else if (problem === 'network' && waiting > 0) {
      state = 'offline';
      text = message('retrying', { seconds: Math.max(1, Math.ceil((retryAt - Date.now()) / 1000)) });
    } else if (sending && waiting > 0) {
      state = 'sending';
      text = message('sending');
    } else if (waiting === 0) {
      state = 'online';
      text = message('online');
    } else {
      state = 'waiting';
      text = '';
    }
    if (store && store.kind === 'memory') text = `${text} ${message('noStorage')}`.trim();
    if (syncStatus) syncStatus.dataset.sync = state;
    if (!onlineState) return;
    onlineState.textContent = text;
    if (state === 'auth') {
      const link = document.createElement('a');
      link.href = LOGIN_URL;
      link.className = 'button button-primary';
      link.dataset.signIn = '';
      link.textContent = message('signIn');
      onlineState.append(' ', link);
    }
  }
  // The retry countdown, while there is one.
  setInterval(() => {
    if (problem === 'network' && retryTimer) showSyncState();
  }, 1000);

  /* ─── signing ─────────────────────────────────────────────────────────────────────────── */

  /** `waiting`: how many queued marks the signature must wait for (this sheet's, or the whole round's for "sign all"). */
  function guardSigning(form, waiting = waitingOnThisSheet) {
    const status = form.querySelector('[data-sign-status]');
    const say = (text) => {
      if (!status) return;
      status.textContent = text;
      status.hidden = !text;
    };
    let confirmedSubmit = false;
    form.addEventListener('submit', async (event) => {
      if (confirmedSubmit) return;
      if (waiting() === 0) return;
      event.preventDefault();
      const problemsBefore = sheetProblems;
      say(message('signSending'));
      await flush();
      const left = waiting();
      if (left > 0) {
        say(message('signWaiting', { count: left }));
        return;
      }
      if (sheetProblems > problemsBefore) {
        say(message('signReview'));
        return;
      }
      say('');
      confirmedSubmit = true;
      form.submit();
    });
  }

  /* ─── start ───────────────────────────────────────────────────────────────────────────── */

  if (!READ_ONLY) {
    sheet.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button') : null;
      if (!button || button.disabled) return;
      const card = button.closest('section.aspect-card');
      if (!card || !sheet.contains(card)) return;
      if (button.hasAttribute('data-confirm-value')) {
        const value = pendingConfirm.get(card);
        if (value !== undefined) enter(card, { state: 'scored', value }, true);
      } else if (button.hasAttribute('data-correct-value')) {
        hideConfirm(card);
        const input = card.querySelector('input[data-number]');
        const current = currentMark(card);
        if (input) {
          input.value = current && current.state === 'scored' ? formatNumber(current.value) : '';
          input.focus();
          input.select();
        }
      } else if (button.hasAttribute('data-not-scored')) {
        enter(card, { state: 'not_scored' });
      } else if (button.hasAttribute('data-step')) {
        const current = currentMark(card);
        // "−" on an empty card is not a 0 nobody chose: "No deductions" is that tap.
        if (Number(button.dataset.step) < 0 && !(current && current.state === 'scored')) return;
        const from = current && current.state === 'scored' ? current.value : 0;
        const value = Math.min(999, Math.max(0, from + Number(button.dataset.step)));
        enter(card, { state: 'scored', value });
      } else if (button.hasAttribute('data-value')) {
        enter(card, { state: 'scored', value: Number(button.dataset.value) });
      }
    });
    sheet.addEventListener('change', (event) => {
      // A time's two fields are read together when the judge leaves them (focusout below), not minutes alone on the way to the seconds.
      if (event.target instanceof HTMLInputElement && event.target.matches('input[data-number]') && !event.target.closest('.time-fields')) numberEntered(event.target);
    });
    sheet.addEventListener('focusout', (event) => {
      const group = event.target instanceof Element ? event.target.closest('.time-fields') : null;
      if (!group || (event.relatedTarget instanceof Node && group.contains(event.relatedTarget))) return;
      const minutes = group.querySelector('input[data-number]');
      if (minutes) numberEntered(minutes);
    });
    sheet.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && event.target instanceof HTMLInputElement && event.target.matches('input[data-number], input[data-seconds]')) {
        event.preventDefault();
        const minutes = event.target.closest('section.aspect-card')?.querySelector('input[data-number]');
        if (minutes) numberEntered(minutes);
      }
    });
    const form = sheet.querySelector('[data-sign-form]');
    if (form) guardSigning(form);
    // The round's page: one PIN signs every complete sheet, once every queued mark of the round is sent.
    const signAll = sheet.querySelector('[data-sign-all-form]');
    if (signAll) guardSigning(signAll, () => new Set(queue.filter((r) => r.judgeId === JUDGE_ID && r.roundId === ROUND_ID).map((r) => r.slot)).size);
  }

  window.addEventListener('online', () => {
    retryMs = FIRST_RETRY_MS;
    void flush();
  });
  window.addEventListener('offline', showSyncState);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && queue.length > 0) void flush();
  });
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) void flush();
  });

  // Restore: marks still queued for this sheet show on their cards, then sending resumes.
  void (async () => {
    const records = await refresh();
    if (!READ_ONLY) {
      for (const record of [...records].sort((a, b) => a.queuedAt - b.queuedAt)) {
        if (record.roundId !== ROUND_ID || record.code !== CODE) continue;
        const card = cards.get(record.aspectId);
        if (!card) continue;
        shownKey.set(record.aspectId, record.key);
        render(card, { mark: record.mark, points: provisionalPoints(card, record.mark), pending: true });
      }
    }
    await flush();
  })();
  showSyncState();
  // Plain HTTP: nothing can bring the page back after a reload without network (no service worker
  // outside a secure context), so the judge is told before it matters.
  const insecure = sheet.querySelector('[data-insecure-notice]');
  if (insecure) insecure.hidden = window.isSecureContext;
})();
