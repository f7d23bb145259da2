// The big screen: rotates through the published skills on the board, one slide at a time, every
// `data-interval` seconds. The board is re-fetched live (hx-sse); after a swap the rotation
// carries on from the skill on screen if it is still there. Like desk.js, it also makes sure
// the live stream connects if htmx processed the page before hx-sse.js arrived.
(() => {
  let current = null;
  let timer = null;

  const slides = () => Array.from(document.querySelectorAll('#display-main .display-slide'));
  const interval = () => {
    const value = Number(document.querySelector('#display-main .display-board')?.getAttribute('data-interval'));
    return Number.isFinite(value) && value >= 5 ? value * 1000 : 15000;
  };

  function show(index) {
    const all = slides();
    if (all.length === 0) return;
    const i = ((index % all.length) + all.length) % all.length;
    all.forEach((slide, n) => { slide.hidden = n !== i; });
    current = all[i].getAttribute('data-skill-id');
  }

  function restart() {
    clearInterval(timer);
    const all = slides();
    const at = all.findIndex((s) => s.getAttribute('data-skill-id') === current);
    show(at >= 0 ? at : 0);
    if (all.length > 1) {
      timer = setInterval(() => {
        const list = slides();
        const now = list.findIndex((s) => !s.hidden);
        show(now + 1);
      }, interval());
    }
  }

  document.addEventListener('htmx:after:swap', restart);
  restart();

  const live = document.querySelector('[data-display-live]');
  const processed = document.querySelector('#display-main[data-htmx-powered]');
  if (window.htmx && live && processed && !live._htmx?.sse) window.htmx.process(live);
})();
