// The chief judge's desk: makes sure the live stream connects.
//
// htmx and its hx-sse extension are both deferred scripts, and htmx processes the page on a
// timer once it has run. On a slow network that timer can fire before hx-sse.js has arrived,
// so htmx processes the page without the extension and the matrix would never go live. This
// script runs after hx-sse.js (deferred scripts run in order): if htmx has processed the page
// already, it processes the live element again, now with the extension; if not, htmx will do
// it itself, and connecting here too would open a second stream.
(() => {
  const live = document.querySelector('[data-desk-live]');
  const processed = document.querySelector('#desk-matrix[data-htmx-powered]');
  if (window.htmx && live && processed && !live._htmx?.sse) window.htmx.process(live);
})();
