/**
 * Alerts to one or more Alertmanagers (`POST /api/v2/alerts`): labels alertname, kind,
 * server, environment (and event_id for one-off events, so that each is its own alert and a
 * replica or a restart posting it again changes nothing), annotations with who and how many.
 * Open alerts are posted again every minute with a fresh end, as Prometheus does, so that
 * Alertmanager keeps them while the watcher runs and resolves them if it stops for good.
 * Grouping, silences, inhibition and routing stay Alertmanager's.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../src-main/core/logger';
import type { WatchMetrics } from './metrics';
import type { Notice, NoticeSink } from './notice';

/** The alert body Alertmanager's API v2 takes. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
}

const ALERT_NAMES = {
  mass_logout: 'QbscMassLogout',
  drift: 'QbscSettingsDrift',
  unreachable: 'QbscServerUnreachable',
} as const;

/** How often open alerts are posted again, and how long each post keeps them. */
export const RESEND_MS = 60_000;
const HOLD_MS = 4 * RESEND_MS;

/** The Alertmanager alert of a notice, at `now`. */
export function alertOf(notice: Notice, now: number): PostableAlert {
  const labels: Record<string, string> = {
    alertname: ALERT_NAMES[notice.kind],
    kind: notice.kind,
    server: notice.server,
    server_id: notice.serverId,
    environment: notice.environment ?? 'none',
  };
  if (notice.kind === 'mass_logout' && notice.eventId !== null) {
    labels['event_id'] = String(notice.eventId);
  }
  const annotations: Record<string, string> = { summary: notice.summary };
  if (notice.who) annotations['who'] = notice.who;
  if (notice.count !== null) annotations['count'] = String(notice.count);
  const endsAt = notice.endsAt ?? new Date(now + HOLD_MS).toISOString();
  return { labels, annotations, startsAt: notice.startsAt, endsAt };
}

/** The Alertmanagers the watcher posts to. */
export class AlertmanagerSink implements NoticeSink {
  private readonly open = new Map<string, Notice>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly urls: readonly string[],
    private readonly deps: {
      logger: Logger;
      metrics: WatchMetrics;
      timeoutMs: number;
      clock?: () => number;
      onSent?: (notice: Notice) => void;
    },
  ) {
    this.timer = setInterval(() => this.resend(), RESEND_MS);
    this.timer.unref();
  }

  private now(): number {
    return (this.deps.clock ?? Date.now)();
  }

  send(notice: Notice): void {
    if (this.closed || this.urls.length === 0) return;
    if (notice.status === 'firing') this.open.set(notice.key, notice);
    else this.open.delete(notice.key);
    this.post([notice]);
  }

  /** Posts the open alerts again (fresh ends); forgets those that ended by themselves. */
  private resend(): void {
    const now = this.now();
    for (const [key, notice] of this.open) {
      if (notice.endsAt && Date.parse(notice.endsAt) <= now) this.open.delete(key);
    }
    if (this.open.size > 0) this.post([...this.open.values()]);
  }

  private post(notices: Notice[]): void {
    const now = this.now();
    const body = JSON.stringify(notices.map((notice) => alertOf(notice, now)));
    for (const url of this.urls) {
      const sending = this.postTo(url, body).then(() => {
        for (const notice of notices) this.deps.onSent?.(notice);
      });
      this.inFlight.add(sending);
      void sending.finally(() => this.inFlight.delete(sending));
    }
  }

  /** One Alertmanager, a few tries with backoff (the next resend tries again anyway). */
  private async postTo(base: string, body: string): Promise<void> {
    const url = new URL('api/v2/alerts', base.endsWith('/') ? base : `${base}/`);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      try {
        const reply = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.deps.timeoutMs),
        });
        await reply.arrayBuffer();
        if (reply.ok) {
          this.deps.metrics.alertPosts.inc({ alertmanager: base, result: 'ok' });
          return;
        }
        this.deps.metrics.alertPosts.inc({ alertmanager: base, result: 'refused' });
        this.deps.logger.warn('watch: Alertmanager refused alerts', {
          alertmanager: base,
          status: reply.status,
        });
        if (reply.status >= 400 && reply.status < 500 && reply.status !== 429) return;
      } catch (error) {
        this.deps.metrics.alertPosts.inc({ alertmanager: base, result: 'error' });
        this.deps.logger.warn('watch: Alertmanager not reached', {
          alertmanager: base,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      if (this.closed) return;
      await sleep(250 * 2 ** attempt);
    }
  }

  async flush(deadline: number): Promise<void> {
    const left = Math.max(0, deadline - Date.now());
    await Promise.race([Promise.all([...this.inFlight]), sleep(left)]);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
  }
}
