// The browser's sign-in: a session cookie the script never sees (HttpOnly). The page learns who is signed in from the
// meta tag the server writes into it; the API decides, again and for real, what the session may read.

export const roles = ['leadership', 'operator', 'security', 'admin'];

/** The page that fits each role. */
export const homeOf = { leadership: '/board', operator: '/operator', security: '/security', admin: '/board' };

/** Who may open which page; the contract's role table, as the pages show it. */
export const pageRoles = {
  board: ['leadership', 'operator', 'security', 'admin'],
  operator: ['operator', 'admin'],
  security: ['security', 'admin'],
  badges: ['admin'],
  calendar: ['leadership', 'operator', 'security', 'admin'],
  admin: ['admin'],
  reports: ['leadership', 'operator', 'security', 'admin'],
};

/** The header that tells the server a request comes from our own pages (a cross-site form cannot send it). */
export const ownRequest = { 'X-Requested-With': 'XMLHttpRequest' };

/** The signed-in user ({ id, name, role, provinces, method }), or null. */
export function currentUser() {
  const meta = document.querySelector('meta[name="sessionops-user"]');
  if (!meta) return null;
  try {
    const user = JSON.parse(meta.content);
    return roles.includes(user.role) ? user : null;
  } catch {
    return null;
  }
}

export async function signOut() {
  try {
    await fetch('/api/auth/signout', { method: 'POST', headers: ownRequest, credentials: 'same-origin' });
  } finally {
    location.assign('/signin');
  }
}

export function goToSignIn() {
  location.replace(`/signin?returnUrl=${encodeURIComponent(location.pathname + location.search)}`);
}

/** 128 random bits as hex (crypto.randomUUID exists only on HTTPS and localhost). */
function newKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A call to the API with the session cookie; a 401 means the session has ended. */
export async function api(path, options = {}) {
  const headers = { Accept: 'application/json', ...ownRequest, ...(options.headers ?? {}) };
  // Every change is sent with a key of its own: if the answer is lost, sending it again changes nothing twice.
  const method = (options.method ?? 'GET').toUpperCase();
  if ((method === 'POST' || method === 'DELETE') && !headers['Idempotency-Key']) headers['Idempotency-Key'] = newKey();
  let body = options.body;
  // Objects go as JSON; a file (a Blob) goes as it is, with the type the caller gives.
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Blob)) {
    body = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { ...options, headers, body, credentials: 'same-origin' });
  if (response.status === 401) {
    goToSignIn();
    throw new Error('The sign-in has ended.');
  }
  return response;
}

export async function apiJson(path, options) {
  const response = await api(path, options);
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const error = new Error(problem.detail ?? problem.title ?? `${response.status}`);
    error.status = response.status;
    // The problem's errors map (field → messages), for a form to show what the server refused.
    error.problem = problem;
    throw error;
  }
  return response.json();
}
