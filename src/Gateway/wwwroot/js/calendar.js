// /calendar: the month's sittings by Hà Nội day (a week at a time on a phone), each with its kind, phase and
// readiness, filtered by kind and hall; conflicts (a hall, a connection point or a delegate wanted twice at once)
// listed above and marked on both sittings. Every sitting opens the page of the reader's role for that day.
import { apiJson } from './auth.js';
import { dayInHanoi, formatTime, label, lang, onLangChange, t, todayInHanoi } from './i18n.js';
import { addDays, el, phaseChip, plenaryText, startPage } from './shell.js';

const phoneQuery = window.matchMedia('(max-width: 760px)');
const user = startPage('calendar');
if (user) {
  const state = { month: pageMonth(), data: null, kind: '', hall: '', weekStart: null };
  renderMonthPicker(state.month);
  document.getElementById('kind-filter').addEventListener('change', (event) => {
    state.kind = event.target.value;
    render(state);
  });
  document.getElementById('hall-filter').addEventListener('change', (event) => {
    state.hall = event.target.value;
    render(state);
  });
  phoneQuery.addEventListener('change', () => render(state));
  try {
    state.data = await apiJson(`/api/calendar?month=${state.month}`);
    const today = todayInHanoi();
    state.weekStart = monday(today.startsWith(state.month) ? today : `${state.month}-01`);
    render(state);
  } catch {
    document.getElementById('calendar').replaceChildren(el('p', 'error', label('error.load')));
  }
  document.body.dataset.loaded = 'true';
  onLangChange(() => state.data && render(state));
}

/** ?month=yyyy-MM, or the current month in Hà Nội. */
function pageMonth() {
  const asked = new URLSearchParams(location.search).get('month');
  return asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : todayInHanoi().slice(0, 7);
}

function addMonths(month, months) {
  const [year, number] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, number - 1 + months, 1));
  return date.toISOString().slice(0, 7);
}

function goToMonth(month) {
  const url = new URL(location.href);
  if (month === todayInHanoi().slice(0, 7)) url.searchParams.delete('month');
  else url.searchParams.set('month', month);
  location.assign(url);
}

function renderMonthPicker(month) {
  const box = document.getElementById('month-picker');
  const step = (key, target, className = '') => {
    const button = el('button', `button day-step ${className}`, label(key));
    button.type = 'button';
    button.dataset.month = target;
    button.addEventListener('click', () => goToMonth(target));
    return button;
  };
  const input = el('input');
  input.type = 'month';
  input.id = 'month-input';
  input.name = 'month';
  input.value = month;
  input.addEventListener('change', () => /^\d{4}-\d{2}$/.test(input.value) && goToMonth(input.value));
  const field = el('label', 'field', label('calendar.month'), input);
  field.htmlFor = input.id;
  const current = todayInHanoi().slice(0, 7);
  box.replaceChildren(...[field, step('calendar.previousMonth', addMonths(month, -1)),
    month === current ? null : step('calendar.thisMonth', current, 'primary'),
    step('calendar.nextMonth', addMonths(month, 1))].filter(Boolean));
}

/** The Monday on or before a day (the Vietnamese week starts on Monday: Thứ Hai). */
function monday(day) {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

function monthName(month) {
  const [year, number] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(year, number - 1, 1)));
}

function weekdayName(day, style = 'short') {
  return new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', { weekday: style, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

function render(state) {
  const { data } = state;
  document.getElementById('calendar-title').textContent = t('calendar.title', { month: monthName(state.month) });
  renderHallChoice(state);

  const shown = data.sittings.filter((s) => (!state.kind || s.kind === state.kind) && (!state.hall || s.hallVenueId === state.hall));
  const conflicted = new Map();
  for (const conflict of data.conflicts) for (const id of conflict.sessionIds) conflicted.set(id, [...(conflicted.get(id) ?? []), conflict]);
  const summary = document.getElementById('calendar-summary');
  summary.replaceChildren(label('calendar.summary', { n: shown.length, total: data.sittings.length, conflicts: data.conflicts.length }));
  renderConflicts(data);

  const byDay = new Map();
  for (const sitting of shown) for (const day of sitting.days) byDay.set(day, [...(byDay.get(day) ?? []), sitting]);
  const phone = phoneQuery.matches;
  const first = monday(data.from);
  const last = data.to;
  const days = [];
  if (phone) {
    for (let i = 0; i < 7; i++) days.push(addDays(state.weekStart, i));
  } else {
    for (let day = first; day <= last || days.length % 7 !== 0; day = addDays(day, 1)) days.push(day);
  }
  renderWeekNav(state, phone);

  const grid = document.getElementById('calendar');
  grid.classList.toggle('week-view', phone);
  const head = phone ? [] : days.slice(0, 7).map((day) => {
    const cell = el('div', 'cal-weekday', weekdayName(day));
    // Each day's heading says its weekday to a screen reader; this row is for the eye.
    cell.setAttribute('aria-hidden', 'true');
    return cell;
  });
  const today = todayInHanoi();
  const cells = days.map((day) => {
    const inMonth = day.startsWith(state.month);
    const cell = el('section', `cal-day${inMonth ? '' : ' outside'}${day === today ? ' today' : ''}`);
    cell.dataset.day = day;
    const heading = el('h2', 'cal-date',
      el('span', phone ? null : 'visually-hidden', `${weekdayName(day, 'long')} `),
      el('span', 'cal-date-number', String(Number(day.slice(8)))),
      phone ? `/${Number(day.slice(5, 7))}` : null);
    cell.append(heading);
    if (!inMonth && !phone) return cell;
    const sittings = (byDay.get(day) ?? []).sort((a, b) => a.scheduledStart.localeCompare(b.scheduledStart));
    if (sittings.length) {
      const list = el('ul', 'cal-sittings');
      list.append(...sittings.map((s) => sittingItem(s, day, conflicted.get(s.id) ?? [])));
      cell.append(list);
    } else if (inMonth) {
      cell.append(el('p', 'muted cal-empty', label('calendar.none')));
    }
    return cell;
  });
  grid.replaceChildren(...head, ...cells);
}

function renderHallChoice(state) {
  const select = document.getElementById('hall-filter');
  const halls = new Map(state.data.sittings.map((s) => [s.hallVenueId, s.hallName]));
  const all = el('option', null, t('filter.all'));
  all.value = '';
  select.replaceChildren(all, ...[...halls].sort((a, b) => a[1].localeCompare(b[1], 'vi')).map(([id, name]) => {
    const option = el('option', null, name);
    option.value = id;
    return option;
  }));
  select.value = state.hall;
}

function renderWeekNav(state, phone) {
  const nav = document.getElementById('week-nav');
  nav.hidden = !phone;
  if (!phone) return;
  const step = (key, days) => {
    const button = el('button', 'button day-step', label(key));
    button.type = 'button';
    button.addEventListener('click', () => {
      const next = addDays(state.weekStart, days);
      // A week of the month stays in the month: past its edges the month itself changes.
      if (addDays(next, 6) < state.data.from) goToMonth(addMonths(state.month, -1));
      else if (next > state.data.to) goToMonth(addMonths(state.month, 1));
      else {
        state.weekStart = next;
        render(state);
      }
    });
    return button;
  };
  nav.replaceChildren(step('calendar.previousWeek', -7),
    el('strong', null, label('calendar.week', { from: formatDayMonth(state.weekStart), to: formatDayMonth(addDays(state.weekStart, 6)) })),
    step('calendar.nextWeek', 7));
}

function formatDayMonth(day) {
  return `${Number(day.slice(8))}/${Number(day.slice(5, 7))}`;
}

/** Where a sitting leads: the reader's own page for it on that day. */
function hrefOf(sitting, day) {
  const query = `session=${encodeURIComponent(sitting.id)}${day === todayInHanoi() ? '' : `&date=${day}`}`;
  switch (user.role) {
    case 'operator': return `/operator?${query}`;
    case 'security': return `/security?${query}`;
    default: return `/board/${encodeURIComponent(sitting.id)}${day === todayInHanoi() ? '' : `?date=${day}`}`;
  }
}

function sittingItem(sitting, day, conflicts) {
  const past = new Date(sitting.scheduledEnd).getTime() < Date.now();
  const item = el('li', `cal-sitting kind-${sitting.kind}${conflicts.length ? ' conflict' : ''}${past ? ' past' : ''}`);
  item.dataset.session = sitting.id;
  item.dataset.phase = sitting.phase;
  const multiDay = sitting.days.length > 1;
  const time = multiDay && day !== sitting.days[0] ? t('calendar.continues', { n: sitting.days.indexOf(day) + 1, total: sitting.days.length })
    : `${formatTime(sitting.scheduledStart)}–${dayInHanoi(sitting.scheduledEnd) === day ? formatTime(sitting.scheduledEnd) : '…'}`;
  const link = el('a', 'cal-link', el('span', 'cal-time', time), el('span', 'cal-title', sitting.title));
  link.href = hrefOf(sitting, day);
  link.title = `${sitting.title} — ${sitting.hallName}`;
  const meta = el('div', 'cal-meta', el('span', `cal-kind kind-${sitting.kind}`, label(`kind.${sitting.kind}`)));
  if (sitting.phase !== 'scheduled') meta.append(phaseChip(sitting.phase));
  if (sitting.readiness && !['postponed', 'cancelled'].includes(sitting.phase) && !past) {
    const ready = el('span', `cal-readiness readiness-${sitting.readiness.state}`,
      label(`readiness.${sitting.readiness.state}`), ` ${sitting.readiness.percent}%`);
    ready.dataset.readiness = sitting.readiness.state;
    meta.append(ready);
  }
  if (sitting.plenary) meta.append(el('span', 'cal-plenary', plenaryText(sitting.plenary)));
  meta.append(el('span', 'cal-hall', sitting.hallName));
  if (conflicts.length) {
    const flag = el('span', 'cal-conflict', '⚠ ', label('calendar.conflictFlag', { n: conflicts.length }));
    flag.dataset.conflicts = conflicts.map((c) => c.kind).join(' ');
    meta.append(flag);
  }
  item.append(link, meta);
  if (['live', 'suspended', 'adjourned', 'closed'].includes(sitting.phase)) {
    const report = el('a', 'cal-edit cal-report', label('calendar.report'));
    report.href = `/reports/${encodeURIComponent(sitting.id)}`;
    item.append(report);
  }
  if (user.role === 'admin') {
    const edit = el('a', 'cal-edit', label('calendar.edit'));
    edit.href = `/admin?session=${encodeURIComponent(sitting.id)}#sittings`;
    item.append(edit);
  }
  return item;
}

function renderConflicts(data) {
  const box = document.getElementById('conflicts');
  box.hidden = data.conflicts.length === 0;
  const byId = new Map(data.sittings.map((s) => [s.id, s]));
  const list = document.getElementById('conflict-list');
  list.replaceChildren(...data.conflicts.map((conflict) => {
    const names = conflict.targets.slice(0, 3).map((target) => target.name).join(', ');
    const more = conflict.targets.length > 3 ? t('calendar.andMore', { n: conflict.targets.length - 3 }) : '';
    const sittings = conflict.sessionIds.map((id) => byId.get(id)).filter(Boolean).map((s) => {
      const link = el('a', null, `${formatTime(s.scheduledStart)} ${s.title}`);
      link.href = hrefOf(s, dayInHanoi(conflict.from));
      return el('li', null, link);
    });
    const item = el('li', `conflict conflict-${conflict.kind}`,
      el('strong', null, label(`conflict.${conflict.kind}`, { names: names + more })),
      ' ', el('span', 'muted', `${formatDayMonth(dayInHanoi(conflict.from))} · ${formatTime(conflict.from)}–${formatTime(conflict.to)}`),
      el('ul', 'conflict-sittings', ...sittings));
    item.dataset.kind = conflict.kind;
    item.dataset.sessions = conflict.sessionIds.join(' ');
    return item;
  }));
}
