// The print button on printable pages (an external script: the CSP forbids inline handlers).
document.addEventListener('click', (event) => {
  if (event.target instanceof Element && event.target.closest('[data-print]')) window.print();
});
