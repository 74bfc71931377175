// The request schemas of the server, settings and sessions channels at their edges: each
// limit at and past its end, the optional parts, and strictness (an unknown key is refused).
import { describe, expect, it } from 'vitest';
import {
  originBoundChangesSchema,
  requestSchemas,
  type RequestChannel,
} from '../../src-shared/ipc-contract';
import { NEW_ORIGIN_NEEDS_CREDENTIALS } from '../../src-shared/origin';

function accepts(channel: RequestChannel, value: unknown): boolean {
  return requestSchemas[channel].safeParse(value).success;
}

const PIN = Array.from({ length: 32 }, () => 'AB').join(':');
const DRAFT = {
  name: 'Box A',
  baseUrl: 'https://box-a.example',
  environment: 'staging',
  credentials: { kind: 'api_key', apiKey: 'qbk_1' },
};

describe('server requests', () => {
  it('list and export with nothing or an empty object only', () => {
    for (const channel of ['servers:list', 'servers:export'] as const) {
      expect(accepts(channel, undefined)).toBe(true);
      expect(accepts(channel, {})).toBe(true);
      expect(accepts(channel, { all: true })).toBe(false);
    }
  });

  it('test and add a draft with an environment of the list or none, and an optional pin', () => {
    for (const channel of ['servers:test-draft', 'servers:add'] as const) {
      expect(accepts(channel, DRAFT)).toBe(true);
      expect(accepts(channel, { ...DRAFT, environment: null, pinnedFingerprint: PIN })).toBe(true);
      expect(accepts(channel, { ...DRAFT, pinnedFingerprint: null })).toBe(true);
      expect(accepts(channel, { ...DRAFT, environment: 'qa' })).toBe(false);
      expect(accepts(channel, { ...DRAFT, pinnedFingerprint: 'AB:CD' })).toBe(false);
      expect(accepts(channel, { ...DRAFT, credentials: undefined })).toBe(false);
    }
  });

  it('update a server by id with any of its parts, each checked', () => {
    expect(accepts('servers:update', { id: 'box-a', changes: {} })).toBe(true);
    const all = { ...DRAFT, environment: null };
    expect(accepts('servers:update', { id: 'box-a', changes: all })).toBe(true);
    expect(accepts('servers:update', { id: 'box-a', changes: { pinnedFingerprint: PIN } })).toBe(
      true,
    );
    expect(accepts('servers:update', { id: 'box-a', changes: { name: ' ' } })).toBe(false);
    expect(accepts('servers:update', { id: 'box-a', changes: { baseUrl: 'box' } })).toBe(false);
    expect(accepts('servers:update', { id: 'box-a', changes: { environment: 'qa' } })).toBe(false);
    expect(accepts('servers:update', { id: 'box-a', changes: { pinnedFingerprint: null } })).toBe(
      false,
    );
    expect(accepts('servers:update', { id: 'box-a', changes: { colour: 'red' } })).toBe(false);
    expect(accepts('servers:update', { id: '', changes: {} })).toBe(false);
    expect(accepts('servers:update', { id: 'box-a' })).toBe(false);
  });

  it('reorder up to 1000 ids, each an id', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, index) => `box-${index}`);
    expect(accepts('servers:reorder', { ids: [] })).toBe(true);
    expect(accepts('servers:reorder', { ids: ids(1000) })).toBe(true);
    expect(accepts('servers:reorder', { ids: ids(1001) })).toBe(false);
    expect(accepts('servers:reorder', { ids: [''] })).toBe(false);
  });

  it('test, mark read, pin and mute a server named by its id', () => {
    for (const channel of ['servers:test', 'servers:mark-read'] as const) {
      expect(accepts(channel, { id: 'box-a' })).toBe(true);
      expect(accepts(channel, { id: '' })).toBe(false);
      expect(accepts(channel, { id: 'box-a', force: true })).toBe(false);
    }
    expect(accepts('servers:pin-certificate', { id: 'box-a', fingerprint: PIN })).toBe(true);
    expect(accepts('servers:pin-certificate', { id: 'box-a', fingerprint: 'AB' })).toBe(false);
    expect(accepts('servers:pin-certificate', { id: 'box-a' })).toBe(false);
    expect(accepts('servers:mute', { id: 'box-a', until: 'hour' })).toBe(true);
    expect(accepts('servers:mute', { id: 'box-a', until: 'tomorrow' })).toBe(true);
    expect(accepts('servers:mute', { id: 'box-a', until: null })).toBe(true);
    expect(accepts('servers:mute', { id: 'box-a', until: 'week' })).toBe(false);
    expect(accepts('servers:mute', { id: 'box-a' })).toBe(false);
  });

  it('import a list of at most 5 MiB of text', () => {
    const most = 'x'.repeat(5 * 1024 * 1024);
    expect(accepts('servers:import', { json: most })).toBe(true);
    expect(accepts('servers:import', { json: `${most}x` })).toBe(false);
    expect(accepts('servers:import', {})).toBe(false);
  });
});

describe('settings requests', () => {
  it('read a server by its id', () => {
    expect(accepts('settings:get', { serverId: 'box-a' })).toBe(true);
    expect(accepts('settings:get', { serverId: '' })).toBe(false);
    expect(accepts('settings:get', { serverId: 'box-a', version: 1 })).toBe(false);
  });

  it('save any settings (validated later) on a whole base version from 0', () => {
    const save = { serverId: 'box-a', settings: { anything: 1 }, baseVersion: 0 };
    expect(accepts('settings:save', save)).toBe(true);
    expect(accepts('settings:save', { ...save, baseVersion: 41 })).toBe(true);
    expect(accepts('settings:save', { ...save, baseVersion: -1 })).toBe(false);
    expect(accepts('settings:save', { ...save, baseVersion: 1.5 })).toBe(false);
    expect(accepts('settings:save', { serverId: 'box-a', settings: {} })).toBe(false);
  });
});

describe('sessions requests', () => {
  it('list a page by user name, cursor and a limit of 1 to 500', () => {
    const page = { serverId: 'box-a' };
    expect(accepts('sessions:list', page)).toBe(true);
    const full = { ...page, username: 'u'.repeat(200), cursor: 'c'.repeat(500), limit: 500 };
    expect(accepts('sessions:list', full)).toBe(true);
    expect(accepts('sessions:list', { ...page, limit: 1 })).toBe(true);
    expect(accepts('sessions:list', { ...page, username: 'u'.repeat(201) })).toBe(false);
    expect(accepts('sessions:list', { ...page, cursor: 'c'.repeat(501) })).toBe(false);
    expect(accepts('sessions:list', { ...page, limit: 0 })).toBe(false);
    expect(accepts('sessions:list', { ...page, limit: 501 })).toBe(false);
    expect(accepts('sessions:list', { ...page, limit: 2.5 })).toBe(false);
  });

  it('summarise a server, and revoke a session id of 1 to 200 characters', () => {
    expect(accepts('sessions:summary', { serverId: 'box-a' })).toBe(true);
    expect(accepts('sessions:summary', { serverId: 'box-a', user: 'u' })).toBe(false);
    expect(accepts('sessions:revoke', { serverId: 'box-a', sessionId: 's'.repeat(200) })).toBe(
      true,
    );
    expect(accepts('sessions:revoke', { serverId: 'box-a', sessionId: 's'.repeat(201) })).toBe(
      false,
    );
    expect(accepts('sessions:revoke', { serverId: 'box-a', sessionId: '' })).toBe(false);
  });
});

describe('the words of a refused server request', () => {
  it('say what a fingerprint is', () => {
    const parsed = requestSchemas['servers:pin-certificate'].safeParse({
      id: 'a',
      fingerprint: 'AB',
    });
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([
      'must be a SHA-256 fingerprint (32 hex pairs joined by colons)',
    ]);
  });

  it('are custom issues that say why a new address needs credentials and a pin needs one', () => {
    const changes = originBoundChangesSchema('https://box.example');
    const issues = (value: unknown) =>
      changes.safeParse(value).error?.issues.map((issue) => [issue.code, issue.message]);
    expect(issues({ baseUrl: 'https://other.example' })).toEqual([
      ['custom', NEW_ORIGIN_NEEDS_CREDENTIALS],
    ]);
    expect(issues({ pinnedFingerprint: PIN })).toEqual([
      [
        'custom',
        "only with a new address; the current address's certificate is pinned with servers:pin-certificate",
      ],
    ]);
  });
});
