// The operator's hold on the sitting itself: the phase moves the contract allows from where it stands, each confirmed
// with what it does (and why, where a reason is asked); moving it in time (lùi); the history of both with their
// authors; and marking the delegates who follow it from the connection points.
import { apiJson } from './auth.js';
import { has, label, lang, t, timeZone } from './i18n.js';
import { dialogField, el, healthBadge, openDialog, problemText, statusBadge } from './shell.js';

const forward = {
  scheduled: ['preparing'],
  preparing: ['ready'],
  ready: ['live', 'preparing'],
  live: ['suspended', 'adjourned'],
  suspended: ['live', 'adjourned'],
  adjourned: ['closed'],
  postponed: ['scheduled'],
  closed: [],
  cancelled: [],
};

/** The moves from a phase, as the server allows them: forward, and postponed or cancelled before the end. */
export function movesFrom(phase) {
  if (phase === 'closed' || phase === 'cancelled') return [];
  return [...forward[phase], ...(phase === 'postponed' ? [] : ['postponed']), 'cancelled'];
}

const needsReason = new Set(['postponed', 'cancelled']);
const stopping = new Set(['postponed', 'cancelled', 'adjourned', 'closed']);
const reschedulable = new Set(['scheduled', 'preparing', 'ready', 'postponed']);
const away = new Set(['inHall', 'excused', 'absent']);

/** The label of a move: its own from this phase ("resume" from suspended), or the move's. */
function moveKey(from, to) {
  return has(`move.${from}.${to}`) ? `move.${from}.${to}` : `move.${to}`;
}

/** What the server refused, in the reader's words, with the server's reason after it. */
export function refusal(error) {
  const key = { 400: 'error.invalid', 403: 'error.forbidden', 404: 'error.notFound', 409: 'error.conflict' }[error.status] ?? 'error.failed';
  const detail = problemText(error);
  return detail ? `${t(key)} ${detail}` : t(key);
}

function dateTime(iso) {
  return new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(new Date(iso));
}

/** An ISO interval start/end as "08:00 03/12 – 11:30 03/12". */
function interval(text) {
  const [start, end] = text.split('/');
  return `${dateTime(start)} – ${dateTime(end)}`;
}

/** A time as a datetime-local field shows it, in Hà Nội. */
function localInput(iso) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** A datetime-local value read as Hà Nội time (UTC+7 all year). */
function fromLocalInput(value) {
  return value ? `${value.length === 16 ? `${value}:00` : value}+07:00` : null;
}

export class SittingControl {
  constructor({ role, readiness }) {
    this.role = role;
    this.readiness = readiness;
    this.session = null;
    this.board = null;
    this.delegates = [];
    this.busy = new Set();
    this.errors = new Map();
  }

  clear() {
    this.session = null;
    this.delegates = [];
    this.errors.clear();
  }

  async load(sessionId, board) {
    this.board = board;
    const id = encodeURIComponent(sessionId);
    const [session, delegates] = await Promise.all([
      apiJson(`/api/sessions/${id}`),
      apiJson(`/api/sessions/${id}/delegates`).catch(() => []),
    ]);
    this.session = session;
    this.delegates = delegates;
    this.render();
  }

  /** A pushed board. A move made elsewhere (another console, an admin) brings its history entry once. */
  boardChanged(board) {
    const before = this.board;
    this.board = board;
    if (this.session && before && (before.phase !== board.phase || before.scheduledStart !== board.scheduledStart ||
      before.scheduledEnd !== board.scheduledEnd)) {
      apiJson(`/api/sessions/${encodeURIComponent(board.sessionId)}`).then((session) => {
        if (session.id === this.board?.sessionId) this.session = session;
        this.render();
      }).catch(() => this.render());
      return;
    }
    this.render();
  }

  acceptMark(mark) {
    const row = this.delegates.find((d) => d.id === mark.delegateId);
    if (!row) return;
    row.attendance = mark;
    this.renderAttendance();
  }

  render() {
    this.renderControls();
    this.renderHistory();
    this.renderAttendance();
  }

  renderControls() {
    const box = document.getElementById('phase-controls');
    if (!box || !this.board) return;
    const phase = this.board.phase;
    const moves = movesFrom(phase);
    const main = moves.filter((m) => !needsReason.has(m));
    const stops = moves.filter((m) => needsReason.has(m));
    const button = (to, className) => {
      const node = el('button', `button ${className}`, label(moveKey(phase, to)));
      node.type = 'button';
      node.dataset.move = to;
      node.addEventListener('click', () => this.confirmMove(to));
      return node;
    };
    const parts = [el('span', 'controls-label', label('sitting.moves'))];
    if (moves.length === 0) parts.push(el('span', 'muted', label('sitting.noMoves')));
    parts.push(...main.map((to, i) => button(to, i === 0 ? 'primary' : '')));
    if (reschedulable.has(phase)) {
      const move = el('button', 'button', label('sitting.reschedule'));
      move.type = 'button';
      move.dataset.action = 'reschedule';
      move.addEventListener('click', () => this.confirmReschedule());
      parts.push(move);
    }
    parts.push(...stops.map((to) => button(to, 'danger subtle')));
    if ((phase === 'postponed' || phase === 'cancelled') && this.board.phaseReason) {
      const why = el('p', 'phase-reason', label(`sitting.reason.${phase}`), ` “${this.board.phaseReason}”`);
      parts.push(why);
    }
    box.replaceChildren(...parts);
  }

  async confirmMove(to) {
    const from = this.board.phase;
    const readiness = this.readiness?.() ?? this.board.readiness;
    const gated = from === 'ready' && to === 'live' && readiness?.state !== 'go';
    const fields = [];
    const reason = dialogField('textarea', 'reason', needsReason.has(to) ? 'sitting.reasonRequired' : 'sitting.reasonOptional', { required: needsReason.has(to) });
    let override = null;
    if (gated && this.role === 'admin') {
      override = dialogField('checkbox', 'override', 'sitting.override');
      fields.push(override);
    }
    fields.push(reason);
    let bodyKey = `move.what.${to}`;
    if (gated) bodyKey = this.role === 'admin' ? 'move.what.live.gateAdmin' : 'move.what.live.gate';
    await openDialog({
      id: 'phase-dialog',
      titleKey: 'sitting.confirmTitle',
      titleParams: { move: t(moveKey(from, to)) },
      bodyKey,
      bodyParams: { percent: readiness?.percent ?? 0, title: this.board.title },
      fields,
      confirmKey: moveKey(from, to),
      danger: stopping.has(to),
      onConfirm: async (form) => {
        const text = form.elements.reason.value.trim();
        const isOverride = Boolean(form.elements.override?.checked);
        if ((needsReason.has(to) || isOverride) && !text) throw new Error(t('sitting.reasonMissing'));
        try {
          this.session = await apiJson(`/api/sessions/${encodeURIComponent(this.board.sessionId)}/phase`, {
            method: 'POST',
            body: { phase: to, reason: text || null, override: isOverride || undefined },
          });
        } catch (error) {
          throw new Error(refusal(error));
        }
        this.board = { ...this.board, phase: this.session.phase, phaseReason: this.session.phaseReason };
        this.render();
      },
    });
  }

  async confirmReschedule() {
    const board = this.board;
    await openDialog({
      id: 'reschedule-dialog',
      titleKey: 'sitting.rescheduleTitle',
      bodyKey: board.phase === 'postponed' ? 'sitting.rescheduleBody.postponed' : 'sitting.rescheduleBody',
      bodyParams: { title: board.title },
      fields: [
        dialogField('datetime-local', 'start', 'sitting.newStart', { required: true, value: localInput(board.scheduledStart) }),
        dialogField('datetime-local', 'end', 'sitting.newEnd', { required: true, value: localInput(board.scheduledEnd) }),
        dialogField('textarea', 'reason', 'sitting.reasonRequired', { required: true }),
      ],
      confirmKey: 'sitting.reschedule',
      onConfirm: async (form) => {
        const reason = form.elements.reason.value.trim();
        if (!reason) throw new Error(t('sitting.reasonMissing'));
        try {
          this.session = await apiJson(`/api/sessions/${encodeURIComponent(board.sessionId)}/reschedule`, {
            method: 'POST',
            body: { scheduledStart: fromLocalInput(form.elements.start.value), scheduledEnd: fromLocalInput(form.elements.end.value), reason },
          });
        } catch (error) {
          throw new Error(refusal(error));
        }
        this.board = { ...this.board, phase: this.session.phase, scheduledStart: this.session.scheduledStart, scheduledEnd: this.session.scheduledEnd };
        this.render();
      },
    });
  }

  renderHistory() {
    const summary = document.getElementById('history-summary');
    const list = document.getElementById('history-list');
    if (!summary || !list) return;
    const entries = [...(this.session?.history ?? [])].reverse();
    summary.replaceChildren(label('sitting.history', { n: entries.length }));
    list.replaceChildren(...entries.map((entry) => {
      const what = entry.kind === 'reschedule'
        ? label('history.rescheduled', { from: interval(entry.from), to: interval(entry.to) })
        : label(entry.override ? 'history.phaseOverride' : 'history.phase', { from: t(`phase.${entry.from}`), to: t(`phase.${entry.to}`) });
      const item = el('li', `history-entry history-${entry.kind}`, el('span', 'history-when', dateTime(entry.at)),
        el('span', 'history-what', what), el('span', 'history-by muted', label('history.by', { who: entry.by })));
      if (entry.reason) item.append(el('span', 'history-reason', `“${entry.reason}”`));
      item.dataset.kind = entry.kind;
      return item;
    }));
  }

  /** The points of the sitting, each with the delegates of its delegation and those marked online there. */
  renderAttendance() {
    const body = document.getElementById('attendance-body');
    if (!body || !this.board) return;
    const points = this.board.connectionPoints.items;
    const online = this.delegates.filter((d) => d.attendance?.status === 'online').length;
    document.getElementById('count-attendance').textContent = String(online);
    if (points.length === 0) {
      body.replaceChildren(el('p', 'muted', label('attendance.online.noPoints')));
      return;
    }
    const closed = ['closed', 'cancelled'].includes(this.board.phase);
    body.replaceChildren(...points.map((point) => {
      const rows = this.delegates.filter((d) => (d.attendance?.status === 'online' ? d.attendance.connectionPointId === point.id : d.delegation === point.province))
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
      const here = rows.filter((d) => d.attendance?.status === 'online' && d.attendance.connectionPointId === point.id).length;
      const canMark = point.health !== 'offline' && !closed;
      const group = el('section', 'att-group');
      group.dataset.point = point.id;
      const all = el('button', 'button', label('attendance.online.markAll'));
      all.type = 'button';
      all.dataset.action = 'mark-all';
      const waiting = rows.filter((d) => !(d.attendance?.status === 'online' && d.attendance.connectionPointId === point.id) && !away.has(d.attendance?.status));
      all.disabled = !canMark || waiting.length === 0 || this.busy.has(point.id);
      all.addEventListener('click', () => this.markAll(point, waiting));
      group.append(el('header', 'att-head', el('h3', null, point.name), healthBadge(point.health),
        el('span', 'muted att-count', label('attendance.online.count', { n: here, total: rows.length })), all));
      if (point.health === 'offline') group.append(el('p', 'muted', label('attendance.online.offline')));
      if (this.errors.has(point.id)) {
        const error = el('p', 'error', this.errors.get(point.id));
        error.setAttribute('role', 'alert');
        group.append(error);
      }
      if (rows.length === 0) group.append(el('p', 'muted', label('attendance.online.none')));
      const list = el('ul', 'att-list');
      for (const person of rows) {
        const status = person.attendance?.status ?? 'expected';
        const isHere = status === 'online' && person.attendance.connectionPointId === point.id;
        const item = el('li', 'att-row', el('span', 'att-name', person.name),
          statusBadge(isHere ? 'ok' : away.has(status) ? 'waived' : 'pending', `attendance.mark.${status}`));
        item.dataset.delegate = person.id;
        item.dataset.status = status;
        if (!isHere) {
          const mark = el('button', 'button small', label('attendance.online.mark'));
          mark.type = 'button';
          mark.dataset.action = 'online';
          mark.disabled = !canMark || this.busy.has(person.id);
          mark.setAttribute('aria-label', `${t('attendance.online.mark')}: ${person.name}`);
          mark.addEventListener('click', () => this.markOnline(point, [person]));
          item.append(mark);
        }
        list.append(item);
      }
      group.append(list);
      return group;
    }));
  }

  async markAll(point, people) {
    this.busy.add(point.id);
    await this.markOnline(point, people);
    this.busy.delete(point.id);
    this.renderAttendance();
  }

  async markOnline(point, people) {
    this.errors.delete(point.id);
    for (const person of people) this.busy.add(person.id);
    this.renderAttendance();
    try {
      for (const person of people) {
        const marks = await apiJson(`/api/sessions/${encodeURIComponent(this.board.sessionId)}/attendance`, {
          method: 'POST',
          body: { delegateId: person.id, status: 'online', connectionPointId: point.id },
        });
        const latest = new Map(marks.map((m) => [m.delegateId, m]));
        for (const row of this.delegates) row.attendance = latest.get(row.id) ?? row.attendance ?? null;
      }
    } catch (error) {
      this.errors.set(point.id, refusal(error));
    } finally {
      for (const person of people) this.busy.delete(person.id);
      this.renderAttendance();
    }
  }
}

