import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../src-main/shell/trusted-sender';

const FILE_APP = 'file:///opt/app/out/renderer/index.html';
const DEV_APP = 'http://localhost:5173/';

describe('isTrustedSender', () => {
  it.each([
    [{ url: FILE_APP, parent: null }, FILE_APP, true],
    [{ url: `${FILE_APP}#/servers/1`, parent: null }, FILE_APP, true],
    [{ url: 'file:///tmp/evil.html', parent: null }, FILE_APP, false],
    [{ url: FILE_APP, parent: {} }, FILE_APP, false],
    [{ url: 'https://evil.example/', parent: null }, FILE_APP, false],
    [{ url: 'http://localhost:5173/index.html', parent: null }, DEV_APP, true],
    [{ url: 'http://localhost:5174/', parent: null }, DEV_APP, false],
    [{ url: 'not a url', parent: null }, FILE_APP, false],
    [null, FILE_APP, false],
  ])('%j for app %s -> %s', (frame, app, trusted) => {
    expect(isTrustedSender(frame, app)).toBe(trusted);
  });
});
