// /security: what exists today for security officers. The day's sittings with the security and attendance counts
// of their boards, live; routes, venue sweeps and attendance marking come with a later release, and the page says so.
import { apiJson } from './auth.js';
import { formatDate, formatTime, label, onLangChange, todayInHanoi } from './i18n.js';
import { LiveLink } from './live.js';
import { el, phaseChip, startPage } from './shell.js';

const user = startPage('security');
if (user) {
  const boards = new Map();
  const render = () => {
    document.getElementById('day').textContent = formatDate(new Date());
    const sorted = [...boards.values()].sort((a, b) => a.scheduledStart.localeCompare(b.scheduledStart));
    const list = document.getElementById('security-sessions');
    list.replaceChildren(...sorted.map(row));
    if (sorted.length === 0) list.replaceChildren(el('p', 'empty', label('board.none')));
  };
  const link = new LiveLink({
    onBoard: (board) => {
      boards.set(board.sessionId, board);
      render();
    },
  });
  try {
    for (const board of await apiJson(`/api/board?date=${todayInHanoi()}`)) {
      boards.set(board.sessionId, board);
      link.sessions.add(board.sessionId);
    }
    render();
  } catch {
    document.getElementById('security-sessions').replaceChildren(el('p', 'empty', label('error.load')));
  }
  document.body.dataset.loaded = 'true';
  link.start();
  onLangChange(render);
}

function row(board) {
  const security = board.security;
  const attendance = board.attendance;
  const item = el('article', 'sec-session');
  item.dataset.session = board.sessionId;
  item.append(
    el('div', 'sec-head', el('span', 'card-time', `${formatTime(board.scheduledStart)}–${formatTime(board.scheduledEnd)}`),
      el('span', 'kind', label(`kind.${board.kind}`)), phaseChip(board.phase)),
    el('h2', 'card-title', board.title),
    el('div', 'sec-grid',
      fraction('security.routes', security.routesCleared, security.routesTotal),
      fraction('security.venues', security.venuesCleared, security.venuesTotal),
      count('attendance.expected', attendance.expected),
      count('attendance.inHall', attendance.inHall),
      count('attendance.online', attendance.online),
      count('attendance.absent', attendance.absent)));
  return item;
}

function fraction(key, done, total) {
  const node = el('div', 'cell', el('strong', null, `${done}/${total}`), label(key));
  node.dataset.cell = key;
  return node;
}

function count(key, value) {
  const node = el('div', 'cell', el('strong', null, String(value)), label(key));
  node.dataset.cell = key;
  return node;
}
