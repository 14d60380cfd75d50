// /signin (Development only): a name and a role, a token from POST /api/dev/token, and the page that fits the role.
import { homeOf, roles, signIn } from './auth.js';
import { applyTranslations, lang, setLang, t } from './i18n.js';

document.documentElement.lang = lang();
const select = document.getElementById('role');
for (const role of roles) {
  const option = document.createElement('option');
  option.value = role;
  option.dataset.i18n = `role.${role}`;
  select.append(option);
}
applyTranslations(document);

document.getElementById('lang-toggle').addEventListener('click', () => setLang(lang() === 'vi' ? 'en' : 'vi'));

const form = document.getElementById('signin-form');
const error = document.getElementById('signin-error');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const name = form.elements.name.value.trim();
  const role = form.elements.role.value;
  if (!name) {
    error.textContent = t('signin.nameMissing');
    error.hidden = false;
    return;
  }
  try {
    const response = await fetch('/api/dev/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ name, role }),
    });
    if (!response.ok) throw new Error(String(response.status));
    const { token } = await response.json();
    signIn(token);
    location.assign(homeOf[role]);
  } catch {
    error.textContent = t('signin.failed');
    error.hidden = false;
  }
});
document.body.dataset.loaded = 'true';
