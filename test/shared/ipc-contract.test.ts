import { describe, expect, it } from 'vitest';
import { credentialsSchema, serverDraftSchema } from '../../src-shared/ipc-contract';

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
});
