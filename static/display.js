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
    current = all[i].getAttribute('data-slide');
    fit(all[i]);
  }

  // Whatever the screen (1920×1080, 1280×720, 1024×768, 4K), the slide's last row is never cut
  // off: type is sized in vh, and where long names still overflow, the slide's scale steps down.
  function fit(slide) {
    slide.style.setProperty('--fit', '1');
    for (let scale = 1; scale > 0.45 && slide.scrollHeight > slide.clientHeight + 1; scale -= 0.05) {
      slide.style.setProperty('--fit', scale.toFixed(2));
    }
  }

  function restart() {
    clearInterval(timer);
    const all = slides();
    const at = all.findIndex((s) => s.getAttribute('data-slide') === current);
    show(at >= 0 ? at : 0);
    if (all.length > 1) {
      timer = setInterval(() => {
        const list = slides();
        const now = list.findIndex((s) => !s.hidden);
        show(now + 1);
      }, interval());
    }
  }

  // A presenter's clicker (or the arrow keys) steps through the slides by hand; the rotation resumes from there.
  document.addEventListener('keydown', (event) => {
    const step = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 }[event.key];
    if (!step) return;
    const list = slides();
    show(list.findIndex((s) => !s.hidden) + step);
    restart();
  });

  document.addEventListener('htmx:after:swap', restart);
  window.addEventListener('resize', () => { const shown = slides().find((s) => !s.hidden); if (shown) fit(shown); });
  restart();

  const live = document.querySelector('[data-display-live]');
  const processed = document.querySelector('#display-main[data-htmx-powered]');
  if (window.htmx && live && processed && !live._htmx?.sse) window.htmx.process(live);
})();
