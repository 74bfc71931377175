/**
 * Alerts to one or more Alertmanagers (`POST /api/v2/alerts`): labels alertname, kind,
 * server, environment (and event_id for one-off events, so that each is its own alert and a
 * replica or a restart posting it again changes nothing), annotations with who and how many.
 * Open alerts are posted again every minute with a fresh end, as Prometheus does, so that
 * Alertmanager keeps them while the watcher runs and resolves them if it stops for good.
 * Grouping, silences, inhibition and routing stay Alertmanager's.
 *
 * One post at a time per Alertmanager, over a kept-alive connection: the notices sent while
 * it is in flight go together in the next post (each notice's latest state only). A storm of
 * thousands of mass logouts was a post (and often a new connection) per notice, which kept
 * the event loop busy for seconds; now it is a few posts
 * (docs/adr/0165-alerts-posted-in-batches.md).
 */

import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../src-main/core/support/logger';
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

/** The most alerts one post carries (the rest go in the next). */
const MAX_BATCH = 1000;

/** One Alertmanager: the notices waiting for the next post, and the post in flight. */
interface Target {
  base: string;
  url: URL;
  pending: Map<string, Notice>;
  sending: Promise<void> | null;
}

/** The Alertmanagers the watcher posts to. */
export class AlertmanagerSink implements NoticeSink {
  private readonly open = new Map<string, Notice>();
  private readonly targets: Target[];
  /** Kept-alive connections (TLS verified as Node does by default). */
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 2 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 2 }),
  };
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    urls: readonly string[],
    private readonly deps: {
      logger: Logger;
      metrics: WatchMetrics;
      timeoutMs: number;
      clock?: () => number;
      onSent?: (notice: Notice) => void;
    },
  ) {
    this.targets = urls.map((base) => ({
      base,
      url: new URL('api/v2/alerts', base.endsWith('/') ? base : `${base}/`),
      pending: new Map(),
      sending: null,
    }));
    this.timer = setInterval(() => this.resend(), RESEND_MS);
    this.timer.unref();
  }

  private now(): number {
    return (this.deps.clock ?? Date.now)();
  }

  send(notice: Notice): void {
    if (this.closed || this.targets.length === 0) return;
    if (notice.status === 'firing') this.open.set(notice.key, notice);
    else this.open.delete(notice.key);
    this.enqueue([notice]);
  }

  /** Posts the open alerts again (fresh ends); forgets those that ended by themselves. */
  private resend(): void {
    const now = this.now();
    for (const [key, notice] of this.open) {
      if (notice.endsAt && Date.parse(notice.endsAt) <= now) this.open.delete(key);
    }
    if (this.open.size > 0) this.enqueue([...this.open.values()]);
  }

  private enqueue(notices: readonly Notice[]): void {
    for (const target of this.targets) {
      for (const notice of notices) {
        // A newer state of a notice replaces the one not posted yet (and goes last).
        target.pending.delete(notice.key);
        target.pending.set(notice.key, notice);
      }
      this.pump(target);
    }
  }

  /** Starts the next post to `target` unless one is in flight (it starts it when done). */
  private pump(target: Target): void {
    if (target.sending || target.pending.size === 0) return;
    const batch: Notice[] = [];
    for (const [key, notice] of target.pending) {
      if (batch.length >= MAX_BATCH) break;
      batch.push(notice);
      target.pending.delete(key);
    }
    const now = this.now();
    const body = JSON.stringify(batch.map((notice) => alertOf(notice, now)));
    target.sending = this.postTo(target, body)
      .then(() => {
        for (const notice of batch) this.deps.onSent?.(notice);
      })
      .finally(() => {
        target.sending = null;
        if (!this.closed) this.pump(target);
      });
  }

  /** One post, a few tries with backoff (the next resend tries again anyway). */
  private async postTo(target: Target, body: string): Promise<void> {
    const { base } = target;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      try {
        const status = await this.postOnce(target.url, body);
        if (status >= 200 && status < 300) {
          this.deps.metrics.alertPosts.inc({ alertmanager: base, result: 'ok' });
          return;
        }
        this.deps.metrics.alertPosts.inc({ alertmanager: base, result: 'refused' });
        this.deps.logger.warn('watch: Alertmanager refused alerts', {
          alertmanager: base,
          status,
        });
        if (status >= 400 && status < 500 && status !== 429) return;
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

  /** POSTs the body; the answer's status (its body read and dropped). */
  private postOnce(url: URL, body: string): Promise<number> {
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const sent = (secure ? https : http).request(
        url,
        {
          method: 'POST',
          agent: this.agents[secure ? 'https:' : 'http:'],
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
          // The whole exchange, not just a quiet socket.
          signal: AbortSignal.timeout(this.deps.timeoutMs),
        },
        (reply) => {
          reply.resume();
          reply.once('end', () => resolve(reply.statusCode ?? 0));
          reply.once('error', reject);
        },
      );
      sent.once('error', reject);
      sent.end(body);
    });
  }

  /** Resolves once every notice sent so far is posted (or given up), or at `deadline`. */
  async flush(deadline: number): Promise<void> {
    const drained = (async () => {
      for (;;) {
        const sending = this.targets.flatMap((target) => (target.sending ? [target.sending] : []));
        if (sending.length === 0) return;
        await Promise.all(sending);
      }
    })();
    const left = Math.max(0, deadline - Date.now());
    const timer = new AbortController();
    await Promise.race([
      drained,
      sleep(left, undefined, { signal: timer.signal }).catch(() => undefined),
    ]);
    timer.abort();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const agent of Object.values(this.agents)) agent.destroy();
  }
}
