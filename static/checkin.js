// The check-in desk's camera: where the browser can read QR codes (BarcodeDetector), "Scan
// ticket" opens the tablet's back camera and puts what it reads (the admission ticket's code,
// JX:<event>:<bib>) into the search, which finds that contestant. Elsewhere the button stays
// hidden and a USB scanner or the keyboard types into the search as before.
(() => {
  const field = document.querySelector('.checkin-scan');
  const dialog = document.querySelector('[data-scan-dialog]');
  const video = document.querySelector('[data-scan-video]');
  const search = document.getElementById('checkin-q');
  if (!field || !dialog || !video || !search || !('BarcodeDetector' in window) || !navigator.mediaDevices?.getUserMedia) return;
  field.hidden = false;
  let stream = null;
  let timer = null;

  function stop() {
    clearInterval(timer);
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    if (dialog.open) dialog.close();
  }

  document.querySelector('[data-scan-ticket]').addEventListener('click', async () => {
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch {
      return; // no camera, or permission refused: the search field still takes typed codes
    }
    video.srcObject = stream;
    dialog.showModal();
    await video.play().catch(() => {});
    timer = setInterval(async () => {
      const found = await detector.detect(video).catch(() => []);
      if (found.length === 0) return;
      stop();
      search.value = found[0].rawValue;
      search.dispatchEvent(new Event('input', { bubbles: true }));
    }, 250);
  });
  document.querySelector('[data-scan-close]').addEventListener('click', stop);
  dialog.addEventListener('close', stop);
})();
