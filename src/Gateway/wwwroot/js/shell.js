// What every page shares: the top bar (name, pages of the role, clock, language, user), the connection banner,
// the guard that sends a visitor without a sign-in to /signin, and the notice for a role the page is not for.
import { applyTranslations, formatTime, formatTimeSeconds, label, lang, onLangChange, setLang, t, todayInHanoi } from './i18n.js';
import { currentUser, goToSignIn, homeOf, pageRoles, signOut } from './auth.js';

const navigation = [
  { page: 'board', href: '/board', key: 'nav.board' },
  { page: 'calendar', href: '/calendar', key: 'nav.calendar' },
  { page: 'reports', href: '/reports', key: 'nav.reports' },
  { page: 'operator', href: '/operator', key: 'nav.operator' },
  { page: 'security', href: '/security', key: 'nav.security' },
  { page: 'badges', href: '/badges', key: 'nav.badges' },
  { page: 'admin', href: '/admin', key: 'nav.admin' },
];

function element(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

export { element as el };

/**
 * Puts the shell around the page and checks the sign-in. Returns the user when the role may use the page;
 * otherwise it shows why not, loads no data, and returns null.
 */
export function startPage(page) {
  document.documentElement.lang = lang();
  const user = currentUser();
  if (!user) {
    goToSignIn();
    return null;
  }

  const bar = element('header', 'topbar');
  const brand = element('a', 'brand');
  brand.href = homeOf[user.role];
  brand.append(element('span', 'brand-mark', 'SO'), element('span', 'brand-text', label('app.name'), element('small', null, label('app.owner'))));
  const nav = element('nav', 'nav');
  for (const item of navigation) {
    if (!pageRoles[item.page].includes(user.role)) continue;
    const link = element('a', item.page === page ? 'active' : null, label(item.key));
    link.href = item.href;
    nav.append(link);
  }
  const clock = element('span', 'clock');
  clock.id = 'clock';
  const tick = () => (clock.textContent = formatTimeSeconds(new Date()));
  tick();
  setInterval(tick, 1000);

  // Its name is what it shows ("English", "Tiếng Việt"), in the language it names; the hint is a title.
  const toggle = element('button', 'lang-toggle');
  toggle.type = 'button';
  toggle.id = 'lang-toggle';
  toggle.dataset.i18nTitle = 'lang.switch';
  const other = label('lang.other');
  toggle.append(other);
  const markLang = () => other.setAttribute('lang', lang() === 'vi' ? 'en' : 'vi');
  markLang();
  onLangChange(markLang);
  toggle.addEventListener('click', () => setLang(lang() === 'vi' ? 'en' : 'vi'));

  const who = element('span', 'who', element('strong', null, user.name), label(`role.${user.role}`, null, 'role'));
  const out = element('button', 'link-button', label('auth.signOut'));
  out.type = 'button';
  out.addEventListener('click', signOut);
  bar.append(brand, nav, element('div', 'spacer'), clock, who, toggle, out);

  const banner = element('div', 'conn-banner');
  banner.id = 'conn-banner';
  banner.setAttribute('role', 'status');
  banner.setAttribute('aria-live', 'polite');
  banner.hidden = true;

  document.body.prepend(bar, banner);
  onLangChange(tick);
  applyTranslations(document);

  if (!pageRoles[page].includes(user.role)) {
    showForbidden(user);
    return null;
  }
  return user;
}

function showForbidden(user) {
  const main = document.querySelector('main');
  main.replaceChildren();
  main.className = 'forbidden-main';
  const box = element('section', 'forbidden');
  box.id = 'forbidden';
  const home = element('a', 'button primary', label('forbidden.home'));
  home.href = homeOf[user.role];
  box.append(
    element('h1', null, label('forbidden.title')),
    element('p', null, label('forbidden.body', { role: t(`role.${user.role}`) })),
    home,
  );
  main.append(box);
  // The role's name inside the sentence is a label too: re-render it with the language.
  onLangChange(() => {
    const body = box.querySelector('p span');
    body.dataset.i18nArgs = JSON.stringify({ role: t(`role.${user.role}`) });
    body.textContent = t('forbidden.body', { role: t(`role.${user.role}`) });
  });
}

let restoredTimer;

/** The connection banner: hidden while connected, red while the link is lost, green for a moment once it is back. */
export function showConnection(state) {
  const banner = document.getElementById('conn-banner');
  if (!banner) return;
  clearTimeout(restoredTimer);
  banner.dataset.state = state;
  if (state === 'connected') {
    banner.hidden = true;
    return;
  }
  banner.replaceChildren(label(state === 'lost' ? 'conn.lost' : 'conn.restored'));
  banner.hidden = false;
  if (state === 'restored') {
    restoredTimer = setTimeout(() => {
      banner.hidden = true;
      banner.dataset.state = 'connected';
    }, 5000);
  }
}

/** An inline icon per health, so that health is never told by colour alone. */
export function healthIcon(health) {
  const paths = {
    online: '<circle cx="12" cy="12" r="10" fill="currentColor" opacity=".25"/><path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>',
    degraded: '<path d="M12 2.5L22.5 21h-21z" fill="currentColor" opacity=".25"/><path d="M12 9v5.5M12 17.6v.4" stroke="currentColor" stroke-width="2.6" stroke-linecap="round"/>',
    offline: '<rect x="2.5" y="2.5" width="19" height="19" rx="3" fill="currentColor" opacity=".25"/><path d="M8 8l8 8M16 8l-8 8" stroke="currentColor" stroke-width="2.6" stroke-linecap="round"/>',
    unknown: '<circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" stroke-width="2" stroke-dasharray="3 3"/><path d="M9.5 9.5a2.6 2.6 0 1 1 3.6 2.4c-.8.4-1.1.9-1.1 1.7M12 17v.3" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>',
  };
  const span = document.createElement('span');
  span.className = `icon icon-${health}`;
  span.setAttribute('aria-hidden', 'true');
  span.innerHTML = `<svg viewBox="0 0 24 24" width="1em" height="1em">${paths[health] ?? paths.unknown}</svg>`;
  return span;
}

/** A health as the pages show it: icon and words, coloured as a second cue. */
export function healthBadge(health) {
  const badge = element('span', `health health-${health}`, healthIcon(health), label(`health.${health}`));
  badge.dataset.health = health;
  return badge;
}

/** "Kỳ họp thứ 2, đợt 1, ngày 3": where a sitting falls in its kỳ họp, as a label that follows the language. */
export function plenaryText(plenary) {
  return plenary.round
    ? label('plenary.roundDay', { number: plenary.number, round: plenary.round, day: plenary.day })
    : label('plenary.day', { number: plenary.number, day: plenary.day });
}

/** The phase of a session as a chip. */
export function phaseChip(phase) {
  const chip = element('span', `phase phase-${phase}`, label(`phase.${phase}`));
  chip.dataset.phase = phase;
  return chip;
}

/**
 * "Starts in 25 min", "Live for 1 h 05 min", "Over its end by 10 min", "Postponed": how a sitting stands against
 * its schedule. A postponed or cancelled sitting says so, never that it ended.
 */
export function timing(board, now = Date.now()) {
  const start = new Date(board.scheduledStart).getTime();
  const end = new Date(board.scheduledEnd).getTime();
  if (board.phase === 'live' || board.phase === 'suspended') {
    if (now > end) return { key: 'timing.overrun', ms: now - end, overrun: true };
    const since = board.liveSince ? new Date(board.liveSince).getTime() : start;
    return { key: board.phase === 'live' ? 'timing.liveFor' : 'timing.suspendedAfter', ms: now - since };
  }
  if (board.phase === 'postponed' || board.phase === 'cancelled') return { key: `timing.${board.phase}`, ms: 0 };
  if (['adjourned', 'closed'].includes(board.phase)) return { key: 'timing.over', ms: 0 };
  return start >= now ? { key: 'timing.startsIn', ms: start - now } : { key: 'timing.late', ms: now - start };
}

/** Why a sitting was postponed or cancelled, in the Office's quotation marks; nothing for any other phase. */
export function phaseReasonLine(board, className = 'phase-reason') {
  if (!['postponed', 'cancelled'].includes(board.phase) || !board.phaseReason) return null;
  const line = element('p', className, label(`sitting.reason.${board.phase}`), ` “${board.phaseReason}”`);
  line.dataset.reason = board.phase;
  return line;
}

/** A progress bar, named for what it measures (readiness unless told). */
export function progress(percent, state, nameKey = 'board.readiness') {
  const bar = element('div', `progress progress-${state}`);
  bar.setAttribute('role', 'progressbar');
  bar.dataset.i18nAria = nameKey;
  bar.setAttribute('aria-label', t(nameKey));
  bar.setAttribute('aria-valuenow', String(percent));
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', '100');
  const fill = element('div', 'progress-fill');
  fill.style.width = `${Math.max(0, Math.min(100, percent))}%`;
  bar.append(fill);
  return bar;
}

const markPaths = {
  ok: '<circle cx="12" cy="12" r="10" fill="currentColor" opacity=".25"/><path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>',
  issue: '<path d="M12 2.5L22.5 21h-21z" fill="currentColor" opacity=".25"/><path d="M12 9v5.5M12 17.6v.4" stroke="currentColor" stroke-width="2.6" stroke-linecap="round"/>',
  fail: '<rect x="2.5" y="2.5" width="19" height="19" rx="3" fill="currentColor" opacity=".25"/><path d="M8 8l8 8M16 8l-8 8" stroke="currentColor" stroke-width="2.6" stroke-linecap="round"/>',
  expired: '<circle cx="12" cy="12" r="10" fill="currentColor" opacity=".2"/><path d="M12 6.5V12l3.5 2.5" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>',
  waived: '<circle cx="12" cy="12" r="10" fill="currentColor" opacity=".2"/><path d="M7 12h10" stroke="currentColor" stroke-width="2.6" stroke-linecap="round"/>',
  pending: '<circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" stroke-width="2" stroke-dasharray="3 3"/><circle cx="12" cy="12" r="2" fill="currentColor"/>',
};

/** An icon for the result of a check (ok, issue, fail, expired, waived, pending): the word goes beside it. */
export function markIcon(mark) {
  const span = document.createElement('span');
  span.className = `icon mark-${mark}`;
  span.setAttribute('aria-hidden', 'true');
  span.innerHTML = `<svg viewBox="0 0 24 24" width="1em" height="1em">${markPaths[mark] ?? markPaths.pending}</svg>`;
  return span;
}

/** A status as icon and word, coloured as a second cue only. */
export function statusBadge(mark, key, params) {
  const badge = element('span', `status status-${mark}`, markIcon(mark), label(key, params));
  badge.dataset.status = mark;
  return badge;
}

/** The errors of a problem (field → messages) as a list, or its detail, for a form to show what the server refused. */
export function problemText(error) {
  const problem = error?.problem ?? {};
  const messages = Object.values(problem.errors ?? {}).flat();
  if (messages.length) return messages.join(' ');
  return problem.detail ?? problem.title ?? error?.message ?? '';
}

/** The consoles' choice of sitting: start time, kind and title of each of the day's boards. */
export function renderSessionChoice(state) {
  const select = document.getElementById('session-select');
  select.replaceChildren(...state.sessions.map((s) => {
    const option = element('option', null, `${formatTime(s.scheduledStart)} · ${t(`kind.${s.kind}`)} · ${s.title}`);
    option.value = s.sessionId;
    return option;
  }));
  if (state.sessionId) select.value = state.sessionId;
}

/** The Hà Nội day the page shows: ?date=yyyy-MM-dd, or today. */
export function pageDay() {
  const asked = new URLSearchParams(location.search).get('date');
  return asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) && !Number.isNaN(Date.parse(asked)) ? asked : todayInHanoi();
}

/** yyyy-MM-dd moved by whole days, on the calendar (no clock, no time zone). */
export function addDays(day, days) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Opens the same page on another day: the sitting chosen belongs to the day left behind. */
function goToDay(day) {
  const url = new URL(location.href);
  if (day === todayInHanoi()) url.searchParams.delete('date');
  else url.searchParams.set('date', day);
  url.searchParams.delete('session');
  location.assign(url);
}

/** The day's choice: the day before, a date, today, the day after. */
export function renderDayPicker(day, containerId = 'day-picker') {
  const box = document.getElementById(containerId);
  if (!box) return;
  const button = (key, target, className) => {
    const node = element('button', `button day-step ${className ?? ''}`, label(key));
    node.type = 'button';
    node.dataset.day = target;
    node.addEventListener('click', () => goToDay(target));
    return node;
  };
  const input = element('input');
  input.type = 'date';
  input.id = `${containerId}-input`;
  input.name = 'date';
  input.value = day;
  input.addEventListener('change', () => input.value && goToDay(input.value));
  const field = element('label', 'field', label('day.label'), input);
  field.htmlFor = input.id;
  const today = todayInHanoi();
  box.replaceChildren(...[field, button('day.previous', addDays(day, -1)),
    day === today ? null : button('day.today', today, 'primary'),
    button('day.next', addDays(day, 1))].filter(Boolean));
  box.dataset.day = day;
  box.classList.toggle('other-day', day !== today);
}

/**
 * A modal dialog built from parts: a title, what the action does, the fields it asks for, an error line and the two
 * buttons. Resolves when the person confirms and onConfirm succeeds, or cancels; onConfirm may throw to show why not.
 */
export function openDialog({ id, titleKey, titleParams, bodyKey, bodyParams, fields = [], confirmKey, danger = false, onConfirm }) {
  document.getElementById(id)?.remove();
  const dialog = element('dialog', 'dialog');
  dialog.id = id;
  const titleId = `${id}-title`;
  const title = element('h2', null, label(titleKey, titleParams));
  title.id = titleId;
  dialog.setAttribute('aria-labelledby', titleId);
  const form = element('form', 'dialog-form');
  form.method = 'dialog';
  const error = element('p', 'error dialog-error');
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const cancel = element('button', 'button', label('dialog.cancel'));
  cancel.type = 'button';
  cancel.dataset.action = 'cancel';
  const confirm = element('button', `button ${danger ? 'danger' : 'primary'}`, label(confirmKey));
  confirm.type = 'submit';
  confirm.dataset.action = 'confirm';
  form.append(title, bodyKey ? element('p', 'dialog-body', label(bodyKey, bodyParams)) : null, ...fields, error,
    element('div', 'dialog-actions', cancel, confirm));
  dialog.append(form);
  document.body.append(dialog);
  return new Promise((resolve) => {
    const close = (result) => {
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    cancel.addEventListener('click', () => close(false));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      confirm.disabled = true;
      error.hidden = true;
      try {
        await onConfirm(form);
        close(true);
      } catch (failure) {
        error.textContent = failure.message;
        error.hidden = false;
        confirm.disabled = false;
      }
    });
    dialog.showModal();
  });
}

/** A labelled field for a dialog: a text area, a date-time, a check box. */
export function dialogField(kind, name, labelKey, { required = false, value = '' } = {}) {
  const id = `field-${name}`;
  let input;
  if (kind === 'textarea') {
    input = element('textarea');
    input.rows = 3;
  } else {
    input = element('input');
    input.type = kind;
  }
  input.id = id;
  input.name = name;
  if (kind === 'checkbox') input.checked = Boolean(value);
  else input.value = value;
  input.required = required;
  const field = element('label', kind === 'checkbox' ? 'field check-field' : 'field',
    kind === 'checkbox' ? input : null, label(labelKey), required ? element('span', 'required', label('dialog.required')) : null,
    kind === 'checkbox' ? null : input);
  field.htmlFor = id;
  return field;
}
