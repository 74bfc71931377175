import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_FIELDS, setField } from '../../src-shared/settings';
import { settingsDocumentSchema, settingsIssueSchema } from '../../src-shared/settings-schema';

const DOCUMENT = {
  ...DEFAULT_SETTINGS,
  version: 2,
  updatedAt: '2026-11-28T12:00:00Z',
  updatedBy: 'admin',
};

describe('settingsDocumentSchema', () => {
  it('parses a GET body to itself', () => {
    expect(settingsDocumentSchema.parse(DOCUMENT)).toEqual(DOCUMENT);
  });

  it('drops keys the model does not have', () => {
    const parsed = settingsDocumentSchema.parse({
      ...DOCUMENT,
      extra: 1,
      timeouts: { ...DOCUMENT.timeouts, extra: 2 },
    });
    expect(parsed).toEqual(DOCUMENT);
  });

  it.each(SETTINGS_FIELDS)('refuses %s of the wrong kind', (field) => {
    const wrong = { ...DOCUMENT, ...setField(DOCUMENT, field, [] as never) };
    expect(settingsDocumentSchema.safeParse(wrong).success).toBe(false);
  });

  it('refuses a SameSite word the model does not know', () => {
    const wrong = { ...DOCUMENT, ...setField(DOCUMENT, 'persistence.cookie.sameSite', 'loose') };
    expect(settingsDocumentSchema.safeParse(wrong).success).toBe(false);
  });

  it.each(['version', 'updatedAt', 'updatedBy'])('needs the metadata %s', (key) => {
    const { [key as keyof typeof DOCUMENT]: _dropped, ...rest } = DOCUMENT;
    expect(settingsDocumentSchema.safeParse(rest).success).toBe(false);
  });

  it('needs a whole version number', () => {
    expect(settingsDocumentSchema.safeParse({ ...DOCUMENT, version: 1.5 }).success).toBe(false);
  });

  it('checks the shape, not the rules: an out-of-range value still parses', () => {
    const outOfRange = { ...DOCUMENT, ...setField(DOCUMENT, 'timeouts.idleMinutes', 99999) };
    expect(settingsDocumentSchema.safeParse(outOfRange).success).toBe(true);
  });
});

describe('settingsIssueSchema', () => {
  it('takes an error and an advice code', () => {
    for (const code of ['relation', 'remember_me_capped']) {
      expect(settingsIssueSchema.safeParse({ field: 'f', code, message: 'm' }).success).toBe(true);
    }
  });

  it('refuses a code outside the union', () => {
    expect(
      settingsIssueSchema.safeParse({ field: 'f', code: 'teapot', message: 'm' }).success,
    ).toBe(false);
  });
});
