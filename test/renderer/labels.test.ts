import { describe, expect, it } from 'vitest';
import { describeConnection } from '../../src-renderer/labels';
import type { ConnectionReport } from '../../src-shared/domain';
import { windowTranslator } from './translator';

const en = windowTranslator('en');

function report(overrides: Partial<ConnectionReport>): ConnectionReport {
  return {
    server: { name: 'Box V', version: '1.0.0' },
    identity: {
      username: 'viewer',
      via: 'session',
      permissions: ['admin.sessions.read'],
      scopes: null,
    },
    canRead: true,
    canUpdate: false,
    missingPermissions: ['admin.settings.update'],
    summary: 'Connected, read-only (missing admin.settings.update)',
    ...overrides,
  };
}

describe('describeConnection', () => {
  it('says a read-only connection once, naming the missing permission once', () => {
    const text = describeConnection(en, report({}));
    expect(text).toBe(
      'Connected to Box V (version 1.0.0), signed in as viewer, can read session settings but not change them (missing admin.settings.update).',
    );
    expect(text.split('admin.settings.update')).toHaveLength(2);
  });

  it('names an API key by its label and a full connection as such', () => {
    const text = describeConnection(
      en,
      report({
        identity: {
          username: 'automation',
          via: 'api_key',
          permissions: [],
          scopes: ['read', 'write'],
        },
        canUpdate: true,
        missingPermissions: [],
        summary: 'Connected',
      }),
    );
    expect(text).toBe(
      'Connected to Box V (version 1.0.0), signed in with the API key “automation”, can read and change session settings.',
    );
  });

  it('says it in German with a German translator, and joins missing permissions as a list', () => {
    const text = describeConnection(
      windowTranslator('de'),
      report({
        canRead: false,
        missingPermissions: ['admin.sessions.read', 'admin.settings.update'],
      }),
    );
    expect(text).toBe(
      'Verbunden mit Box V (Version 1.0.0), angemeldet als viewer, kann Sitzungseinstellungen nicht lesen (es fehlt admin.sessions.read und admin.settings.update).',
    );
  });
});
