/*
 * Jiangxin (匠心): the judge's tablet, offline after a reload.
 *
 * Registered by static/judge.js where the browser allows a service worker (HTTPS, or localhost),
 * served as /judge/sw.js so that its scope is the judge's pages. A round's page is fetched from
 * the network when it can be and kept; when the network is gone (or the server does not answer
 * in time, or a proxy answers 5xx), the kept copy opens instead, for any code of the round (the
 * page moves to the code itself), marked as a copy so that the script takes the round as the
 * tablet last knew it (IndexedDB) over the copy's. The queue of marks is the script's, in
 * IndexedDB, as without this worker. The scripts and styles the page uses are kept the same way:
 * network first, the copy when there is no network.
 *
 * A copy is one judge's: every sign-in on the tablet (the PIN form, in this scope) throws the
 * copies away, so the next judge never opens the one before's page, token and marks.
 */
'use strict';

const CACHE = 'jiangxin-judge-v1';
const ROUND_PAGE = /^\/judge\/rounds\/(\d+)(\/sheets\/[^/]+)?$/;
/** How long a round's page may take before the kept copy is shown instead. */
const PAGE_TIMEOUT_MS = 5000;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

/** Cache work never decides an answer: a full quota or a broken cache leaves the page as the network gave it. */
async function quietly(work) {
  try {
    return await work();
  } catch {
    return undefined;
  }
}

const isPage = (response) => response.ok && !response.redirected && (response.headers.get('content-type') || '').includes('text/html');

/*
 * The page that registered the worker was loaded before the worker existed: it asks for its
 * round and its assets to be kept now, so that the very first reload without network works.
 */
self.addEventListener('message', (event) => {
  const data = event.data || {};
  const round = typeof data.keep === 'string' ? ROUND_PAGE.exec(data.keep) : null;
  if (!round) return;
  const assets = Array.isArray(data.assets) ? data.assets.filter((a) => typeof a === 'string' && a.startsWith('/static/')) : [];
  event.waitUntil(quietly(async () => {
    const cache = await caches.open(CACHE);
    const page = await fetch(data.keep, { credentials: 'same-origin' }).catch(() => null);
    if (page && isPage(page)) await cache.put(`/judge/rounds/${round[1]}`, page);
    for (const asset of assets.slice(0, 20)) {
      const response = await fetch(asset).catch(() => null);
      if (response && response.ok) await cache.put(asset, response);
    }
  }));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/judge/login' && request.mode === 'navigate') {
    // A sign-in (or a session that ended): whoever signs in next starts without anyone's copy.
    event.waitUntil(quietly(() => caches.delete(CACHE)));
    return;
  }
  if (request.method !== 'GET') return;
  const round = ROUND_PAGE.exec(url.pathname);
  if (round && request.mode === 'navigate') event.respondWith(roundPage(event, request, `/judge/rounds/${round[1]}`, !round[2]));
  else if (url.pathname.startsWith('/static/')) event.respondWith(networkFirst(event, request, url.pathname));
});

async function keptCopy(key) {
  const kept = await quietly(async () => (await caches.open(CACHE)).match(key));
  if (!kept) return null;
  const html = (await kept.text()).replace('data-judge-sheet="true"', 'data-judge-sheet="true" data-offline-copy="true"');
  return new Response(html, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/** The round's page from the network, kept under the round's path; the kept one, marked, without network. */
async function roundPage(event, request, key, roundItself) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PAGE_TIMEOUT_MS);
  let response;
  try {
    response = await fetch(request, { signal: controller.signal });
  } catch (error) {
    const copy = await keptCopy(key);
    if (copy) return copy;
    throw error;
  } finally {
    clearTimeout(timer);
  }
  if (response.status >= 500) return (await keptCopy(key)) || response;
  if (isPage(response)) {
    const copy = response.clone();
    event.waitUntil(quietly(async () => (await caches.open(CACHE)).put(key, copy)));
  } else if (roundItself && (response.status === 404 || response.status === 403)) {
    // Not this judge's round: nothing of it is kept. (A code that is gone says nothing about the round.)
    event.waitUntil(quietly(async () => (await caches.open(CACHE)).delete(key)));
  }
  return response;
}

async function networkFirst(event, request, key) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      event.waitUntil(quietly(async () => (await caches.open(CACHE)).put(key, copy)));
    }
    return response;
  } catch (error) {
    const kept = await quietly(async () => (await caches.open(CACHE)).match(key));
    if (kept) return kept;
    throw error;
  }
}
