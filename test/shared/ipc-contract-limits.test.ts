// The edges of the IPC request schemas: each length limit at and past its end, each part
// of the address and fingerprint rules, and the event channel list against its type.
import { describe, expect, it } from 'vitest';
import {
  EVENT_CHANNELS,
  credentialsSchema,
  fingerprintSchema,
  requestSchemas,
  serverDraftSchema,
  type EventChannel,
} from '../../src-shared/ipc-contract';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0'))
  .join(':')
  .toUpperCase();

function accepts(schema: { safeParse(value: unknown): { success: boolean } }, value: unknown) {
  return schema.safeParse(value).success;
}

function draft(changes: Record<string, unknown>): Record<string, unknown> {
  return {
    name: 'Box',
    baseUrl: 'https://box.example',
    environment: null,
    credentials: { kind: 'api_key', apiKey: 'qbk_1' },
    ...changes,
  };
}

describe('IPC request schemas: limits', () => {
  it('takes server ids of 1 to 100 characters', () => {
    const remove = requestSchemas['servers:remove'];
    expect(accepts(remove, { id: 'a' })).toBe(true);
    expect(accepts(remove, { id: 'a'.repeat(100) })).toBe(true);
    expect(accepts(remove, { id: '' })).toBe(false);
    expect(accepts(remove, { id: 'a'.repeat(101) })).toBe(false);
  });

  it('caps free text at its length', () => {
    const invalidate = requestSchemas['sessions:invalidate-all'];
    expect(accepts(invalidate, { serverId: 's', typedName: 'n'.repeat(200) })).toBe(true);
    expect(accepts(invalidate, { serverId: 's', typedName: 'n'.repeat(201) })).toBe(false);
  });

  it('takes a server name of 1 to 100 characters after trimming', () => {
    expect(accepts(serverDraftSchema, draft({ name: 'n'.repeat(100) }))).toBe(true);
    expect(accepts(serverDraftSchema, draft({ name: 'n'.repeat(101) }))).toBe(false);
    expect(accepts(serverDraftSchema, draft({ name: '   ' }))).toBe(false);
  });

  it('takes http and https addresses, trimmed, up to 2048 characters', () => {
    const parsed = serverDraftSchema.safeParse(draft({ baseUrl: '  http://box.example:8080  ' }));
    expect(parsed.success && parsed.data.baseUrl).toBe('http://box.example:8080');
    expect(accepts(serverDraftSchema, draft({ baseUrl: 'https://box.example' }))).toBe(true);
    const long = `https://box.example/${'a'.repeat(2048)}`;
    expect(accepts(serverDraftSchema, draft({ baseUrl: long }))).toBe(false);
  });

  it('refuses an address with only a user name or only a password in it', () => {
    expect(accepts(serverDraftSchema, draft({ baseUrl: 'https://admin@box.example' }))).toBe(false);
    expect(accepts(serverDraftSchema, draft({ baseUrl: 'https://:secret@box.example' }))).toBe(
      false,
    );
    expect(accepts(serverDraftSchema, draft({ baseUrl: 'ftp://box.example' }))).toBe(false);
  });
});

describe('IPC request schemas: fingerprints', () => {
  it('takes exactly 32 hex pairs joined by colons, in either case', () => {
    expect(accepts(fingerprintSchema, FINGERPRINT)).toBe(true);
    expect(accepts(fingerprintSchema, FINGERPRINT.toLowerCase())).toBe(true);
  });

  it.each([
    ['31 pairs', FINGERPRINT.slice(3)],
    ['33 pairs', `AB:${FINGERPRINT}`],
    ['text before it', `x${FINGERPRINT}`],
    ['text after it', `${FINGERPRINT}x`],
    ['a last pair of one digit', FINGERPRINT.slice(0, -1)],
    ['a single-digit pair', `A:${FINGERPRINT.slice(3)}`],
    ['a non-hex first pair', `GG${FINGERPRINT.slice(2)}`],
    ['a non-hex last pair', `${FINGERPRINT.slice(0, -2)}GG`],
  ])('refuses %s', (_what, value) => {
    expect(accepts(fingerprintSchema, value)).toBe(false);
  });
});

describe('IPC request schemas: credentials', () => {
  const account = (changes: Record<string, unknown>) => ({
    kind: 'account',
    username: 'admin',
    password: 'secret',
    ...changes,
  });

  it('takes an account with a user name of 1 to 200 characters after trimming', () => {
    expect(accepts(credentialsSchema, account({}))).toBe(true);
    expect(accepts(credentialsSchema, account({ username: 'u'.repeat(200) }))).toBe(true);
    expect(accepts(credentialsSchema, account({ username: 'u'.repeat(201) }))).toBe(false);
    expect(accepts(credentialsSchema, account({ username: '  ' }))).toBe(false);
  });

  it('takes a password of 1 to 1024 characters', () => {
    expect(accepts(credentialsSchema, account({ password: 'p'.repeat(1024) }))).toBe(true);
    expect(accepts(credentialsSchema, account({ password: 'p'.repeat(1025) }))).toBe(false);
    expect(accepts(credentialsSchema, account({ password: '' }))).toBe(false);
  });

  it.each([
    ['123456', true],
    ['12345678', true],
    ['12345', false],
    ['123456789', false],
    ['a123456', false],
    ['123456a', false],
    ['abcdef', false],
  ])('takes the one-time code %j: %s', (otp, ok) => {
    expect(accepts(credentialsSchema, account({ otp }))).toBe(ok);
  });

  it('takes an API key of 1 to 1024 characters after trimming', () => {
    const key = (apiKey: string) => ({ kind: 'api_key', apiKey });
    expect(accepts(credentialsSchema, key('  qbk_1  '))).toBe(true);
    expect(accepts(credentialsSchema, key('k'.repeat(1024)))).toBe(true);
    expect(accepts(credentialsSchema, key('k'.repeat(1025)))).toBe(false);
    expect(accepts(credentialsSchema, key('   '))).toBe(false);
  });
});

describe('EVENT_CHANNELS', () => {
  it('lists every event channel of the contract once', () => {
    // A record over the type: TypeScript refuses it when a channel is missing or unknown.
    const every: Record<EventChannel, true> = {
      'events:mass-logout': true,
      'events:server-event': true,
      'events:fleet-progress': true,
      'events:drift': true,
      'events:settings': true,
      'events:language': true,
      'servers:changed': true,
      'profiles:changed': true,
      'drift:changed': true,
      'ui:navigate': true,
    };
    expect([...EVENT_CHANNELS].sort()).toEqual(Object.keys(every).sort());
  });
});
