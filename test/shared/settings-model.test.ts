import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  FIELD_RULES,
  SETTINGS_FIELDS,
  SETTINGS_STRUCTURE,
  pickSettings,
  setField,
  validateSettings,
  type SessionSettingsDocument,
} from '../../src-shared/settings';

describe('the settings model, derived from FIELD_RULES', () => {
  it('has the defaults of the contract', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      timeouts: { sessionMinutes: 480, idleMinutes: 30, absoluteMinutes: 43200 },
      persistence: {
        rememberMeDays: 14,
        resetExpiryAtLogon: false,
        cookie: { secure: true, sameSite: 'lax', path: '/' },
      },
      concurrency: { maxSessionsPerUser: 5 },
    });
  });

  it('gives every leaf a default its own rules accept', () => {
    const leaves = validateSettings(DEFAULT_SETTINGS);
    expect(leaves.errors).toEqual([]);
    for (const field of SETTINGS_FIELDS) {
      const rule = FIELD_RULES[field];
      if (rule.kind === 'enum') expect(rule.values).toContain(rule.default);
    }
  });

  it('lists the leaves in the order of the contract', () => {
    expect(SETTINGS_FIELDS).toEqual([
      'timeouts.sessionMinutes',
      'timeouts.idleMinutes',
      'timeouts.absoluteMinutes',
      'persistence.rememberMeDays',
      'persistence.resetExpiryAtLogon',
      'persistence.cookie.secure',
      'persistence.cookie.sameSite',
      'persistence.cookie.path',
      'concurrency.maxSessionsPerUser',
    ]);
  });

  it('knows the keys of each object level', () => {
    expect(SETTINGS_STRUCTURE).toEqual({
      '': ['timeouts', 'persistence', 'concurrency'],
      timeouts: ['sessionMinutes', 'idleMinutes', 'absoluteMinutes'],
      persistence: ['rememberMeDays', 'resetExpiryAtLogon', 'cookie'],
      'persistence.cookie': ['secure', 'sameSite', 'path'],
      concurrency: ['maxSessionsPerUser'],
    });
  });
});

describe('pickSettings and setField', () => {
  const document: SessionSettingsDocument = {
    ...DEFAULT_SETTINGS,
    version: 4,
    updatedAt: '2026-11-28T12:00:00Z',
    updatedBy: 'admin',
  };

  it('drops the read-only metadata and writes the keys in the contract order', () => {
    const picked = pickSettings(document);
    expect(picked).toEqual(DEFAULT_SETTINGS);
    expect(JSON.stringify(picked)).toBe(
      '{"timeouts":{"sessionMinutes":480,"idleMinutes":30,"absoluteMinutes":43200},' +
        '"persistence":{"rememberMeDays":14,"resetExpiryAtLogon":false,' +
        '"cookie":{"secure":true,"sameSite":"lax","path":"/"}},' +
        '"concurrency":{"maxSessionsPerUser":5}}',
    );
  });

  it('copies: changing the copy leaves the original as it was', () => {
    const picked = pickSettings(document);
    picked.persistence.cookie.path = '/other';
    expect(document.persistence.cookie.path).toBe('/');
  });

  it('replaces one leaf in a copy', () => {
    const changed = setField(DEFAULT_SETTINGS, 'persistence.cookie.sameSite', 'strict');
    expect(changed.persistence.cookie.sameSite).toBe('strict');
    expect(DEFAULT_SETTINGS.persistence.cookie.sameSite).toBe('lax');
    expect(setField(changed, 'persistence.cookie.sameSite', 'lax')).toEqual(DEFAULT_SETTINGS);
  });
});
