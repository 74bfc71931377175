/**
 * Webhooks for teams without Alertmanager: each notice is a message to every webhook, in its
 * format, signed as Standard Webhooks says when the webhook has a secret. One delivery at a
 * time per webhook from a bounded queue (when full, the oldest is dropped, counted and
 * logged), retried with backoff on a network error, 408, 429 or 5xx. A message is attempted
 * once even across restarts (see delivery-state.ts).
 */

import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../src-main/core/logger';
import { ConfigError, type WebhookConfig, type WatchConfig } from './config';
import { DeliveryState } from './delivery-state';
import type { WatchMetrics } from './metrics';
import type { Notice, NoticeSink } from './notice';
import { readSecret } from './secrets';
import { messageId, webhookBody, webhookKey, webhookSignature } from './webhook-format';

const RETRIES = 5;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 60_000;

/** What a webhook sink works with. */
export interface WebhookDeps {
  logger: Logger;
  metrics: WatchMetrics;
  state: DeliveryState;
  timeoutMs: number;
  queueSize: number;
  /** Backoff base (tests shorten it). */
  backoffBaseMs?: number;
  /** Another webhook's queue changed: the pending list is saved. */
  changed: () => void;
}

/** The URL without its path secrets (Slack and Discord put a token in the path). */
function shownUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

/** One webhook. */
export class WebhookSink implements NoticeSink {
  readonly name: string;
  readonly queue: Notice[] = [];
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly config: WebhookConfig,
    private readonly key: Buffer | null,
    private readonly deps: WebhookDeps,
  ) {
    // The name in metrics and logs: host and a hash of the URL, never the URL's token.
    const hash = createHash('sha256').update(config.url).digest('hex').slice(0, 8);
    this.name = `${shownUrl(config.url)}#${hash}`;
  }

  send(notice: Notice): void {
    if (this.closed) return;
    if (this.deps.state.has(this.ledgerKey(notice))) return;
    if (this.queue.some((queued) => this.ledgerKey(queued) === this.ledgerKey(notice))) return;
    this.queue.push(notice);
    while (this.queue.length > this.deps.queueSize) {
      const dropped = this.queue.shift();
      this.deps.metrics.webhookDropped.inc({ webhook: this.name, reason: 'queue_full' });
      this.deps.logger.warn('watch: webhook queue full, oldest delivery dropped', {
        webhook: this.name,
        kind: dropped?.kind,
        serverId: dropped?.serverId,
        eventId: dropped?.eventId,
      });
    }
    this.deps.metrics.webhookQueue.set({ webhook: this.name }, this.queue.length);
    this.deps.changed();
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** The ledger's key of a notice for this webhook. */
  ledgerKey(notice: Notice): string {
    return `${this.name}/${messageId(notice)}`;
  }

  private async drain(): Promise<void> {
    while (!this.closed && this.queue.length > 0) {
      const notice = this.queue[0] as Notice;
      const key = this.ledgerKey(notice);
      if (!this.deps.state.has(key)) {
        // On disk before the first try: a restart never tries it again.
        await this.deps.state.attempt(key);
        await this.deliver(notice);
      }
      this.queue.shift();
      this.deps.metrics.webhookQueue.set({ webhook: this.name }, this.queue.length);
      this.deps.changed();
    }
  }

  private async deliver(notice: Notice): Promise<void> {
    const body = JSON.stringify(webhookBody(this.config, notice));
    const id = messageId(notice);
    const base = this.deps.backoffBaseMs ?? BACKOFF_BASE_MS;
    for (let attempt = 0; attempt <= RETRIES; attempt += 1) {
      // A fresh timestamp (and signature) per attempt: a retry is not an old message.
      const timestamp = Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
      };
      if (this.key) headers['webhook-signature'] = webhookSignature(this.key, id, timestamp, body);
      let retry = true;
      try {
        const reply = await fetch(this.config.url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(this.deps.timeoutMs),
        });
        await reply.arrayBuffer().catch(() => undefined);
        if (reply.ok) {
          this.deps.metrics.webhookDeliveries.inc({ webhook: this.name, result: 'ok' });
          return;
        }
        retry = reply.status === 408 || reply.status === 429 || reply.status >= 500;
        this.deps.metrics.webhookDeliveries.inc({
          webhook: this.name,
          result: `http_${reply.status}`,
        });
        this.deps.logger.warn('watch: webhook refused a delivery', {
          webhook: this.name,
          status: reply.status,
          attempt: attempt + 1,
        });
      } catch (error) {
        this.deps.metrics.webhookDeliveries.inc({ webhook: this.name, result: 'error' });
        this.deps.logger.warn('watch: webhook not reached', {
          webhook: this.name,
          error: error instanceof Error ? error.message : String(error),
          attempt: attempt + 1,
        });
      }
      if (!retry || this.closed || attempt === RETRIES) break;
      const wait = Math.min(BACKOFF_MAX_MS, base * 2 ** attempt) * (0.5 + Math.random() / 2);
      await sleep(wait);
    }
    this.deps.metrics.webhookDropped.inc({ webhook: this.name, reason: 'failed' });
    this.deps.logger.error('watch: webhook delivery given up', {
      webhook: this.name,
      kind: notice.kind,
      serverId: notice.serverId,
      eventId: notice.eventId,
    });
  }

  async flush(deadline: number): Promise<void> {
    const left = Math.max(0, deadline - Date.now());
    await Promise.race([this.running ?? Promise.resolve(), sleep(left)]);
  }

  close(): void {
    this.closed = true;
  }
}

/** The webhooks of the config, each with its secret read, and the deliveries left waiting. */
export async function webhookSinks(
  config: WatchConfig,
  deps: {
    stateDir: string;
    logger: Logger;
    metrics: WatchMetrics;
    env: NodeJS.ProcessEnv;
    backoffBaseMs?: number;
  },
): Promise<NoticeSink[]> {
  if (config.webhooks.length === 0) return [];
  const { state, pending } = await DeliveryState.open(deps.stateDir);
  const sinks: WebhookSink[] = [];
  const changed = (): void =>
    state.setPending(
      sinks.flatMap((sink) => sink.queue.map((notice) => ({ webhook: sink.name, notice }))),
    );
  for (const webhook of config.webhooks) {
    if (webhook.format === 'ntfy' && !webhook.topic) {
      throw new ConfigError(`The ntfy webhook ${shownUrl(webhook.url)} needs a topic.`);
    }
    let key: Buffer | null = null;
    if (webhook.secret) {
      try {
        const secret =
          'keychain' in webhook.secret ? null : await readSecret(webhook.secret, deps.env);
        if (secret === null)
          throw new Error('A webhook secret comes from a file, a variable or a credential.');
        key = webhookKey(secret);
      } catch (error) {
        throw new ConfigError(
          `The secret of the webhook ${shownUrl(webhook.url)}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    sinks.push(
      new WebhookSink(webhook, key, {
        logger: deps.logger,
        metrics: deps.metrics,
        state,
        timeoutMs: config.requestTimeoutMs,
        queueSize: config.webhookQueueSize,
        changed,
        ...(deps.backoffBaseMs ? { backoffBaseMs: deps.backoffBaseMs } : {}),
      }),
    );
  }
  for (const { webhook, notice } of pending)
    sinks.find((sink) => sink.name === webhook)?.send(notice);
  return sinks;
}
