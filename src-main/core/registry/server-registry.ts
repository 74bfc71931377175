/**
 * The persisted list of servers: a versioned JSON file in the data folder, kept by the JSON
 * file store (atomic writes, a backup of the last good file, an unusable file moved aside
 * and reported, never silently overwritten). Every change is saved before it resolves, then
 * signalled (the event watcher follows the list that way). No secret is ever part of it
 * (they live in the keychain).
 */

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ENVIRONMENTS, type RegistryProblem } from '../../../src-shared/domain';
import { serverDraftSchema } from '../../../src-shared/ipc-contract';
import { nameKey, nameTakenMessage } from '../../../src-shared/server-name';
import { fail } from '../support/core-error';
import type { FileProblem } from '../files/file-problem';
import type { LockTimings } from '../files/file-lock';
import { openDataDocument, type DataDocument } from '../files/json-document';
import type { JsonFileStore } from '../files/json-file-store';
import type { Logger } from '../support/logger';
import { Signal } from '../support/signal';
import type { WriteQueue } from '../files/write-queue';

/** The file name of the registry in the data folder. */
export const REGISTRY_FILE = 'servers.json';
/** The backup of the last good registry file. */
export const REGISTRY_BACKUP_FILE = `${REGISTRY_FILE}.bak`;

const FORMAT = 1;

const storedFingerprint = z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

const storedServerSchema = z.strictObject({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(100),
  // The same address rule as the add dialog: a hand-edited file cannot smuggle in another.
  baseUrl: serverDraftSchema.shape.baseUrl,
  environment: z.enum(ENVIRONMENTS).nullable(),
  authKind: z.enum(['account', 'api_key']),
  username: z.string().max(200).nullable(),
  pinnedFingerprint: storedFingerprint.nullable(),
  // An imported fingerprint, not trusted (see ServerView); files written before it lack it.
  expectedFingerprint: storedFingerprint.nullable().default(null),
  lastEventId: z.number().int().min(0),
  /** When the app first watched the server's events (absent: never watched). */
  watchedFrom: z.iso.datetime().optional(),
  /** Until when its notifications are muted (absent: not muted; a past end is no mute). */
  mutedUntil: z.iso.datetime().optional(),
});

const registryFileSchema = z.strictObject({
  format: z.literal(FORMAT),
  servers: z
    .array(storedServerSchema)
    .refine(
      (servers) => new Set(servers.map((server) => server.id)).size === servers.length,
      'server ids must be unique',
    ),
});

/** A server as the registry keeps it (no secret, no live status). */
export type StoredServer = z.infer<typeof storedServerSchema>;

/** The fields a new server is registered with. */
export type NewServer = Omit<StoredServer, 'id' | 'lastEventId' | 'watchedFrom' | 'mutedUntil'>;

type RegistryFile = z.infer<typeof registryFileSchema>;

const REGISTRY_DOCUMENT = {
  fileName: REGISTRY_FILE,
  schema: registryFileSchema,
  words: {
    subject: 'The server list',
    restored: 'The servers were restored from the backup of the last good list.',
    startsEmpty: 'The list starts empty.',
    log: 'registry',
  },
};

/** The words of what went wrong with the file at load; null when there is nothing to tell. */
function registryProblem(problem: FileProblem | null): RegistryProblem | null {
  if (!problem) return null;
  const { kind, ...rest } = problem;
  return { code: kind === 'corrupt' ? 'registry_corrupt' : 'registry_unreadable', ...rest };
}

function duplicateInBatch(name: string): Parameters<typeof fail>[0] {
  return {
    code: 'invalid_request',
    message: nameTakenMessage(name),
    issues: [{ path: 'name', message: 'two of the new servers have this name' }],
  };
}

/**
 * What is kept elsewhere with a change (a new server's secret, in the keychain): saved under
 * the file's lock just before the file is written, and undone when that write does not land.
 * `undo` never throws (it says what it could not undo itself).
 */
export interface Companion {
  save: () => Promise<void>;
  undo: () => Promise<void>;
}

/**
 * The server registry over its file; every change is made on the file as it is on disk (read
 * again under its lock, so another process's change is kept) and saved before it resolves.
 */
export class ServerRegistry {
  private servers: StoredServer[];
  private readonly changed: Signal;
  private readonly writes: WriteQueue<RegistryFile>;
  private readonly store: JsonFileStore<RegistryFile>;
  /** What went wrong with the file at load, if anything. */
  readonly problem: RegistryProblem | null;

  private constructor(document: DataDocument<RegistryFile>, logger: Logger) {
    this.store = document.store;
    this.servers = document.value?.servers ?? [];
    this.problem = registryProblem(document.problem);
    this.changed = new Signal(logger, 'registry changed');
    this.writes = document.writeQueue(this.changed, (file) => {
      this.servers = file.servers;
    });
  }

  /**
   * Loads the registry of a data folder (created when missing), recovering what it can;
   * `lock` shortens the lock's bounds (tests).
   */
  static async open(
    dataDir: string,
    logger: Logger,
    clock: () => number,
    lock: Partial<LockTimings> = {},
  ): Promise<ServerRegistry> {
    const document = await openDataDocument(dataDir, REGISTRY_DOCUMENT, logger, clock, lock);
    return new ServerRegistry(document, logger);
  }

  /**
   * Calls `listener` after every saved change (a server added, changed, removed or moved);
   * returns the function that stops it.
   */
  onChange(listener: () => void): () => void {
    return this.changed.subscribe(listener);
  }

  /**
   * The servers, in the admin's order, as held (no copies; read only). A server whose record
   * is the same object as in an earlier snapshot has not changed since: every change
   * replaces the record.
   */
  snapshot(): readonly Readonly<StoredServer>[] {
    return this.servers;
  }

  /** The servers, in the admin's order (copies). */
  list(): StoredServer[] {
    return this.servers.map((server) => ({ ...server }));
  }

  /** One server (a copy), or undefined. */
  get(id: string): StoredServer | undefined {
    const server = this.servers.find((candidate) => candidate.id === id);
    return server ? { ...server } : undefined;
  }

  /** Whether a server other than `exceptId` has this name (as `nameKey` compares names). */
  nameTaken(name: string, exceptId?: string): boolean {
    const key = nameKey(name);
    return this.servers.some((server) => server.id !== exceptId && nameKey(server.name) === key);
  }

  /**
   * Refuses (`invalid_request` on `path`) a name another server has: every name-based command
   * of qbsc, and the admin reading the list, need one server per name.
   */
  requireFreeName(name: string, path = 'name', exceptId?: string): void {
    if (this.nameTaken(name, exceptId)) {
      fail({
        code: 'invalid_request',
        message: nameTakenMessage(name),
        issues: [{ path, message: 'another server has this name' }],
      });
    }
  }

  /**
   * Registers a server at the end of the list, with a fresh id (or `id`, fresh too, when the
   * caller had to know it before the server is listed); `companion` (its secret) is saved
   * just before the list and undone if the list's write fails.
   */
  async add(
    fields: NewServer,
    id: string = randomUUID(),
    companion?: Companion,
  ): Promise<StoredServer> {
    return this.mutate(() => {
      this.requireFreeName(fields.name);
      const server: StoredServer = { ...fields, id, lastEventId: 0 };
      this.servers = [...this.servers, server];
      return { ...server };
    }, companion);
  }

  /** Registers several servers at once (one write). */
  async addMany(fields: NewServer[]): Promise<StoredServer[]> {
    return this.mutate(() => {
      const added = fields.map((item) => ({ ...item, id: randomUUID(), lastEventId: 0 }));
      const keys = added.map((server) => nameKey(server.name));
      added.forEach((server, index) => {
        this.requireFreeName(server.name);
        if (keys.indexOf(nameKey(server.name)) !== index) fail(duplicateInBatch(server.name));
      });
      this.servers = [...this.servers, ...added];
      return added.map((server) => ({ ...server }));
    });
  }

  /** Changes fields of a server; undefined when it does not exist. */
  async update(
    id: string,
    changes: Partial<Omit<StoredServer, 'id'>>,
  ): Promise<StoredServer | undefined> {
    return this.mutate(() => {
      const index = this.servers.findIndex((server) => server.id === id);
      const current = this.servers[index];
      if (!current) return undefined;
      if (changes.name !== undefined && nameKey(changes.name) !== nameKey(current.name)) {
        this.requireFreeName(changes.name, 'changes.name', id);
      }
      const next = { ...current, ...changes, id };
      this.servers = this.servers.map((server, at) => (at === index ? next : server));
      return { ...next };
    });
  }

  /**
   * Mutes a server's notifications until `until` (ISO), or ends its mute (null); the server
   * as it is now, or undefined when it does not exist.
   */
  async setMute(id: string, until: string | null): Promise<StoredServer | undefined> {
    return this.mutate(() => {
      const current = this.servers.find((server) => server.id === id);
      if (!current) return undefined;
      const { mutedUntil: _previous, ...rest } = current;
      const next: StoredServer = until === null ? rest : { ...rest, mutedUntil: until };
      this.servers = this.servers.map((server) => (server.id === id ? next : server));
      return { ...next };
    });
  }

  /**
   * Moves the last event ids of several servers forward in one write (a smaller id than the
   * saved one, or a server no longer listed, is left as it is), and records the first watch
   * of those in `watchedFrom` (a server watched before keeps its time).
   */
  async recordLastEventIds(
    ids: ReadonlyMap<string, number>,
    watchedFrom: ReadonlyMap<string, string> = new Map(),
  ): Promise<void> {
    await this.mutate(() => {
      this.servers = this.servers.map((server) => {
        const seen = ids.get(server.id);
        const firstWatch =
          server.watchedFrom === undefined ? watchedFrom.get(server.id) : undefined;
        const forward = seen !== undefined && seen > server.lastEventId;
        if (!forward && firstWatch === undefined) return server;
        return {
          ...server,
          ...(forward ? { lastEventId: seen } : {}),
          ...(firstWatch !== undefined ? { watchedFrom: firstWatch } : {}),
        };
      });
    });
  }

  /** Removes a server; whether it existed. */
  async remove(id: string): Promise<boolean> {
    return this.mutate(() => {
      const before = this.servers.length;
      this.servers = this.servers.filter((server) => server.id !== id);
      return this.servers.length !== before;
    });
  }

  /** Puts the servers in the given order; false unless `ids` names every server once. */
  async reorder(ids: string[]): Promise<boolean> {
    return this.mutate(() => {
      const byId = new Map(this.servers.map((server) => [server.id, server]));
      if (ids.length !== byId.size || new Set(ids).size !== ids.length) return false;
      const ordered: StoredServer[] = [];
      for (const id of ids) {
        const server = byId.get(id);
        if (!server) return false;
        ordered.push(server);
      }
      this.servers = ordered;
      return true;
    });
  }

  /** Resolves when every queued write has finished. */
  async flush(): Promise<void> {
    await this.writes.flush();
  }

  /**
   * Runs a change on the file as it is now, then persists it (with its companion first);
   * changes run one at a time, in call order, and one process at a time.
   */
  private mutate<T>(change: () => T, companion?: Companion): Promise<T> {
    return this.writes.run(() => {
      const before = this.servers;
      return {
        result: change(),
        save: async () => {
          await companion?.save();
          try {
            await this.persist();
          } catch (error) {
            await companion?.undo();
            throw error;
          }
        },
        undo: () => {
          this.servers = before;
        },
      };
    });
  }

  private async persist(): Promise<void> {
    await this.store.write({ format: FORMAT, servers: this.servers });
  }
}
