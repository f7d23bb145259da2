// Small page helpers for the organizer's screens (an external script: the CSP forbids inline handlers).

// "Tick everyone on this page": the header checkbox of a list ticks the rows of its bulk form.
document.addEventListener('change', (event) => {
  const all = event.target;
  if (!(all instanceof HTMLInputElement) || !all.classList.contains('tick-all')) return;
  for (const box of document.querySelectorAll(`input[type=checkbox][form="${CSS.escape(all.dataset.form ?? '')}"]`)) {
    box.checked = all.checked;
  }
});

// "Copy" beside a read-only field (a private link): the clipboard API where the page is a
// secure context, else the field is selected and copied the old way (plain http on a LAN).
document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-copy]') : null;
  if (!(button instanceof HTMLElement)) return;
  const field = document.getElementById(button.dataset.copy ?? '');
  if (!(field instanceof HTMLInputElement)) return;
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    field.select();
    document.execCommand('copy');
  }
  button.textContent = button.dataset.copied ?? button.textContent;
});
