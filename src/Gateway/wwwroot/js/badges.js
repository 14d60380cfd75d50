// /badges: the admins' printable badges of a sitting's delegates, one QR code each. Security scans them at the door
// (/security, arrivals); the code printed under the QR code is what an officer types when no camera can read it.
import { apiJson } from './auth.js';
import { label, onLangChange } from './i18n.js';
import { badgePrefix } from './door.js';
import { el, pageDay, renderDayPicker, renderSessionChoice, startPage } from './shell.js';
import qrcode from '/lib/qrcode/qrcode.js';

const user = startPage('badges');
if (user) {
  const state = { sessions: [], sessionId: null, delegates: [], day: pageDay() };
  renderDayPicker(state.day);
  document.getElementById('print').addEventListener('click', () => window.print());
  document.getElementById('session-select').addEventListener('change', (event) => load(state, event.target.value));
  try {
    state.sessions = await apiJson(`/api/board?date=${state.day}`);
    renderSessionChoice(state);
    const asked = new URLSearchParams(location.search).get('session');
    const chosen = state.sessions.find((s) => s.sessionId === asked) ?? state.sessions[0];
    if (chosen) await load(state, chosen.sessionId);
    else document.getElementById('badges').replaceChildren(el('p', 'muted', label('board.none')));
  } catch {
    document.getElementById('badges').replaceChildren(el('p', 'error', label('error.load')));
  }
  document.body.dataset.loaded = 'true';
  onLangChange(() => renderSessionChoice(state));
}

async function load(state, sessionId) {
  state.sessionId = sessionId;
  document.getElementById('session-select').value = sessionId;
  const url = new URL(location.href);
  url.searchParams.set('session', sessionId);
  history.replaceState(null, '', url);
  state.delegates = await apiJson(`/api/sessions/${encodeURIComponent(sessionId)}/delegates`);
  const title = state.sessions.find((s) => s.sessionId === sessionId)?.title ?? '';
  document.getElementById('badges').replaceChildren(...state.delegates.map((person) => badge(person, title)));
}

function badge(person, title) {
  const code = qrcode(0, 'M');
  code.addData(`${badgePrefix}${person.id}`);
  code.make();
  const image = el('div', 'badge-qr');
  image.innerHTML = code.createSvgTag({ cellSize: 4, margin: 2, scalable: true, alt: person.name });
  const card = el('article', 'badge-card', el('p', 'badge-title', title), image,
    el('h2', 'badge-name', person.name), el('p', 'badge-delegation', person.delegation), el('code', 'badge-code', person.id));
  card.dataset.delegate = person.id;
  return card;
}
