/**
 * The persisted list of servers: a versioned JSON file in the data folder, written
 * atomically (temp file, fsync, rename; mode 0600) with a backup of the last good file.
 * A file that cannot be used is moved aside with a timestamp and reported, never silently
 * overwritten. No secret is ever part of it (they live in the keychain).
 */

import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  ENVIRONMENTS,
  serverDraftSchema,
  type RegistryProblem,
} from '../../src-shared/ipc-contract';
import { CoreError } from './core-error';
import type { Logger } from './logger';

/** The file name of the registry in the data folder. */
export const REGISTRY_FILE = 'servers.json';
/** The backup of the last good registry file. */
export const REGISTRY_BACKUP_FILE = 'servers.json.bak';

const FORMAT = 1;

const storedServerSchema = z.strictObject({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(100),
  // The same address rule as the add dialog: a hand-edited file cannot smuggle in another.
  baseUrl: serverDraftSchema.shape.baseUrl,
  environment: z.enum(ENVIRONMENTS).nullable(),
  authKind: z.enum(['account', 'api_key']),
  username: z.string().max(200).nullable(),
  pinnedFingerprint: z
    .string()
    .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    .nullable(),
  lastEventId: z.number().int().min(0),
  /** When the app first watched the server's events (absent: never watched). */
  watchedFrom: z.iso.datetime().optional(),
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
export type NewServer = Omit<StoredServer, 'id' | 'lastEventId' | 'watchedFrom'>;

type Loaded =
  | { kind: 'ok'; servers: StoredServer[] }
  | { kind: 'missing' }
  | { kind: 'corrupt'; reason: string }
  | { kind: 'unreadable'; reason: string };

async function readRegistryFile(file: string): Promise<Loaded> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: code ?? 'read failed' };
  }
  if (text.trim() === '') return { kind: 'corrupt', reason: 'the file is empty' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'corrupt', reason: 'the file is not valid JSON' };
  }
  const parsed = registryFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { kind: 'corrupt', reason: `the file does not have the expected shape${where}` };
  }
  return { kind: 'ok', servers: parsed.data.servers };
}

/** Writes a file atomically: temp file in the same folder, fsync, rename, fsync the folder. */
export async function writeFileAtomic(file: string, contents: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.chmod(temp, 0o600);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  try {
    const folder = await fs.open(path.dirname(file), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // Some file systems cannot fsync a folder; the rename itself is still atomic.
  }
}

/** The server registry over its file; every change is persisted before it resolves. */
export class ServerRegistry {
  private servers: StoredServer[];
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly backupFile: string,
    servers: StoredServer[],
    /** What went wrong with the file at load, if anything. */
    readonly problem: RegistryProblem | null,
    /** False when an unusable file could not be moved aside: writing would overwrite it. */
    private readonly writable: boolean,
    private readonly logger: Logger,
  ) {
    this.servers = servers;
  }

  /** Loads the registry of a data folder (created when missing), recovering what it can. */
  static async open(dataDir: string, logger: Logger, clock: () => number): Promise<ServerRegistry> {
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    const file = path.join(dataDir, REGISTRY_FILE);
    const backupFile = path.join(dataDir, REGISTRY_BACKUP_FILE);
    const loaded = await readRegistryFile(file);
    if (loaded.kind === 'ok') {
      return new ServerRegistry(file, backupFile, loaded.servers, null, true, logger);
    }
    const backup = await readRegistryFile(backupFile);
    const backupServers = backup.kind === 'ok' ? backup.servers : null;
    if (loaded.kind === 'missing') {
      // A missing main file with a good backup means the last write was interrupted between
      // files or someone deleted it: recover quietly from the backup (nothing to set aside).
      const registry = new ServerRegistry(
        file,
        backupFile,
        backupServers ?? [],
        null,
        true,
        logger,
      );
      if (backupServers) await registry.persist();
      return registry;
    }
    const stamp = new Date(clock()).toISOString().replace(/[:.]/g, '-');
    const aside = `${file}.${loaded.kind}-${stamp}`;
    let movedTo: string | null = null;
    try {
      await fs.rename(file, aside);
      movedTo = aside;
    } catch (error) {
      logger.error('registry: could not move the unusable file aside', {
        code: (error as NodeJS.ErrnoException).code ?? null,
      });
    }
    const restored = backupServers !== null && movedTo !== null;
    const what =
      loaded.kind === 'corrupt'
        ? `The server list could not be read: ${loaded.reason}.`
        : `The server list file could not be opened (${loaded.reason}).`;
    const next = movedTo
      ? ` It was moved aside to ${movedTo}.`
      : ' It was left in place and the app will not change it until it is fixed or removed.';
    const recovery = restored
      ? ' The servers were restored from the backup of the last good list.'
      : ' No usable backup was found, so the list starts empty.';
    const problem: RegistryProblem = {
      code: loaded.kind === 'corrupt' ? 'registry_corrupt' : 'registry_unreadable',
      message: what + next + recovery,
      movedTo,
      restoredFromBackup: restored,
    };
    logger.warn('registry: unusable file', { kind: loaded.kind, movedTo, restored });
    const registry = new ServerRegistry(
      file,
      backupFile,
      restored ? (backupServers ?? []) : [],
      problem,
      movedTo !== null,
      logger,
    );
    if (restored) await registry.persist();
    return registry;
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

  /** Registers a server at the end of the list, with a fresh id. */
  async add(fields: NewServer): Promise<StoredServer> {
    return this.mutate(() => {
      const server: StoredServer = { ...fields, id: randomUUID(), lastEventId: 0 };
      this.servers = [...this.servers, server];
      return { ...server };
    });
  }

  /** Registers several servers at once (one write). */
  async addMany(fields: NewServer[]): Promise<StoredServer[]> {
    return this.mutate(() => {
      const added = fields.map((item) => ({ ...item, id: randomUUID(), lastEventId: 0 }));
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
      const next = { ...current, ...changes, id };
      this.servers = this.servers.map((server, at) => (at === index ? next : server));
      return { ...next };
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
    await this.queue;
  }

  /** Runs a change then persists it; changes run one at a time, in call order. */
  private mutate<T>(change: () => T): Promise<T> {
    const run = this.queue.then(async () => {
      if (!this.writable) {
        throw new CoreError({
          code: 'registry_error',
          message:
            'The server list file cannot be used and could not be moved aside, so the app does not change it. Fix or remove the file and restart the app.',
        });
      }
      const before = this.servers;
      const result = change();
      try {
        await this.persist();
      } catch (error) {
        this.servers = before;
        this.logger.error('registry: write failed', {
          code: (error as NodeJS.ErrnoException).code ?? null,
        });
        throw new CoreError({
          code: 'registry_error',
          message: 'The server list could not be saved to disk.',
        });
      }
      return result;
    });
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async persist(): Promise<void> {
    const contents = `${JSON.stringify({ format: FORMAT, servers: this.servers }, null, 2)}\n`;
    // The current file is the last good one (it loaded, or this process wrote it): keep it
    // as the backup before it is replaced.
    try {
      const previous = await fs.readFile(this.file, 'utf8');
      await writeFileAtomic(this.backupFile, previous);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await writeFileAtomic(this.file, contents);
  }
}
