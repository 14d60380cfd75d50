// The operator console's alerts for an incident that needs someone now: a short sound, a notification of the system
// (when the operator allowed it) and, while the tab is in the background, a count in its title. A major or critical
// incident alerts once, when it first reaches that severity; what was already there when the console opened does not.
import { label, lang, onLangChange, t } from './i18n.js';
import { el } from './shell.js';

const storageKey = 'sessionops.alerts';
const urgent = new Set(['major', 'critical']);

export class IncidentAlerts {
  /** @param {{ host: HTMLElement, mine: (incident) => boolean }} options where the switch goes; which incidents are the reader's */
  constructor({ host, mine }) {
    this.mine = mine;
    this.alerted = new Set();
    this.unseen = 0;
    this.audio = null;
    this.button = el('button', 'button small alerts-toggle');
    this.button.type = 'button';
    this.button.id = 'alerts-toggle';
    this.button.addEventListener('click', () => this.toggle());
    host.append(this.button);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.seen();
    });
    onLangChange(() => this.render());
    this.render();
  }

  get enabled() {
    return localStorage.getItem(storageKey) === 'on';
  }

  /** The switch is a click, which is what a browser asks before it lets a page ask for notifications or play a sound. */
  async toggle() {
    if (this.enabled) {
      localStorage.setItem(storageKey, 'off');
    } else {
      localStorage.setItem(storageKey, 'on');
      this.unlockSound();
      if ('Notification' in window && Notification.permission === 'default') await Notification.requestPermission();
    }
    this.render();
  }

  render() {
    const on = this.enabled;
    const denied = 'Notification' in window && Notification.permission === 'denied';
    this.button.replaceChildren(label(on ? 'alerts.on' : 'alerts.off'));
    this.button.setAttribute('aria-pressed', String(on));
    this.button.title = t(on && denied ? 'alerts.soundOnly' : on ? 'alerts.onHelp' : 'alerts.offHelp');
    this.button.dataset.state = on ? 'on' : 'off';
  }

  /** Incidents that were there when the sitting was opened: known, never announced. */
  known(incidents) {
    for (const incident of incidents) if (urgent.has(incident.severity)) this.alerted.add(incident.id);
  }

  /** Every incident pushed: announced when it is the reader's, open, and newly major or critical. */
  accept(incident) {
    if (!urgent.has(incident.severity) || incident.state !== 'open' || this.alerted.has(incident.id) || !this.mine(incident)) return;
    this.alerted.add(incident.id);
    if (document.visibilityState !== 'visible') {
      this.unseen += 1;
      this.applyTitle();
    }
    if (!this.enabled) return;
    this.beep(incident.severity === 'critical' ? 2 : 1);
    if ('Notification' in window && Notification.permission === 'granted') {
      // "Sự cố nghiêm trọng: …" mid-sentence in Vietnamese; "Critical incident: …" leads in English.
      const severity = lang() === 'vi' ? t(`severity.${incident.severity}`).toLocaleLowerCase('vi') : t(`severity.${incident.severity}`);
      // A system notification stays on a lock screen: security's findings say that there is one, not where or what.
      const title = incident.isSecurity ? t('alerts.securityTitle', { severity }) : t('alerts.title', { severity, target: incident.targetName });
      try {
        const notification = new Notification(title, {
          body: incident.isSecurity ? t('alerts.securityBody') : incident.summary,
          tag: incident.id,
          requireInteraction: incident.severity === 'critical',
        });
        notification.onclick = () => {
          window.focus();
          document.querySelector(`[data-incident="${CSS.escape(incident.id)}"]`)?.scrollIntoView({ block: 'center' });
          notification.close();
        };
      } catch {
        // Some browsers (Chrome on Android) make notifications only through a service worker: the tone and the
        // title's count remain.
      }
    }
  }

  seen() {
    this.unseen = 0;
    this.applyTitle();
  }

  /** "(2) Bàn điều khiển kỹ thuật · SessionOps" while two alerts wait unseen; the page's own title otherwise. */
  applyTitle() {
    const base = document.title.replace(/^\(\d+\) /, '');
    document.title = this.unseen > 0 ? `(${this.unseen}) ${base}` : base;
  }

  unlockSound() {
    try {
      this.audio ??= new AudioContext();
      if (this.audio.state === 'suspended') this.audio.resume();
    } catch {
      this.audio = null;
    }
  }

  /** One short tone, two for a critical incident: made here, so that no sound file has to be fetched. */
  beep(times) {
    this.unlockSound();
    if (!this.audio) return;
    for (let i = 0; i < times; i += 1) {
      const at = this.audio.currentTime + i * 0.35;
      const tone = this.audio.createOscillator();
      const volume = this.audio.createGain();
      tone.frequency.value = 880;
      volume.gain.setValueAtTime(0.2, at);
      volume.gain.exponentialRampToValueAtTime(0.001, at + 0.25);
      tone.connect(volume).connect(this.audio.destination);
      tone.start(at);
      tone.stop(at + 0.25);
    }
  }
}
