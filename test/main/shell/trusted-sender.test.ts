import { describe, expect, it } from 'vitest';
import { isAppPageUrl } from '../../../src-main/shell/app-page';
import { isTrustedSender } from '../../../src-main/shell/trusted-sender';
import { FakeFrame, FakeWebContents } from './fake-electron';

const FILE_APP = 'file:///opt/app/out/renderer/index.html';
const DEV_APP = 'http://localhost:5173/';
const WINDOWS_APP =
  'file:///C:/Program%20Files/QuickBox%20Session%20Companion/resources/app.asar/out/renderer/index.html';

/** The app window's webContents showing `url`, and a message from its main frame. */
function appWindow(url: string) {
  const contents = new FakeWebContents();
  contents.mainFrame.url = url;
  return { contents, event: { sender: contents, senderFrame: contents.mainFrame } };
}

describe('isTrustedSender', () => {
  it('accepts the app window main frame showing the app page', () => {
    const { contents, event } = appWindow(`${FILE_APP}#/servers/1`);
    expect(isTrustedSender(event, contents, FILE_APP, 'linux')).toBe(true);
  });

  it("refuses another window's webContents, even showing the app page", () => {
    const { contents } = appWindow(FILE_APP);
    const other = appWindow(FILE_APP);
    expect(isTrustedSender(other.event, contents, FILE_APP, 'linux')).toBe(false);
  });

  it("refuses the app window's webContents with a frame that is not its main frame", () => {
    const { contents } = appWindow(FILE_APP);
    const lookalike = new FakeFrame(FILE_APP);
    const subframe = new FakeFrame(FILE_APP, contents.mainFrame);
    for (const senderFrame of [lookalike, subframe, null]) {
      expect(isTrustedSender({ sender: contents, senderFrame }, contents, FILE_APP, 'linux')).toBe(
        false,
      );
    }
  });

  it('refuses everything while there is no app window', () => {
    const { event } = appWindow(FILE_APP);
    expect(isTrustedSender(event, null, FILE_APP, 'linux')).toBe(false);
  });

  it('refuses the app window main frame once it shows another page', () => {
    const { contents, event } = appWindow('file:///tmp/evil.html');
    expect(isTrustedSender(event, contents, FILE_APP, 'linux')).toBe(false);
  });

  it('accepts the app page with a Windows drive letter in another case', () => {
    const { contents, event } = appWindow(WINDOWS_APP.replace('file:///C:', 'file:///c:'));
    expect(isTrustedSender(event, contents, WINDOWS_APP, 'win32')).toBe(true);
  });
});

describe('isAppPageUrl', () => {
  it.each([
    [FILE_APP, FILE_APP, 'linux', true],
    [`${FILE_APP}?x=1#/servers/1`, FILE_APP, 'linux', true],
    ['file:///opt/app/out/renderer/index%2Ehtml', FILE_APP, 'linux', true],
    ['file:///tmp/evil.html', FILE_APP, 'linux', false],
    ['file:///OPT/app/out/renderer/index.html', FILE_APP, 'linux', false],
    ['file://evil-host/opt/app/out/renderer/index.html', FILE_APP, 'linux', false],
    ['https://evil.example/', FILE_APP, 'linux', false],
    [WINDOWS_APP.replace('file:///C:', 'file:///c:'), WINDOWS_APP, 'win32', true],
    [WINDOWS_APP, WINDOWS_APP.replace('file:///C:', 'file:///c:'), 'win32', true],
    [WINDOWS_APP.replace('file:///C:', 'file:///D:'), WINDOWS_APP, 'win32', false],
    [WINDOWS_APP.replace('index.html', 'evil.html'), WINDOWS_APP, 'win32', false],
    ['http://localhost:5173/index.html', DEV_APP, 'linux', true],
    ['http://localhost:5174/', DEV_APP, 'linux', false],
    ['not a url', FILE_APP, 'linux', false],
  ] as const)('%s for app %s on %s -> %s', (url, app, platform, expected) => {
    expect(isAppPageUrl(url, app, platform)).toBe(expected);
  });
});
