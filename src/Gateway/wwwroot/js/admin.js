// /admin: the admins' set-up, without JSON. Sittings (new, edited, copied from an earlier one; their hall, points and
// delegates chosen from lists with search; their kỳ họp and đợt), venues, delegates, connection points with whom to
// call and their backup link and agent keys, users, wall-screen sign-ins, notification channels with how their
// deliveries went, and imports with their dry run and error report. Every form is sent whole to the API, which writes all of it or nothing; what it refuses is shown next to
// the field, in the page's language.
import { api, apiJson } from './auth.js';
import { formatTime, label, onLangChange, t, todayInHanoi } from './i18n.js';
import { say } from './problems.js';
import { el, openDialog, phaseChip, startPage } from './shell.js';

const kinds = {
  session: ['plenary', 'standingCommittee', 'conference', 'other'],
  format: ['hybrid', 'inPerson', 'online'],
  venue: ['hall', 'meetingRoom', 'lodging', 'dining', 'other'],
  point: ['provincialDelegation', 'regionalOffice', 'central'],
  role: ['admin', 'operator', 'security', 'leadership'],
  channel: ['webhook', 'email'],
  severity: ['minor', 'major', 'critical'],
  event: ['incidentOpened', 'incidentEscalated', 'incidentResolved', 'readinessNoGo', 'phaseChanged'],
};

const user = startPage('admin');
const store = { venues: [], points: [], delegates: [], rendered: new Set() };

async function loadReferences() {
  [store.venues, store.points, store.delegates] = await Promise.all([
    apiJson('/api/venues?limit=1000'), apiJson('/api/connection-points?limit=1000'), apiJson('/api/delegates?limit=1000')]);
}

const renderers = {
  sittings: renderSittings,
  venues: renderVenues,
  delegates: renderDelegates,
  points: renderPoints,
  users: renderUsers,
  displays: renderDisplays,
  channels: renderChannels,
  imports: renderImports,
};

function showSection() {
  const name = renderers[location.hash.slice(1)] ? location.hash.slice(1) : 'sittings';
  for (const tab of document.querySelectorAll('#admin-tabs .tab')) {
    const active = tab.dataset.section === name;
    tab.classList.toggle('active', active);
    if (active) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  for (const section of document.querySelectorAll('.admin-section')) section.hidden = section.dataset.section !== name;
  if (!store.rendered.has(name)) {
    store.rendered.add(name);
    renderers[name](document.getElementById(`section-${name}`)).catch(() =>
      document.getElementById(`section-${name}`).append(el('p', 'error', label('error.load'))));
  }
}

// ---- Forms: fields, errors next to them, the whole form sent at once --------------------------------------------

let fieldCounter = 0;

/** A labelled field: text, number, date-time, a choice or a text area; its error line sits under it. */
function field(name, labelKey, { type = 'text', value = '', required = false, options = null, help = null, readOnly = false } = {}) {
  const id = `admin-field-${++fieldCounter}`;
  let control;
  if (options) {
    control = el('select');
    for (const option of options) {
      const node = el('option', null, option.labelKey ? label(option.labelKey) : option.text);
      node.value = option.value;
      control.append(node);
    }
  } else if (type === 'textarea') {
    control = el('textarea');
    control.rows = 2;
  } else {
    control = el('input');
    control.type = type;
  }
  control.id = id;
  control.name = name;
  // A choice without a value given keeps its first option.
  if (!options || (value ?? '') !== '') control.value = value ?? '';
  control.required = required;
  control.readOnly = readOnly;
  const error = el('p', 'field-error');
  error.id = `${id}-error`;
  error.dataset.errorFor = name;
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const box = el('label', 'field', label(labelKey), required ? el('span', 'required', label('dialog.required')) : null, control,
    help ? el('small', 'field-help', label(help)) : null, error);
  box.htmlFor = id;
  return box;
}

function clearErrors(form) {
  for (const error of form.querySelectorAll('.field-error, .form-error')) {
    error.hidden = true;
    error.textContent = '';
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    control.removeAttribute('aria-describedby');
  }
}

/** The problem's errors each next to its field (contacts[0].phone, then contacts, then the form), or its detail on the form. */
function showProblem(form, error) {
  clearErrors(form);
  const problem = error?.problem ?? {};
  const fields = Object.entries(problem.errors ?? {});
  const general = form.querySelector('.form-error');
  if (!fields.length) {
    general.textContent = say(problem.detail ?? problem.title ?? error?.message ?? '');
    general.hidden = false;
    return;
  }
  for (const [key, messages] of fields) {
    let target = targetFor(form, key);
    target ??= general;
    target.textContent = [target.textContent, ...messages.map(say)].filter(Boolean).join(' ');
    target.hidden = false;
    const control = target.closest('.field')?.querySelector('input, select, textarea');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', target.id);
    }
  }
  form.querySelector('[aria-invalid="true"]')?.focus();
}

/** The error line of a field, or of the nearest field that holds it: contacts[0].phone, contacts[0], contacts. */
function targetFor(form, key) {
  for (let name = key; name;) {
    const found = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (found) return found;
    const shorter = name.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (shorter === name) return null;
    name = shorter;
  }
  return null;
}

/** A form with its fields, a line for errors that belong to no field, and its buttons. */
function form(id, titleKey, parts, submitKey) {
  const node = el('form', 'admin-form panel');
  node.id = id;
  node.noValidate = true;
  const general = el('p', 'form-error error');
  general.setAttribute('role', 'alert');
  general.hidden = true;
  const saved = el('p', 'form-saved');
  saved.setAttribute('role', 'status');
  saved.setAttribute('aria-live', 'polite');
  const submit = el('button', 'button primary', label(submitKey ?? 'admin.save'));
  submit.type = 'submit';
  submit.dataset.action = 'save';
  const cancel = el('button', 'button', label('admin.close'));
  cancel.type = 'button';
  cancel.dataset.action = 'close';
  cancel.addEventListener('click', () => (node.hidden = true));
  const title = el('h2', null, label(titleKey));
  title.className = 'form-title';
  node.append(title, ...parts.filter(Boolean), general, el('div', 'form-actions', cancel, submit), saved);
  return node;
}

/** Sends the form's body; on success says so and runs then(), else shows what the server refused. */
function onSubmit(node, send, then) {
  node.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = node.querySelector('[data-action="save"]');
    const saved = node.querySelector('.form-saved');
    submit.disabled = true;
    saved.textContent = '';
    clearErrors(node);
    try {
      const result = await send(node);
      saved.replaceChildren(label('admin.saved', { time: formatTime(new Date().toISOString()) }));
      await then?.(result);
    } catch (error) {
      showProblem(node, error);
    } finally {
      submit.disabled = false;
    }
  });
}

const value = (node, name) => node.elements[name]?.value.trim() ?? '';
const optional = (text) => (text === '' ? null : text);
const number = (text) => (text === '' ? null : Number(text));

/** A table with its head and a row per item; each row carries the item's id. */
function table(headKeys, items, row) {
  const head = el('tr', null, ...headKeys.map((key) => el('th', null, key ? label(key) : null)));
  const body = el('tbody', null, ...items.map((item) => {
    const tr = el('tr', null, ...row(item).map((cell) => el('td', null, cell)));
    tr.dataset.id = item.id;
    return tr;
  }));
  return el('div', 'table-wrap', el('table', 'admin-table', el('thead', null, head), body));
}

function actionButton(key, onClick, className = 'button small') {
  const button = el('button', className, label(key));
  button.type = 'button';
  button.dataset.action = key.split('.').pop();
  button.addEventListener('click', onClick);
  return button;
}

function sectionHead(titleKey, helpKey, ...actions) {
  return el('div', 'section-head', el('div', null, el('h2', null, label(titleKey)), helpKey ? el('p', 'muted', label(helpKey)) : null),
    el('div', 'section-actions', ...actions));
}

// ---- Time: the form's date-time fields are Hà Nội time ---------------------------------------------------------

function toLocalInput(iso) {
  if (!iso) return '';
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

const fromLocalInput = (text) => (text ? `${text}:00+07:00` : null);

// ---- Pick lists: points and delegates chosen with a search ------------------------------------------------------

/** Check boxes for many items, a search that narrows them, "all shown" and "none"; value() gives the ids ticked. */
function pickList(name, labelKey, items, chosen, { groupBy = null } = {}) {
  const selected = new Set(chosen);
  const box = el('fieldset', 'pick-list');
  box.dataset.field = name;
  const count = el('span', 'pick-count');
  const updateCount = () => count.replaceChildren(label('admin.chosen', { n: selected.size, total: items.length }));
  const search = el('input');
  search.type = 'search';
  search.name = `${name}-search`;
  search.dataset.i18nPlaceholder = 'admin.search';
  search.placeholder = t('admin.search');
  search.setAttribute('aria-label', t(labelKey) + ' — ' + t('admin.search'));
  const list = el('div', 'pick-items');
  const rows = items.map((item) => {
    const input = el('input');
    input.type = 'checkbox';
    input.value = item.id;
    input.checked = selected.has(item.id);
    input.addEventListener('change', () => {
      if (input.checked) selected.add(item.id);
      else selected.delete(item.id);
      updateCount();
    });
    const row = el('label', 'pick-item', input, el('span', null, item.text), item.detail ? el('small', 'muted', item.detail) : null);
    row.dataset.search = fold(`${item.id} ${item.text} ${item.detail ?? ''}`);
    row.dataset.group = groupBy ? groupBy(item) : '';
    return row;
  });
  list.append(...rows);
  const visible = () => rows.filter((row) => !row.hidden);
  search.addEventListener('input', () => {
    const words = fold(search.value).split(/\s+/).filter(Boolean);
    for (const row of rows) row.hidden = !words.every((word) => row.dataset.search.includes(word));
  });
  const setAll = (checked) => () => {
    for (const row of visible()) {
      const input = row.querySelector('input');
      input.checked = checked;
      if (checked) selected.add(input.value);
      else selected.delete(input.value);
    }
    updateCount();
  };
  const error = el('p', 'field-error');
  error.id = `admin-field-${++fieldCounter}-error`;
  error.dataset.errorFor = name;
  error.setAttribute('role', 'alert');
  error.hidden = true;
  box.append(el('legend', null, label(labelKey)), el('div', 'pick-tools', search,
    actionButton('admin.pickShown', setAll(true)), actionButton('admin.pickNone', setAll(false)), count), list, error);
  updateCount();
  // Ids ticked before and not among the items loaded (a list longer than one page) are kept, never dropped unseen.
  const known = new Set(items.map((item) => item.id));
  box.value = () => [...items.map((item) => item.id).filter((id) => selected.has(id)), ...[...selected].filter((id) => !known.has(id))];
  return box;
}

/** Lower case without diacritics: "Huế" is found by "hue", "Đà Nẵng" by "da nang". */
function fold(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}

// ---- Sittings -------------------------------------------------------------------------------------------------

async function renderSittings(section) {
  const month = el('input');
  month.type = 'month';
  month.id = 'sittings-month';
  month.name = 'month';
  month.value = todayInHanoi().slice(0, 7);
  const monthField = el('label', 'field', label('calendar.month'), month);
  monthField.htmlFor = month.id;
  const list = el('div', 'admin-list');
  list.id = 'sittings-list';
  const formBox = el('div');
  section.replaceChildren(sectionHead('admin.sittings.title', 'admin.sittings.help', monthField,
    actionButton('admin.sittings.new', () => openSittingForm(formBox, null, false, reload), 'button primary')), formBox, list);

  let sessions = [];
  async function reload() {
    const [year, number] = month.value.split('-').map(Number);
    const last = new Date(Date.UTC(year, number, 0)).toISOString().slice(0, 10);
    sessions = await apiJson(`/api/sessions?from=${month.value}-01&to=${last}`);
    list.replaceChildren(sessions.length === 0 ? el('p', 'muted', label('calendar.none')) : table(
      ['admin.col.when', 'admin.col.title', 'admin.col.kind', 'admin.col.phase', null], sessions, (s) => [
        `${s.scheduledStart.slice(8, 10)}/${s.scheduledStart.slice(5, 7)} ${formatTime(s.scheduledStart)}–${formatTime(s.scheduledEnd)}`,
        s.title, label(`kind.${s.kind}`), phaseChip(s.phase),
        el('span', 'row-actions',
          actionButton('admin.edit', () => openSittingForm(formBox, s, false, reload)),
          actionButton('admin.copy', () => openSittingForm(formBox, s, true, reload))),
      ]));
  }
  month.addEventListener('change', () => month.value && reload());
  await reload();

  const asked = new URLSearchParams(location.search).get('session');
  if (asked) {
    const found = sessions.find((s) => s.id === asked) ?? await apiJson(`/api/sessions/${encodeURIComponent(asked)}`).catch(() => null);
    if (found) openSittingForm(formBox, found, false, reload);
  }
}

/** The form of a sitting: new (none given), edited (its id fixed), or copied from an earlier one (a new id to give). */
function openSittingForm(box, sitting, copy, reload) {
  const editing = sitting && !copy;
  const halls = store.venues.filter((v) => v.kind === 'hall' || v.kind === 'meetingRoom');
  const points = pickList('connectionPointIds', 'admin.sittings.points',
    store.points.map((p) => ({ id: p.id, text: p.name, detail: p.province })), sitting?.connectionPointIds ?? []);
  const delegates = pickList('delegateIds', 'admin.sittings.delegates',
    store.delegates.map((d) => ({ id: d.id, text: d.name, detail: d.delegation })), sitting?.delegateIds ?? []);
  const node = form('sitting-form', editing ? 'admin.sittings.edit' : copy ? 'admin.sittings.copy' : 'admin.sittings.new', [
    el('div', 'form-grid',
      field('id', 'admin.field.id', { required: true, value: editing ? sitting.id : copy ? `${sitting.id}-ban-sao` : '', readOnly: editing, help: 'admin.help.id' }),
      field('title', 'admin.field.title', { required: true, value: sitting?.title }),
      field('kind', 'admin.field.kind', { options: kinds.session.map((k) => ({ value: k, labelKey: `kind.${k}` })), value: sitting?.kind ?? 'other' }),
      field('format', 'admin.field.format', { options: kinds.format.map((k) => ({ value: k, labelKey: `format.${k}` })), value: sitting?.format ?? 'hybrid' }),
      field('hallVenueId', 'admin.field.hall', { required: true, options: [{ value: '', text: '—' }, ...halls.map((v) => ({ value: v.id, text: v.name }))], value: sitting?.hallVenueId ?? '' }),
      field('scheduledStart', 'admin.field.start', { type: 'datetime-local', required: true, value: toLocalInput(sitting?.scheduledStart) }),
      field('scheduledEnd', 'admin.field.end', { type: 'datetime-local', required: true, value: toLocalInput(sitting?.scheduledEnd) }),
      field('plenarySession.number', 'admin.field.plenary', { type: 'number', value: sitting?.plenarySession?.number ?? '', help: 'admin.help.plenary' }),
      field('plenarySession.round', 'admin.field.round', { type: 'number', value: sitting?.plenarySession?.round ?? '' }),
      field('quorum', 'admin.field.quorum', { type: 'number', value: sitting?.quorum ?? '', help: 'admin.help.quorum' })),
    points, delegates,
  ]);
  onSubmit(node, (f) => {
    const plenary = number(value(f, 'plenarySession.number'));
    return apiJson(`/api/sessions/${encodeURIComponent(value(f, 'id'))}`, {
      method: 'PUT',
      body: {
        title: value(f, 'title'), kind: value(f, 'kind'), format: value(f, 'format'), hallVenueId: optional(value(f, 'hallVenueId')),
        scheduledStart: fromLocalInput(value(f, 'scheduledStart')), scheduledEnd: fromLocalInput(value(f, 'scheduledEnd')),
        connectionPointIds: points.value(), delegateIds: delegates.value(), quorum: number(value(f, 'quorum')),
        venueIds: editing ? sitting.venueIds ?? null : null,
        plenarySession: plenary === null ? null : { number: plenary, round: number(value(f, 'plenarySession.round')) },
      },
    });
  }, async (saved) => {
    node.elements.id.readOnly = true;
    node.dataset.saved = saved.id;
    await reload();
  });
  box.replaceChildren(node);
  node.scrollIntoView({ block: 'start' });
  node.elements[editing ? 'title' : 'id'].focus();
}

// ---- Venues ---------------------------------------------------------------------------------------------------

async function renderVenues(section) {
  const formBox = el('div');
  const list = el('div', 'admin-list');
  const reload = async () => {
    store.venues = await apiJson('/api/venues?limit=1000');
    list.replaceChildren(table(['admin.field.id', 'admin.field.name', 'admin.field.kind', 'admin.field.address', null], store.venues, (v) => [
      el('code', null, v.id), v.name, label(`venueKind.${v.kind}`), v.address ?? '',
      actionButton('admin.edit', () => openVenueForm(formBox, v, reload)),
    ]));
  };
  section.replaceChildren(sectionHead('admin.venues.title', null, actionButton('admin.venues.new', () => openVenueForm(formBox, null, reload), 'button primary')),
    formBox, list);
  await reload();
}

function openVenueForm(box, venue, reload) {
  const node = form('venue-form', venue ? 'admin.venues.edit' : 'admin.venues.new', [el('div', 'form-grid',
    field('id', 'admin.field.id', { required: true, value: venue?.id, readOnly: Boolean(venue), help: 'admin.help.id' }),
    field('name', 'admin.field.name', { required: true, value: venue?.name }),
    field('kind', 'admin.field.kind', { options: kinds.venue.map((k) => ({ value: k, labelKey: `venueKind.${k}` })), value: venue?.kind ?? 'meetingRoom' }),
    field('address', 'admin.field.address', { value: venue?.address }))]);
  onSubmit(node, (f) => apiJson(`/api/venues/${encodeURIComponent(value(f, 'id'))}`, {
    method: 'PUT', body: { name: value(f, 'name'), kind: value(f, 'kind'), address: optional(value(f, 'address')) },
  }), async () => {
    node.elements.id.readOnly = true;
    await reload();
  });
  box.replaceChildren(node);
  node.elements[venue ? 'name' : 'id'].focus();
}

// ---- Delegates ------------------------------------------------------------------------------------------------

async function renderDelegates(section) {
  const formBox = el('div');
  const list = el('div', 'admin-list');
  const search = el('input');
  search.type = 'search';
  search.id = 'delegate-search';
  search.name = 'search';
  const searchField = el('label', 'field', label('admin.search'), search);
  searchField.htmlFor = search.id;
  const render = () => {
    const words = fold(search.value).split(/\s+/).filter(Boolean);
    const shown = store.delegates.filter((d) => words.every((w) => fold(`${d.id} ${d.name} ${d.delegation}`).includes(w)));
    const lodging = new Map(store.venues.map((v) => [v.id, v.name]));
    list.replaceChildren(el('p', 'muted', label('admin.shown', { n: shown.length, total: store.delegates.length })),
      table(['admin.field.id', 'admin.field.name', 'admin.field.delegation', 'admin.field.lodging', null], shown.slice(0, 200), (d) => [
        el('code', null, d.id), d.name, d.delegation, d.lodgingVenueId ? lodging.get(d.lodgingVenueId) ?? d.lodgingVenueId : '—',
        actionButton('admin.edit', () => openDelegateForm(formBox, d, reload)),
      ]));
  };
  const reload = async () => {
    store.delegates = await apiJson('/api/delegates?limit=1000');
    render();
  };
  search.addEventListener('input', render);
  section.replaceChildren(sectionHead('admin.delegates.title', 'admin.delegates.help', searchField,
    actionButton('admin.delegates.new', () => openDelegateForm(formBox, null, reload), 'button primary')), formBox, list);
  render();
}

function openDelegateForm(box, person, reload) {
  const lodgings = store.venues.filter((v) => v.kind === 'lodging');
  const node = form('delegate-form', person ? 'admin.delegates.edit' : 'admin.delegates.new', [el('div', 'form-grid',
    field('id', 'admin.field.id', { required: true, value: person?.id, readOnly: Boolean(person), help: 'admin.help.id' }),
    field('name', 'admin.field.name', { required: true, value: person?.name }),
    field('delegation', 'admin.field.delegation', { required: true, value: person?.delegation }),
    field('lodgingVenueId', 'admin.field.lodging', { options: [{ value: '', text: '—' }, ...lodgings.map((v) => ({ value: v.id, text: v.name }))], value: person?.lodgingVenueId ?? '' }))]);
  onSubmit(node, (f) => apiJson(`/api/delegates/${encodeURIComponent(value(f, 'id'))}`, {
    method: 'PUT', body: { name: value(f, 'name'), delegation: value(f, 'delegation'), lodgingVenueId: optional(value(f, 'lodgingVenueId')) },
  }), async () => {
    node.elements.id.readOnly = true;
    await reload();
  });
  box.replaceChildren(node);
  node.elements[person ? 'name' : 'id'].focus();
}

// ---- Connection points, their contacts and agent keys -------------------------------------------------------

async function renderPoints(section) {
  const formBox = el('div');
  const list = el('div', 'admin-list');
  const reload = async () => {
    store.points = await apiJson('/api/connection-points?limit=1000');
    list.replaceChildren(table(['admin.field.id', 'admin.field.name', 'admin.field.province', 'admin.field.contacts', null], store.points, (p) => [
      el('code', null, p.id), p.name, p.province,
      (p.contacts ?? []).map((c) => [c.name, c.phone].filter(Boolean).join(' · ')).join('; ') || '—',
      actionButton('admin.edit', () => openPointForm(formBox, p, reload)),
    ]));
  };
  section.replaceChildren(sectionHead('admin.points.title', 'admin.points.help',
    actionButton('admin.points.new', () => openPointForm(formBox, null, reload), 'button primary')), formBox, list);
  await reload();
}

function contactRow(index, contact) {
  const row = el('div', 'contact-row');
  row.dataset.contact = String(index);
  const error = el('p', 'field-error');
  error.id = `admin-field-${++fieldCounter}-error`;
  error.dataset.errorFor = `contacts[${index}]`;
  error.hidden = true;
  row.append(
    field(`contacts[${index}].name`, 'admin.field.contactName', { value: contact?.name }),
    field(`contacts[${index}].phone`, 'admin.field.phone', { type: 'tel', value: contact?.phone }),
    field(`contacts[${index}].email`, 'admin.field.email', { type: 'email', value: contact?.email }),
    actionButton('admin.remove', () => row.remove(), 'button small danger subtle'), error);
  return row;
}

function openPointForm(box, point, reload) {
  const contacts = el('fieldset', 'contacts');
  contacts.append(el('legend', null, label('admin.field.contacts')));
  const rows = el('div', 'contact-rows');
  let next = 0;
  for (const contact of point?.contacts ?? []) rows.append(contactRow(next++, contact));
  if (!point?.contacts?.length) rows.append(contactRow(next++, null));
  contacts.append(rows, actionButton('admin.points.addContact', () => rows.append(contactRow(next++, null))));
  const keys = el('div', 'agent-keys');
  const node = form('point-form', point ? 'admin.points.edit' : 'admin.points.new', [el('div', 'form-grid',
    field('id', 'admin.field.id', { required: true, value: point?.id, readOnly: Boolean(point), help: 'admin.help.id' }),
    field('name', 'admin.field.name', { required: true, value: point?.name }),
    field('province', 'admin.field.province', { required: true, value: point?.province }),
    field('kind', 'admin.field.kind', { options: kinds.point.map((k) => ({ value: k, labelKey: `pointKind.${k}` })), value: point?.kind ?? 'provincialDelegation' }),
    field('backup', 'admin.field.backup', { type: 'textarea', value: point?.backup, help: 'admin.help.backup' })), contacts, keys]);
  onSubmit(node, (f) => {
    // Empty rows go; the others are numbered in their order on the screen, as the server will name them in its errors.
    for (const row of rows.querySelectorAll('.contact-row')) {
      if (![...row.querySelectorAll('input')].some((input) => input.value.trim())) row.remove();
    }
    const kept = [...rows.querySelectorAll('.contact-row')];
    kept.forEach((row, i) => renumber(row, i));
    const filled = kept.map((row) => ({
      name: row.querySelector('[name$=".name"]').value.trim(), phone: optional(row.querySelector('[name$=".phone"]').value.trim()),
      email: optional(row.querySelector('[name$=".email"]').value.trim()),
    }));
    return apiJson(`/api/connection-points/${encodeURIComponent(value(f, 'id'))}`, {
      method: 'PUT', body: { name: value(f, 'name'), province: value(f, 'province'), kind: value(f, 'kind'), contacts: filled, backup: optional(value(f, 'backup')) },
    });
  }, async (saved) => {
    node.elements.id.readOnly = true;
    await reload();
    await renderKeys(keys, saved.id);
  });
  box.replaceChildren(node);
  node.elements[point ? 'name' : 'id'].focus();
  if (point) renderKeys(keys, point.id);
}

/** A contact row takes the index the request gives it, so that contacts[1].phone points at the right field. */
function renumber(row, index) {
  row.dataset.contact = String(index);
  for (const node of row.querySelectorAll('[data-error-for]')) node.dataset.errorFor = node.dataset.errorFor.replace(/contacts\[\d+\]/, `contacts[${index}]`);
  for (const input of row.querySelectorAll('input')) input.name = input.name.replace(/contacts\[\d+\]/, `contacts[${index}]`);
}

async function renderKeys(box, pointId) {
  const keys = await apiJson(`/api/connection-points/${encodeURIComponent(pointId)}/agent-keys`);
  const shown = el('div', 'key-once');
  shown.setAttribute('role', 'status');
  const create = actionButton('admin.keys.create', async () => {
    const created = await apiJson(`/api/connection-points/${encodeURIComponent(pointId)}/agent-keys`, { method: 'POST' });
    await renderKeys(box, pointId);
    const code = el('code', 'secret', created.key);
    box.querySelector('.key-once').replaceChildren(label('admin.keys.once'), code);
  });
  box.replaceChildren(el('h3', null, label('admin.keys.title')), el('p', 'muted', label('admin.keys.help')),
    keys.length === 0 ? el('p', 'muted', label('admin.keys.none')) : table(['admin.keys.id', 'admin.keys.created', 'admin.keys.used', null], keys.map((k) => ({ ...k, id: k.keyId })), (k) => [
      el('code', null, k.keyId), new Date(k.createdAt).toLocaleString(), k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : '—',
      actionButton('admin.keys.revoke', () => confirmThen('revoke-key', 'admin.keys.revokeTitle', { id: k.keyId }, async () => {
        await apiJson(`/api/connection-points/${encodeURIComponent(pointId)}/agent-keys/${encodeURIComponent(k.keyId)}`, { method: 'DELETE' }).catch(noContent);
        await renderKeys(box, pointId);
      }), 'button small danger subtle'),
    ]), shown, create);
}

/** DELETE answers 204 without a body; apiJson's parse of nothing is not an error. */
function noContent(error) {
  if (error?.status) throw error;
}

function confirmThen(id, titleKey, params, action) {
  return openDialog({ id, titleKey, titleParams: params, bodyKey: `${titleKey}Body`, confirmKey: 'admin.confirm', danger: true, onConfirm: action });
}

// ---- Users ----------------------------------------------------------------------------------------------------

async function renderUsers(section) {
  const formBox = el('div');
  const list = el('div', 'admin-list');
  const reload = async () => {
    const users = await apiJson('/api/users?limit=1000');
    list.replaceChildren(table(['admin.field.id', 'admin.field.name', 'admin.field.role', 'admin.field.provinces', 'admin.field.state', null], users, (u) => [
      el('code', null, u.id), u.name, label(`role.${u.role}`), u.provinces.join(', ') || '—',
      label(u.disabled ? 'admin.users.disabled' : u.hasPassword ? 'admin.users.active' : 'admin.users.noPassword'),
      actionButton('admin.edit', () => openUserForm(formBox, u, reload)),
    ]));
  };
  section.replaceChildren(sectionHead('admin.users.title', 'admin.users.help',
    actionButton('admin.users.new', () => openUserForm(formBox, null, reload), 'button primary')), formBox, list);
  await reload();
}

function openUserForm(box, account, reload) {
  const provinces = [...new Set(store.points.map((p) => p.province))].sort((a, b) => a.localeCompare(b, 'vi'));
  const scope = pickList('provinces', 'admin.field.provinces', provinces.map((p) => ({ id: p, text: p })), account?.provinces ?? []);
  const node = form('user-form', account ? 'admin.users.edit' : 'admin.users.new', [el('div', 'form-grid',
    field('id', 'admin.field.id', { required: true, value: account?.id, readOnly: Boolean(account), help: 'admin.help.id' }),
    field('name', 'admin.field.name', { required: true, value: account?.name }),
    field('role', 'admin.field.role', { options: kinds.role.map((r) => ({ value: r, labelKey: `role.${r}` })), value: account?.role ?? 'operator' })),
  el('p', 'muted', label('admin.users.scopeHelp')), scope]);
  onSubmit(node, (f) => apiJson(`/api/users/${encodeURIComponent(value(f, 'id'))}`, {
    method: 'PUT', body: { name: value(f, 'name'), role: value(f, 'role'), provinces: scope.value() },
  }), async (saved) => {
    node.elements.id.readOnly = true;
    await reload();
    renderPassword(passwordBox, saved, reload);
  });
  const passwordBox = el('div', 'user-extra');
  box.replaceChildren(node, passwordBox);
  if (account) renderPassword(passwordBox, account, reload);
  node.elements[account ? 'name' : 'id'].focus();
}

function renderPassword(box, account, reload) {
  const node = form('password-form', 'admin.users.password', [field('password', 'admin.field.password', { type: 'password', required: true, help: 'admin.help.password' })], 'admin.users.setPassword');
  node.querySelector('[data-action="close"]').remove();
  node.elements.password.autocomplete = 'new-password';
  onSubmit(node, (f) => apiJson(`/api/users/${encodeURIComponent(account.id)}/password`, { method: 'POST', body: { password: f.elements.password.value } })
    .catch(noContent), async () => {
    node.elements.password.value = '';
    await reload();
  });
  const toggle = account.disabled
    ? actionButton('admin.users.enable', async () => {
      await apiJson(`/api/users/${encodeURIComponent(account.id)}/enable`, { method: 'POST' }).catch(noContent);
      await reload();
      renderPassword(box, { ...account, disabled: false }, reload);
    })
    : actionButton('admin.users.disable', () => confirmThen('disable-user', 'admin.users.disableTitle', { name: account.name }, async () => {
      await apiJson(`/api/users/${encodeURIComponent(account.id)}/disable`, { method: 'POST' }).catch(noContent);
      await reload();
      renderPassword(box, { ...account, disabled: true }, reload);
    }), 'button danger subtle');
  box.replaceChildren(node, el('div', 'form-actions', toggle));
}

// ---- Wall screens ---------------------------------------------------------------------------------------------

async function renderDisplays(section) {
  const list = el('div', 'admin-list');
  const once = el('div', 'key-once');
  once.setAttribute('role', 'status');
  const reload = async () => {
    const displays = await apiJson('/api/displays');
    list.replaceChildren(displays.length === 0 ? el('p', 'muted', label('admin.displays.none')) : table(
      ['admin.field.name', 'admin.keys.created', 'admin.displays.lastSignIn', 'admin.field.state', null], displays, (d) => [
        d.name, new Date(d.createdAt).toLocaleString(), d.lastSignInAt ? new Date(d.lastSignInAt).toLocaleString() : '—',
        label(d.revoked ? 'admin.displays.revoked' : 'admin.users.active'),
        d.revoked ? '' : actionButton('admin.keys.revoke', () => confirmThen('revoke-display', 'admin.displays.revokeTitle', { name: d.name }, async () => {
          await apiJson(`/api/displays/${encodeURIComponent(d.id)}`, { method: 'DELETE' }).catch(noContent);
          await reload();
        }), 'button small danger subtle'),
      ]));
  };
  const node = form('display-form', 'admin.displays.new', [field('name', 'admin.field.name', { required: true, help: 'admin.help.display' })], 'admin.displays.create');
  node.querySelector('[data-action="close"]').remove();
  onSubmit(node, (f) => apiJson('/api/displays', { method: 'POST', body: { name: value(f, 'name') } }), async (created) => {
    node.elements.name.value = '';
    once.replaceChildren(label('admin.displays.once'), el('code', 'secret', created.url));
    await reload();
  });
  section.replaceChildren(sectionHead('admin.displays.title', 'admin.displays.help'), node, once, list);
  await reload();
}

// ---- Notification channels ------------------------------------------------------------------------------------

async function renderChannels(section) {
  const formBox = el('div');
  const list = el('div', 'admin-list');
  const reload = async () => {
    const channels = await apiJson('/api/notification-channels');
    list.replaceChildren(channels.length === 0 ? el('p', 'muted', label('admin.channels.none')) : table(
      ['admin.field.id', 'admin.field.kind', 'admin.channels.target', 'admin.channels.events', 'admin.field.provinces', 'admin.channels.status', null],
      channels, (c) => [
        el('code', null, c.id), label(`channelKind.${c.kind}`), el('span', 'channel-target', c.target),
        c.events.map((e) => t(`event.${e}`)).join(', '), c.provinces?.join(', ') || '—', channelStatus(c.status),
        el('div', 'row-actions',
          actionButton('admin.edit', () => openChannelForm(formBox, c, reload)),
          actionButton('admin.channels.test', async (event) => {
            const button = event.currentTarget;
            button.disabled = true;
            try {
              await apiJson(`/api/notification-channels/${encodeURIComponent(c.id)}/test`, { method: 'POST' });
              await outcomeOfTest(c);
              await reload();
            } catch (error) {
              button.after(el('span', 'error', say(error?.problem?.detail ?? error?.message ?? '')));
            } finally {
              button.disabled = false;
            }
          }),
          actionButton('admin.channels.delete', () => confirmThen('delete-channel', 'admin.channels.deleteTitle', { id: c.id }, async () => {
            await apiJson(`/api/notification-channels/${encodeURIComponent(c.id)}`, { method: 'DELETE' }).catch(noContent);
            formBox.replaceChildren();
            await reload();
          }), 'button small danger subtle')),
      ]));
  };
  section.replaceChildren(sectionHead('admin.channels.title', 'admin.channels.help',
    actionButton('admin.channels.new', () => openChannelForm(formBox, null, reload), 'button primary')), formBox, list);
  await reload();
}

/** The test is sent within a second or two: the status is read again until it tells how the attempt went (15 s at most). */
async function outcomeOfTest(channel) {
  const attempts = ({ status }) => status.delivered + status.failed + status.abandoned;
  const before = attempts(channel);
  for (let waited = 0; waited < 15; waited += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = await apiJson(`/api/notification-channels/${encodeURIComponent(channel.id)}`);
    if (attempts(now) > before) return;
  }
}

/** Delivered, waiting, or failing with why: a receiver that refused stops being tried, and the admin reads the reason here. */
function channelStatus(status) {
  const parts = [];
  if (status.failing) parts.push(el('strong', 'status-failing', label('admin.channels.failing')), el('small', 'channel-failure', status.lastFailure ?? ''));
  else if (status.lastDeliveredAt) parts.push(label('admin.channels.deliveredAt', { time: formatTime(status.lastDeliveredAt) }));
  else parts.push(label('admin.channels.nothingYet'));
  if (status.pending > 0) parts.push(el('small', null, label('admin.channels.pending', { n: status.pending })));
  return el('div', 'channel-status', ...parts);
}

function openChannelForm(box, channel, reload) {
  const provinces = [...new Set(store.points.map((p) => p.province))].sort((a, b) => a.localeCompare(b, 'vi'));
  const events = pickList('events', 'admin.channels.events', kinds.event.map((e) => ({ id: e, text: t(`event.${e}`) })),
    channel?.events ?? ['incidentOpened', 'incidentEscalated']);
  const scope = pickList('provinces', 'admin.field.provinces', provinces.map((p) => ({ id: p, text: p })), channel?.provinces ?? []);
  const secret = field('secret', 'admin.channels.secret', { type: 'password', help: channel?.hasSecret ? 'admin.help.secretKept' : 'admin.help.secret' });
  const node = form('channel-form', channel ? 'admin.channels.edit' : 'admin.channels.new', [el('div', 'form-grid',
    field('id', 'admin.field.id', { required: true, value: channel?.id, readOnly: Boolean(channel), help: 'admin.help.id' }),
    field('kind', 'admin.field.kind', { options: kinds.channel.map((k) => ({ value: k, labelKey: `channelKind.${k}` })), value: channel?.kind ?? 'webhook' }),
    field('target', 'admin.channels.target', { required: true, value: channel?.target, help: 'admin.help.channelTarget' }),
    secret,
    field('minSeverity', 'admin.channels.minSeverity', { options: kinds.severity.map((k) => ({ value: k, labelKey: `severity.${k}` })), value: channel?.minSeverity ?? 'minor' })),
  events, el('p', 'muted', label('admin.channels.scopeHelp')), scope]);
  node.elements.secret.autocomplete = 'new-password';
  // An e-mail channel has no secret: the field goes away with the choice.
  const followKind = () => (secret.hidden = node.elements.kind.value !== 'webhook');
  node.elements.kind.addEventListener('change', followKind);
  followKind();
  onSubmit(node, (f) => apiJson(`/api/notification-channels/${encodeURIComponent(value(f, 'id'))}`, {
    method: 'PUT',
    body: {
      kind: value(f, 'kind'),
      target: value(f, 'target'),
      secret: value(f, 'kind') === 'webhook' ? optional(f.elements.secret.value) : null,
      minSeverity: value(f, 'minSeverity'),
      events: events.value(),
      provinces: scope.value(),
    },
  }), async () => {
    node.elements.id.readOnly = true;
    node.elements.secret.value = '';
    await reload();
  });
  box.replaceChildren(node);
  node.elements[channel ? 'target' : 'id'].focus();
}

// ---- Imports --------------------------------------------------------------------------------------------------

async function renderImports(section) {
  const report = el('div', 'import-report');
  report.id = 'import-report';
  report.setAttribute('aria-live', 'polite');
  const node = form('import-form', 'admin.imports.title', [
    field('what', 'admin.imports.what', { options: [{ value: 'sessions', labelKey: 'admin.imports.sessions' }, { value: 'delegates', labelKey: 'admin.imports.delegates' }] }),
    field('file', 'admin.imports.file', { type: 'file', required: true, help: 'admin.imports.help' }),
  ], 'admin.imports.run');
  node.querySelector('[data-action="close"]').remove();
  node.elements.file.accept = '.csv,.ics,text/csv,text/calendar';
  const check = actionButton('admin.imports.dryRun', () => send(true), 'button');
  node.querySelector('.form-actions').prepend(check);
  async function send(dryRun) {
    clearErrors(node);
    const file = node.elements.file.files[0];
    if (!file) {
      showProblem(node, { problem: { errors: { file: [t('admin.imports.noFile')] } } });
      return;
    }
    // One import at a time: a second click while the first is on its way would send the file twice.
    const buttons = [...node.querySelectorAll('button')];
    for (const button of buttons) button.disabled = true;
    try {
      const calendar = /\.ics$/i.test(file.name) || file.type === 'text/calendar';
      const response = await api(`/api/${node.elements.what.value}/import?dryRun=${dryRun}`, {
        method: 'POST', body: file, headers: { 'Content-Type': calendar ? 'text/calendar' : 'text/csv' },
      });
      const body = await response.json().catch(() => ({}));
      renderReport(report, body, dryRun, response.ok);
      if (response.ok && !dryRun) await loadReferences();
    } catch (error) {
      showProblem(node, error);
    } finally {
      for (const button of buttons) button.disabled = false;
    }
  }
  node.addEventListener('submit', (event) => {
    event.preventDefault();
    send(false);
  });
  const template = (key, href) => {
    const link = el('a', null, label(key));
    link.href = href;
    link.download = href.split('/').pop();
    return link;
  };
  section.replaceChildren(sectionHead('admin.imports.title', 'admin.imports.intro'),
    el('p', 'templates', label('admin.imports.templates'), ' ', template('admin.imports.sessionsTemplate', '/templates/phien-hop-mau.csv'),
      ' · ', template('admin.imports.delegatesTemplate', '/templates/dai-bieu-mau.csv')), node, report);
}

function renderReport(box, body, dryRun, ok) {
  const counts = el('p', ok ? 'import-ok' : 'error', label(ok ? (dryRun ? 'admin.imports.wouldDo' : 'admin.imports.done') : 'admin.imports.refused',
    { created: body.created ?? 0, updated: body.updated ?? 0, unchanged: body.unchanged ?? 0, n: body.errors?.length ?? 0 }));
  counts.dataset.result = ok ? (dryRun ? 'dry-run' : 'imported') : 'refused';
  const errors = Array.isArray(body.errors) ? body.errors : [];
  // Stopped part-way (rare: another admin, or the cluster, at the same moment): say how far it got, not "nothing".
  if (!ok && (errors.length === 0 || body.written !== undefined)) counts.replaceChildren(say(body.detail ?? body.title ?? ''));
  box.replaceChildren(...[counts, errors.length === 0 ? null : table(['admin.imports.row', 'admin.imports.field', 'admin.imports.message'],
    errors.map((e, i) => ({ ...e, id: String(i) })), (e) => [e.row === 0 ? t('admin.imports.wholeFile') : String(e.row), el('code', null, e.field), say(e.message)])].filter(Boolean));
  box.hidden = false;
}

onLangChange(() => {
  for (const node of document.querySelectorAll('input[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
});

// Last: every module-level binding above exists before the page starts to use them.
if (user) {
  try {
    await loadReferences();
    window.addEventListener('hashchange', showSection);
    showSection();
  } catch {
    document.querySelector('main').append(el('p', 'error', label('error.load')));
  }
  document.body.dataset.loaded = 'true';
}
