// What the pages say about an incident, in the reader's language.
import { t } from './i18n.js';

/** An incident's summary in the reader's language, composed from its fields (the server's summary is English). */
export function incidentSummary(incident) {
  const n = incident.affectedDelegates;
  const name = incident.targetName;
  if (incident.kind === 'connectionPoint') {
    const health = !incident.recoveredAt && ['offline', 'degraded'].includes(incident.health) ? incident.health : 'recovered';
    const key = `incident.summary.${health}${n > 0 && health !== 'recovered' ? '.delegates' : ''}`;
    return t(key, { name, n });
  }
  // A check not done by its deadline is late work, not a problem found: an overdue sweep reads as one.
  if (incident.cause === 'overdue') return t(`incident.summary.overdue.${incident.kind}`, { name });
  return t(`incident.summary.${incident.kind}`, { name });
}

const severityRank = { critical: 0, major: 1, minor: 2 };

/** The gravest first, the newest first within a severity. */
export function byUrgency(a, b) {
  return (severityRank[a.severity] ?? 9) - (severityRank[b.severity] ?? 9) || b.openedAt.localeCompare(a.openedAt);
}
