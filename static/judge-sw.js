/*
 * Jiangxin (匠心): the judge's tablet, offline after a reload.
 *
 * Registered by static/judge.js where the browser allows a service worker (HTTPS, or localhost),
 * served as /judge/sw.js so that its scope is the judge's pages. A round's page is fetched from
 * the network when it can be and kept; when the network is gone, the kept copy opens instead,
 * for any code of the round (the page moves to the code itself), marked as a copy so that the
 * script takes the round as the tablet last knew it (IndexedDB) over the copy's. The queue of
 * marks is the script's, in IndexedDB, as without this worker. The scripts and styles the page
 * uses are kept the same way: network first, the copy when there is no network.
 */
'use strict';

const CACHE = 'jiangxin-judge-v1';
const ROUND_PAGE = /^\/judge\/rounds\/(\d+)(?:\/sheets\/[^/]+)?$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

/*
 * The page that registered the worker was loaded before the worker existed: it asks for its
 * round and its assets to be kept now, so that the very first reload without network works.
 */
self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (typeof data.keep !== 'string' || !ROUND_PAGE.test(data.keep)) return;
  const assets = Array.isArray(data.assets) ? data.assets.filter((a) => typeof a === 'string' && a.startsWith('/static/')) : [];
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const round = await fetch(data.keep, { credentials: 'same-origin' }).catch(() => null);
    if (round && round.ok) await cache.put(`/judge/rounds/${ROUND_PAGE.exec(data.keep)[1]}`, round);
    for (const asset of assets.slice(0, 20)) {
      const response = await fetch(asset).catch(() => null);
      if (response && response.ok) await cache.put(asset, response);
    }
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const round = ROUND_PAGE.exec(url.pathname);
  if (round && request.mode === 'navigate') event.respondWith(roundPage(request, `/judge/rounds/${round[1]}`));
  else if (url.pathname.startsWith('/static/')) event.respondWith(networkFirst(request, url.pathname));
});

/** The round's page from the network, kept under the round's path; the kept one, marked, without network. */
async function roundPage(request, key) {
  const cache = await caches.open(CACHE);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const kept = await cache.match(key);
    if (!kept) throw error;
    const html = (await kept.text()).replace('data-judge-sheet="true"', 'data-judge-sheet="true" data-offline-copy="true"');
    return new Response(html, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
  }
  if (response.ok && (response.headers.get('content-type') || '').includes('text/html')) await cache.put(key, response.clone());
  // Not this judge's round (another judge signed in on the tablet): nothing of it is kept.
  else if (response.status === 404 || response.status === 403) await cache.delete(key);
  return response;
}

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw error;
  }
}
