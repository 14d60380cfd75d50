// The security counts that leadership may see: how many routes and venues are clear, never which or where.
import { label } from './i18n.js';
import { el } from './shell.js';

/** Security as counts only: how many routes and venues are clear, never which or where. */
export function securityLine(security) {
  const routes = el('span', 'sec-count', el('strong', null, `${security.routesCleared}/${security.routesTotal}`), label('security.routesCleared'));
  routes.dataset.security = 'routes';
  const venues = el('span', 'sec-count', el('strong', null, `${security.venuesCleared}/${security.venuesTotal}`), label('security.venuesCleared'));
  venues.dataset.security = 'venues';
  return el('div', 'security-line', routes, venues);
}
