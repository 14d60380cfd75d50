// /signin: a username and a password (every environment); the organisation's identity provider when one is set up;
// in Development also the quick form (a name and a role, no password). The server sets the session cookie.
import { homeOf, ownRequest, pageRoles, roles } from './auth.js';
import { applyTranslations, lang, setLang, t } from './i18n.js';

document.documentElement.lang = lang();
const options = (document.querySelector('meta[name="sessionops-signin"]')?.content ?? '').split(' ');
const params = new URLSearchParams(location.search);
const returnUrl = params.get('returnUrl');

/**
 * Back to the page that sent the browser here when the role may use it, else the page that fits the role. Only a path
 * of this site: the sign-in never sends anyone elsewhere.
 */
function destination(role) {
  const local = returnUrl && returnUrl.startsWith('/') && !returnUrl.startsWith('//') && !returnUrl.startsWith('/\\') && returnUrl !== '/';
  if (!local) return homeOf[role];
  const page = returnUrl.startsWith('/operator') ? 'operator' : returnUrl.startsWith('/security') ? 'security' : 'board';
  return pageRoles[page].includes(role) ? returnUrl : homeOf[role];
}

async function post(path, body) {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...ownRequest },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
}

function show(element, text) {
  element.textContent = text;
  element.hidden = false;
}

const notice = document.getElementById('signin-notice');
if (params.get('display') === 'invalid') show(notice, t('signin.displayInvalid'));
if (params.get('oidc') === 'failed') show(notice, t('signin.oidcFailed'));

const form = document.getElementById('signin-form');
const error = document.getElementById('signin-error');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const username = form.elements.username.value.trim();
  const password = form.elements.password.value;
  if (!username || !password) {
    show(error, t('signin.missing'));
    return;
  }
  try {
    const response = await post('/api/auth/signin', { username, password });
    if (response.status === 429) {
      show(error, t('signin.locked'));
      return;
    }
    if (!response.ok) {
      show(error, t(response.status === 401 ? 'signin.wrong' : 'signin.failed'));
      form.elements.password.value = '';
      return;
    }
    const user = await response.json();
    location.assign(destination(user.role));
  } catch {
    show(error, t('signin.failed'));
  }
});

if (options.includes('oidc')) {
  document.getElementById('signin-oidc').hidden = false;
  document.getElementById('oidc-link').href = `/signin/oidc?returnUrl=${encodeURIComponent(returnUrl ?? '/')}`;
}

if (options.includes('dev')) buildDevForm(document.getElementById('signin-dev'));

function buildDevForm(container) {
  const dev = document.createElement('form');
  dev.id = 'dev-form';
  dev.className = 'signin-form dev-form';
  dev.innerHTML = `
    <p class="muted" data-i18n="signin.devOnly"></p>
    <label class="field"><span data-i18n="signin.name"></span><input id="name" name="name" type="text" required autocomplete="name" data-i18n-placeholder="signin.namePlaceholder"></label>
    <label class="field"><span data-i18n="signin.role"></span><select id="role" name="role"></select></label>
    <button type="submit" class="button" id="dev-submit"><span data-i18n="signin.devSubmit"></span></button>
    <p class="error" id="dev-error" role="alert" hidden></p>`;
  container.append(dev);
  const select = dev.querySelector('#role');
  for (const role of roles) {
    const option = document.createElement('option');
    option.value = role;
    option.dataset.i18n = `role.${role}`;
    select.append(option);
  }
  const devError = dev.querySelector('#dev-error');
  dev.addEventListener('submit', async (event) => {
    event.preventDefault();
    devError.hidden = true;
    const name = dev.elements.name.value.trim();
    const role = dev.elements.role.value;
    if (!name) {
      show(devError, t('signin.nameMissing'));
      return;
    }
    try {
      const response = await post('/api/dev/signin', { name, role });
      if (!response.ok) throw new Error(String(response.status));
      location.assign(destination(role));
    } catch {
      show(devError, t('signin.failed'));
    }
  });
}

applyTranslations(document);
document.getElementById('lang-toggle').addEventListener('click', () => setLang(lang() === 'vi' ? 'en' : 'vi'));
document.body.dataset.loaded = 'true';
