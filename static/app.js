// Small page helpers for the organizer's screens (an external script: the CSP forbids inline handlers).

// "Tick everyone on this page": the header checkbox of a list ticks the rows of its bulk form.
document.addEventListener('change', (event) => {
  const all = event.target;
  if (!(all instanceof HTMLInputElement) || !all.classList.contains('tick-all')) return;
  for (const box of document.querySelectorAll(`input[type=checkbox][form="${CSS.escape(all.dataset.form ?? '')}"]`)) {
    box.checked = all.checked;
  }
});
