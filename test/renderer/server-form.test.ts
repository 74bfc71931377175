import { describe, expect, it } from 'vitest';
import {
  addressWarning,
  changesOf,
  completeScheme,
  draftOf,
  fieldIssues,
  initialForm,
  formLabeller,
  labelOfPath,
} from '../../src-renderer/dialogs/server-form';
import type { ServerView } from '../../src-shared/domain';
import { serverView } from '../fixtures/server-view';
import { windowTranslator } from './translator';

const english = formLabeller(windowTranslator('en'));

const saved: ServerView = serverView({
  id: 'a',
  name: 'Box A',
  baseUrl: 'https://a.example',
  environment: 'staging',
});

describe('a look-alike address', () => {
  it('is warned about as typed, with or without a scheme, naming the scripts and the punycode', () => {
    for (const typed of ['b\u043ex-a.example', 'https://b\u043ex-a.example/']) {
      expect(addressWarning(typed, null)).toEqual({
        text: expect.stringContaining('mixes Latin and Cyrillic letters'),
        testId: 'look-alike-host',
      });
      expect(addressWarning(typed, null)?.text).toContain('xn--bx-a-55d.example');
    }
    expect(addressWarning('box-a.example', null)).toBeNull();
  });

  it('is warned about beside a new origin, both said', () => {
    const warning = addressWarning('https://b\u043ex-a.example', 'new origin words');

    expect(warning?.text).toMatch(/^new origin words The host/);
    expect(addressWarning('https://box-a.example', 'new origin words')).toEqual({
      text: 'new origin words',
      testId: 'new-origin',
    });
  });
});

describe('completing an address', () => {
  it('adds https:// to an address typed without a scheme', () => {
    expect(completeScheme('box.example.com')).toBe('https://box.example.com');
    expect(completeScheme('  10.0.0.5:8443/qb ')).toBe('https://10.0.0.5:8443/qb');
    expect(completeScheme('localhost:8787')).toBe('https://localhost:8787');
    expect(completeScheme('//box.example.com')).toBe('https://box.example.com');
  });

  it('leaves an address with a scheme, an unfinished one, or nothing as typed', () => {
    expect(completeScheme('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
    expect(completeScheme('HTTPS://Box')).toBe('HTTPS://Box');
    expect(completeScheme('ftp://box')).toBe('ftp://box');
    expect(completeScheme('https:/box')).toBe('https:/box');
    expect(completeScheme('https://')).toBe('https://');
    expect(completeScheme('  ')).toBe('  ');
  });

  it('is applied to what the form sends', () => {
    const form = { ...initialForm(), name: 'Box', baseUrl: 'box.example.com' };
    expect(draftOf(form, null).baseUrl).toBe('https://box.example.com');
  });
});

describe('an edit sends only what changed', () => {
  it('sends nothing for an untouched form, and each changed field alone', () => {
    const form = initialForm(saved);
    expect(changesOf(form, saved, false)).toEqual({});
    expect(changesOf({ ...form, environment: '' }, saved, false)).toEqual({ environment: null });
    expect(changesOf({ ...form, baseUrl: 'b.example' }, saved, false)).toEqual({
      baseUrl: 'https://b.example',
    });
    expect(changesOf({ ...form, password: 'pw' }, saved, true)).toEqual({
      credentials: { kind: 'account', username: 'admin', password: 'pw' },
    });
  });

  it('sends a certificate trusted at a new address with the new address and credentials', () => {
    const form = initialForm(saved);
    expect(
      changesOf({ ...form, baseUrl: 'b.example', password: 'pw' }, saved, true, 'AB:CD'),
    ).toEqual({
      baseUrl: 'https://b.example',
      credentials: { kind: 'account', username: 'admin', password: 'pw' },
      pinnedFingerprint: 'AB:CD',
    });
  });
});

describe('issues from main on the fields', () => {
  it('puts each issue on the field its path names, worded with the field’s label', () => {
    const issues = fieldIssues(
      {
        code: 'invalid_request',
        message: 'not valid',
        issues: [
          { path: 'changes.baseUrl', message: 'must be an http:// or https:// address' },
          { path: 'credentials.password', message: 'Too small: expected at least 1' },
          { path: 'baseUrl', message: 'a second issue on the same field' },
          { path: 'pinnedFingerprint', message: 'only for https:// addresses' },
        ],
      },
      english,
    );

    expect(issues).toEqual([
      { field: 'baseUrl', message: 'Address must be an http:// or https:// address.' },
      { field: 'password', message: 'Password: Too small: expected at least 1.' },
    ]);
  });

  it('has nothing to place for other errors, and names only fields it shows', () => {
    expect(fieldIssues({ code: 'unreachable', message: 'down' }, english)).toEqual([]);
    expect(fieldIssues(null, english)).toEqual([]);
    expect(labelOfPath(english)('credentials.apiKey')).toBe('API key');
    expect(labelOfPath(english)('changes.name')).toBe('Display name');
    expect(labelOfPath(english)('credentials')).toBeNull();
    expect(labelOfPath(english)('id')).toBeNull();
  });
});
