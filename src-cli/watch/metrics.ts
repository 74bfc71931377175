/**
 * The watcher's Prometheus metrics (prom-client), named as the exporter guidelines say: the
 * `qbsc_` prefix, base units (seconds), `_total` on counters, the state of a server as one
 * gauge per state (1 for the current one). The process metrics are prom-client's defaults
 * (`process_*`, `nodejs_*`), the names every Node exporter uses.
 */

import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { ServerState } from '../../src-shared/domain';

const STATES: readonly ServerState[] = [
  'unknown',
  'connected',
  'read_only',
  'unreachable',
  'auth_failed',
  'signed_out_elsewhere',
  'certificate_untrusted',
  'certificate_changed',
  'keychain_unavailable',
  'no_credentials',
];

const SERVER = ['server', 'server_id'] as const;

/** prom-client's gauges that end in `_total`, each also exported without the suffix. */
const UNSUFFIXED_TWINS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** The metrics of one watcher process. */
export class WatchMetrics {
  readonly registry = new Registry();
  readonly serverState = new Gauge({
    name: 'qbsc_server_state',
    help: 'The state of each server (1 for its current state, 0 for the others).',
    labelNames: [...SERVER, 'state'],
    registers: [this.registry],
  });
  readonly lastEvent = new Gauge({
    name: 'qbsc_server_last_event_timestamp_seconds',
    help: 'When the newest event of the server happened (Unix time).',
    labelNames: SERVER,
    registers: [this.registry],
  });
  readonly events = new Counter({
    name: 'qbsc_events_total',
    help: 'Events received from the servers, by type.',
    labelNames: [...SERVER, 'type'],
    registers: [this.registry],
  });
  readonly massLogouts = new Counter({
    name: 'qbsc_mass_logouts_total',
    help: 'Mass logouts (every session invalidated) seen on the servers.',
    labelNames: SERVER,
    registers: [this.registry],
  });
  readonly invalidated = new Counter({
    name: 'qbsc_sessions_invalidated_total',
    help: 'Sessions ended by mass logouts.',
    labelNames: SERVER,
    registers: [this.registry],
  });
  readonly drifted = new Gauge({
    name: 'qbsc_server_drifted_fields',
    help: "Settings of the server that differ from its profile's (0: no drift).",
    labelNames: SERVER,
    registers: [this.registry],
  });
  readonly driftEvents = new Counter({
    name: 'qbsc_drift_events_total',
    help: 'Changes that left a server differing from its profile.',
    labelNames: SERVER,
    registers: [this.registry],
  });
  readonly signInFailures = new Counter({
    name: 'qbsc_sign_in_failures_total',
    help: 'Times a server refused the credentials (or none could be read).',
    labelNames: SERVER,
    registers: [this.registry],
  });
  readonly alertPosts = new Counter({
    name: 'qbsc_alertmanager_posts_total',
    help: 'Posts of alerts to an Alertmanager, by result.',
    labelNames: ['alertmanager', 'result'],
    registers: [this.registry],
  });
  readonly webhookDeliveries = new Counter({
    name: 'qbsc_webhook_deliveries_total',
    help: 'Webhook delivery attempts, by result.',
    labelNames: ['webhook', 'result'],
    registers: [this.registry],
  });
  readonly webhookDropped = new Counter({
    name: 'qbsc_webhook_dropped_total',
    help: 'Webhook deliveries dropped (queue full, or retries exhausted).',
    labelNames: ['webhook', 'reason'],
    registers: [this.registry],
  });
  readonly webhookQueue = new Gauge({
    name: 'qbsc_webhook_queue_length',
    help: 'Webhook deliveries waiting.',
    labelNames: ['webhook'],
    registers: [this.registry],
  });
  readonly servers = new Gauge({
    name: 'qbsc_watch_servers',
    help: 'Servers this watcher follows.',
    registers: [this.registry],
  });
  readonly ready = new Gauge({
    name: 'qbsc_watch_ready',
    help: '1 once the config is loaded and every server has been tried once.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Gauges named like counters (promtool objects); their unsuffixed twins stay.
    for (const name of UNSUFFIXED_TWINS) this.registry.removeSingleMetric(name);
  }

  /** Sets the state gauges of a server (1 for `state`, 0 for the others). */
  setState(server: string, serverId: string, state: ServerState): void {
    for (const candidate of STATES) {
      this.serverState.set(
        { server, server_id: serverId, state: candidate },
        candidate === state ? 1 : 0,
      );
    }
  }

  /** The exposition text and its content type. */
  async exposition(): Promise<{ text: string; contentType: string }> {
    return { text: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
