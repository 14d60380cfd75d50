// /reports/{sessionId}: the after-action report (tổng kết) of one sitting, to read on screen and to print on A4
// ("Save as PDF" gives the document leadership files): actual times against the schedule, a timeline with a lane per
// connection point (health as colour and as pattern, phases marked), availability and outages per point, incidents
// with the time to acknowledge and resolve, readiness on time, attendance and quorum.
import { apiJson } from './auth.js';
import { formatDuration, formatNumber, formatTime, label, onLangChange, t } from './i18n.js';
import { el, startPage } from './shell.js';

const sessionId = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const user = startPage('reports');
if (user) {
  try {
    const report = await apiJson(`/api/sessions/${encodeURIComponent(sessionId)}/report`);
    render(report);
    onLangChange(() => render(report));
  } catch (error) {
    document.getElementById('report-head').replaceChildren(el('p', 'error', label(error.status === 404 ? 'report.notFound' : 'error.load')));
  }
  document.body.dataset.loaded = 'true';
}

function render(report) {
  renderTools(report);
  renderHead(report);
  renderTimeline(report);
  renderPoints(report);
  renderIncidents(report);
  renderPhases(report);
}

function renderTools(report) {
  const print = el('button', 'button primary', label('report.print'));
  print.type = 'button';
  print.id = 'print';
  print.addEventListener('click', () => window.print());
  const csv = el('a', 'button', label('report.csv'));
  csv.href = `/api/sessions/${encodeURIComponent(report.sessionId)}/report.csv`;
  csv.download = `tong-ket-${report.sessionId}.csv`;
  const json = el('a', 'button', label('report.json'));
  json.href = `/api/sessions/${encodeURIComponent(report.sessionId)}/report`;
  json.download = `tong-ket-${report.sessionId}.json`;
  document.getElementById('report-tools').replaceChildren(print, csv, json);
}

function when(iso) {
  if (!iso) return '—';
  const date = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));
  return `${formatTime(iso)} ${date}`;
}

function seconds(value) {
  return value === null || value === undefined ? '—' : formatDuration(value * 1000);
}

function renderHead(report) {
  const status = el('p', `report-status status-${report.status}`, label(`report.status.${report.status}`, { asOf: when(report.asOf) }));
  status.dataset.status = report.status;
  const facts = el('dl', 'report-facts',
    el('dt', null, label('report.scheduled')), el('dd', null, `${when(report.scheduledStart)} – ${formatTime(report.scheduledEnd)}`),
    el('dt', null, label('report.actual')), el('dd', null, report.actualStart ? `${when(report.actualStart)} – ${report.actualEnd ? formatTime(report.actualEnd) : '…'}` : '—'),
    el('dt', null, label('report.readiness')), el('dd', null, report.readiness.goAt
      ? label(report.readiness.onTime ? 'report.readyOnTime' : 'report.readyLate', { at: when(report.readiness.goAt), deadline: when(report.readiness.deadline) })
      : label('report.neverReady', { deadline: when(report.readiness.deadline) })),
    el('dt', null, label('report.attendance')), el('dd', null, report.attendance.quorumReachedAt
      ? label('report.quorumAt', { n: report.attendance.peakPresent, at: when(report.attendance.quorumReachedAt) })
      : label('report.quorumNever', { n: report.attendance.peakPresent })));
  document.getElementById('report-head').replaceChildren(
    el('p', 'report-kicker', label('report.kicker'), ' · ', label(`kind.${report.kind}`)),
    el('h1', null, report.title), status, facts);
}

/** A lane per point: health as colour and as pattern (never colour alone), the phases marked across all lanes. */
function renderTimeline(report) {
  const box = document.getElementById('report-timeline');
  const start = report.actualStart ?? report.phases[0]?.at;
  if (!start || report.connectionPoints.length === 0) {
    box.replaceChildren(el('p', 'muted', label('report.noTimeline')));
    return;
  }
  const from = Date.parse(start);
  const to = Math.max(Date.parse(report.asOf), from + 60_000);
  const width = 1000;
  const labelWidth = 200;
  const lane = 22;
  const top = 30;
  const height = top + report.connectionPoints.length * (lane + 6) + 24;
  const x = (iso) => labelWidth + ((Date.parse(iso) - from) / (to - from)) * (width - labelWidth - 10);
  const ns = 'http://www.w3.org/2000/svg';
  const node = (tag, attributes, text) => {
    const n = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attributes)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const svg = node('svg', { viewBox: `0 0 ${width} ${height}`, class: 'timeline-chart', role: 'img' });
  svg.setAttribute('aria-label', t('report.timelineAlt', { n: report.connectionPoints.length }));
  const defs = node('defs', {});
  defs.innerHTML = `
    <pattern id="pattern-degraded" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="8" height="8" class="lane-degraded"/><line x1="0" y1="0" x2="0" y2="8" class="hatch"/></pattern>
    <pattern id="pattern-offline" width="8" height="8" patternUnits="userSpaceOnUse">
      <rect width="8" height="8" class="lane-offline"/><path d="M0 0L8 8M8 0L0 8" class="hatch"/></pattern>`;
  svg.append(defs);
  report.connectionPoints.forEach((point, i) => {
    const y = top + i * (lane + 6);
    const group = node('g', { 'data-point': point.id, class: 'lane' });
    group.append(node('text', { x: 0, y: y + lane * 0.7, class: 'lane-name' }, point.name.length > 26 ? `${point.name.slice(0, 25)}…` : point.name));
    group.append(node('rect', { x: labelWidth, y, width: width - labelWidth - 10, height: lane, class: 'lane-online' }));
    for (const outage of point.outages) {
      const left = x(outage.from);
      group.append(node('rect', { x: left, y, width: Math.max(2, x(outage.to) - left), height: lane, fill: `url(#pattern-${outage.health})`, 'data-health': outage.health }));
    }
    svg.append(group);
  });
  // Labels of moves close together take turns on two rows, so that none covers another.
  let lastLabel = -Infinity;
  let row = 0;
  for (const phase of report.phases.filter((p) => Date.parse(p.at) >= from && Date.parse(p.at) <= to)) {
    const px = x(phase.at);
    row = px - lastLabel < 110 ? 1 - row : 0;
    lastLabel = px;
    svg.append(node('line', { x1: px, x2: px, y1: 14, y2: height - 20, class: 'phase-mark' }));
    svg.append(node('text', { x: px + 3, y: row === 0 ? 11 : 22, class: 'phase-label' }, t(`phase.${phase.phase}`)));
  }
  svg.append(node('text', { x: labelWidth, y: height - 6, class: 'axis' }, formatTime(new Date(from).toISOString())));
  svg.append(node('text', { x: width - 10, y: height - 6, class: 'axis', 'text-anchor': 'end' }, formatTime(new Date(to).toISOString())));
  const legend = el('p', 'timeline-legend', ...['online', 'degraded', 'offline'].map((health) =>
    el('span', `legend-item legend-${health}`, el('span', 'swatch'), label(`health.${health}`))));
  box.replaceChildren(svg, legend);
}

function table(headKeys, rows) {
  return el('div', 'table-wrap', el('table', 'report-table',
    el('thead', null, el('tr', null, ...headKeys.map((key) => el('th', null, label(key))))),
    el('tbody', null, ...rows.map((cells) => el('tr', null, ...cells.map((cell) => el('td', null, cell)))))));
}

function renderPoints(report) {
  const points = [...report.connectionPoints].sort((a, b) => a.availabilityPct - b.availabilityPct);
  document.getElementById('report-points').replaceChildren(points.length === 0 ? el('p', 'muted', label('report.noPoints')) : table(
    ['report.col.point', 'report.col.province', 'report.col.availability', 'report.col.degraded', 'report.col.offline', 'report.col.outages'],
    points.map((p) => [p.name, p.province, `${formatNumber(p.availabilityPct, 2)} %`, seconds(p.degradedSeconds), seconds(p.offlineSeconds), String(p.outages.length)])));
}

function renderIncidents(report) {
  document.getElementById('report-incidents').replaceChildren(report.incidents.length === 0 ? el('p', 'muted', label('report.noIncidents')) : table(
    ['report.col.kind', 'report.col.severity', 'report.col.target', 'report.col.opened', 'report.col.toAcknowledge', 'report.col.toResolve'],
    report.incidents.map((i) => [label(`incidentKind.${i.kind}`), label(`severity.${i.severity}`), i.targetName || i.targetId || '—', when(i.openedAt),
      seconds(i.secondsToAcknowledge), seconds(i.secondsToResolve)])));
}

function renderPhases(report) {
  document.getElementById('report-phases').replaceChildren(report.phases.length === 0 ? el('p', 'muted', label('report.noPhases')) : table(
    ['report.col.phase', 'report.col.at', 'report.col.by', 'report.col.reason'],
    report.phases.map((p) => [label(`phase.${p.phase}`), when(p.at), p.by, [p.override ? t('report.override') : null, p.reason].filter(Boolean).join(' — ') || '—'])));
}

