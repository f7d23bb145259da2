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
  /** The code whose sheet is shown; '' on the round's codes. Changes as the judge moves (showSheet). */
  let CODE = sheet.dataset.code || '';
  const JUDGE_ID = Number(sheet.dataset.judgeId) || 0;
  const CSRF = sheet.dataset.csrf || '';
  let LOCKED = sheet.dataset.locked === 'true';
  const MESSAGES = readMessages();
  const ROUND_URL = `/judge/rounds/${ROUND_ID}`;
  const sheetUrl = (code) => `${ROUND_URL}/sheets/${encodeURIComponent(code)}`;
  /** Where the tablet signs in again, coming back to what it shows. */
  const loginUrl = () =>
    `/judge/login?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams((sheet.dataset.loginUrl || '').split('?')[1] || '')), next: CODE ? sheetUrl(CODE) : ROUND_URL })}`;

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
  /** Signatures waiting to be sent (see signing below): { codes, pin, origin: 'sheet' | 'all', problemsBefore }. */
  const signatures = [];
  /** Takes a signature off the list if it is still there (it may have been replaced while it was being sent). */
  function dropSignature(signature) {
    const index = signatures.indexOf(signature);
    if (index >= 0) signatures.splice(index, 1);
  }
  async function refresh() {
    const records = await withStore((s) => s.all());
    lastKnown = records;
    queue = mine(records);
    showSyncState();
    return queue;
  }
  const waitingSlots = () => new Set(queue.map((r) => r.slot)).size;
  /** Marks still queued on these codes of the round (slots, not taps). */
  const waitingOn = (codes) => new Set(queue.filter((r) => r.roundId === ROUND_ID && codes.includes(r.code)).map((r) => r.slot)).size;
  /** The newest queued record of a slot: what its card shows while it waits. */
  function newestQueued(slot) {
    let newest = null;
    for (const record of queue) if (record.slot === slot && (!newest || record.queuedAt > newest.queuedAt)) newest = record;
    return newest;
  }

  /* ─── the round ───────────────────────────────────────────────────────────────────────── */

  /*
   * The whole round came with the page (views/pages/judge.tsx, RoundState): every code the judge
   * marks with what the server holds of his marks. Moving between codes, marking and signing
   * work on it without the network; the queue's answers keep it current, and once the queue has
   * drained it is reconciled with the server (GET …/state).
   */
  function readRoundState() {
    try {
      const node = sheet.querySelector('script[data-round-state]');
      return JSON.parse(node ? node.textContent || '{}' : '{}');
    } catch {
      return {};
    }
  }
  let ASPECT_IDS = [];
  /** code → { code, signed, marks: Map(aspectId → { mark, version, points }) }, in code order. */
  let sheetsByCode = new Map();
  function adoptRoundState(state) {
    ASPECT_IDS = Array.isArray(state.aspectIds) ? state.aspectIds : [];
    const next = new Map();
    for (const s of Array.isArray(state.sheets) ? state.sheets : []) {
      // [aspectId, value (null: not scored), version, points] (src/judging/sheet-view.ts, PageMark)
      const marks = new Map();
      for (const [aspectId, value, version, points] of s.marks || []) {
        marks.set(aspectId, { mark: value === null ? { state: 'not_scored' } : { state: 'scored', value }, version, points });
      }
      next.set(s.code, { code: s.code, signed: !!s.signed, marks });
    }
    sheetsByCode = next;
    if (typeof state.locked === 'boolean') LOCKED = state.locked;
  }
  adoptRoundState(readRoundState());
  const codes = () => [...sheetsByCode.keys()];

  /*
   * The round as this tablet last knew it, kept in IndexedDB (its own database: the queue's is
   * never upgraded under a page that has it open), for the service worker's copy of the page:
   * that copy carries the round as it was when the page was kept, older than what the queue's
   * answers have told the tablet since.
   */
  const ROUND_KEY = `${JUDGE_ID}|${ROUND_ID}`;
  const roundsDb = new Promise((resolve) => {
    try {
      const request = indexedDB.open('jiangxin-judge-rounds', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('rounds');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  const currentRoundState = () => ({
    roundId: ROUND_ID,
    locked: LOCKED,
    aspectIds: ASPECT_IDS,
    sheets: [...sheetsByCode.values()].map((s) => ({
      code: s.code, signed: s.signed,
      marks: [...s.marks].map(([aspectId, m]) => [aspectId, m.mark && m.mark.state === 'scored' ? m.mark.value : null, m.version, m.points]),
    })),
  });
  let keepTimer = null;
  /** Writes the round's state a moment after it changed (answers come in batches). */
  function keepRoundState(delay = 200) {
    clearTimeout(keepTimer);
    keepTimer = setTimeout(async () => {
      keepTimer = null;
      const db = await roundsDb;
      if (!db) return;
      try {
        db.transaction('rounds', 'readwrite').objectStore('rounds').put(currentRoundState(), ROUND_KEY);
      } catch {
        /* the next change tries again */
      }
    }, delay);
  }
  // Leaving the page (a reload, the tablet asleep): what is waiting to be written goes now.
  window.addEventListener('pagehide', () => {
    // Only what is still waiting to be written.
    if (keepTimer !== null) keepRoundState(0);
  });
  async function keptRoundState() {
    const db = await roundsDb;
    if (!db) return null;
    try {
      return await requestResult(db.transaction('rounds', 'readonly').objectStore('rounds').get(ROUND_KEY));
    } catch {
      return null;
    }
  }

  /** What the server holds for one of the judge's marks, as far as this page knows. */
  function held(code, aspectId) {
    const entry = sheetsByCode.get(code);
    return (entry && entry.marks.get(aspectId)) || { mark: null, version: 0, points: null };
  }
  /** The mark a card shows: the newest one queued, else the server's. */
  function shownMark(code, aspectId) {
    const record = newestQueued(slotOf(JUDGE_ID, ROUND_ID, code, aspectId));
    return record ? record.mark : held(code, aspectId).mark;
  }
  /** Marks still missing on a code's sheet, the queued ones counted as there. */
  const missingOn = (code) => ASPECT_IDS.filter((id) => !shownMark(code, id)).length;
  /** As sheetProgress() in src/domain/judging.ts. */
  function progressOf(code) {
    const marked = ASPECT_IDS.length - missingOn(code);
    const entry = sheetsByCode.get(code);
    if (marked >= ASPECT_IDS.length) return entry && entry.signed ? 'signed' : 'complete';
    return marked <= 0 ? 'not_started' : 'partial';
  }
  /** As nextUnfinished() in src/domain/judging.ts: the next code on from `code` with marks to enter. */
  function nextUnfinished(code) {
    const all = codes();
    const index = all.indexOf(code);
    for (let step = 1; step < all.length; step++) {
      const other = all[(index + step) % all.length];
      const progress = progressOf(other);
      if (!sheetsByCode.get(other).signed && (progress === 'not_started' || progress === 'partial')) return other;
    }
    return null;
  }
  const readOnlyNow = () => LOCKED || !CODE || !!(sheetsByCode.get(CODE) || {}).signed;
  /** A code with a refused or conflicting mark the judge has not looked at again: "sign all" leaves it out. */
  const flagged = (code) => {
    const prefix = slotOf(JUDGE_ID, ROUND_ID, code, '');
    for (const slot of slotErrors.keys()) if (slot.startsWith(prefix)) return true;
    return false;
  };

  /* ─── cards ───────────────────────────────────────────────────────────────────────────── */

  const cards = new Map();
  for (const card of sheet.querySelectorAll('section.aspect-card[data-aspect-id]')) cards.set(Number(card.dataset.aspectId), card);

  const formatNumber = (value) => String(Math.round(value * 1000) / 1000);
  const sameMark = (a, b) => a.state === b.state && (a.state !== 'scored' || a.value === b.value);

  /** The newest queued key shown on each slot's card, so an older answer does not overwrite a newer tap. */
  const shownKey = new Map();
  /** A refused or conflicting mark's message, per slot, shown again when the judge comes back to its sheet. */
  const slotErrors = new Map();

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
    if (CODE) {
      const slot = slotOf(JUDGE_ID, ROUND_ID, CODE, Number(card.dataset.aspectId));
      if (text) slotErrors.set(slot, text);
      else slotErrors.delete(slot);
    }
    const box = card.querySelector('[data-mark-error]');
    if (!box) return;
    box.textContent = text;
    box.hidden = !text;
  }

  function updateTotals() {
    let total = 0;
    let empty = 0;
    let unknown = false;
    for (const card of cards.values()) {
      const points = Number(card.dataset.points);
      if (card.dataset.points !== '' && Number.isFinite(points)) total += points;
      // A waiting time or measurement: only the server works its points out.
      else if (card.classList.contains('pending') && card.dataset.state === 'scored') unknown = true;
      if (card.dataset.state === 'empty') empty += 1;
    }
    const shown = sheet.querySelector('[data-running-total]');
    // – until something is marked: a total of 0 is a result, an empty sheet is not; "…" while part of it is not known yet.
    if (shown) shown.textContent = empty === cards.size ? '–' : `${formatNumber(total)}${unknown ? ' + …' : ''}`;
    const hint = sheet.querySelector('[data-sign-hint]');
    if (hint) {
      hint.textContent = empty > 0 ? message('signMissing', { count: empty }) : message('signHint');
      if (empty === 0) hint.classList.remove('sign-problem-hint');
    }
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
    if (!CODE || readOnlyNow()) return;
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
    // A signature typed for this sheet was for the marks as they were: changed, it is signed again.
    for (const signature of signatures.filter((s) => s.codes.includes(CODE))) dropSignature(signature);
    showSignatureState();
    shownKey.set(record.slot, record.key);
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
      // 130 and 75 are numbers: say what is wrong with them.
      const seconds = secondsInput ? parseNumber(secondsInput.value.trim()) : null;
      showError(card, seconds !== null && (seconds > 59 || seconds < 0 || !Number.isInteger(seconds)) ? message('badSeconds') : message('badNumber'));
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
  /** Sending failed since the queue was last empty: once it is, the round is reconciled. */
  let troubled = false;
  /** Conflicts and refusals per code so far; a signature waits for the judge to look at them. */
  const problemsOn = new Map();
  const problemsOnCodes = (list) => list.reduce((sum, code) => sum + (problemsOn.get(code) || 0), 0);

  /** `atLeastMs`: the server's Retry-After, when it said how long it needs (a locked database, a full disk). */
  function scheduleRetry(atLeastMs = 0) {
    troubled = true;
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
        if (!(await sendSignatures())) return;
        // Everything went after a failure: the server may have changed meanwhile.
        if (troubled) reconcileWanted = true;
        troubled = false;
        problem = null;
        retryMs = FIRST_RETRY_MS;
        if (reconcileWanted) await reconcile();
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

  /**
   * POSTs JSON as the tablet does: the session's cookie, the CSRF header, a time limit. Answers
   * { response, body }, or { kind: 'retry' } when nothing came back, { kind: 'auth' } when the
   * session is gone.
   */
  async function postJson(url, payload) {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    let response;
    try {
      response = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        redirect: 'manual',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': CSRF },
        body: JSON.stringify(payload),
        signal: controller.signal,
      });
    } catch {
      return { kind: 'retry' };
    } finally {
      clearTimeout(timeout);
    }
    if (response.type === 'opaqueredirect' || response.status === 401 || response.status === 403) return { kind: 'auth' };
    return { response, body: await response.json().catch(() => null) };
  }

  /** The server's Retry-After (a locked database, a full disk), for "try again". */
  function retryLater(response) {
    const seconds = Number(response.headers.get('retry-after'));
    return { kind: 'retry', afterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0 };
  }

  async function post(roundId, batch) {
    const answer = await postJson(ENDPOINT, {
      roundId,
      deviceId: DEVICE_ID,
      marks: batch.map((r) => ({ key: r.key, code: r.code, aspectId: r.aspectId, mark: r.mark, baseVersion: r.baseVersion, ...(r.confirmed ? { confirmed: true } : {}) })),
    });
    if (!answer.response) return answer;
    const { response, body } = answer;
    const text = body && typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    if (response.ok) return body && Array.isArray(body.results) ? { kind: 'results', results: body.results } : { kind: 'retry' };
    if (response.status === 400 || response.status === 413 || response.status === 422) return { kind: 'split', message: text };
    if ((response.status === 404 || response.status === 409) && body && body.error) return { kind: 'refusedAll', message: text };
    // 5xx, 503 included: the marks stay queued and are sent again, after Retry-After if given.
    return retryLater(response);
  }

  /** Applies the server's answers to the round and the cards at once, then to storage. Returns how many marks were answered. */
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
      if (record.judgeId === JUDGE_ID && record.roundId === ROUND_ID) answered(record, result);
    }
    if (answers.length > 0) {
      await withStore((s) => s.settle(answers));
      if (channel) channel.postMessage('changed');
    }
    await refresh();
    keepRoundState();
    if (!CODE) showCodes({ push: false });
    else showNav();
    return answers.length;
  }

  /** One answer: the round's state always, the card too when its sheet is on screen. */
  function answered(record, result) {
    const slot = record.slot;
    const card = cards.get(record.aspectId);
    const entry = sheetsByCode.get(record.code);
    if (result.status === 'refused') {
      problemsOn.set(record.code, (problemsOn.get(record.code) || 0) + 1);
      slotErrors.set(slot, result.message || '');
      // Locked, signed elsewhere, recused meanwhile: the round has changed under the tablet.
      reconcileWanted = true;
    } else {
      if (entry) entry.marks.set(record.aspectId, { mark: result.mark || null, version: result.version, points: result.points ?? null });
      if (result.status === 'conflict') {
        problemsOn.set(record.code, (problemsOn.get(record.code) || 0) + 1);
        slotErrors.set(slot, message('conflict', { value: card ? describe(card, result.mark) : '' }));
        reconcileWanted = true;
      } else if (newestQueued(slot) === record || !newestQueued(slot)) slotErrors.delete(slot);
    }
    if (record.code !== CODE || !card) return;
    showError(card, slotErrors.get(slot) || '');
    if (typeof result.version === 'number' && result.status !== 'refused') card.dataset.version = String(result.version);
    const newest = shownKey.get(slot);
    if (newest !== undefined && newest !== record.key) return; // a newer tap is on the card
    shownKey.delete(slot);
    render(card, { ...held(record.code, record.aspectId), pending: false });
  }

  /* ─── the status line ─────────────────────────────────────────────────────────────────── */

  const pendingBox = sheet.querySelector('[data-pending]');
  const pendingCount = sheet.querySelector('[data-pending-count]');
  const signaturesBox = sheet.querySelector('[data-signatures-pending]');
  const signaturesCount = sheet.querySelector('[data-signatures-count]');
  const onlineState = sheet.querySelector('[data-online-state]');
  const syncStatus = sheet.querySelector('[data-sync-status]');

  /** A phone: the sticky top bar keeps to a line or two there. */
  const narrow = () => window.matchMedia('(max-width: 600px)').matches;

  function showSyncState() {
    const sheetsToSign = signingCodes().size;
    const waiting = waitingSlots() + sheetsToSign;
    if (pendingBox) pendingBox.hidden = waitingSlots() === 0;
    if (pendingCount) pendingCount.textContent = String(waitingSlots());
    if (signaturesBox) signaturesBox.hidden = sheetsToSign === 0;
    if (signaturesCount) signaturesCount.textContent = String(sheetsToSign);
    let state;
    let text;
    if (problem === 'auth') {
      state = 'auth';
      text = message('signedOut');
    } else if (!navigator.onLine) {
      state = 'offline';
      text = message(narrow() ? 'offlineShort' : 'offline');
    } else if (problem === 'network' && waiting > 0) {
      state = 'offline';
      text = message(narrow() ? 'retryingShort' : 'retrying', { seconds: Math.max(1, Math.ceil((retryAt - Date.now()) / 1000)) });
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
      link.href = loginUrl();
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

  /*
   * A signature is queued like a mark: the judge types his PIN, the signature waits (in this
   * page: the PIN is never written to the tablet's storage) until every mark of its sheets has
   * been answered, then goes to POST …/signatures. A mark of those sheets refused or in conflict
   * meanwhile holds it back: the judge looks first. The top bar and the sign box read the same
   * list, so they never disagree about what is waiting.
   */
  const signForm = sheet.querySelector('[data-sign-form]');
  const signAllForm = sheet.querySelector('[data-sign-all-form]');
  const headNotice = sheet.querySelector('[data-head-notice]');

  const signatureFor = (origin, code) => signatures.find((s) => s.origin === origin && (origin === 'all' || s.codes[0] === code));

  const signStatus = { sheet: sheet.querySelector('#sign [data-sign-status]'), all: sheet.querySelector('#sign-all [data-sign-status]') };
  /** The line under a sign box: `kind` 'queued' (waiting, not a fault) or 'problem'. */
  function say(origin, text, kind = 'problem') {
    const status = signStatus[origin];
    if (!status) return;
    status.textContent = text;
    status.hidden = !text;
    status.classList.toggle('sign-queued', kind === 'queued');
    status.classList.toggle('sign-problem', kind === 'problem');
  }
  const listed = (list) => list.join(MESSAGES.codeSeparator || ', ');
  /** Sheets whose signatures wait: what the top bar counts and the codes show. */
  const signingCodes = () => new Set(signatures.flatMap((s) => s.codes));

  /** The error box of a sign form, filled (and the PIN field tied to it and focused) or emptied. */
  function showSignError(origin, text) {
    const box = origin === 'all' ? sheet.querySelector('#sign-all-error') || makeSignAllErrorBox() : sheet.querySelector('[data-sign-error]');
    const form = origin === 'all' ? signAllForm : signForm;
    const pin = form && form.querySelector('input[name="pin"]');
    if (!box) return;
    box.replaceChildren();
    if (pin) {
      pin.removeAttribute('aria-invalid');
      pin.removeAttribute('aria-describedby');
    }
    if (!text) return;
    const notice = document.createElement('div');
    notice.className = 'notice notice-error';
    notice.setAttribute('role', 'alert');
    notice.textContent = text;
    box.append(notice);
    if (pin) {
      pin.setAttribute('aria-invalid', 'true');
      pin.setAttribute('aria-describedby', box.id);
      pin.focus();
    }
  }
  function makeSignAllErrorBox() {
    const card = sheet.querySelector('#sign-all');
    if (!card) return null;
    const box = document.createElement('div');
    box.id = 'sign-all-error';
    card.querySelector('h2').after(box);
    return box;
  }

  function queueSignature(form, origin) {
    const pinInput = form.querySelector('input[name="pin"]');
    const pin = pinInput ? pinInput.value : '';
    showSignError(origin, '');
    if (headNotice) headNotice.hidden = true;
    if (!pin) {
      say(origin, message('pinRequired'));
      if (pinInput) pinInput.focus();
      return;
    }
    const waiting = signingCodes();
    const list = origin === 'all' ? codes().filter((code) => progressOf(code) === 'complete' && !flagged(code) && !waiting.has(code)) : [CODE];
    if (list.length === 0) return;
    if (origin === 'sheet') {
      const missing = missingOn(CODE);
      if (missing > 0) {
        // The hint above says it already: made to stand out and brought into view, not said twice.
        if (pinInput) pinInput.value = '';
        say(origin, '');
        const hint = form.querySelector('[data-sign-hint]');
        if (hint) {
          hint.classList.add('sign-problem-hint');
          hint.scrollIntoView({ block: 'nearest' });
        }
        return;
      }
    }
    // Typed again: the newer PIN replaces a signature of the same sheet(s) still waiting.
    const before = signatureFor(origin, CODE);
    if (before) dropSignature(before);
    signatures.push({ codes: list, pin, origin, problemsBefore: problemsOnCodes(list) });
    if (pinInput) pinInput.value = '';
    showSignatureState();
    showSyncState();
    void flush();
  }

  /** The sign box of what is on screen says whether its signature waits; while it does, no PIN is asked again. */
  function showSignatureState() {
    if (CODE && signForm) {
      const waiting = signatureFor('sheet', CODE) || signatures.find((s) => s.origin === 'all' && s.codes.includes(CODE));
      if (waiting) say('sheet', message('signQueued', { codes: CODE }), 'queued');
      else if (signStatus.sheet && signStatus.sheet.classList.contains('sign-queued')) say('sheet', '');
      signForm.hidden = readOnlyNow() || !!waiting;
    }
    if (!CODE && signAllForm) {
      const waiting = signatureFor('all');
      if (waiting) say('all', message('signQueued', { codes: listed(waiting.codes) }), 'queued');
      else if (signStatus.all && signStatus.all.classList.contains('sign-queued')) say('all', '');
    }
  }

  /** Sends the signatures whose marks are all answered; false when sending must wait (network, sign-in). */
  async function sendSignatures() {
    for (const signature of [...signatures]) {
      if (!signatures.includes(signature) || waitingOn(signature.codes) > 0) continue;
      if (problemsOnCodes(signature.codes) > signature.problemsBefore) {
        dropSignature(signature);
        signatureRefused(signature, message('signReview'));
        continue;
      }
      const answer = await postSignature(signature);
      if (answer.kind === 'retry' || answer.kind === 'auth') {
        problem = answer.kind === 'auth' ? 'auth' : 'network';
        scheduleRetry(answer.afterMs);
        return false;
      }
      // Replaced while it was on its way (a mark changed, the PIN typed again): the newer one stands.
      const current = signatures.includes(signature);
      dropSignature(signature);
      if (answer.kind === 'refused') {
        if (current) signatureRefused(signature, answer.message);
        reconcileWanted = true;
        continue;
      }
      for (const code of [...answer.body.signed, ...answer.body.alreadySigned]) {
        const entry = sheetsByCode.get(code);
        if (entry) entry.signed = true;
      }
      signatureDone(signature, answer.body);
      keepRoundState();
    }
    showSignatureState();
    return true;
  }

  async function postSignature(signature) {
    const answer = await postJson(`${ROUND_URL}/signatures`, { codes: signature.codes, pin: signature.pin });
    if (!answer.response) return answer;
    const { response, body } = answer;
    if (response.ok && body && Array.isArray(body.signed)) return { kind: 'signed', body };
    // A wrong PIN, too many of them, a locked round: the judge must act; nothing is retried.
    if (response.status >= 400 && response.status < 500 && body && typeof body.error === 'string') return { kind: 'refused', message: body.error };
    return retryLater(response);
  }

  /** Where the judge is looking: the sign box if its sheet (or the codes) is on screen, else the top bar. */
  function signatureRefused(signature, text) {
    const here = signature.origin === 'all' ? !CODE : CODE === signature.codes[0];
    if (here) {
      say(signature.origin, '');
      showSignError(signature.origin, text);
      return;
    }
    if (!headNotice) return;
    headNotice.textContent = message('signRefused', { code: signature.origin === 'all' ? '' : signature.codes[0], reason: text });
    headNotice.hidden = false;
  }

  function signatureDone(signature, body) {
    if (signature.origin === 'all') {
      const box = sheet.querySelector('[data-sign-all-done]');
      if (box) {
        box.replaceChildren();
        if (body.signed.length > 0) {
          const notice = document.createElement('div');
          notice.className = 'notice notice-success';
          notice.setAttribute('role', 'status');
          notice.textContent = message('signAllDone', { count: body.signed.length, codes: listed(body.signed) });
          box.append(notice);
        }
      }
    }
    if (CODE) showSheet(CODE, { push: false, keepScroll: true });
    else showCodes({ push: false });
    if (CODE && CODE === signature.codes[0] && body.incomplete.length > 0) say('sheet', message('signMissing', { count: body.incomplete[0].missing }));
  }

  /* ─── moving about the round ──────────────────────────────────────────────────────────── */

  const panels = { codes: sheet.querySelector('[data-panel="codes"]'), sheet: sheet.querySelector('[data-panel="sheet"]') };
  const heading = sheet.querySelector('[data-heading]');
  const ROUND_TITLE = sheet.dataset.roundTitle || '';
  const TITLE_SUFFIX = document.title.includes(' · ') ? document.title.slice(document.title.lastIndexOf(' · ')) : '';

  function showView(view) {
    sheet.dataset.view = view;
    if (panels.codes) panels.codes.hidden = view !== 'codes';
    if (panels.sheet) panels.sheet.hidden = view !== 'sheet';
    for (const node of sheet.querySelectorAll('[data-sheet-only]')) node.hidden = view !== 'sheet';
    for (const node of sheet.querySelectorAll('[data-codes-only]')) node.hidden = view !== 'codes';
    const locked = sheet.querySelector('[data-locked-notice]');
    if (locked) locked.hidden = !LOCKED;
  }

  /**
   * A number being typed belongs to the sheet it was typed on: leaving the field (change,
   * focusout) enters it there, before the page moves on. Safari does not move focus to a tapped
   * link, and the back gesture moves nothing.
   */
  function commitTyping() {
    const active = document.activeElement;
    if (active instanceof HTMLInputElement && sheet.contains(active) && active.closest('section.aspect-card')) active.blur();
  }

  /** Shows one code's sheet from the round's state, the queue's waiting marks on their cards. */
  function showSheet(code, { push = true, keepScroll = false } = {}) {
    const entry = sheetsByCode.get(code);
    if (!entry) return false;
    commitTyping();
    const moved = code !== CODE;
    CODE = code;
    sheet.dataset.code = code;
    showView('sheet');
    document.title = `${message('sheetTitle', { code })}${TITLE_SUFFIX}`;
    if (heading) {
      const number = document.createElement('span');
      number.className = 'sheet-code';
      number.textContent = code;
      heading.replaceChildren(`${message('codeLabel')} `, number);
    }
    const readOnly = readOnlyNow();
    sheet.dataset.readOnly = readOnly ? 'true' : 'false';
    for (const [aspectId, card] of cards) {
      hideConfirm(card);
      for (const control of card.querySelectorAll('button, input')) control.disabled = readOnly;
      const slot = slotOf(JUDGE_ID, ROUND_ID, code, aspectId);
      const server = held(code, aspectId);
      card.dataset.version = String(server.version || 0);
      const record = newestQueued(slot);
      if (record && !readOnly) {
        shownKey.set(slot, record.key);
        render(card, { mark: record.mark, points: provisionalPoints(card, record.mark), pending: true });
      } else {
        render(card, { mark: server.mark, points: server.points, pending: false });
      }
      showError(card, slotErrors.get(slot) || '');
      const input = card.querySelector('input[data-number]');
      if (input && moved) input.removeAttribute('aria-invalid');
    }
    const signed = entry.signed;
    const signedNotice = sheet.querySelector('[data-signed-notice]');
    if (signedNotice) signedNotice.hidden = !signed;
    const signedText = sheet.querySelector('[data-signed-text]');
    if (signedText) signedText.hidden = !signed;
    if (signForm) {
      signForm.hidden = readOnly;
      signForm.action = `${sheetUrl(code)}/sign`;
      if (moved) {
        showSignError('sheet', '');
        say('sheet', '');
        const hint = signForm.querySelector('[data-sign-hint]');
        if (hint) hint.classList.remove('sign-problem-hint');
        const pin = signForm.querySelector('input[name="pin"]');
        if (pin) pin.value = '';
      }
    }
    showSignatureState();
    showNav();
    updateTotals();
    if (push) history.pushState({ code }, '', sheetUrl(code));
    followLanguageLinks();
    if (moved && !keepScroll) window.scrollTo(0, 0);
    return true;
  }

  /** The language switch goes to what is on screen, not to the address the page was loaded at. */
  function followLanguageLinks() {
    for (const link of document.querySelectorAll('a[hreflang]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.pathname = location.pathname;
      link.href = url.pathname + url.search;
    }
  }

  /** "← previous" and "next →" of the sheet on screen: next is the next code with marks to enter, else the codes. */
  function showNav() {
    if (!CODE) return;
    const all = codes();
    const index = all.indexOf(CODE);
    const previous = sheet.querySelector('[data-testid="previous-sheet"]');
    if (previous) {
      const code = index > 0 ? all[index - 1] : null;
      previous.hidden = !code;
      if (code) {
        previous.href = sheetUrl(code);
        previous.textContent = `← ${code}`;
      }
    }
    const next = sheet.querySelector('[data-testid="next-sheet"]');
    if (next) {
      const code = nextUnfinished(CODE);
      next.href = code ? sheetUrl(code) : ROUND_URL;
      next.textContent = code ? `${code} →` : `${message('allMarked')} →`;
    }
  }

  /** The round's codes with their progress (queued marks counted) and "sign all". */
  function showCodes({ push = true } = {}) {
    commitTyping();
    const moved = CODE !== '';
    CODE = '';
    sheet.dataset.code = '';
    sheet.dataset.readOnly = 'true';
    showView('codes');
    document.title = `${ROUND_TITLE}${TITLE_SUFFIX}`;
    if (heading) heading.textContent = ROUND_TITLE;
    const progressText = MESSAGES.progress || {};
    const toSign = [];
    const unfinished = [];
    const toCheck = [];
    const signing = signingCodes();
    for (const code of codes()) {
      const progress = progressOf(code);
      const shown = progress === 'complete' && signing.has(code) ? 'signing' : progress;
      if (shown === 'complete') (flagged(code) ? toCheck : toSign).push(code);
      if (progress === 'not_started' || progress === 'partial') unfinished.push(code);
      const tile = sheet.querySelector(`[data-code-tile="${CSS.escape(code)}"]`);
      if (!tile) continue;
      tile.className = `code-tile progress-${shown}`;
      const label = tile.querySelector('.code-progress');
      if (label && progressText[shown]) label.textContent = progressText[shown];
    }
    const incomplete = sheet.querySelector('[data-testid="sign-all-incomplete"]');
    if (incomplete) {
      incomplete.hidden = unfinished.length === 0;
      incomplete.textContent = message('signAllIncomplete', { codes: listed(unfinished) });
    }
    const check = sheet.querySelector('[data-testid="sign-all-flagged"]');
    if (check) {
      check.hidden = toCheck.length === 0;
      check.textContent = message('signAllFlagged', { codes: listed(toCheck) });
    }
    const none = sheet.querySelector('[data-testid="sign-all-none"]');
    if (none) none.hidden = toSign.length > 0;
    const card = sheet.querySelector('#sign-all');
    if (card) card.hidden = LOCKED;
    if (signAllForm) {
      signAllForm.hidden = LOCKED || toSign.length === 0;
      const hint = signAllForm.querySelector('[data-testid="sign-all-codes"]');
      if (hint) hint.textContent = message('signAllHint', { count: toSign.length, codes: listed(toSign) });
      const submit = signAllForm.querySelector('[data-sign-all-submit]');
      if (submit) submit.textContent = message('signAllSubmit', { count: toSign.length });
    }
    showSignatureState();
    if (push) history.pushState({ code: '' }, '', ROUND_URL);
    followLanguageLinks();
    if (moved) window.scrollTo(0, 0);
  }

  /** The page for a path of this round, shown in place; false when it is not one (the browser goes there). */
  function route(path, push) {
    if (path === ROUND_URL) {
      showCodes({ push });
      return true;
    }
    const match = path.startsWith(`${ROUND_URL}/sheets/`) ? path.slice(`${ROUND_URL}/sheets/`.length) : null;
    if (match === null || match.includes('/')) return false;
    let code;
    try {
      code = decodeURIComponent(match);
    } catch {
      return false;
    }
    return showSheet(code, { push });
  }

  /* ─── reconciling with the server ─────────────────────────────────────────────────────── */

  /**
   * Once the queue has drained after marks were sent or the network came back: the round as the
   * server now holds it (a sheet sent back by the chief judge, a mark changed on another device,
   * the round locked). Slots with marks still queued keep showing those.
   */
  let reconcileWanted = false;
  async function reconcile() {
    reconcileWanted = false;
    let response;
    try {
      response = await fetch(`${ROUND_URL}/state`, { credentials: 'same-origin', redirect: 'manual', headers: { accept: 'application/json' } });
    } catch {
      reconcileWanted = true;
      return;
    }
    if (!response.ok) return;
    const state = await response.json().catch(() => null);
    if (!state || !Array.isArray(state.sheets)) return;
    const sameCodes = state.sheets.length === sheetsByCode.size && state.sheets.every((s) => sheetsByCode.has(s.code));
    if (!sameCodes) {
      // Codes drawn again or a recusal changed: the page itself is out of date (nothing waits, so nothing is lost).
      const typing = document.activeElement instanceof HTMLInputElement;
      if (queue.length === 0 && signatures.length === 0 && !typing) location.reload();
      return;
    }
    adoptRoundState(state);
    keepRoundState();
    if (CODE) showSheet(CODE, { push: false, keepScroll: true });
    else showCodes({ push: false });
  }

  /* ─── start ───────────────────────────────────────────────────────────────────────────── */

  sheet.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-nav]') : null;
    if (link && sheet.contains(link) && event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey) {
      const url = new URL(link.href, location.href);
      if (url.origin === location.origin && route(url.pathname, true)) event.preventDefault();
      return;
    }
    if (readOnlyNow()) return;
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
    if (readOnlyNow()) return;
    // A time's two fields are read together when the judge leaves them (focusout below), not minutes alone on the way to the seconds.
    if (event.target instanceof HTMLInputElement && event.target.matches('input[data-number]') && !event.target.closest('.time-fields')) numberEntered(event.target);
  });
  sheet.addEventListener('focusout', (event) => {
    if (readOnlyNow()) return;
    const group = event.target instanceof Element ? event.target.closest('.time-fields') : null;
    if (!group || (event.relatedTarget instanceof Node && group.contains(event.relatedTarget))) return;
    const minutes = group.querySelector('input[data-number]');
    if (minutes) numberEntered(minutes);
  });
  sheet.addEventListener('keydown', (event) => {
    if (readOnlyNow()) return;
    if (event.key === 'Enter' && event.target instanceof HTMLInputElement && event.target.matches('input[data-number], input[data-seconds]')) {
      event.preventDefault();
      const minutes = event.target.closest('section.aspect-card')?.querySelector('input[data-number]');
      if (minutes) numberEntered(minutes);
    }
  });
  // Signing in place: the signature is queued behind the marks (see signing above), never a page load.
  if (signForm) {
    signForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!readOnlyNow()) queueSignature(signForm, 'sheet');
    });
  }
  if (signAllForm) {
    signAllForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!LOCKED) queueSignature(signAllForm, 'all');
    });
  }
  window.addEventListener('popstate', () => {
    if (!route(location.pathname, false)) location.reload();
  });
  // The PIN lives only in this page: leaving it with a signature unsent asks first.
  window.addEventListener('beforeunload', (event) => {
    if (signatures.length === 0) return;
    event.preventDefault();
    event.returnValue = message('signLeave');
  });

  window.addEventListener('online', () => {
    retryMs = FIRST_RETRY_MS;
    reconcileWanted = true;
    void flush();
  });
  window.addEventListener('offline', showSyncState);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && (queue.length > 0 || signatures.length > 0)) void flush();
  });
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) void flush();
  });

  // Restore: marks still queued show on their cards and count on the codes, then sending resumes.
  void (async () => {
    if (sheet.dataset.offlineCopy === 'true') {
      // The service worker's copy, opened without network: the round as the tablet last knew it.
      const kept = await keptRoundState();
      if (kept && Array.isArray(kept.sheets)) adoptRoundState(kept);
      reconcileWanted = true;
    } else keepRoundState();
    await refresh();
    // The copy may be another code's page of the round: the address says which one to show.
    if (!route(location.pathname, false)) {
      if (CODE) showSheet(CODE, { push: false, keepScroll: true });
      else showCodes({ push: false });
    }
    history.replaceState({ code: CODE }, '', CODE ? sheetUrl(CODE) : ROUND_URL);
    await flush();
  })();
  showSyncState();
  // Where the browser allows it, a service worker brings the round back after a reload without
  // network; on plain HTTP nothing can, so the judge is told before it matters.
  const insecure = sheet.querySelector('[data-insecure-notice]');
  if (insecure) insecure.hidden = window.isSecureContext;
  if (window.isSecureContext && 'serviceWorker' in navigator) {
    // A page the worker already served was kept on the way; only one loaded before it needs asking.
    const controlled = !!navigator.serviceWorker.controller;
    navigator.serviceWorker
      .register('/judge/sw.js', { scope: '/judge/' })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        // This page came before the worker: have it kept now, with what it loads.
        const assets = [...document.querySelectorAll('script[src], link[rel="stylesheet"][href], link[rel="icon"][href]')]
          .map((node) => new URL(node.src || node.href, location.href))
          .filter((url) => url.origin === location.origin)
          .map((url) => url.pathname);
        if (registration.active && !controlled) registration.active.postMessage({ keep: location.pathname, assets });
      })
      .catch(() => {});
  }
})();
