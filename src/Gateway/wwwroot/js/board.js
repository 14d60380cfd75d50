// /board: leadership's status board. Every sitting of the day as a card, live; a click opens its wall view.
import { apiJson } from './auth.js';
import { formatDate, formatDuration, formatTime, label, onLangChange } from './i18n.js';
import { LiveLink } from './live.js';
import { securityLine } from './security-counts.js';
import { el, healthIcon, pageDay, phaseChip, phaseReasonLine, plenaryText, progress, renderDayPicker, startPage, timing } from './shell.js';

const user = startPage('board');
if (user) {
  const boards = new Map();
  const grid = document.getElementById('cards');
  const heading = document.getElementById('day');
  const day = pageDay();
  renderDayPicker(day);

  const render = () => {
    heading.textContent = formatDate(new Date(`${day}T12:00:00+07:00`));
    const sorted = [...boards.values()].sort((a, b) => a.scheduledStart.localeCompare(b.scheduledStart) || a.sessionId.localeCompare(b.sessionId));
    grid.replaceChildren(...sorted.map(card));
    if (sorted.length === 0) grid.replaceChildren(el('p', 'empty', label('board.none')));
    document.getElementById('summary').replaceChildren(...summary(sorted));
  };

  const link = new LiveLink({
    onBoard: (board) => {
      boards.set(board.sessionId, board);
      render();
    },
  });

  // The day's list; read again after a reconnect, so that a sitting added meanwhile appears too.
  const loadDay = async () => {
    for (const board of await apiJson(`/api/board?date=${day}`)) {
      // Those already shown are refreshed by the hub's own re-subscription.
      if (!boards.has(board.sessionId)) boards.set(board.sessionId, board);
      if (!link.sessions.has(board.sessionId)) await link.subscribe(board.sessionId);
    }
    render();
  };
  try {
    await loadDay();
  } catch {
    grid.replaceChildren(el('p', 'empty', label('error.load')));
  }
  document.body.dataset.loaded = 'true';
  link.start();
  link.connection.onreconnected(() => loadDay().catch(() => {}));
  onLangChange(render);
  // The countdowns move with the clock.
  setInterval(() => {
    for (const node of grid.querySelectorAll('[data-timing]')) {
      const board = boards.get(node.dataset.timing);
      if (board) fillTiming(node, board);
    }
  }, 1000);
}

function summary(boards) {
  const live = boards.filter((b) => b.phase === 'live').length;
  // Unresolved: open and acknowledged alike, until someone resolves them.
  const open = boards.reduce((sum, b) => sum + b.incidents.open + b.incidents.acknowledged, 0);
  const offline = boards.reduce((sum, b) => sum + b.connectionPoints.offline, 0);
  return [
    stat('board.summary.sessions', boards.length),
    stat('board.summary.live', live),
    stat('board.summary.offline', offline, offline > 0 ? 'bad' : null),
    stat('board.summary.incidents', open, open > 0 ? 'warn' : null),
  ];
}

function stat(key, value, tone) {
  const node = el('div', `stat ${tone ?? ''}`, el('strong', null, String(value)), label(key));
  node.dataset.stat = key;
  return node;
}

function fillTiming(node, board) {
  const { key, ms, overrun } = timing(board);
  node.replaceChildren(label(key, { d: formatDuration(ms) }));
  node.classList.toggle('overrun', Boolean(overrun));
}

function card(board) {
  const a = el('a', `card phase-border-${board.phase}`);
  a.href = `/board/${encodeURIComponent(board.sessionId)}`;
  a.dataset.session = board.sessionId;

  const when = el('div', 'card-when', el('span', 'card-time', `${formatTime(board.scheduledStart)}–${formatTime(board.scheduledEnd)}`));
  const timingNode = el('span', 'card-timing');
  timingNode.dataset.timing = board.sessionId;
  fillTiming(timingNode, board);
  when.append(timingNode);

  const head = el('div', 'card-head', el('span', 'kind', label(`kind.${board.kind}`)), el('span', 'format', label(`format.${board.format}`)), phaseChip(board.phase));
  const title = el('h2', 'card-title', board.title);
  const plenary = board.plenary ? el('p', 'card-plenary', plenaryText(board.plenary)) : null;
  const reason = phaseReasonLine(board);

  const points = board.connectionPoints;
  const pointsBlock = el('div', 'card-block');
  if (points.total > 0) {
    const counts = el('div', 'counts');
    for (const health of ['online', 'degraded', 'offline', 'unknown']) {
      const count = el('span', `count count-${health}`, healthIcon(health), el('strong', null, String(points[health])), label(`health.${health}`));
      count.dataset.count = health;
      counts.append(count);
    }
    pointsBlock.append(el('h3', null, label('board.points', { n: points.total })), counts);
  } else {
    pointsBlock.append(el('h3', null, label('board.noPoints')));
  }

  const readiness = board.readiness;
  const readyBlock = el('div', 'card-block',
    el('h3', null, label('board.readiness')),
    el('div', `readiness readiness-${readiness.state}`,
      el('strong', null, `${readiness.percent}%`), label(`readiness.${readiness.state}`)),
    progress(readiness.percent, readiness.state),
    securityLine(board.security));

  const attendance = board.attendance;
  const present = attendance.quorum.present;
  const quorumBlock = el('div', 'card-block',
    el('h3', null, label('board.attendance')),
    el('div', 'quorum-line',
      el('strong', null, String(present)),
      el('span', null, ' / '),
      label('board.quorumOf', { required: attendance.quorum.required, expected: attendance.expected })),
    el('div', `quorum-state ${attendance.quorum.reached ? 'reached' : 'not-reached'}`,
      label(attendance.quorum.reached ? 'quorum.reached' : 'quorum.notReached')));

  const incidents = board.incidents;
  const incidentBlock = el('div', `card-block incidents-block ${incidents.open > 0 ? 'has-open' : ''}`,
    el('h3', null, label('board.incidents')),
    el('div', 'incident-counts',
      el('span', null, el('strong', null, String(incidents.open)), label('incident.open')),
      el('span', null, el('strong', null, String(incidents.acknowledged)), label('incident.acknowledged'))));

  a.append(...[head, plenary, title, reason].filter(Boolean), when, el('div', 'card-grid', pointsBlock, readyBlock, quorumBlock, incidentBlock), el('span', 'card-open', label('board.openWall')));
  return a;
}

