// The consoles' incident list: the sitting's incidents by severity, then time; the reader acts on those that are
// theirs (acknowledge, resolve with a note) and sees the others. Operators and security share it.
import { apiJson } from './auth.js';
import { formatTime, label, t } from './i18n.js';
import { byUrgency, incidentSummary } from './incidents.js';
import { el } from './shell.js';

export class IncidentList {
  /**
   * @param {object} options
   * @param {string} options.listId the element the cards go into
   * @param {string} options.countId the element that shows how many are unresolved
   * @param {(incident) => boolean} options.mine whether the reader handles the incident here
   * @param {string} options.otherKey the label shown on an incident handled elsewhere
   * @param {(incident) => boolean} [options.shows] which incidents the list shows at all
   */
  constructor({ listId, countId, mine, otherKey, shows = () => true }) {
    Object.assign(this, { listId, countId, mine, otherKey, shows });
    this.incidents = new Map();
    this.drafts = new Map();
    this.busy = new Set();
  }

  replace(all) {
    this.incidents = new Map(all.map((i) => [i.id, i]));
    this.render();
  }

  accept(incident) {
    this.incidents.set(incident.id, incident);
    this.render();
  }

  clear() {
    this.incidents.clear();
    this.drafts.clear();
  }

  render() {
    const list = document.getElementById(this.listId);
    if (!list) return;
    const all = [...this.incidents.values()].filter(this.shows);
    const active = all.filter((i) => i.state !== 'resolved').sort(byUrgency);
    const resolved = all.filter((i) => i.state === 'resolved').sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? '')).slice(0, 5);
    document.getElementById(this.countId).textContent = String(active.length);
    if (active.length === 0 && resolved.length === 0) {
      list.replaceChildren(el('p', 'calm', label('wall.noIncidents')));
      return;
    }
    list.replaceChildren(...active.map((i) => this.card(i)),
      ...(resolved.length ? [el('h3', 'resolved-head', label('operator.recentlyResolved'))] : []),
      ...resolved.map((i) => this.card(i)));
  }

  card(incident) {
    const card = el('article', `op-incident severity-${incident.severity} state-${incident.state}`);
    card.dataset.incident = incident.id;
    card.dataset.state = incident.state;
    card.dataset.kind = incident.kind;
    card.append(
      el('div', 'incident-meta', el('span', 'severity', label(`severity.${incident.severity}`)),
        el('span', null, formatTime(incident.openedAt)), el('span', 'incident-state', label(`incident.${incident.state}`))),
      el('p', 'incident-summary', incidentSummary(incident)));
    const affected = incident.affected ?? [];
    if (affected.length && incident.state !== 'resolved' && !incident.recoveredAt) {
      const names = affected.slice(0, 8).map((a) => a.name).join(', ');
      const more = affected.length > 8 ? ` ${t('incident.affectedMore', { n: affected.length - 8 })}` : '';
      const line = el('p', 'affected', label('incident.affected'), ` ${names}${more}`);
      line.dataset.affected = String(affected.length);
      card.append(line);
    }
    if (incident.state === 'acknowledged' && incident.acknowledgedBy) {
      card.append(el('p', 'muted', label('incident.acknowledgedBy', { who: incident.acknowledgedBy, at: formatTime(incident.acknowledgedAt) })));
    }
    if (!this.mine(incident)) {
      card.append(el('p', 'muted', label(this.otherKey)));
      return card;
    }
    if (incident.state === 'resolved') {
      card.append(el('p', 'muted', label('incident.resolvedBy', { who: incident.resolvedBy ?? '', at: formatTime(incident.resolvedAt) })));
      if (incident.resolutionNote) card.append(el('p', 'note', incident.resolutionNote));
      return card;
    }
    const note = el('textarea', 'note-input');
    note.rows = 2;
    note.name = 'note';
    note.setAttribute('aria-label', t('incident.noteLabel'));
    note.dataset.i18nAria = 'incident.noteLabel';
    note.dataset.i18nPlaceholder = 'incident.notePlaceholder';
    note.placeholder = t('incident.notePlaceholder');
    note.value = this.drafts.get(incident.id) ?? '';
    note.addEventListener('input', () => this.drafts.set(incident.id, note.value));
    const actions = el('div', 'actions');
    if (incident.state === 'open') actions.append(this.actionButton(incident, 'acknowledge', note));
    actions.append(this.actionButton(incident, 'resolve', note));
    const error = el('p', 'error');
    error.setAttribute('role', 'alert');
    error.hidden = true;
    card.append(note, actions, error);
    return card;
  }

  actionButton(incident, action, note) {
    const button = el('button', `button ${action === 'resolve' ? 'primary' : ''}`, label(`incident.${action}`));
    button.type = 'button';
    button.dataset.action = action;
    button.disabled = this.busy.has(incident.id);
    button.addEventListener('click', async () => {
      this.busy.add(incident.id);
      button.disabled = true;
      try {
        const updated = await apiJson(`/api/incidents/${encodeURIComponent(incident.id)}/${action}`, { method: 'POST', body: { note: note.value.trim() || null } });
        this.drafts.delete(incident.id);
        this.incidents.set(updated.id, updated);
      } catch (error) {
        const box = button.closest('article').querySelector('.error');
        box.textContent = `${t('incident.failed')} ${error.message}`;
        box.hidden = false;
        this.busy.delete(incident.id);
        button.disabled = false;
        return;
      }
      this.busy.delete(incident.id);
      this.render();
    });
    return button;
  }
}
