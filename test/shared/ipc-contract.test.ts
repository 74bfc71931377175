import { describe, expect, it } from 'vitest';
import {
  credentialsSchema,
  originBoundChangesSchema,
  serverDraftSchema,
} from '../../src-shared/ipc-contract';

describe('IPC request schemas', () => {
  it('takes an API key only as visible ASCII, since it travels in a header', () => {
    expect(
      credentialsSchema.safeParse({ kind: 'api_key', apiKey: 'qbk_abc-123.XYZ' }).success,
    ).toBe(true);
    for (const apiKey of ['qbk abc', 'qbk_é', 'qbk\u0000x', 'qbk\nx']) {
      expect(credentialsSchema.safeParse({ kind: 'api_key', apiKey }).success).toBe(false);
    }
  });

  it('takes only http(s) addresses without credentials in them', () => {
    const draft = (baseUrl: string) => ({
      name: 'Box',
      baseUrl,
      environment: null,
      credentials: { kind: 'api_key', apiKey: 'qbk_1' },
    });
    expect(serverDraftSchema.safeParse(draft('https://box.example:8443')).success).toBe(true);
    for (const baseUrl of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://u:p@box.example',
      'box',
    ]) {
      expect(serverDraftSchema.safeParse(draft(baseUrl)).success).toBe(false);
    }
  });

  it('refuses fields the contract does not have', () => {
    expect(
      credentialsSchema.safeParse({ kind: 'account', username: 'a', password: 'b', token: 'c' })
        .success,
    ).toBe(false);
  });

  it('asks for credentials with a new scheme, host or port, and takes a pin only then', () => {
    const changes = originBoundChangesSchema('https://box.example');
    const credentials = { kind: 'api_key', apiKey: 'qbk_1' };
    const pin = Array.from({ length: 32 }, () => 'AB').join(':');
    const issues = (value: unknown) =>
      changes.safeParse(value).error?.issues.map((issue) => issue.path.join('.')) ?? [];

    expect(issues({ baseUrl: 'https://box.example:443/qb' })).toEqual([]);
    expect(issues({ baseUrl: 'http://box.example' })).toEqual(['credentials']);
    expect(issues({ baseUrl: 'https://box.example:8443' })).toEqual(['credentials']);
    expect(issues({ baseUrl: 'https://other.example', credentials })).toEqual([]);
    expect(
      issues({ baseUrl: 'https://other.example', credentials, pinnedFingerprint: pin }),
    ).toEqual([]);
    expect(issues({ credentials, pinnedFingerprint: pin })).toEqual(['pinnedFingerprint']);
  });
});
