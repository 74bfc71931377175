import { describe, expect, it } from 'vitest';
import {
  connectionSummary,
  testConnection,
} from '../../../../src-main/core/registry/connection-test';

describe('testConnection', () => {
  it('reports identity and what is missing; without the read permission it says so', async () => {
    const client = {
      health: async () => ({ status: 'ok' as const, name: 'Box', version: '2.1' }),
      me: async () => ({
        username: 'k',
        via: 'api_key' as const,
        permissions: ['admin.settings.update'],
        scopes: ['write'],
      }),
    };

    const report = await testConnection(client);

    expect(report).toEqual({
      server: { name: 'Box', version: '2.1' },
      identity: {
        username: 'k',
        via: 'api_key',
        permissions: ['admin.settings.update'],
        scopes: ['write'],
      },
      canRead: false,
      canUpdate: true,
      missingPermissions: ['admin.sessions.read'],
      summary: 'Connected, but cannot read session settings (missing admin.sessions.read)',
    });
    expect(connectionSummary([], true)).toBe('Connected');
    expect(connectionSummary(['admin.settings.update'], true)).toBe(
      'Connected, read-only (missing admin.settings.update)',
    );
  });
});
