/**
 * What the watcher tells the outside: a notice per mass logout, per drifted server and per
 * server unreachable for long, firing and (where it ends) resolved. Alertmanager and the
 * webhooks each turn it into their own shape. Its key is stable across replicas and
 * restarts (server, kind and event id), so a notice sent twice is the same notice.
 */

/** The kinds of notice. */
export type NoticeKind = 'mass_logout' | 'drift' | 'unreachable';

/** One notice. */
export interface Notice {
  /** Stable identity: the same server, kind and event give the same key. */
  key: string;
  kind: NoticeKind;
  status: 'firing' | 'resolved';
  serverId: string;
  server: string;
  environment: string | null;
  summary: string;
  /** Who did it (the event's actor), when known. */
  who: string | null;
  /** How many: sessions invalidated, fields drifted. */
  count: number | null;
  /** The server's event id, for mass logouts and drift. */
  eventId: number | null;
  startsAt: string;
  /** When it ends by itself (a mass logout), or when it was resolved; null while open. */
  endsAt: string | null;
  /** When the watcher saw it (for the event-to-alert figure). */
  seenAt: number;
}

/** A place notices go (Alertmanager, webhooks). */
export interface NoticeSink {
  send(notice: Notice): void;
  /** Resolves once what is in flight is sent (or given up), bounded by `deadline`. */
  flush(deadline: number): Promise<void>;
  close(): void;
}
