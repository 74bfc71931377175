import { describe, expect, it } from 'vitest';
import { isAppPageUrl } from '../../../src-main/shell/app-page';
import { isTrustedSender } from '../../../src-main/shell/trusted-sender';
import { FakeFrame, FakeWebContents } from './fake-electron';

const APP = 'app://quickbox/index.html';
const DEV_APP = 'http://localhost:5173/';

/** The app window's webContents showing `url`, and a message from its main frame. */
function appWindow(url: string) {
  const contents = new FakeWebContents();
  contents.mainFrame.url = url;
  return { contents, event: { sender: contents, senderFrame: contents.mainFrame } };
}

describe('isTrustedSender', () => {
  it('accepts the app window main frame showing the app page', () => {
    const { contents, event } = appWindow(`${APP}#/servers/1`);
    expect(isTrustedSender(event, contents, APP)).toBe(true);
  });

  it("refuses another window's webContents, even showing the app page", () => {
    const { contents } = appWindow(APP);
    const other = appWindow(APP);
    expect(isTrustedSender(other.event, contents, APP)).toBe(false);
  });

  it("refuses the app window's webContents with a frame that is not its main frame", () => {
    const { contents } = appWindow(APP);
    const lookalike = new FakeFrame(APP);
    const subframe = new FakeFrame(APP, contents.mainFrame);
    for (const senderFrame of [lookalike, subframe, null]) {
      expect(isTrustedSender({ sender: contents, senderFrame }, contents, APP)).toBe(false);
    }
  });

  it('refuses everything while there is no app window', () => {
    const { event } = appWindow(APP);
    expect(isTrustedSender(event, null, APP)).toBe(false);
  });

  it('refuses the app window main frame once it shows another page', () => {
    const { contents, event } = appWindow('file:///tmp/evil.html');
    expect(isTrustedSender(event, contents, APP)).toBe(false);
  });

  it('refuses the app window main frame showing the built page from file://', () => {
    const { contents, event } = appWindow('file:///opt/app/out/renderer/index.html');
    expect(isTrustedSender(event, contents, APP)).toBe(false);
  });
});

describe('isAppPageUrl', () => {
  it.each([
    [APP, APP, true],
    [`${APP}?x=1#/servers/1`, APP, true],
    ['app://quickbox/', APP, true],
    ['APP://QUICKBOX/index.html', APP, true],
    ['app://evil/index.html', APP, false],
    ['app://quickbox.evil/index.html', APP, false],
    ['app://quickbox:1/index.html', APP, false],
    ['http://quickbox/index.html', APP, false],
    ['file:///opt/app/out/renderer/index.html', APP, false],
    ['file://quickbox/index.html', APP, false],
    ['https://evil.example/', APP, false],
    ['http://localhost:5173/index.html', DEV_APP, true],
    ['http://localhost:5174/', DEV_APP, false],
    ['app://quickbox/index.html', DEV_APP, false],
    ['not a url', APP, false],
    [APP, 'file:///opt/app/out/renderer/index.html', false],
  ] as const)('%s for app %s -> %s', (url, app, expected) => {
    expect(isAppPageUrl(url, app)).toBe(expected);
  });
});
