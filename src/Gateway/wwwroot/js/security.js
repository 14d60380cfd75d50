// /security: the security officers' console for one sitting of the day. Delegates' routes from lodging to the hall
// with one-click checks, arrivals and attendance marks with the quorum, and the sweeps of the sitting's venues; live
// over the hub (RouteChanged reaches security and admin connections only; BoardUpdated carries the counts).
import { apiJson } from './auth.js';
import { formatTime, label, onLangChange, t } from './i18n.js';
import { LiveLink } from './live.js';
import { dialogField, el, openDialog, pageDay, phaseChip, problemText, renderDayPicker, startPage, renderSessionChoice, statusBadge } from './shell.js';
import { IncidentList } from './incident-list.js';
import { renderDoor } from './door.js';
import { refusal } from './sitting.js';
import { showRouteMap } from './route-map.js';

const views = ['routes', 'arrivals', 'venues', 'incidents'];
const routeMark = { clear: 'ok', issue: 'issue', expired: 'expired', unchecked: 'pending', none: 'pending' };
const marks = ['enRoute', 'inHall', 'excused', 'absent'];
const markIconOf = { enRoute: 'pending', inHall: 'ok', excused: 'waived', absent: 'fail', online: 'ok', expected: 'pending' };

const user = startPage('security');
if (user) {
  const params = new URLSearchParams(location.search);
  const state = {
    sessions: [],
    sessionId: null,
    board: null,
    rows: [],
    byId: new Map(),
    venues: new Map(),
    attendance: new Map(),
    readiness: null,
    view: views.includes(params.get('view')) ? params.get('view') : 'routes',
    filter: { q: '', delegation: 'all', route: 'all', lodging: 'all' },
    open: null, // { kind: 'route' | 'sweep', id }: the row whose issue note is open
    drafts: new Map(),
    busy: new Set(),
    errors: new Map(),
    expanded: new Set(),
    day: pageDay(),
    incidents: new IncidentList({
      listId: 'incident-list',
      countId: 'count-incidents',
      shows: (incident) => incident.isSecurity,
      mine: (incident) => incident.isSecurity,
      otherKey: 'incident.technicalOnly',
    }),
  };

  const link = new LiveLink({
    onIncident: (incident) => {
      if (incident.sessionId === state.sessionId) state.incidents.accept(incident);
    },
    onBoard: (board) => {
      if (board.sessionId !== state.sessionId) return;
      const before = state.board;
      state.board = board;
      renderSummary(state);
      // Marks and checks arrive one by one below; only a change of the sitting's make-up is read again.
      if (before && (before.security.venuesTotal !== board.security.venuesTotal || before.attendance.expected !== board.attendance.expected)) {
        refreshSoon(state);
      }
    },
    onRoute: (change) => applyRouteChange(state, change),
    onAttendance: ({ sessionId, mark }) => {
      if (sessionId !== state.sessionId) return;
      state.attendance.set(mark.delegateId, mark);
      renderMarks(state);
    },
    onReadinessItem: ({ sessionId, item }) => {
      if (sessionId !== state.sessionId || !state.readiness) return;
      const same = (i) => i.targetType === item.targetType && i.targetId === item.targetId && i.item === item.item;
      state.readiness.items = state.readiness.items.map((i) => (same(i) ? item : i));
      renderMarks(state);
    },
  });
  link.connection.onreconnected(() => state.sessionId && loadSession(state, state.sessionId, link, false).catch(() => {}));

  wire(state, link);
  renderDayPicker(state.day);
  renderDoor(document.getElementById('door'), (delegateId) => arriveAtDoor(state, delegateId));
  document.getElementById('bulk-check').addEventListener('click', () => checkLodging(state));
  document.getElementById('lodging-filter').addEventListener('change', (event) => {
    state.filter.lodging = event.target.value;
    renderViews(state);
  });
  try {
    state.sessions = await apiJson(`/api/board?date=${state.day}`);
    const venues = await apiJson('/api/venues');
    state.venues = new Map(venues.map((v) => [v.id, v]));
    const asked = params.get('session');
    if (asked && !state.sessions.some((s) => s.sessionId === asked)) {
      const board = await apiJson(`/api/sessions/${encodeURIComponent(asked)}/board`).catch(() => null);
      if (board) state.sessions.unshift(board);
    }
    const chosen = state.sessions.find((s) => s.sessionId === asked)
      ?? state.sessions.find((s) => s.phase === 'live')
      ?? state.sessions[0];
    renderSessionChoice(state);
    link.start();
    if (chosen) await loadSession(state, chosen.sessionId, link, true);
    else showEmpty('security.noSessions');
  } catch {
    showEmpty('error.load');
  }
  document.body.dataset.loaded = 'true';
  onLangChange(() => renderAll(state));
}

/** A message in place of the routes' rows: loading, nothing today, or an error. */
function showEmpty(key) {
  const table = document.querySelector('#view-routes table');
  for (const body of [...table.tBodies]) body.remove();
  const body = el('tbody');
  body.id = 'routes-body';
  body.append(emptyRow(key, 6));
  table.append(body);
}

function wire(state, link) {
  document.getElementById('session-select').addEventListener('change', (event) => loadSession(state, event.target.value, link, true));
  for (const tab of document.querySelectorAll('#sec-tabs .tab')) {
    tab.addEventListener('click', () => {
      state.view = tab.dataset.view;
      const url = new URL(location.href);
      url.searchParams.set('view', state.view);
      history.replaceState(null, '', url);
      renderAll(state);
    });
  }
  document.getElementById('name-search').addEventListener('input', (event) => {
    state.filter.q = event.target.value;
    renderViews(state);
  });
  document.getElementById('delegation-filter').addEventListener('change', (event) => {
    state.filter.delegation = event.target.value;
    renderViews(state);
  });
  document.getElementById('route-filter').addEventListener('change', (event) => {
    state.filter.route = event.target.value;
    renderViews(state);
  });
}

async function loadSession(state, sessionId, link, fresh) {
  if (fresh && state.sessionId && state.sessionId !== sessionId) await link.unsubscribe(state.sessionId);
  state.sessionId = sessionId;
  if (fresh) {
    state.open = null;
    state.errors.clear();
    state.expanded.clear();
    const url = new URL(location.href);
    url.searchParams.set('session', sessionId);
    history.replaceState(null, '', url);
    document.getElementById('session-select').value = sessionId;
    showEmpty('security.loading');
  }
  const id = encodeURIComponent(sessionId);
  const [board, rows, attendance, readiness, incidents] = await Promise.all([
    apiJson(`/api/sessions/${id}/board`),
    apiJson(`/api/sessions/${id}/routes`),
    apiJson(`/api/sessions/${id}/attendance`),
    apiJson(`/api/sessions/${id}/readiness`),
    apiJson(`/api/incidents?sessionId=${id}`),
  ]);
  if (state.sessionId !== sessionId) return;
  state.incidents.replace(incidents);
  state.board = board;
  state.rows = rows;
  state.byId = new Map(rows.map((r) => [r.delegateId, r]));
  state.attendance = new Map(attendance.map((m) => [m.delegateId, m]));
  state.readiness = readiness;
  renderDelegations(state);
  renderAll(state);
  await link.subscribe(sessionId);
}

/** What the marks and checks change on screen. */
function renderMarks(state) {
  if (state.view === 'arrivals') renderArrivals(state);
  if (state.view === 'venues') renderVenues(state);
  renderCounts(state);
}

/** A change of the sitting's make-up (new venues, delegates): attendance and checklist are read again. */
function refreshSoon(state) {
  if (state.refreshTimer) return;
  state.refreshTimer = setTimeout(async () => {
    state.refreshTimer = undefined;
    const sessionId = state.sessionId;
    try {
      const id = encodeURIComponent(sessionId);
      const [attendance, readiness] = await Promise.all([apiJson(`/api/sessions/${id}/attendance`), apiJson(`/api/sessions/${id}/readiness`)]);
      if (state.sessionId !== sessionId) return;
      state.attendance = new Map(attendance.map((m) => [m.delegateId, m]));
      state.readiness = readiness;
      if (state.view === 'arrivals') renderArrivals(state);
      if (state.view === 'venues') renderVenues(state);
      renderCounts(state);
    } catch {
      // The connection banner says when the server is away; the next board tries again.
    }
  }, 400);
}

async function applyRouteChange(state, change) {
  const row = state.byId.get(change.delegateId);
  if (!row) return;
  if (change.status === 'unchecked' || !row.route) {
    // The route itself changed (or was first set): read it again, for its waypoints.
    try {
      row.route = await apiJson(`/api/delegates/${encodeURIComponent(change.delegateId)}/route`);
    } catch {
      return;
    }
  } else {
    const last = row.route.lastCheck;
    const sameCheck = last && change.checkedAt && Date.parse(last.at) === Date.parse(change.checkedAt);
    row.route = { ...row.route, status: change.status };
    if (change.checkedAt && !sameCheck) {
      // Another officer's check: the event says when and what, not who; the next full read says who.
      row.route.lastCheck = { status: change.status === 'issue' ? 'issue' : 'clear', at: change.checkedAt, by: null, note: null };
    }
  }
  updateDelegate(state, change.delegateId);
}

function routeStatus(row) {
  return row.route ? row.route.status : 'none';
}

function fold(text) {
  return (text ?? '').normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLocaleLowerCase('vi');
}

function visibleRows(state) {
  const q = fold(state.filter.q.trim());
  return state.rows.filter((row) =>
    (state.filter.delegation === 'all' || row.delegation === state.filter.delegation) &&
    (state.filter.route === 'all' || routeStatus(row) === state.filter.route) &&
    (state.filter.lodging === 'all' || row.lodgingVenueId === state.filter.lodging) &&
    (!q || fold(row.name).includes(q) || fold(row.delegation).includes(q)));
}

function renderAll(state) {
  renderSessionChoice(state);
  renderDelegations(state);
  renderSummary(state);
  renderViews(state);
}

function renderViews(state) {
  for (const view of views) {
    document.getElementById(`view-${view}`).hidden = view !== state.view;
    const tab = document.getElementById(`tab-${view}`);
    tab.setAttribute('aria-selected', String(view === state.view));
    tab.classList.toggle('active', view === state.view);
  }
  document.getElementById('sec-filters').hidden = state.view === 'venues' || state.view === 'incidents';
  document.getElementById('door').hidden = state.view !== 'arrivals';
  document.getElementById('bulk-bar').hidden = state.view !== 'routes';
  renderBulkButton(state);
  if (state.view === 'incidents') state.incidents.render();
  if (state.view === 'routes') renderRoutes(state);
  if (state.view === 'arrivals') renderArrivals(state);
  if (state.view === 'venues') renderVenues(state);
  renderCounts(state);
}

function renderCounts(state) {
  const routes = state.rows.filter((r) => routeStatus(r) !== 'clear').length;
  const arrivals = state.rows.filter((r) => !['inHall', 'online', 'excused', 'absent'].includes(state.attendance.get(r.delegateId)?.status)).length;
  const sweeps = sweepItems(state).filter((i) => i.status !== 'pass' && i.status !== 'waived').length;
  document.getElementById('count-routes').replaceChildren(label('security.toDo', { n: routes }));
  document.getElementById('count-arrivals').replaceChildren(label('security.notArrived', { n: arrivals }));
  document.getElementById('count-venues').replaceChildren(label('security.toDo', { n: sweeps }));
}

function renderLodgings(state) {
  const select = document.getElementById('lodging-filter');
  const lodgings = [...new Set(state.rows.map((r) => r.lodgingVenueId).filter(Boolean))]
    .sort((a, b) => (state.venues.get(a)?.name ?? a).localeCompare(state.venues.get(b)?.name ?? b, 'vi'));
  const all = el('option', null, t('security.allLodgings'));
  all.value = 'all';
  select.replaceChildren(all, ...lodgings.map((id) => {
    const option = el('option', null, state.venues.get(id)?.name ?? id);
    option.value = id;
    return option;
  }));
  if (!lodgings.includes(state.filter.lodging)) state.filter.lodging = 'all';
  select.value = state.filter.lodging;
  renderBulkButton(state);
}

function renderBulkButton(state) {
  const button = document.getElementById('bulk-check');
  const count = bulkRows(state).length;
  button.disabled = state.filter.lodging === 'all' || count === 0;
  button.replaceChildren(label('security.bulkCheck', { n: count }));
}

/** The routes a lodging's bulk check covers: its delegates who have a route. */
function bulkRows(state) {
  return state.filter.lodging === 'all' ? [] : state.rows.filter((r) => r.lodgingVenueId === state.filter.lodging && r.route);
}

/** Every route from one lodging checked at once, with one note: the server takes all of them or none. */
async function checkLodging(state) {
  const rows = bulkRows(state);
  const lodging = state.venues.get(state.filter.lodging)?.name ?? state.filter.lodging;
  const status = dialogField('checkbox', 'issue', 'security.bulkIssue');
  await openDialog({
    id: 'bulk-dialog',
    titleKey: 'security.bulkTitle',
    titleParams: { lodging },
    bodyKey: 'security.bulkBody',
    bodyParams: { n: rows.length, lodging },
    fields: [status, dialogField('textarea', 'note', 'security.bulkNote')],
    confirmKey: 'security.bulkConfirm',
    onConfirm: async (form) => {
      const issue = form.elements.issue.checked;
      const note = form.elements.note.value.trim();
      if (issue && !note) throw new Error(t('route.noteRequired'));
      try {
        const result = await apiJson(`/api/sessions/${encodeURIComponent(state.sessionId)}/routes/checks`, {
          method: 'POST',
          body: { delegateIds: rows.map((r) => r.delegateId), status: issue ? 'issue' : 'clear', note: note || null },
        });
        const at = new Date().toISOString();
        for (const summary of result.routes) {
          const row = state.byId.get(summary.delegateId);
          if (!row?.route) continue;
          row.route = { ...row.route, status: summary.status, lastCheck: { status: summary.lastResult, at: summary.checkedAt ?? at, by: null, note: note || null } };
        }
      } catch (error) {
        throw new Error(refusal(error));
      }
      renderViews(state);
    },
  });
}

/** A badge at the door: the delegate of this sitting is marked in the hall, or the officer is told why not. */
async function arriveAtDoor(state, delegateId) {
  const row = state.byId.get(delegateId);
  if (!row) return { ok: false, message: t('door.notInSitting') };
  try {
    const marks = await apiJson(`/api/sessions/${encodeURIComponent(state.sessionId)}/attendance`, { method: 'POST', body: { delegateId, status: 'inHall' } });
    state.attendance = new Map(marks.map((m) => [m.delegateId, m]));
    updateDelegate(state, delegateId);
    renderSummary(state);
    return { ok: true, name: `${row.name} (${row.delegation})` };
  } catch (error) {
    return { ok: false, message: refusal(error) };
  }
}

function renderDelegations(state) {
  renderLodgings(state);
  const select = document.getElementById('delegation-filter');
  const delegations = [...new Set(state.rows.map((r) => r.delegation))];
  const all = el('option', null, t('security.allDelegations'));
  all.value = 'all';
  select.replaceChildren(all, ...delegations.map((d) => {
    const option = el('option', null, d);
    option.value = d;
    return option;
  }));
  if (!delegations.includes(state.filter.delegation)) state.filter.delegation = 'all';
  select.value = state.filter.delegation;
}

function renderSummary(state) {
  const board = state.board;
  const box = document.getElementById('sec-summary');
  if (!board) return;
  const quorum = board.attendance.quorum;
  const security = board.security;
  const enRoute = [...state.attendance.values()].filter((m) => m.status === 'enRoute').length;
  const quorumBox = el('div', `sum sum-quorum ${quorum.reached ? 'reached' : 'not-reached'}`,
    el('span', 'sum-label', label('wall.quorum')),
    el('strong', null, `${quorum.present}`, el('small', null, ` / ${quorum.required}`)),
    statusBadge(quorum.reached ? 'ok' : 'issue', quorum.reached ? 'quorum.reached' : 'quorum.notReached'));
  quorumBox.dataset.summary = 'quorum';
  box.replaceChildren(
    el('div', 'sum sum-session', phaseChip(board.phase),
      el('strong', 'sum-time', `${formatTime(board.scheduledStart)}–${formatTime(board.scheduledEnd)}`)),
    quorumBox,
    summaryCell('routes', `${security.routesCleared}/${security.routesTotal}`, 'security.routesCleared'),
    summaryCell('venues', `${security.venuesCleared}/${security.venuesTotal}`, 'security.venuesCleared'),
    summaryCell('inHall', String(board.attendance.inHall), 'attendance.inHall'),
    summaryCell('enRoute', String(enRoute), 'attendance.enRoute'),
    summaryCell('away', String(board.attendance.excused + board.attendance.absent), 'security.away'));
}

function summaryCell(key, value, labelKey) {
  const node = el('div', 'sum', el('strong', null, value), label(labelKey, null, 'sum-label'));
  node.dataset.summary = key;
  return node;
}

/** Re-renders, keeping the focus (and the caret) of a note being typed. */
function keepFocus(render) {
  const active = document.activeElement;
  const key = active?.dataset?.focusKey;
  const caret = key && 'selectionStart' in active ? active.selectionStart : null;
  render();
  if (!key) return;
  const again = document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
  if (again) {
    again.focus();
    if (caret !== null) again.setSelectionRange(caret, caret);
  }
}

function renderRoutes(state) {
  const rows = visibleRows(state);
  const table = document.querySelector('#view-routes table');
  keepFocus(() => {
    for (const body of [...table.tBodies]) body.remove();
    if (rows.length === 0) {
      showEmpty(state.rows.length === 0 ? 'security.noDelegates' : 'security.noMatch');
    } else {
      table.append(...rows.map((row) => routeBody(state, row)));
    }
  });
  document.getElementById('row-count').replaceChildren(label('operator.rows', { shown: rows.length, total: state.rows.length }));
}

function updateDelegate(state, delegateId) {
  const row = state.byId.get(delegateId);
  if (state.view === 'routes') {
    const old = document.querySelector(`#view-routes tbody[data-delegate="${CSS.escape(delegateId)}"]`);
    if (old && row) keepFocus(() => old.replaceWith(routeBody(state, row)));
  } else if (state.view === 'arrivals') {
    const old = document.querySelector(`#arrivals-body tr[data-delegate="${CSS.escape(delegateId)}"]`);
    if (old && row) old.replaceWith(arrivalRow(state, row));
  }
  renderCounts(state);
}

function who(row) {
  return el('div', 'who-cell', el('strong', null, row.name), el('small', null, row.delegation));
}

function routeBadge(row) {
  const status = routeStatus(row);
  const badge = statusBadge(routeMark[status], `route.${status}`);
  badge.classList.add(`route-${status}`);
  return badge;
}

function routeBody(state, row) {
  const body = el('tbody', 'delegate');
  body.dataset.delegate = row.delegateId;
  const status = routeStatus(row);
  body.dataset.status = status;
  const tr = el('tr', `route-row row-${status}`);
  const lodging = row.lodgingVenueId ? (state.venues.get(row.lodgingVenueId)?.name ?? row.lodgingVenueId) : null;
  const last = row.route?.lastCheck;
  const lastCell = el('td', 'last-check');
  if (last) {
    lastCell.append(el('span', 'time', formatTime(last.at)), el('small', null, last.by ?? '—'));
    if (last.note) lastCell.append(el('small', 'note', last.note));
  } else {
    lastCell.append(label('security.neverChecked', null, 'muted'));
  }
  tr.append(
    el('td', null, who(row)),
    el('td', 'lodging', lodging ?? label('security.noLodging', null, 'muted')),
    el('td', 'status-cell', routeBadge(row)),
    lastCell,
    el('td', 'waypoints', waypoints(state, row)),
    el('td', 'actions', ...routeActions(state, row)));
  body.append(tr);
  const error = state.errors.get(`route:${row.delegateId}`);
  if (state.open?.kind === 'route' && state.open.id === row.delegateId) {
    body.append(noteRow(state, 'route', row.delegateId, 6, () => checkRoute(state, row, 'issue')));
  } else if (error) {
    const td = el('td', 'error', error);
    td.colSpan = 6;
    body.append(el('tr', 'error-row', td));
  }
  return body;
}

function waypoints(state, row) {
  const list = row.route?.waypoints ?? [];
  if (list.length === 0) return label('security.noRoute', null, 'muted');
  const details = el('details', 'route-details');
  details.open = state.expanded.has(row.delegateId);
  details.addEventListener('toggle', () => (details.open ? state.expanded.add(row.delegateId) : state.expanded.delete(row.delegateId)));
  const destination = state.venues.get(row.route.destinationVenueId)?.name ?? row.route.destinationVenueId;
  const map = el('button', 'button small', label('map.open'));
  map.type = 'button';
  map.dataset.action = 'map';
  map.addEventListener('click', () => showRouteMap({ person: row.name, route: row.route, destination }).catch((error) => {
    const canvas = document.getElementById('route-map');
    if (canvas) canvas.replaceChildren(el('p', 'error', `${t('map.failed')} ${error.message}`));
  }));
  details.append(
    el('summary', null, label('security.waypointCount', { n: list.length })),
    el('ol', 'waypoint-list', ...list.map((w) => el('li', null, w.name)), el('li', 'destination', destination)),
    map);
  return details;
}

function routeActions(state, row) {
  if (!row.route) return [label('security.askAdmin', null, 'muted small')];
  const busy = state.busy.has(`route:${row.delegateId}`);
  const clear = actionButton('ok', 'security.markClear', busy, () => checkRoute(state, row, 'clear'));
  clear.dataset.action = 'clear';
  const issue = actionButton('issue', 'security.markIssue', busy, () => {
    state.open = { kind: 'route', id: row.delegateId };
    updateDelegate(state, row.delegateId);
    document.querySelector(`[data-focus-key="route:${CSS.escape(row.delegateId)}"]`)?.focus();
  });
  issue.dataset.action = 'issue';
  return [clear, issue];
}

function actionButton(mark, key, busy, onClick) {
  const button = el('button', `button act act-${mark}`, label(key));
  button.type = 'button';
  button.disabled = busy;
  button.addEventListener('click', onClick);
  return button;
}

function noteRow(state, kind, id, span, onConfirm) {
  const key = `${kind}:${id}`;
  const input = el('input', 'note-input');
  input.type = 'text';
  input.name = 'note';
  input.dataset.focusKey = key;
  input.dataset.i18nPlaceholder = 'security.issuePlaceholder';
  input.placeholder = t('security.issuePlaceholder');
  input.value = state.drafts.get(key) ?? '';
  input.addEventListener('input', () => state.drafts.set(key, input.value));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') onConfirm();
    if (event.key === 'Escape') close();
  });
  const close = () => {
    state.open = null;
    state.errors.delete(key);
    kind === 'route' ? updateDelegate(state, id) : renderVenues(state);
  };
  const confirm = actionButton('issue', 'security.confirmIssue', state.busy.has(key), onConfirm);
  confirm.dataset.action = 'confirm-issue';
  const cancel = actionButton('none', 'security.cancel', false, close);
  const box = el('div', 'note-box', el('label', 'note-label', label('security.issueNote'), input), confirm, cancel);
  const error = state.errors.get(key);
  if (error) box.append(el('p', 'error', error));
  if (kind !== 'route') return box;
  const td = el('td', null, box);
  td.colSpan = span;
  return el('tr', 'note-row', td);
}

async function checkRoute(state, row, status) {
  const key = `route:${row.delegateId}`;
  state.busy.add(key);
  updateDelegate(state, row.delegateId);
  try {
    const note = status === 'issue' ? (state.drafts.get(key) ?? '').trim() || null : null;
    row.route = await apiJson(`/api/delegates/${encodeURIComponent(row.delegateId)}/route/checks`, { method: 'POST', body: { status, note } });
    state.errors.delete(key);
    state.drafts.delete(key);
    if (state.open?.id === row.delegateId) state.open = null;
  } catch (error) {
    state.errors.set(key, `${t('incident.failed')} ${problemText(error)}`);
  } finally {
    state.busy.delete(key);
    updateDelegate(state, row.delegateId);
  }
}

function renderArrivals(state) {
  const rows = visibleRows(state);
  const body = document.getElementById('arrivals-body');
  body.replaceChildren(...(rows.length ? rows.map((row) => arrivalRow(state, row)) : [emptyRow(state.rows.length === 0 ? 'security.noDelegates' : 'security.noMatch', 4)]));
  document.getElementById('row-count').replaceChildren(label('operator.rows', { shown: rows.length, total: state.rows.length }));
}

function arrivalRow(state, row) {
  const mark = state.attendance.get(row.delegateId);
  const tr = el('tr', `arrival-row mark-row-${mark?.status ?? 'expected'}`);
  tr.dataset.delegate = row.delegateId;
  tr.dataset.mark = mark?.status ?? 'expected';
  const markCell = el('td', 'mark-cell');
  if (mark && mark.status !== 'expected') {
    markCell.append(statusBadge(markIconOf[mark.status] ?? 'pending', `attendance.mark.${mark.status}`),
      el('small', null, `${formatTime(mark.at)} · ${mark.by}`));
  } else {
    markCell.append(label('attendance.mark.expected', null, 'muted'));
  }
  const key = `mark:${row.delegateId}`;
  const buttons = el('div', 'mark-buttons', ...marks.map((status) => {
    const button = el('button', `button mark-button mark-${status}`, label(`attendance.do.${status}`));
    button.type = 'button';
    button.dataset.mark = status;
    button.setAttribute('aria-pressed', String(mark?.status === status));
    button.disabled = state.busy.has(key);
    button.addEventListener('click', () => markAttendance(state, row, status));
    return button;
  }));
  const actions = el('td', 'actions', buttons);
  const error = state.errors.get(key);
  if (error) actions.append(el('p', 'error', error));
  tr.append(el('td', null, who(row)), el('td', 'status-cell', routeBadge(row)), markCell, actions);
  return tr;
}

async function markAttendance(state, row, status) {
  const key = `mark:${row.delegateId}`;
  state.busy.add(key);
  updateDelegate(state, row.delegateId);
  try {
    const marks = await apiJson(`/api/sessions/${encodeURIComponent(state.sessionId)}/attendance`, { method: 'POST', body: { delegateId: row.delegateId, status } });
    state.attendance = new Map(marks.map((m) => [m.delegateId, m]));
    state.errors.delete(key);
  } catch (error) {
    state.errors.set(key, `${t('incident.failed')} ${problemText(error)}`);
  } finally {
    state.busy.delete(key);
    updateDelegate(state, row.delegateId);
    renderSummary(state);
  }
}

function sweepItems(state) {
  return (state.readiness?.items ?? []).filter((i) => i.item === 'securitySweep');
}

function sweepMark(item) {
  if (item.expired && item.status === 'pending') return ['expired', 'sweep.expired'];
  return { pass: ['ok', 'sweep.pass'], fail: ['issue', 'sweep.fail'], waived: ['waived', 'check.waived'] }[item.status] ?? ['pending', 'sweep.pending'];
}

function renderVenues(state) {
  const items = sweepItems(state);
  const body = document.getElementById('venues-body');
  if (items.length === 0) {
    body.replaceChildren(el('p', 'empty', label('security.noVenues')));
    return;
  }
  keepFocus(() => body.replaceChildren(...items.map((item) => venueCard(state, item))));
}

function venueCard(state, item) {
  const venue = state.venues.get(item.targetId);
  const [mark, key] = sweepMark(item);
  const card = el('article', `venue-card sweep-${mark}`);
  card.dataset.venue = item.targetId;
  card.dataset.status = mark;
  const meta = el('p', 'sweep-meta');
  if (item.at) {
    meta.append(label('security.sweptBy', { who: item.by ?? '—', at: formatTime(item.at) }));
    if (item.note) meta.append(el('span', 'note', item.note));
  } else {
    meta.append(label('security.neverSwept', null, 'muted'));
  }
  const busyKey = `sweep:${item.targetId}`;
  const clear = actionButton('ok', 'security.sweepClear', state.busy.has(busyKey), () => sweep(state, item, 'clear'));
  clear.dataset.action = 'clear';
  const issue = actionButton('issue', 'security.markIssue', state.busy.has(busyKey), () => {
    state.open = { kind: 'sweep', id: item.targetId };
    renderVenues(state);
    document.querySelector(`[data-focus-key="sweep:${CSS.escape(item.targetId)}"]`)?.focus();
  });
  issue.dataset.action = 'issue';
  card.append(
    el('div', 'venue-head', el('h3', null, item.targetName), venue ? label(`venueKind.${venue.kind}`, null, 'kind') : null),
    statusBadge(mark, key),
    meta,
    el('div', 'actions', clear, issue));
  if (state.open?.kind === 'sweep' && state.open.id === item.targetId) {
    card.append(noteRow(state, 'sweep', item.targetId, 1, () => sweep(state, item, 'issue')));
  } else if (state.errors.get(busyKey)) {
    card.append(el('p', 'error', state.errors.get(busyKey)));
  }
  return card;
}

async function sweep(state, item, status) {
  const key = `sweep:${item.targetId}`;
  state.busy.add(key);
  renderVenues(state);
  try {
    const note = status === 'issue' ? (state.drafts.get(key) ?? '').trim() || null : null;
    await apiJson(`/api/venues/${encodeURIComponent(item.targetId)}/sweeps`, { method: 'POST', body: { status, note } });
    state.errors.delete(key);
    state.drafts.delete(key);
    if (state.open?.id === item.targetId) state.open = null;
    state.readiness = await apiJson(`/api/sessions/${encodeURIComponent(state.sessionId)}/readiness`);
  } catch (error) {
    state.errors.set(key, `${t('incident.failed')} ${problemText(error)}`);
  } finally {
    state.busy.delete(key);
    renderVenues(state);
    renderCounts(state);
  }
}

function emptyRow(key, span) {
  const td = el('td', 'empty', label(key));
  td.colSpan = span;
  return el('tr', null, td);
}
