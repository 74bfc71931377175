import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/composition-root';
import { APP_ERROR_CODES } from '../../../src-shared/errors';
import { REQUEST_CHANNELS, type RequestChannel } from '../../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, SETTINGS_FIELDS } from '../../../src-shared/settings';
import { deadPort, removeAll, startCore } from './fixtures';

let core: Core;
let dataDir: string;
let port: number;

beforeAll(async () => {
  const started = await startCore();
  core = started.core;
  dataDir = started.dataDir;
  port = await deadPort();
});
afterAll(async () => {
  await core.dispose();
  await removeAll([dataDir]);
});

/** Payloads near each channel's shape: right keys, arbitrary values (and unknown ids). */
function nearShape(channel: RequestChannel): fc.Arbitrary<unknown> {
  const value = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.constant(undefined));
  const draft = fc.record({
    name: value,
    baseUrl: fc.oneof(value, fc.constant(`http://127.0.0.1:${port}`)),
    environment: fc.oneof(value, fc.constantFrom('production', 'staging', 'test', null)),
    credentials: fc.oneof(
      value,
      fc.record({ kind: fc.constant('account'), username: value, password: value, otp: value }),
      fc.record({ kind: fc.constant('api_key'), apiKey: fc.oneof(value, fc.constant('qbk_x')) }),
    ),
    pinnedFingerprint: value,
  });
  const settings = fc.oneof(fc.anything(), fc.constant(DEFAULT_SETTINGS));
  const id = fc.oneof(value, fc.uuid(), fc.constant('x'));
  const reference = fc.oneof(
    fc.record({ kind: fc.constant('server'), serverId: id }),
    fc.record({ kind: fc.constant('profile'), profileId: id }),
  );
  const fleetFile = fc.oneof(
    value,
    fc.json(),
    fc
      .record({
        format: fc.oneof(value, fc.constant('quickbox-session-companion/fleet')),
        version: fc.oneof(value, fc.constantFrom(1, 2)),
        servers: fc.oneof(value, fc.array(fc.anything(), { maxLength: 3 })),
        profiles: fc.oneof(
          value,
          fc.array(fc.record({ name: fc.oneof(value, fc.string()), settings }), { maxLength: 3 }),
        ),
        assignments: fc.oneof(value, fc.array(fc.anything(), { maxLength: 3 })),
      })
      .map((file) => JSON.stringify(file)),
  );
  const driftField = fc.constantFrom(...SETTINGS_FIELDS);
  const shapes: Record<RequestChannel, fc.Arbitrary<unknown>> = {
    'servers:list': fc.oneof(fc.constant(undefined), fc.dictionary(fc.string(), value)),
    'servers:test-draft': draft,
    'servers:add': draft,
    'servers:update': fc.record({
      id: value,
      changes: fc.oneof(value, fc.record({ name: value, baseUrl: value })),
    }),
    'servers:remove': fc.record({ id: value }),
    'servers:reorder': fc.record({ ids: fc.oneof(value, fc.array(fc.string())) }),
    'servers:test': fc.record({ id: value }),
    'servers:pin-certificate': fc.record({ id: value, fingerprint: value }),
    'servers:mark-read': fc.record({ id: value }),
    'servers:mute': fc.record({
      id,
      until: fc.oneof(value, fc.constantFrom('hour', 'tomorrow', null)),
    }),
    'servers:export': fc.oneof(fc.constant(undefined), fc.anything()),
    'servers:import': fc.record({ json: fc.oneof(value, fc.json(), fc.string()) }),
    'settings:get': fc.record({ serverId: value }),
    'settings:save': fc.record({ serverId: value, settings: fc.anything(), baseVersion: value }),
    'sessions:list': fc.record({ serverId: value, username: value, cursor: value, limit: value }),
    'sessions:summary': fc.record({ serverId: value }),
    'sessions:revoke': fc.record({ serverId: value, sessionId: value }),
    'sessions:invalidate-all': fc.record({ serverId: value, typedName: value }),
    'language:get': fc.oneof(fc.constant(undefined), fc.dictionary(fc.string(), value)),
    'language:set': fc.record({
      choice: fc.oneof(value, fc.constantFrom('system', 'de', 'zh-CN', 'en-XB', 'dk', 'de_DE')),
    }),
    'profiles:list': fc.oneof(fc.constant(undefined), fc.dictionary(fc.string(), value)),
    'profiles:create': fc.record({
      name: fc.oneof(value, fc.string({ minLength: 1, maxLength: 20 })),
      from: fc.oneof(
        value,
        fc.record({ kind: fc.constant('server'), serverId: id }),
        fc.record({ kind: fc.constant('settings'), settings }),
      ),
    }),
    'profiles:update': fc.record({ id, settings }),
    'profiles:rename': fc.record({ id, name: value }),
    'profiles:duplicate': fc.record({ id, name: value }),
    'profiles:delete': fc.record({ id }),
    'profiles:assign': fc.record({ serverId: id, profileId: fc.oneof(id, fc.constant(null)) }),
    'profiles:assign-many': fc.record({
      serverIds: fc.oneof(value, fc.array(id, { maxLength: 3 })),
      profileId: fc.oneof(id, fc.constant(null)),
    }),
    'fleet:snapshot': fc.oneof(
      fc.constant(undefined),
      fc.record({ reference: fc.oneof(value, reference), concurrency: value, runId: value }),
    ),
    'fleet:plan': fc.record({
      source: fc.oneof(value, reference),
      sections: fc.oneof(value, fc.subarray(['timeouts', 'persistence', 'concurrency'])),
      fields: fc.oneof(value, fc.subarray([...SETTINGS_FIELDS])),
      targets: fc.oneof(value, fc.array(id, { maxLength: 3 })),
      concurrency: value,
      runId: value,
    }),
    'fleet:apply': fc.record({
      planId: id,
      waves: fc.oneof(
        value,
        fc.record({ canaryServerId: id, maxFailures: value, batchSize: value }),
      ),
      concurrency: value,
      runId: value,
    }),
    'fleet:retry-failed': fc.record({ applyId: id, concurrency: value, runId: value }),
    'fleet:export': fc.oneof(fc.constant(undefined), fc.anything()),
    'fleet:import-preview': fc.record({ json: fleetFile }),
    'fleet:import-apply': fc.record({ json: fleetFile }),
    'drift:list': fc.oneof(fc.constant(undefined), fc.dictionary(fc.string(), value)),
    'drift:adopt': fc.record({ serverId: id, field: fc.oneof(value, driftField) }),
    'drift:accept': fc.record({
      serverId: id,
      field: fc.oneof(value, driftField),
      until: fc.oneof(
        value,
        fc.constant(null),
        fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      ),
    }),
    'activity:list': fc.record({
      serverId: id,
      before: fc.oneof(value, fc.integer({ min: -5, max: 2 ** 53 })),
      limit: fc.oneof(value, fc.integer({ min: -1, max: 600 })),
    }),
    'activity:fleet': fc.oneof(
      fc.constant(undefined),
      fc.record({
        cursors: fc.oneof(
          value,
          fc.dictionary(
            fc.oneof(fc.uuid(), fc.string()),
            fc.oneof(value, fc.constant(null), fc.integer()),
          ),
        ),
        limit: value,
      }),
    ),
  };
  return shapes[channel];
}

describe('every handler, fuzzed', () => {
  for (const channel of REQUEST_CHANNELS) {
    it(`${channel} always answers a typed Result and never throws`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.anything(), nearShape(channel)), async (payload) => {
          const result: unknown = await core.handlers[channel](payload);

          expect(typeof result).toBe('object');
          const typed = result as { ok: unknown; error?: unknown; value?: unknown };
          expect(typeof typed.ok).toBe('boolean');
          if (typed.ok === false) {
            const error = typed.error as { code?: unknown; message?: unknown };
            expect(APP_ERROR_CODES).toContain(error.code);
            expect(typeof error.message).toBe('string');
            expect(error.code).not.toBe('internal');
          }
          expect(() => structuredClone(result)).not.toThrow();
        }),
        { numRuns: 150 },
      );
    });
  }
});
