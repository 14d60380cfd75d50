// The browser's sign-in: the API's bearer token, kept in localStorage. The role in it decides which pages open;
// the API decides, again and for real, what the token may read.

const storageKey = 'sessionops.token';

export const roles = ['leadership', 'operator', 'security', 'admin'];

/** The page that fits each role. */
export const homeOf = { leadership: '/board', operator: '/operator', security: '/security', admin: '/board' };

/** Who may open which page; the contract's role table, as the pages show it. */
export const pageRoles = {
  board: ['leadership', 'operator', 'security', 'admin'],
  operator: ['operator', 'admin'],
  security: ['security', 'admin'],
};

function decode(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(payload), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/** The signed-in user, or null when there is no token or it has expired. */
export function currentUser() {
  const token = localStorage.getItem(storageKey);
  if (!token) return null;
  const claims = decode(token);
  if (!claims || !roles.includes(claims.role) || (claims.exp && claims.exp * 1000 < Date.now())) {
    localStorage.removeItem(storageKey);
    return null;
  }
  return { token, name: claims.name ?? '', role: claims.role };
}

export function signIn(token) {
  localStorage.setItem(storageKey, token);
}

export function signOut() {
  localStorage.removeItem(storageKey);
  location.assign('/signin');
}

export function goToSignIn() {
  location.replace('/signin');
}

/** A call to the API with the user's token; a 401 means the sign-in is no longer good. */
export async function api(path, options = {}) {
  const user = currentUser();
  if (!user) {
    goToSignIn();
    throw new Error('Not signed in.');
  }
  const headers = { Accept: 'application/json', Authorization: `Bearer ${user.token}`, ...(options.headers ?? {}) };
  let body = options.body;
  if (body !== undefined && typeof body !== 'string') {
    body = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { ...options, headers, body });
  if (response.status === 401) {
    localStorage.removeItem(storageKey);
    goToSignIn();
    throw new Error('The sign-in has expired.');
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
