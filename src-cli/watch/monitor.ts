/**
 * What the watcher makes of the core's events: metrics for every server, and notices (mass
 * logout, drift, unreachable for long) for the sinks. It follows the core through its public
 * surface only: the event channels (`events:*`, `servers:changed`) and the handlers
 * (`drift:list`).
 */

import type { Core } from '../../src-main/core/composition-root';
import type { Logger } from '../../src-main/core/logger';
import type { ServerState, ServerView } from '../../src-shared/domain';
import type { WatchMetrics } from './metrics';
import type { Notice, NoticeSink } from './notice';

/** States in which the feed works. */
const HEALTHY: ReadonlySet<ServerState> = new Set(['connected', 'read_only']);
/** States that say the credentials failed. */
const SIGN_IN_FAILED: ReadonlySet<ServerState> = new Set([
  'auth_failed',
  'no_credentials',
  'keychain_unavailable',
]);

export interface MonitorOptions {
  unreachableAfterMs: number;
  massLogoutAlertMs: number;
  clock?: () => number;
}

/** Turns the core's events into metrics and notices. */
export class Monitor {
  private readonly views = new Map<string, ServerView>();
  /** Since when each server's feed has not worked (absent: it works). */
  private readonly downSince = new Map<string, number>();
  private readonly unreachableOpen = new Map<string, Notice>();
  private readonly driftOpen = new Map<string, Notice>();
  private readonly stops: (() => void)[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly core: Core,
    private readonly sinks: readonly NoticeSink[],
    private readonly metrics: WatchMetrics,
    private readonly logger: Logger,
    private readonly options: MonitorOptions,
  ) {
    this.stops.push(
      core.subscribe('servers:changed', ({ servers }) => this.statuses(servers)),
      core.subscribe('events:server-event', ({ serverId, event }) => {
        const labels = this.labels(serverId);
        this.metrics.events.inc({ ...labels, type: event.type });
        this.metrics.lastEvent.set(labels, Date.parse(event.at) / 1000);
        if (event.type === 'settings.updated') this.refreshDriftSoon();
      }),
      core.subscribe('events:mass-logout', ({ serverId, serverName, event }) => {
        const labels = this.labels(serverId);
        const count = event.type === 'sessions.invalidated_all' ? event.data.invalidated : 0;
        this.metrics.massLogouts.inc(labels);
        this.metrics.invalidated.inc(labels, count);
        const at = Date.parse(event.at);
        this.emit({
          key: `${serverId}/mass_logout/${event.id}`,
          kind: 'mass_logout',
          status: 'firing',
          serverId,
          server: serverName,
          environment: this.views.get(serverId)?.environment ?? null,
          summary: `Mass logout on ${serverName}: ${count} session(s) ended by ${event.actor}.`,
          who: event.actor,
          count,
          eventId: event.id,
          startsAt: event.at,
          endsAt: new Date(at + this.options.massLogoutAlertMs).toISOString(),
          seenAt: this.now(),
        });
      }),
      core.subscribe('events:drift', (notice) => {
        this.metrics.driftEvents.inc(this.labels(notice.serverId));
        const fields = notice.fields.map((field) => field.field).join(', ');
        const open: Notice = {
          key: `${notice.serverId}/drift`,
          kind: 'drift',
          status: 'firing',
          serverId: notice.serverId,
          server: notice.serverName,
          environment: notice.environment,
          summary: `${notice.serverName} differs from its profile ${notice.profileName} (${fields}), changed by ${notice.actor}.`,
          who: notice.actor,
          count: notice.fields.length,
          eventId: notice.eventId,
          startsAt: this.driftOpen.get(notice.serverId)?.startsAt ?? notice.at,
          endsAt: null,
          seenAt: this.now(),
        };
        this.driftOpen.set(notice.serverId, open);
        this.emit(open);
        this.refreshDriftSoon();
      }),
    );
    this.timer = setInterval(() => {
      this.checkUnreachable();
      void this.refreshDrift();
    }, 15_000);
    this.timer.unref();
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  private labels(serverId: string): { server: string; server_id: string } {
    return { server: this.views.get(serverId)?.name ?? serverId, server_id: serverId };
  }

  private emit(notice: Notice): void {
    this.logger.info('watch: notice', {
      kind: notice.kind,
      status: notice.status,
      serverId: notice.serverId,
      eventId: notice.eventId,
    });
    for (const sink of this.sinks) sink.send(notice);
  }

  /** Whether every server has been tried once (its state is known). */
  triedAll(): boolean {
    return [...this.views.values()].every((view) => view.status.checkedAt !== null);
  }

  /** The servers as last published. */
  serverCount(): number {
    return this.views.size;
  }

  /** Takes the published statuses in: state metrics, sign-in failures, unreachable times. */
  statuses(servers: readonly ServerView[]): void {
    const now = this.now();
    for (const view of servers) {
      const known = this.views.get(view.id);
      const before = known?.status.state;
      this.views.set(view.id, view);
      const { state } = view.status;
      // Thousands of servers in each published list: only a changed state costs anything.
      if (known && state === before && known.name === view.name) continue;
      const labels = this.labels(view.id);
      this.metrics.setState(labels.server, view.id, state);
      if (state !== before && SIGN_IN_FAILED.has(state)) this.metrics.signInFailures.inc(labels);
      if (HEALTHY.has(state)) {
        this.downSince.delete(view.id);
        const open = this.unreachableOpen.get(view.id);
        if (open) {
          this.unreachableOpen.delete(view.id);
          this.emit({
            ...open,
            status: 'resolved',
            endsAt: new Date(now).toISOString(),
            seenAt: now,
          });
        }
      } else if (state !== 'unknown' && !this.downSince.has(view.id)) {
        this.downSince.set(view.id, now);
      }
    }
    this.metrics.servers.set(this.views.size);
    this.checkUnreachable();
  }

  /** Fires the unreachable notice of every server down longer than the threshold. */
  checkUnreachable(): void {
    const now = this.now();
    for (const [id, since] of this.downSince) {
      if (this.unreachableOpen.has(id) || now - since < this.options.unreachableAfterMs) continue;
      const view = this.views.get(id);
      const name = view?.name ?? id;
      const minutes = Math.round((now - since) / 60_000);
      const notice: Notice = {
        key: `${id}/unreachable`,
        kind: 'unreachable',
        status: 'firing',
        serverId: id,
        server: name,
        environment: view?.environment ?? null,
        summary: `${name} has not been followed for ${minutes} min (${view?.status.state ?? 'unknown'}: ${view?.status.message ?? 'no answer'}).`,
        who: null,
        count: null,
        eventId: null,
        startsAt: new Date(since).toISOString(),
        endsAt: null,
        seenAt: now,
      };
      this.unreachableOpen.set(id, notice);
      this.emit(notice);
    }
  }

  private driftTimer: NodeJS.Timeout | null = null;

  private refreshDriftSoon(): void {
    if (this.driftTimer) return;
    this.driftTimer = setTimeout(() => {
      this.driftTimer = null;
      void this.refreshDrift();
    }, 500);
    this.driftTimer.unref();
  }

  /** Drift per server from `drift:list`; a drift that ended resolves its notice. */
  async refreshDrift(): Promise<void> {
    const listed = await this.core.handlers['drift:list']({});
    if (!listed.ok) return;
    const drifted = new Set<string>();
    for (const server of listed.value.servers) {
      this.metrics.drifted.set(this.labels(server.serverId), server.fields.length);
      if (server.fields.length > 0) drifted.add(server.serverId);
    }
    const now = this.now();
    for (const [id, open] of this.driftOpen) {
      if (drifted.has(id)) continue;
      this.driftOpen.delete(id);
      this.emit({ ...open, status: 'resolved', endsAt: new Date(now).toISOString(), seenAt: now });
    }
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.driftTimer) clearTimeout(this.driftTimer);
    for (const stop of this.stops) stop();
  }
}
