// Every visible label of the pages comes from this table: Vietnamese first, English one click away.
// A key missing from the current language renders as ⟦key⟧, so that a person or a test sees it at once.
import { en, sameInBoth, vi } from './strings.js';

const tables = { vi, en };
const storageKey = 'sessionops.lang';
const listeners = new Set();

// A link that asks for a language (an e-mail's "English: …?lang=en") chooses it, as the switch would.
const askedLang = new URLSearchParams(location.search).get('lang');
if (askedLang === 'en' || askedLang === 'vi') {
  localStorage.setItem(storageKey, askedLang);
  // Taken once: a reload, or the switch, decides from here on.
  const url = new URL(location.href);
  url.searchParams.delete('lang');
  history.replaceState(history.state, '', url);
}

/** The parliament's clock: times are shown in Hà Nội whatever the browser's own zone. */
export const timeZone = 'Asia/Ho_Chi_Minh';

export function lang() {
  const stored = localStorage.getItem(storageKey);
  return stored === 'en' ? 'en' : 'vi';
}

export function setLang(value) {
  localStorage.setItem(storageKey, value === 'en' ? 'en' : 'vi');
  document.documentElement.lang = lang();
  applyTranslations(document);
  for (const listener of listeners) listener(lang());
}

/** Runs after every change of language, to re-render what was built from data. */
export function onLangChange(listener) {
  listeners.add(listener);
}

/**
 * The label for a key, with {name} placeholders filled from params; ⟦key⟧ when the table lacks it. A label that
 * depends on a count is a table of plural forms ({ one, other }), chosen by the language's own rules for params.n.
 */
export function t(key, params = {}) {
  let text = tables[lang()][key];
  if (text && typeof text === 'object') text = text[plurals().select(Number(params.n ?? 0))] ?? text.other;
  if (typeof text !== 'string') return `⟦${key}⟧`;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

function plurals() {
  return new Intl.PluralRules(lang() === 'vi' ? 'vi-VN' : 'en-GB');
}

/** Whether the current language's table has a label for the key. */
export function has(key) {
  const text = tables[lang()][key];
  return typeof text === 'string' || (text !== null && typeof text === 'object');
}

/** A span holding a label, marked so that a change of language re-renders it. */
export function label(key, params, className) {
  const span = document.createElement('span');
  span.dataset.i18n = key;
  if (params && Object.keys(params).length) span.dataset.i18nArgs = JSON.stringify(params);
  if (className) span.className = className;
  span.textContent = t(key, params);
  return span;
}

/** Fills every element marked data-i18n (text), data-i18n-title, data-i18n-placeholder and data-i18n-aria under root. */
export function applyTranslations(root) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    const args = element.dataset.i18nArgs ? JSON.parse(element.dataset.i18nArgs) : {};
    element.textContent = t(element.dataset.i18n, args);
  }
  for (const element of root.querySelectorAll('[data-i18n-title]')) element.title = t(element.dataset.i18nTitle);
  for (const element of root.querySelectorAll('[data-i18n-placeholder]')) element.placeholder = t(element.dataset.i18nPlaceholder);
  for (const element of root.querySelectorAll('[data-i18n-aria]')) element.setAttribute('aria-label', t(element.dataset.i18nAria));
  if (root === document && document.body.dataset.titleKey) document.title = `${t(document.body.dataset.titleKey)} · SessionOps`;
}

/**
 * The tables' own check: keys that one language has and the other lacks, and labels left the same in both.
 * The pages' tests call it; a developer can call it from the console.
 */
export function checkTables() {
  const problems = [];
  for (const key of Object.keys(vi)) if (!(key in en)) problems.push(`en lacks ${key}`);
  for (const key of Object.keys(en)) if (!(key in vi)) problems.push(`vi lacks ${key}`);
  for (const key of Object.keys(vi)) {
    if (key in en && JSON.stringify(vi[key]) === JSON.stringify(en[key]) && !sameInBoth.has(key)) problems.push(`${key} is not translated`);
  }
  return problems;
}

window.sessionOpsI18n = { checkTables, t, lang, setLang, sameInBoth: [...sameInBoth] };

function locale() {
  return lang() === 'vi' ? 'vi-VN' : 'en-GB';
}

export function formatTime(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

export function formatTimeSeconds(date) {
  return new Intl.DateTimeFormat(locale(), { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(date);
}

export function formatDate(date) {
  return new Intl.DateTimeFormat(locale(), { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

/** A day and month, short: "03/12". */
export function formatDay(iso) {
  return new Intl.DateTimeFormat(locale(), { timeZone, day: '2-digit', month: '2-digit' }).format(new Date(iso));
}

/** The Hà Nội day of an instant as yyyy-MM-dd. */
export function dayInHanoi(iso) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso));
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Today in Hà Nội as yyyy-MM-dd, the day the API's board speaks of. */
export function todayInHanoi() {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function formatNumber(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

/** A span of time in words: "2 giờ 05 phút", "45 giây". */
export function formatDuration(milliseconds) {
  const total = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return t('duration.hoursMinutes', { h: hours, m: String(minutes).padStart(2, '0') });
  if (minutes > 0) return t('duration.minutes', { m: minutes });
  return t('duration.seconds', { s: seconds });
}

/** How long ago, short: for a heartbeat's age. */
export function formatAge(iso, now = Date.now()) {
  if (!iso) return t('age.never');
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return t('age.seconds', { s: seconds });
  if (seconds < 3600) return t('age.minutes', { m: Math.floor(seconds / 60) });
  return t('age.hours', { h: Math.floor(seconds / 3600) });
}
