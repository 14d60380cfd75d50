// /operator: the technical operators' console. One sitting's connection points in a live table with their link
// metrics and a sparkline of the last minutes; its incidents, to acknowledge and resolve with a note.
import { apiJson } from './auth.js';
import { dayInHanoi, formatAge, formatDay, formatNumber, formatTime, has, label, onLangChange, t, todayInHanoi } from './i18n.js';
import { IncidentAlerts } from './alerts.js';
import { IncidentList } from './incident-list.js';
import { SittingControl } from './sitting.js';
import { LiveLink } from './live.js';
import { el, healthBadge, pageDay, phaseChip, problemText, progress, renderDayPicker, startPage, renderSessionChoice, statusBadge } from './shell.js';

/** How far back a sparkline goes (the server's Health:SampleWindow, 5 minutes by default). */
const sampleWindowMs = 5 * 60 * 1000;
const healthRank = { offline: 0, degraded: 1, unknown: 2, online: 3 };

const columns = [
  { key: 'point', sort: (p) => p.name },
  { key: 'health', sort: (p) => healthRank[p.health] ?? 9 },
  { key: 'latency', sort: (p) => p.latencyMs ?? -1, numeric: true },
  { key: 'jitter', sort: (p) => p.jitterMs ?? -1, numeric: true },
  { key: 'loss', sort: (p) => p.packetLossPct ?? -1, numeric: true },
  { key: 'bitrate', sort: (p) => p.bitrateKbps ?? Number.MAX_VALUE, numeric: true },
  { key: 'av', sort: (p) => (p.audio ? 0 : 2) + (p.video ? 0 : 1) },
  { key: 'age', sort: (p) => (p.lastHeartbeatAt ? -Date.parse(p.lastHeartbeatAt) : Number.MAX_VALUE) },
  { key: 'trend', sort: null },
];

// Module constants stay above the page's top-level awaits: code after an await cannot reach a const declared below it.
const statusMark = { pass: 'ok', fail: 'fail', waived: 'waived', pending: 'pending' };
// Whose contacts the operator opened: the table is drawn again with every live tick, and they stay open.
const openContacts = new Set();
const technicalItems = new Set(['avSystem', 'interpretation', 'recording']);

const user = startPage('operator');
if (user) {
  const state = {
    role: user.role,
    sessions: [],
    sessionId: null,
    board: null,
    points: new Map(),
    samples: new Map(),
    incidents: new IncidentList({
      listId: 'incident-list',
      countId: 'incident-count',
      // Security incidents are security's to handle: shown here, acted on there.
      mine: (incident) => !incident.isSecurity || user.role === 'admin',
      otherKey: 'incident.securityOnly',
    }),
    drafts: new Map(),
    day: pageDay(),
    sitting: null,
    sort: { key: 'health', descending: false },
    filter: { health: 'all', province: '', checklist: 'all' },
    view: ['checklist', 'attendance'].includes(new URLSearchParams(location.search).get('view'))
      ? new URLSearchParams(location.search).get('view') : 'points',
    readiness: null,
    waiving: null,
    checkBusy: new Set(),
    checkErrors: new Map(),
    groupOpen: new Map(),
  };

  state.sitting = new SittingControl({ role: user.role, readiness: () => state.readiness });
  state.alerts = new IncidentAlerts({
    host: document.querySelector('.toolbar'),
    mine: (incident) => !incident.isSecurity || user.role === 'admin',
  });
  const link = new LiveLink({
    onAttendance: ({ sessionId, mark }) => {
      if (sessionId === state.sessionId) state.sitting.acceptMark(mark);
    },
    onBoard: (board) => {
      if (board.sessionId !== state.sessionId) return;
      const before = state.board;
      state.board = board;
      renderHead(state);
      renderTable(state);
      state.sitting.boardChanged(board);
      // Checked items come pushed one by one (below); the board brings the state and percent. Only a change of the
      // sitting's make-up (points, venues) reads the checklist again.
      if (!before || before.connectionPoints.total !== board.connectionPoints.total ||
        before.security.venuesTotal !== board.security.venuesTotal) {
        reloadReadinessSoon(state);
      } else {
        if (state.readiness) Object.assign(state.readiness, { state: board.readiness.state, percent: board.readiness.percent });
        renderReadiness(state, true);
      }
    },
    onReadinessItem: ({ sessionId, item }) => {
      if (sessionId !== state.sessionId || !state.readiness) return;
      const same = (i) => i.targetType === item.targetType && i.targetId === item.targetId && i.item === item.item;
      state.readiness.items = state.readiness.items.map((i) => (same(i) ? item : i));
      renderReadiness(state);
    },
    onPoint: (change) => {
      if (change.sessionId !== state.sessionId) return;
      const known = state.points.get(change.id) ?? {};
      state.points.set(change.id, { ...known, ...change });
      renderTable(state);
    },
    onIncident: (incident) => {
      if (incident.sessionId !== state.sessionId) return;
      state.incidents.accept(incident);
      state.alerts.accept(incident);
    },
    onLive: (live) => {
      if (live.sessionId !== state.sessionId) return;
      acceptLive(state, live);
      renderTable(state);
    },
  });
  link.connection.onreconnected(() => state.sessionId && loadSession(state, state.sessionId, link, false));

  wireControls(state, link);
  renderDayPicker(state.day);
  try {
    state.sessions = await apiJson(`/api/board?date=${state.day}`);
    const asked = new URLSearchParams(location.search).get('session');
    if (asked && !state.sessions.some((s) => s.sessionId === asked)) {
      // A link to a sitting of another day: it opens all the same.
      const board = await apiJson(`/api/sessions/${encodeURIComponent(asked)}/board`).catch(() => null);
      if (board) state.sessions.unshift(board);
    }
    const chosen = state.sessions.find((s) => s.sessionId === asked)
      ?? state.sessions.find((s) => s.phase === 'live')
      ?? state.sessions.find((s) => s.connectionPoints.total > 0)
      ?? state.sessions[0];
    renderSessionChoice(state);
    link.start();
    if (chosen) await loadSession(state, chosen.sessionId, link, true);
    else document.getElementById('points-body').replaceChildren(emptyRow('operator.noSessions'));
  } catch {
    document.getElementById('points-body').replaceChildren(emptyRow('error.load'));
  }
  document.body.dataset.loaded = 'true';

  onLangChange(() => {
    state.alerts.applyTitle();
    renderSessionChoice(state);
    renderHead(state);
    renderTable(state);
    state.incidents.render();
    state.sitting.render();
    renderReadiness(state);
  });
  renderView(state);
  setInterval(() => {
    for (const node of document.querySelectorAll('[data-age]')) node.textContent = formatAge(node.dataset.age || null);
  }, 1000);
}

function wireControls(state, link) {
  document.getElementById('session-select').addEventListener('change', (event) => loadSession(state, event.target.value, link, true));
  document.getElementById('health-filter').addEventListener('change', (event) => {
    state.filter.health = event.target.value;
    renderTable(state);
  });
  document.getElementById('province-filter').addEventListener('input', (event) => {
    state.filter.province = event.target.value;
    renderTable(state);
    renderReadiness(state);
  });
  document.getElementById('checklist-filter').addEventListener('change', (event) => {
    state.filter.checklist = event.target.value;
    renderReadiness(state);
  });
  for (const tab of document.querySelectorAll('#op-tabs .tab')) {
    tab.addEventListener('click', () => {
      state.view = tab.dataset.view;
      const url = new URL(location.href);
      if (state.view !== 'points') url.searchParams.set('view', state.view);
      else url.searchParams.delete('view');
      history.replaceState(null, '', url);
      renderView(state);
    });
  }
}

function renderView(state) {
  for (const view of ['points', 'checklist', 'attendance']) {
    document.getElementById(`view-${view}`).hidden = view !== state.view;
    const tab = document.getElementById(`tab-${view}`);
    tab.classList.toggle('active', view === state.view);
    tab.setAttribute('aria-selected', String(view === state.view));
  }
  document.getElementById('health-field').hidden = state.view !== 'points';
  renderReadiness(state);
}

async function loadSession(state, sessionId, link, fresh) {
  if (fresh && state.sessionId && state.sessionId !== sessionId) {
    await link.unwatchMetrics(state.sessionId);
    await link.unsubscribe(state.sessionId);
  }
  state.sessionId = sessionId;
  if (fresh) {
    state.samples.clear();
    state.incidents.clear();
    state.sitting.clear();
    const url = new URL(location.href);
    url.searchParams.set('session', sessionId);
    history.replaceState(null, '', url);
    document.getElementById('session-select').value = sessionId;
  }
  state.board = await apiJson(`/api/sessions/${encodeURIComponent(sessionId)}/board`);
  renderHead(state);
  await Promise.all([loadPoints(state), loadIncidents(state, fresh), loadReadiness(state), state.sitting.load(sessionId, state.board)]);
  renderTable(state);
  state.incidents.render();
  await link.subscribe(sessionId);
  // The sparklines' history once; from then on the server pushes the points' figures and newest buckets.
  await link.watchMetrics(sessionId);
  loadSamples(state).then(() => {
    renderTable(state);
    // The console's one-time reads are done: from here on it only listens.
    document.body.dataset.samples = 'loaded';
  });
}

/** A PointsLive push: the points' latest figures, and their newest buckets merged into the sparklines. */
function acceptLive(state, live) {
  for (const { recent, ...figures } of live.points) {
    // The live frames carry figures only: the point's set-up and contacts stay as the console read them.
    state.points.set(figures.id, { ...(state.points.get(figures.id) ?? {}), ...figures });
    const series = state.samples.get(figures.id) ?? [];
    for (const bucket of recent) {
      const at = series.findIndex((b) => b.start === bucket.start);
      if (at >= 0) series[at] = bucket;
      else series.push(bucket);
    }
    series.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    const oldest = Date.parse(live.at) - sampleWindowMs;
    state.samples.set(figures.id, series.filter((b) => Date.parse(b.start) >= oldest));
  }
}

async function loadPoints(state) {
  const all = await apiJson('/api/connection-points');
  state.points = new Map(all.map((p) => [p.id, p]));
}

/** A sitting opened anew knows its incidents without alerting; after a reconnect, those opened meanwhile alert. */
async function loadIncidents(state, fresh) {
  const all = await apiJson(`/api/incidents?sessionId=${encodeURIComponent(state.sessionId)}`);
  if (fresh) state.alerts.known(all);
  else for (const incident of all) state.alerts.accept(incident);
  state.incidents.replace(all);
}

async function loadSamples(state) {
  const ids = state.board?.connectionPoints.items.map((i) => i.id) ?? [];
  // A few at a time: the console must not crowd out the heartbeats on a small server.
  const queue = [...ids];
  const worker = async () => {
    while (queue.length) {
      const id = queue.shift();
      try {
        state.samples.set(id, await apiJson(`/api/connection-points/${encodeURIComponent(id)}/samples`));
      } catch {
        // Shown as no trend; the next round tries again.
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

async function loadReadiness(state) {
  const sessionId = state.sessionId;
  try {
    const readiness = await apiJson(`/api/sessions/${encodeURIComponent(sessionId)}/readiness`);
    if (state.sessionId === sessionId) state.readiness = readiness;
  } catch {
    // Shown as it was; the connection banner says when the server is away.
  }
  renderReadiness(state);
}

/** A deadline of today by its time; one of another day with its date too, so that nobody misreads tomorrow's. */
function deadlineLabel(deadline) {
  return dayInHanoi(deadline) === todayInHanoi()
    ? label('readiness.deadline', { at: formatTime(deadline) }, 'muted')
    : label('readiness.deadlineOn', { at: formatTime(deadline), day: formatDay(deadline) }, 'muted');
}

function reloadReadinessSoon(state) {
  if (state.readinessTimer) return;
  state.readinessTimer = setTimeout(() => {
    state.readinessTimer = undefined;
    loadReadiness(state);
  }, 300);
}

function renderHead(state) {
  const board = state.board;
  const head = document.getElementById('session-head');
  if (!board) return;
  const points = board.connectionPoints;
  head.replaceChildren(
    el('div', 'op-title', phaseChip(board.phase), el('h1', null, board.title),
      el('span', 'muted', `${formatTime(board.scheduledStart)}–${formatTime(board.scheduledEnd)}`)),
    el('div', 'op-counts', ...['online', 'degraded', 'offline', 'unknown'].map((health) => {
      const node = el('span', `count count-${health}`, el('strong', null, String(points[health])), label(`health.${health}`));
      node.dataset.count = health;
      return node;
    }), el('span', 'count', el('strong', null, `${board.readiness.percent}%`), label('board.readiness'))));
}

function visibleRows(state) {
  if (!state.board) return [];
  const province = state.filter.province.trim().toLocaleLowerCase('vi');
  const rows = state.board.connectionPoints.items.map((item) => {
    const point = state.points.get(item.id) ?? {};
    // The board's health and the point's own (read every few seconds, or pushed) may differ for a moment: the newer wins.
    const pointSince = Date.parse(point.changedAt ?? point.healthSince ?? '') || 0;
    const itemSince = Date.parse(item.healthSince ?? '') || 0;
    const health = point.health && pointSince >= itemSince ? point.health : item.health;
    return { ...point, ...item, health };
  }).filter((row) =>
    (state.filter.health === 'all' || row.health === state.filter.health) &&
    (!province || row.province.toLocaleLowerCase('vi').includes(province) || row.name.toLocaleLowerCase('vi').includes(province)));
  const column = columns.find((c) => c.key === state.sort.key);
  if (column?.sort) {
    const direction = state.sort.descending ? -1 : 1;
    rows.sort((a, b) => {
      const x = column.sort(a);
      const y = column.sort(b);
      const order = typeof x === 'string' ? x.localeCompare(y, 'vi') : x - y;
      return direction * order || a.name.localeCompare(b.name, 'vi');
    });
  }
  return rows;
}

function renderTable(state) {
  const headRow = document.getElementById('points-head');
  headRow.replaceChildren(...columns.map((column) => {
    const th = el('th', column.numeric ? 'num' : null);
    th.scope = 'col';
    if (column.sort) {
      const button = el('button', 'sort', label(`col.${column.key}`));
      button.type = 'button';
      const active = state.sort.key === column.key;
      if (active) button.append(el('span', 'sort-mark', state.sort.descending ? ' ▼' : ' ▲'));
      th.setAttribute('aria-sort', active ? (state.sort.descending ? 'descending' : 'ascending') : 'none');
      button.addEventListener('click', () => {
        state.sort = { key: column.key, descending: active ? !state.sort.descending : false };
        renderTable(state);
      });
      th.append(button);
    } else {
      th.append(label(`col.${column.key}`));
    }
    return th;
  }));

  const rows = visibleRows(state);
  const body = document.getElementById('points-body');
  if (!state.board) return;
  if (rows.length === 0) {
    body.replaceChildren(emptyRow(state.board.connectionPoints.total === 0 ? 'operator.noPoints' : 'operator.noMatch'));
    return;
  }
  body.replaceChildren(...rows.map((row) => {
    const tr = el('tr', `row-${row.health}`);
    tr.dataset.point = row.id;
    tr.dataset.health = row.health;
    const age = el('td', 'age', formatAge(row.lastHeartbeatAt));
    age.dataset.age = row.lastHeartbeatAt ?? '';
    const name = el('td', 'point-name', el('strong', null, row.name));
    // A delegation's point is named after its province; say the province only where the name does not.
    if (!row.name.includes(row.province)) name.append(el('small', null, row.province));
    // A point in trouble says whom to call and what it falls back on, where the operator is already looking.
    if (['degraded', 'offline'].includes(row.health) && (row.contacts?.length || row.backup)) name.append(contactsOf(row));
    tr.append(
      name,
      el('td', null, healthBadge(row.health)),
      metric(row.latencyMs, 0, row.latencyMs >= 300),
      metric(row.jitterMs, 0, row.jitterMs > 40),
      metric(row.packetLossPct, 1, row.packetLossPct >= 3),
      metric(row.bitrateKbps, 0, row.bitrateKbps !== undefined && row.bitrateKbps !== null && row.bitrateKbps < 256),
      el('td', 'av', avFlag('av.audio', row.audio), avFlag('av.video', row.video)),
      age,
      el('td', 'trend', sparkline(state.samples.get(row.id) ?? [])));
    return tr;
  }));
  document.getElementById('row-count').replaceChildren(label('operator.rows', { shown: rows.length, total: state.board.connectionPoints.total }));
}

function contactsOf(point) {
  const box = el('details', 'point-contacts');
  box.open = openContacts.has(point.id);
  box.addEventListener('toggle', () => (box.open ? openContacts.add(point.id) : openContacts.delete(point.id)));
  box.append(el('summary', null, label('operator.contacts')),
    ...(point.contacts ?? []).map((c) => {
      const line = el('p', 'contact-line', el('strong', null, c.name));
      if (c.phone) {
        const phone = el('a', null, c.phone);
        phone.href = `tel:${c.phone.replace(/[^\d+]/g, '')}`;
        line.append(' · ', phone);
      }
      if (c.email) {
        const mail = el('a', null, c.email);
        mail.href = `mailto:${c.email}`;
        line.append(' · ', mail);
      }
      return line;
    }),
    point.backup ? el('p', 'contact-line', label('operator.backup'), ' ', point.backup) : null);
  return box;
}

function metric(value, digits, bad) {
  return el('td', `num ${bad ? 'bad' : ''}`, formatNumber(value, digits));
}

function avFlag(key, on) {
  const state = on === true ? 'on' : on === false ? 'off' : 'none';
  const flag = el('span', `av-flag av-${state}`, label(key), el('span', 'av-mark', state === 'on' ? '✓' : state === 'off' ? '✕' : '–'));
  flag.dataset.i18nTitle = `av.${state}`;
  flag.title = t(`av.${state}`);
  return flag;
}

function emptyRow(key) {
  const td = el('td', 'empty', label(key));
  td.colSpan = columns.length;
  return el('tr', null, td);
}

/** Latency over the last minutes, the worst of each five seconds; red marks where the link was offline. */
function sparkline(buckets) {
  const width = 120;
  const height = 36;
  const wrap = el('span', 'spark');
  if (buckets.length === 0) {
    wrap.append(label('operator.noTrend', null, 'muted'));
    return wrap;
  }
  const end = Date.now();
  // The window the data covers, at least a minute: a console opened a moment ago still draws a shape.
  const span = Math.min(5 * 60 * 1000, Math.max(60 * 1000, end - Date.parse(buckets[0].start) + 5000));
  const top = Math.max(400, ...buckets.map((b) => b.maxLatencyMs)) * 1.1;
  const x = (b) => Math.max(0, Math.min(width, width - ((end - Date.parse(b.start)) / span) * width));
  const y = (v) => height - 2 - (v / top) * (height - 6);
  const points = buckets.map((b) => `${x(b).toFixed(1)},${y(b.maxLatencyMs).toFixed(1)}`).join(' ');
  const marks = buckets.filter((b) => b.health === 'offline' || b.health === 'degraded')
    .map((b) => `<rect x="${(x(b) - 2).toFixed(1)}" y="${height - 4}" width="4" height="4" class="spark-${b.health}"/>`).join('');
  const threshold = y(300).toFixed(1);
  const latest = buckets[buckets.length - 1];
  wrap.innerHTML = `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true">
    <line x1="0" x2="${width}" y1="${threshold}" y2="${threshold}" class="spark-threshold"/>
    <polyline points="${points}" class="spark-line"/>
    <circle cx="${x(latest).toFixed(1)}" cy="${y(latest.maxLatencyMs).toFixed(1)}" r="2.5" class="spark-dot"/>${marks}
  </svg>`;
  wrap.dataset.buckets = String(buckets.length);
  return wrap;
}


function itemName(item) {
  return has(`item.${item}`) ? t(`item.${item}`) : item;
}

function isDone(item) {
  return item.status === 'pass' || item.status === 'waived';
}

/** The checklist by target: the hall first, then the connection points in the board's order, then the other venues. */
function groups(state) {
  const order = new Map((state.board?.connectionPoints.items ?? []).map((p, i) => [p.id, i]));
  const byTarget = new Map();
  for (const item of state.readiness?.items ?? []) {
    const key = `${item.targetType}:${item.targetId}`;
    if (!byTarget.has(key)) byTarget.set(key, { key, targetType: item.targetType, targetId: item.targetId, name: item.targetName, items: [] });
    byTarget.get(key).items.push(item);
  }
  const rank = (g) => {
    if (g.targetType === 'venue' && g.items.some((i) => technicalItems.has(i.item))) return -1;
    if (g.targetType === 'connectionPoint') return order.get(g.targetId) ?? 9000;
    return 10000;
  };
  return [...byTarget.values()].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'vi'));
}

function targetKind(group) {
  if (group.targetType === 'connectionPoint') return 'checklist.target.connectionPoint';
  return group.items.some((i) => technicalItems.has(i.item)) ? 'checklist.target.hall' : 'checklist.target.venue';
}

/** The checklist view; headOnly re-renders the state and the blocking list alone (a board came, the items did not change). */
function renderReadiness(state, headOnly = false) {
  const readiness = state.readiness;
  const head = document.getElementById('readiness-head');
  const body = document.getElementById('checklist-body');
  const items = readiness?.items ?? [];
  document.getElementById('count-checklist').replaceChildren(
    readiness ? label('checklist.done', { done: items.filter(isDone).length, total: items.length }) : '');
  if (!readiness || state.view !== 'checklist') return;

  const blocking = blockingList(state);
  const blockingBox = el('details', 'blocking');
  blockingBox.open = state.blockingOpen ?? (blocking.length > 0 && blocking.length <= 8);
  blockingBox.addEventListener('toggle', () => (state.blockingOpen = blockingBox.open));
  const shown = blocking.slice(0, 30);
  blockingBox.append(
    el('summary', null, blocking.length ? label('readiness.blocking', { n: blocking.length }) : label('readiness.blockingNone')),
    el('ul', 'blocking-list', ...shown.map((b) => el('li', null, b)),
      blocking.length > shown.length ? el('li', 'muted', label('readiness.moreBlocking', { n: blocking.length - shown.length })) : null));
  const stateBox = el('div', `readiness big readiness-${readiness.state}`,
    el('strong', null, `${readiness.percent}%`), label(`readiness.${readiness.state}`));
  stateBox.id = 'readiness-state';
  stateBox.dataset.state = readiness.state;
  stateBox.dataset.percent = String(readiness.percent);
  head.replaceChildren(
    el('div', 'readiness-line', stateBox,
      readiness.deadline ? deadlineLabel(readiness.deadline) : null),
    progress(readiness.percent, readiness.state),
    blockingBox);
  if (headOnly) return;

  const filter = state.filter.checklist;
  const text = state.filter.province.trim().toLocaleLowerCase('vi');
  const visible = groups(state)
    .filter((g) => !text || g.name.toLocaleLowerCase('vi').includes(text))
    .map((g) => ({ ...g, shown: g.items.filter((i) => filter === 'all' || (filter === 'open' ? !isDone(i) : i.status === 'fail')) }))
    .filter((g) => g.shown.length > 0);
  const focused = document.activeElement?.dataset?.focusKey;
  body.replaceChildren(...(visible.length ? visible.map((g) => groupCard(state, g)) : [el('p', 'empty', label(items.length ? 'checklist.noMatch' : 'checklist.noItems'))]));
  const again = focused && document.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
  if (again) {
    again.focus();
    again.setSelectionRange(again.value.length, again.value.length);
  }
}

/** What stands between the sitting and go, in the reader's language: the items not done, and the points not online. */
function blockingList(state) {
  const items = (state.readiness?.items ?? []).filter((i) => i.required && !isDone(i)).map((i) => t('readiness.blockedItem', {
    target: i.targetName, item: itemName(i.item), status: i.expired ? t('checklist.expired') : t(`check.${i.status}`),
  }));
  const points = (state.board?.connectionPoints.items ?? []).filter((p) => p.health !== 'online')
    .map((p) => t('readiness.blockedLink', { target: p.name, health: t(`health.${p.health}`).toLocaleLowerCase(lang()) }));
  return [...items, ...points];
}

function lang() {
  return document.documentElement.lang === 'en' ? 'en' : 'vi';
}

function groupCard(state, group) {
  const done = group.items.filter(isDone).length;
  const failed = group.items.some((i) => i.status === 'fail');
  const details = el('details', `check-group ${failed ? 'has-fail' : done === group.items.length ? 'all-done' : ''}`);
  details.dataset.target = group.targetId;
  details.open = state.groupOpen.get(group.key) ?? (done < group.items.length || state.filter.checklist !== 'all');
  details.addEventListener('toggle', () => state.groupOpen.set(group.key, details.open));
  details.append(
    el('summary', null, el('span', 'group-name', group.name), label(targetKind(group), null, 'kind'),
      el('span', 'group-count', label('checklist.done', { done, total: group.items.length }))),
    ...group.shown.map((item) => checkRow(state, item)));
  return details;
}

function checkRow(state, item) {
  const key = `${item.targetType}:${item.targetId}:${item.item}`;
  const row = el('div', `check-row check-${item.status}${item.expired ? ' check-expired' : ''}`);
  row.dataset.item = item.item;
  row.dataset.target = item.targetId;
  row.dataset.status = item.status;
  const mark = item.expired && item.status === 'pending' ? 'expired' : statusMark[item.status] ?? 'pending';
  const name = el('div', 'check-name', el('strong', null, itemName(item.item)));
  if (!item.required) name.append(label('checklist.optional', null, 'muted small'));
  const meta = el('div', 'check-meta');
  if (item.at) meta.append(label('checklist.by', { who: item.by ?? '—', at: formatTime(item.at) }, 'muted'));
  if (item.note) meta.append(el('span', 'note', item.note));
  const status = el('div', 'check-status-cell', statusBadge(mark, `check.${item.status}`));
  if (item.expired) status.append(label('checklist.expired', null, 'expired-note'));
  const actions = el('div', 'check-actions');
  if (item.owner === 'security') {
    actions.append(label('checklist.securityOwned', null, 'muted read-only'));
  } else {
    const busy = state.checkBusy.has(key);
    const button = (status, labelKey, css, onClick) => {
      const b = el('button', `button act ${css}`, label(labelKey));
      b.type = 'button';
      b.dataset.action = status;
      b.disabled = busy;
      b.setAttribute('aria-pressed', String(item.status === status));
      b.addEventListener('click', onClick);
      return b;
    };
    actions.append(
      button('pass', 'checklist.pass', 'act-ok', () => record(state, item, 'pass', null)),
      button('fail', 'checklist.fail', 'act-fail', () => record(state, item, 'fail', null)),
      button('waived', 'checklist.waive', 'act-none', () => {
        state.waiving = key;
        renderReadiness(state);
        document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
      }));
  }
  row.append(name, status, meta, actions);
  if (state.waiving === key) row.append(waiveBox(state, item, key));
  else if (state.checkErrors.has(key)) row.append(el('p', 'error check-error', state.checkErrors.get(key)));
  return row;
}

function waiveBox(state, item, key) {
  const input = el('input', 'note-input');
  input.type = 'text';
  input.name = 'reason';
  input.dataset.focusKey = key;
  input.dataset.i18nPlaceholder = 'checklist.waivePlaceholder';
  input.placeholder = t('checklist.waivePlaceholder');
  input.value = state.drafts.get(key) ?? '';
  input.addEventListener('input', () => state.drafts.set(key, input.value));
  const confirm = () => record(state, item, 'waived', input.value.trim() || null);
  const cancel = () => {
    state.waiving = null;
    state.checkErrors.delete(key);
    renderReadiness(state);
  };
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') confirm();
    if (event.key === 'Escape') cancel();
  });
  const ok = el('button', 'button act act-issue', label('checklist.confirmWaive'));
  ok.type = 'button';
  ok.dataset.action = 'confirm-waive';
  ok.addEventListener('click', confirm);
  const no = el('button', 'button act act-none', label('security.cancel'));
  no.type = 'button';
  no.addEventListener('click', cancel);
  const box = el('div', 'note-box waive-box', el('label', 'note-label', label('checklist.waiveReason'), input), ok, no);
  if (state.checkErrors.has(key)) box.append(el('p', 'error check-error', state.checkErrors.get(key)));
  return box;
}

async function record(state, item, status, note) {
  const key = `${item.targetType}:${item.targetId}:${item.item}`;
  state.checkBusy.add(key);
  renderReadiness(state);
  try {
    state.readiness = await apiJson(`/api/sessions/${encodeURIComponent(state.sessionId)}/readiness/checks`, {
      method: 'POST', body: { targetType: item.targetType, targetId: item.targetId, item: item.item, status, note },
    });
    state.checkErrors.delete(key);
    state.drafts.delete(key);
    if (state.waiving === key) state.waiving = null;
  } catch (error) {
    state.checkErrors.set(key, `${t('incident.failed')} ${problemText(error)}`);
  } finally {
    state.checkBusy.delete(key);
    renderReadiness(state);
  }
}
