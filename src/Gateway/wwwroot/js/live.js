// The link to /hubs/ops: reconnects by itself, tells the banner when the link is lost and when it is back,
// subscribes again after every reconnect and takes the fresh boards, and drops any board older than the one shown.
import { goToSignIn } from './auth.js';
import { showConnection } from './shell.js';

/* global signalR */

/** Retry for ever: quickly at first, then every five seconds. A wall screen must come back on its own. */
const retry = { nextRetryDelayInMilliseconds: (context) => Math.min(500 + context.previousRetryCount * 1000, 5000) };
const subscribeWaitMs = 10000;
const unansweredMark = Symbol('unanswered');

export class LiveLink {
  constructor({ onBoard, onPoint, onIncident, onRoute, onLive, onAttendance, onReadinessItem } = {}) {
    this.onBoard = onBoard ?? (() => {});
    this.onRoute = onRoute ?? (() => {});
    this.onPoint = onPoint ?? (() => {});
    this.onIncident = onIncident ?? (() => {});
    this.onLive = onLive ?? (() => {});
    this.onAttendance = onAttendance ?? (() => {});
    this.onReadinessItem = onReadinessItem ?? (() => {});
    this.sessions = new Set();
    this.watched = new Set();
    this.versions = new Map();
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/ops')
      .withAutomaticReconnect(retry)
      .configureLogging(signalR.LogLevel.None)
      .build();
    this.connection.on('BoardUpdated', (board) => this.acceptBoard(board));
    this.connection.on('ConnectionPointChanged', (change) => this.onPoint(change));
    this.connection.on('IncidentChanged', (incident) => this.onIncident(incident));
    // Sent by the server to security and admin connections only; other roles never receive it.
    this.connection.on('RouteChanged', (change) => this.onRoute(change));
    // Every few seconds while the page watches a session's metrics: the points' latest figures and sparkline buckets.
    this.connection.on('PointsLive', (live) => this.onLive(live));
    // One mark, one checked item: applied as they come, never read again.
    this.connection.on('AttendanceMarked', (change) => this.onAttendance(change));
    this.connection.on('ReadinessItemChanged', (change) => this.onReadinessItem(change));
    this.connection.onreconnecting(() => this.markLost());
    this.connection.onreconnected(() => this.resubscribe());
    // A server that shuts down cleanly closes the link instead of dropping it: that is a loss too.
    this.connection.onclose(() => {
      this.markLost();
      this.startSoon();
    });
  }

  markLost() {
    this.lost = true;
    showConnection('lost');
  }

  /** A board newer than the one shown replaces it; an older one, arriving late, is dropped. */
  acceptBoard(board, fresh = false) {
    const shown = this.versions.get(board.sessionId);
    if (!fresh && shown !== undefined && board.version <= shown) return;
    this.versions.set(board.sessionId, board.version);
    this.onBoard(board);
  }

  async start() {
    try {
      await this.connection.start();
      if (this.lost) {
        await this.resubscribe();
        return;
      }

      showConnection('connected');
      await this.subscribeAll();
    } catch (error) {
      if (/401|403/.test(String(error))) {
        goToSignIn();
        return;
      }
      this.markLost();
      this.startSoon();
    }
  }

  startSoon() {
    if (this.connection.state !== signalR.HubConnectionState.Disconnected || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.start();
    }, 2000);
  }

  async resubscribe() {
    // The server may have restarted and counted its versions anew: the board that Subscribe answers is the truth.
    this.versions.clear();
    try {
      await this.subscribeAll();
      this.lost = false;
      showConnection('restored');
    } catch {
      this.markLost();
    }
  }

  async subscribeAll() {
    await Promise.all([...this.sessions].map((id) => this.subscribeOne(id)));
    await Promise.all([...this.watched].map((id) => this.connection.invoke('WatchMetrics', id)));
  }

  /** The session's live metrics, pushed every few seconds: the page asks for nothing itself. */
  async watchMetrics(sessionId) {
    this.watched.add(sessionId);
    if (this.connection.state === signalR.HubConnectionState.Connected) await this.connection.invoke('WatchMetrics', sessionId);
  }

  async unwatchMetrics(sessionId) {
    this.watched.delete(sessionId);
    if (this.connection.state === signalR.HubConnectionState.Connected) {
      await this.connection.invoke('UnwatchMetrics', sessionId).catch(() => {});
    }
  }

  /**
   * The session's board as Subscribe answers it. A hub that has not answered within ten seconds is not waited on:
   * the page goes on with what it read, the link shows as lost and starts again, subscribing anew (seen in tests: a
   * Subscribe left unanswered while every API call answered).
   */
  async subscribeOne(sessionId) {
    const asked = this.connection.invoke('Subscribe', sessionId);
    let timer;
    const unanswered = new Promise((resolve) => { timer = setTimeout(() => resolve(unansweredMark), subscribeWaitMs); });
    const board = await Promise.race([asked, unanswered]).finally(() => clearTimeout(timer));
    if (board === unansweredMark) {
      asked.catch(() => {});
      this.markLost();
      this.connection.stop().catch(() => {});
      return null;
    }

    this.acceptBoard(board, true);
    return board;
  }

  async subscribe(sessionId) {
    this.sessions.add(sessionId);
    if (this.connection.state === signalR.HubConnectionState.Connected) await this.subscribeOne(sessionId);
  }

  async unsubscribe(sessionId) {
    this.sessions.delete(sessionId);
    this.versions.delete(sessionId);
    if (this.connection.state === signalR.HubConnectionState.Connected) {
      await this.connection.invoke('Unsubscribe', sessionId).catch(() => {});
    }
  }
}
