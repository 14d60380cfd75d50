// /board/{sessionId}: one sitting on a wall screen. Connection points as tiles by region, quorum, readiness and the
// open incidents, live, with no scrolling on a 1920×1080 screen.
import { apiJson } from './auth.js';
import { formatDuration, formatTime, label, onLangChange } from './i18n.js';
import { LiveLink } from './live.js';
import { securityLine } from './security-counts.js';
import { byUrgency, incidentSummary } from './incidents.js';
import { provinceOrder, regionOf, regions } from './regions.js';
import { el, healthBadge, healthIcon, phaseChip, phaseReasonLine, plenaryText, progress, startPage, timing } from './shell.js';

/** Which incidents the panel shows now: from start; next is where the following page begins. */
const incidentPages = { start: 0, next: 0 };

const user = startPage('board');
if (user) {
  document.body.classList.add('wall-page');
  const sessionId = decodeURIComponent(location.pathname.split('/')[2] ?? '');
  const state = { board: null, incidents: new Map(), pushed: new Map() };

  const render = () => {
    if (!state.board) return;
    renderHeader(state.board);
    renderTiles(state.board, state.pushed);
    renderSide(state.board, [...state.incidents.values()]);
    document.body.dataset.loaded = 'true';
  };

  const link = new LiveLink({
    onBoard: (board) => {
      if (board.sessionId !== sessionId) return;
      state.board = board;
      render();
    },
    onPoint: (change) => {
      if (change.sessionId !== sessionId || !state.board) return;
      // A point's change comes at once; the board that counts it follows. Show the tile now.
      state.pushed.set(change.id, change);
      renderTiles(state.board, state.pushed);
    },
    onIncident: (incident) => {
      if (incident.sessionId !== sessionId) return;
      if (incident.state === 'resolved') state.incidents.delete(incident.id);
      else state.incidents.set(incident.id, incident);
      if (state.board) renderSide(state.board, [...state.incidents.values()]);
    },
  });

  try {
    state.board = await apiJson(`/api/sessions/${encodeURIComponent(sessionId)}/board`);
    await loadIncidents(sessionId, state.incidents);
    render();
    link.sessions.add(sessionId);
    link.start();
    link.connection.onreconnected(() => loadIncidents(sessionId, state.incidents).then(render));
  } catch (error) {
    document.querySelector('main').replaceChildren(el('p', 'empty', label(error.status === 404 ? 'wall.notFound' : 'error.load')));
    document.body.dataset.loaded = 'true';
  }
  onLangChange(render);
  setInterval(() => state.board && renderTiming(state.board), 1000);
  // More incidents than the panel holds: it turns to the next page every few seconds, so every one is seen.
  setInterval(() => {
    if (!state.board || incidentPages.next === incidentPages.start) return;
    incidentPages.start = incidentPages.next;
    renderSide(state.board, [...state.incidents.values()]);
  }, 8000);
}

async function loadIncidents(sessionId, incidents) {
  const [open, acknowledged] = await Promise.all([
    apiJson(`/api/incidents?sessionId=${encodeURIComponent(sessionId)}&state=open`),
    apiJson(`/api/incidents?sessionId=${encodeURIComponent(sessionId)}&state=acknowledged`),
  ]);
  incidents.clear();
  for (const incident of [...open, ...acknowledged]) incidents.set(incident.id, incident);
}

function renderHeader(board) {
  const header = document.getElementById('wall-head');
  const timingNode = el('div', 'wall-timing');
  timingNode.id = 'wall-timing';
  header.replaceChildren(
    el('div', 'wall-title',
      el('div', 'wall-kind', label(`kind.${board.kind}`), el('span', 'sep', '·'), label(`format.${board.format}`),
        el('span', 'sep', '·'), el('span', null, `${formatTime(board.scheduledStart)}–${formatTime(board.scheduledEnd)}`),
        board.plenary ? el('span', 'sep', '·') : null, board.plenary ? el('span', 'wall-plenary', plenaryText(board.plenary)) : null),
      el('h1', null, board.title), phaseReasonLine(board, 'wall-reason')),
    el('div', 'wall-phase', phaseChip(board.phase), timingNode));
  renderTiming(board);

  const points = board.connectionPoints;
  const totals = document.getElementById('wall-totals');
  totals.replaceChildren(...['online', 'degraded', 'offline', 'unknown'].map((health) => {
    const node = el('div', `total total-${health}`, healthIcon(health), el('strong', null, String(points[health])), label(`health.${health}`));
    node.dataset.total = health;
    return node;
  }), el('div', 'total total-all', el('strong', null, String(points.total)), label('wall.pointsTotal')));
}

function renderTiming(board) {
  const node = document.getElementById('wall-timing');
  if (!node) return;
  const { key, ms, overrun } = timing(board);
  node.replaceChildren(label(key, { d: formatDuration(ms) }));
  node.classList.toggle('overrun', Boolean(overrun));
}

function renderTiles(board, pushed) {
  const container = document.getElementById('tiles');
  const groups = new Map(regions.map((r) => [r, []]));
  groups.set('other', []);
  for (const item of board.connectionPoints.items) {
    const change = pushed.get(item.id);
    // A pushed change newer than what the board knows wins until the board catches up.
    const health = change && (!item.healthSince || Date.parse(change.changedAt) > Date.parse(item.healthSince)) ? change.health : item.health;
    groups.get(regionOf(item.province) ?? 'other').push({ ...item, health });
  }
  const columns = [];
  for (const [region, items] of groups) {
    if (items.length === 0) continue;
    items.sort((a, b) => kindOrder(a) - kindOrder(b) || provinceOrder(a.province) - provinceOrder(b.province) || a.name.localeCompare(b.name, 'vi'));
    const online = items.filter((i) => i.health === 'online').length;
    const column = el('section', `region region-${region}`,
      el('h2', null, label(`region.${region}`), label('wall.regionOnline', { online, n: items.length }, 'region-count')),
      el('div', 'tile-grid', ...items.map(tile)));
    column.dataset.region = region;
    column.style.setProperty('--n', String(items.length));
    columns.push(column);
  }
  container.replaceChildren(...columns);
}

function kindOrder(item) {
  return { central: 0, regionalOffice: 1, provincialDelegation: 2 }[item.kind] ?? 3;
}

function tile(item) {
  const node = el('div', `tile tile-${item.health}`);
  node.dataset.point = item.id;
  node.dataset.health = item.health;
  const name = item.kind === 'provincialDelegation' ? item.province : item.name;
  node.title = item.name;
  node.append(
    el('div', 'tile-top', el('div', 'tile-name', name), item.delegates > 0 ? label('wall.delegates', { n: item.delegates }, 'tile-delegates') : null),
    healthBadge(item.health));
  if (item.kind !== 'provincialDelegation') node.classList.add('tile-special');
  return node;
}

function renderSide(board, incidents) {
  const attendance = board.attendance;
  document.getElementById('quorum').replaceChildren(
    el('h2', null, label('wall.quorum')),
    gauge(attendance.quorum.present, attendance.quorum.required, attendance.expected),
    el('div', `quorum-state ${attendance.quorum.reached ? 'reached' : 'not-reached'}`, label(attendance.quorum.reached ? 'quorum.reached' : 'quorum.notReached')),
    el('div', 'attendance-row',
      cell('attendance.inHall', attendance.inHall), cell('attendance.online', attendance.online),
      cell('attendance.excused', attendance.excused), cell('attendance.absent', attendance.absent)));

  const readiness = board.readiness;
  document.getElementById('readiness').replaceChildren(
    el('h2', null, label('board.readiness')),
    el('div', `readiness big readiness-${readiness.state}`, el('strong', null, `${readiness.percent}%`), label(`readiness.${readiness.state}`)),
    progress(readiness.percent, readiness.state),
    securityLine(board.security));

  const sorted = incidents.sort(byUrgency);
  const start = incidentPages.start < sorted.length ? incidentPages.start : 0;
  const list = el('ol', 'incident-list');
  list.id = 'wall-incidents';
  for (const incident of sorted.slice(start)) list.append(incidentItem(incident));
  const count = el('span', 'region-count', String(incidents.length));
  const box = document.getElementById('incidents');
  box.replaceChildren(
    el('h2', null, label('wall.incidents'), count),
    incidents.length === 0 ? el('p', 'calm', label('wall.noIncidents')) : list);
  // As many as the panel holds, the worst first, so the wall never scrolls; the rest on the next pages, which the
  // heading counts ("1–3 / 6").
  while (list.children.length > 1 && box.scrollHeight > box.clientHeight) list.lastElementChild.remove();
  const shown = list.children.length;
  incidentPages.start = start;
  incidentPages.next = start + shown < sorted.length ? start + shown : 0;
  if (shown < sorted.length) {
    count.replaceChildren(label('wall.incidentPage', { from: start + 1, to: start + shown, n: sorted.length }));
    count.dataset.pages = 'true';
  }
}

function cell(key, value) {
  return el('div', 'cell', el('strong', null, String(value)), label(key));
}

function incidentItem(incident) {
  const item = el('li', `incident severity-${incident.severity} state-${incident.state}`);
  item.dataset.incident = incident.id;
  const summaryNode = el('span', 'incident-summary', incidentSummary(incident));
  item.append(
    el('div', 'incident-meta', el('span', 'severity', label(`severity.${incident.severity}`)), el('span', null, formatTime(incident.openedAt)),
      el('span', 'incident-state', label(`incident.${incident.state}`))),
    summaryNode);
  return item;
}

/** A half-ring: who is present against the whole, with a mark where the quorum lies. */
function gauge(present, required, expected) {
  const total = Math.max(expected, required, 1);
  const ratio = Math.min(present / total, 1);
  const mark = Math.min(required / total, 1);
  const r = 90;
  const point = (f) => [100 - r * Math.cos(Math.PI * f), 100 - r * Math.sin(Math.PI * f)];
  const [x, y] = point(ratio);
  const [mx, my] = point(mark);
  const [mx2, my2] = [100 - (r + 14) * Math.cos(Math.PI * mark), 100 - (r + 14) * Math.sin(Math.PI * mark)];
  const wrap = el('div', 'gauge');
  wrap.innerHTML = `<svg viewBox="0 0 200 112" role="img" aria-hidden="true">
    <path d="M10 100 A90 90 0 0 1 190 100" fill="none" stroke="var(--track)" stroke-width="16" stroke-linecap="round"/>
    ${present > 0 ? `<path d="M10 100 A90 90 0 0 1 ${x.toFixed(1)} ${y.toFixed(1)}" fill="none" stroke="${present >= required ? 'var(--ok)' : 'var(--warn)'}" stroke-width="16" stroke-linecap="round"/>` : ''}
    <line x1="${mx.toFixed(1)}" y1="${my.toFixed(1)}" x2="${mx2.toFixed(1)}" y2="${my2.toFixed(1)}" stroke="var(--text)" stroke-width="3"/>
  </svg>`;
  wrap.append(el('div', 'gauge-value', el('strong', null, String(present)), el('span', null, ` / ${expected}`)),
    el('div', 'gauge-label', label('wall.quorumNeeds', { required })));
  return wrap;
}
