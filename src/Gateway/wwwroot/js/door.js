// Arrivals at the door: a badge's QR code read by the device's camera (the browser's BarcodeDetector, where it
// exists) or its code typed, and the delegate is marked in the hall. The code is the delegate's id, as the printed
// badge carries it under the QR code ("sessionops:delegate:<id>" inside the QR code itself).
import { label, t } from './i18n.js';
import { el } from './shell.js';

export const badgePrefix = 'sessionops:delegate:';

/** The delegate id a scanned or typed code names, or null. */
export function delegateIdOf(code) {
  const text = (code ?? '').trim();
  const id = text.toLowerCase().startsWith(badgePrefix) ? text.slice(badgePrefix.length) : text;
  return /^[a-z0-9][a-z0-9-]{0,63}$/.test(id) ? id : null;
}

/**
 * The door's bar above the arrivals: a code field, its button, and the camera where the browser can read QR codes.
 * arrive(delegateId) marks the delegate and returns { ok, name } or { ok: false, message }.
 */
export function renderDoor(box, arrive) {
  const input = el('input');
  input.id = 'badge-code';
  input.name = 'badgeCode';
  input.autocomplete = 'off';
  input.dataset.i18nPlaceholder = 'door.placeholder';
  input.placeholder = t('door.placeholder');
  const field = el('label', 'field grow', label('door.code'), input);
  field.htmlFor = input.id;
  const submit = el('button', 'button primary', label('door.record'));
  submit.type = 'submit';
  const result = el('p', 'door-result');
  result.id = 'door-result';
  result.setAttribute('role', 'status');
  result.setAttribute('aria-live', 'polite');
  const form = el('form', 'door-form', field, submit);
  const record = async (code) => {
    const id = delegateIdOf(code);
    if (!id) {
      show(false, t('door.badCode'));
      return;
    }
    const outcome = await arrive(id);
    show(outcome.ok, outcome.ok ? t('door.recorded', { name: outcome.name }) : outcome.message);
    if (outcome.ok) input.value = '';
  };
  const show = (ok, text) => {
    result.textContent = text;
    result.className = `door-result ${ok ? 'ok' : 'error'}`;
    result.dataset.ok = String(ok);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    record(input.value);
  });
  const parts = [form];
  if ('BarcodeDetector' in window) {
    const scan = el('button', 'button', label('door.scan'));
    scan.type = 'button';
    scan.dataset.action = 'scan';
    const video = el('video', 'door-camera');
    video.hidden = true;
    video.muted = true;
    video.playsInline = true;
    scan.addEventListener('click', () => scanOnce(video, scan, record, show));
    form.append(scan);
    parts.push(video);
  }
  box.replaceChildren(...parts, result);
}

/** Reads one QR code from the camera, then stops it: one arrival per scan, never a stream left running. */
async function scanOnce(video, button, record, show) {
  let stream;
  try {
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    video.srcObject = stream;
    video.hidden = false;
    button.disabled = true;
    await video.play();
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      const codes = await detector.detect(video);
      if (codes.length) {
        await record(codes[0].rawValue);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    show(false, t('door.noCode'));
  } catch {
    show(false, t('door.noCamera'));
  } finally {
    for (const track of stream?.getTracks() ?? []) track.stop();
    video.hidden = true;
    button.disabled = false;
  }
}
