/**
 * The watcher's configuration (`--config watch.yaml`): where it listens, which servers it
 * follows and where each one's secret comes from, the Alertmanagers and webhooks it tells,
 * and its thresholds. Every field has a default, so `qbsc watch` runs without a file: all the
 * servers of the data folder, secrets from the keychain, listening on 127.0.0.1:9469.
 */

import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ENVIRONMENTS } from '../../src-shared/domain';

/** Where one server's secret comes from (exactly one source). */
export const secretSourceSchema = z.union([
  z.strictObject({ keychain: z.literal(true) }),
  z.strictObject({ file: z.string().min(1) }),
  z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }),
  z.strictObject({ credential: z.string().regex(/^[A-Za-z0-9_.@-]+$/) }),
]);
export type SecretSource = z.infer<typeof secretSourceSchema>;

const fingerprint = z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

/**
 * One server: one of the data folder's (named by `server`, its name or id), or one defined
 * here in full (`url`, `auth`...). Its secret: `secret`, else the keychain.
 */
const serverEntrySchema = z.strictObject({
  server: z.string().min(1).max(100).optional(),
  id: z.string().min(1).max(100).optional(),
  name: z.string().min(1).max(100).optional(),
  url: z.url().optional(),
  environment: z.enum(ENVIRONMENTS).nullable().optional(),
  auth: z.enum(['account', 'api_key']).optional(),
  username: z.string().min(1).max(200).optional(),
  pinnedFingerprint: fingerprint.nullable().optional(),
  secret: secretSourceSchema.optional(),
});
export type ServerEntry = z.infer<typeof serverEntrySchema>;

const webhookSchema = z.strictObject({
  url: z.url(),
  format: z.enum(['standard', 'slack', 'discord', 'teams', 'ntfy']).default('standard'),
  /** The Standard Webhooks secret (`whsec_` + base64), from one source. */
  secret: secretSourceSchema.optional(),
  /** ntfy only: the topic. */
  topic: z.string().min(1).max(64).optional(),
});
export type WebhookConfig = z.infer<typeof webhookSchema>;

export const watchConfigSchema = z.strictObject({
  listen: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(9469),
    })
    .default({ host: '127.0.0.1', port: 9469 }),
  /** The watcher's own folder (last event ids, delivery state); default: see stateDirOf. */
  stateDir: z.string().min(1).optional(),
  /** The servers; absent: every server of the data folder, secrets from the keychain. */
  servers: z.array(serverEntrySchema).max(100_000).optional(),
  alertmanagers: z.array(z.url()).max(10).default([]),
  webhooks: z.array(webhookSchema).max(20).default([]),
  /** A server not reachable this long is an alert. */
  unreachableAfterSeconds: z.number().int().min(1).default(300),
  /** How long a mass-logout alert stays firing (it has no end of its own). */
  massLogoutAlertSeconds: z.number().int().min(60).default(3600),
  /** Webhook deliveries waiting at most (beyond: dropped, counted and logged). */
  webhookQueueSize: z.number().int().min(1).max(100_000).default(1000),
  /** The watcher's HTTP requests to Alertmanager and webhooks (ms). */
  requestTimeoutMs: z.number().int().min(100).default(5000),
  /** Graceful stop bound (ms). */
  stopTimeoutMs: z.number().int().min(100).max(60_000).default(9000),
});
export type WatchConfig = z.infer<typeof watchConfigSchema>;

/** A config that cannot be used, said plainly (exit 65). */
export class ConfigError extends Error {}

/** Reads and checks the config file (none: every default). */
export async function loadWatchConfig(file: string | undefined): Promise<WatchConfig> {
  if (!file) return watchConfigSchema.parse({});
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `The watch config ${file} cannot be read (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const parsed = watchConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`The watch config ${file} is not valid: ${issues.join('; ')}`);
  }
  return parsed.data;
}
