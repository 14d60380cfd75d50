// /reports?month=yyyy-MM (or ?year=yyyy): the month's or the year's tổng kết — meetings by kind and outcome, each
// point's availability (the least available first, with a bar to compare them at a glance), incidents and how fast
// they were handled, readiness on time — and every closed sitting opening its own report. Prints on A4.
import { apiJson } from './auth.js';
import { formatDuration, formatNumber, formatTime, label, lang, onLangChange, t, todayInHanoi } from './i18n.js';
import { el, progress, startPage } from './shell.js';

const user = startPage('reports');
if (user) {
  const query = new URLSearchParams(location.search);
  const year = /^\d{4}$/.test(query.get('year') ?? '') ? query.get('year') : null;
  const month = year ? null : /^\d{4}-(0[1-9]|1[0-2])$/.test(query.get('month') ?? '') ? query.get('month') : todayInHanoi().slice(0, 7);
  renderPicker(month, year);
  try {
    const rollUp = await apiJson(year ? `/api/reports/yearly?year=${year}` : `/api/reports/monthly?month=${month}`);
    render(rollUp, month, year);
    onLangChange(() => render(rollUp, month, year));
  } catch {
    document.getElementById('rollup-figures').replaceChildren(el('p', 'error', label('error.load')));
  }
  document.body.dataset.loaded = 'true';
}

function renderPicker(month, year) {
  const go = (params) => location.assign(`/reports?${new URLSearchParams(params)}`);
  const input = el('input');
  input.type = 'month';
  input.id = 'rollup-month';
  input.name = 'month';
  input.value = month ?? `${year}-01`;
  input.addEventListener('change', () => /^\d{4}-\d{2}$/.test(input.value) && go({ month: input.value }));
  const field = el('label', 'field', label('calendar.month'), input);
  field.htmlFor = input.id;
  const yearButton = el('button', 'button', label('rollup.wholeYear', { year: year ?? month.slice(0, 4) }));
  yearButton.type = 'button';
  yearButton.dataset.year = year ?? month.slice(0, 4);
  yearButton.addEventListener('click', () => go({ year: yearButton.dataset.year }));
  const print = el('button', 'button primary', label('report.print'));
  print.type = 'button';
  print.addEventListener('click', () => window.print());
  document.getElementById('period-picker').replaceChildren(field, yearButton, print);
}

function periodName(month, year) {
  if (year) return t('rollup.year', { year });
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

function figure(key, value, id) {
  const box = el('div', 'figure', el('span', 'figure-value', value), el('span', 'figure-label', label(key)));
  box.dataset.figure = id;
  return box;
}

function seconds(value) {
  return value === null || value === undefined ? '—' : formatDuration(value * 1000);
}

function render(rollUp, month, year) {
  document.getElementById('rollup-title').textContent = t('rollup.title', { period: periodName(month, year) });
  const m = rollUp.meetings;
  const byKind = el('p', 'muted', ...Object.entries(m.byKind).map(([kind, n], i) => el('span', null, i ? ' · ' : '', label(`kind.${kind}`), `: ${n}`)));
  document.getElementById('rollup-figures').replaceChildren(
    el('div', 'figures',
      figure('rollup.meetings', formatNumber(m.total), 'total'),
      figure('rollup.held', formatNumber(m.held), 'held'),
      figure('rollup.postponed', formatNumber(m.postponed), 'postponed'),
      figure('rollup.cancelled', formatNumber(m.cancelled), 'cancelled'),
      figure('rollup.incidents', formatNumber(rollUp.incidents.total), 'incidents'),
      figure('rollup.toAcknowledge', seconds(rollUp.incidents.medianSecondsToAcknowledge), 'toAcknowledge'),
      figure('rollup.toResolve', seconds(rollUp.incidents.medianSecondsToResolve), 'toResolve'),
      figure('rollup.readinessOnTime', rollUp.readinessOnTimePct === null ? '—' : `${formatNumber(rollUp.readinessOnTimePct, 1)} %`, 'readiness')),
    byKind);

  const points = rollUp.connectionPoints;
  document.getElementById('rollup-points').replaceChildren(points.length === 0 ? el('p', 'muted', label('rollup.noPoints')) :
    el('div', 'table-wrap', el('table', 'report-table',
      el('thead', null, el('tr', null, ...['report.col.point', 'report.col.province', 'report.col.availability', 'report.col.offline', 'rollup.col.incidents']
        .map((key) => el('th', null, label(key))))),
      el('tbody', null, ...points.map((p) => {
        const bar = progress(p.availabilityPct, p.availabilityPct >= 99 ? 'go' : p.availabilityPct >= 95 ? 'pending' : 'noGo', 'report.col.availability');
        const row = el('tr', null, el('td', null, p.name), el('td', null, p.province),
          el('td', 'availability-cell', `${formatNumber(p.availabilityPct, 2)} %`, bar), el('td', null, seconds(p.offlineSeconds)),
          el('td', null, String(p.incidents)));
        row.dataset.point = p.id;
        return row;
      })))));

  document.getElementById('rollup-sittings').replaceChildren(rollUp.sittings.length === 0 ? el('p', 'muted', label('rollup.noSittings')) :
    el('ul', 'rollup-sittings', ...rollUp.sittings.map((s) => {
      const link = el('a', null, `${s.scheduledStart.slice(8, 10)}/${s.scheduledStart.slice(5, 7)} ${formatTime(s.scheduledStart)} · ${s.title}`);
      link.href = `/reports/${encodeURIComponent(s.id)}`;
      const item = el('li', null, link, ' ', el('span', 'muted', label(`kind.${s.kind}`)));
      item.dataset.session = s.id;
      return item;
    })));
}
