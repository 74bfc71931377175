import { domainToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mixedScriptWarning, unicodeHost } from '../../src-shared/host-scripts';
import {
  hostAndPort,
  normalizeAddress,
  originForLog,
  originOf,
  sameAddress,
  sameOrigin,
} from '../../src-shared/origin';

describe('origins', () => {
  it('treats default ports, host case, paths and trailing slashes as the same origin', () => {
    expect(sameOrigin('https://box.example', 'https://box.example:443')).toBe(true);
    expect(sameOrigin('http://box.example:80/', 'http://BOX.example')).toBe(true);
    expect(sameOrigin('https://box.example/qb', 'https://box.example/other/')).toBe(true);
  });

  it('tells apart another scheme, host or port', () => {
    expect(sameOrigin('https://box.example', 'http://box.example')).toBe(false);
    expect(sameOrigin('https://box.example', 'https://box.example.evil')).toBe(false);
    expect(sameOrigin('https://box.example', 'https://box.example:8443')).toBe(false);
    expect(sameOrigin('https://127.0.0.1:9000', 'https://localhost:9000')).toBe(false);
  });

  it('has no origin for what is not an http(s) address, so nothing matches it', () => {
    expect(originOf('box.example')).toBeNull();
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(sameOrigin('not a url', 'not a url')).toBe(false);
  });

  // Where the shell's own originOf (for the app page) and this one used to disagree: the app's
  // scheme is a standard one to Chromium, so app://quickbox is an origin, host case folded.
  it('gives a standard scheme with a host its origin, as Chromium does for app://', () => {
    expect(originOf('app://quickbox/index.html?x=1')).toBe('app://quickbox');
    expect(originOf('app://QuickBox')).toBe('app://quickbox');
    expect(sameOrigin('app://quickbox/a', 'app://QUICKBOX/b')).toBe(true);
    expect(sameOrigin('app://quickbox', 'app://quickbox.evil')).toBe(false);
    expect(sameOrigin('app://quickbox', 'https://quickbox')).toBe(false);
  });

  it('has no origin for a file, or a URL without a host (data:, javascript:, about:)', () => {
    expect(originOf('file://host/share/x')).toBeNull();
    expect(originOf('data:text/html,hi')).toBeNull();
    expect(originOf('javascript:alert(1)')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
  });

  it('writes host and port with the default port of the scheme', () => {
    expect(hostAndPort('https://box.example')).toBe('box.example:443');
    expect(hostAndPort('http://box.example')).toBe('box.example:80');
    expect(hostAndPort('https://[::1]:8443/qb')).toBe('[::1]:8443');
  });
});

describe('originForLog', () => {
  it('logs a frame by its origin only, never its path or query', () => {
    expect(originForLog('https://evil.example/path?token=secret')).toBe('https://evil.example');
    expect(originForLog('app://quickbox/index.html#x')).toBe('app://quickbox');
  });

  it('logs the scheme of a URL without an origin, and says what is no URL', () => {
    expect(originForLog('file:///home/me/secret.html')).toBe('file:');
    expect(originForLog('data:text/html,secret')).toBe('data:');
    expect(originForLog('not a url')).toBe('not a URL');
    expect(originForLog(undefined)).toBeNull();
  });
});

describe('sameAddress', () => {
  it('compares whole addresses, path included, trailing slashes and default ports aside', () => {
    expect(sameAddress('https://box.example/qb/', 'https://BOX.example:443/qb')).toBe(true);
    expect(sameAddress('https://box.example/qb', 'https://box.example/other')).toBe(false);
    expect(sameAddress('https://box.example', 'http://box.example')).toBe(false);
    expect(sameAddress('not a url', 'not a url')).toBe(false);
  });
});

describe('addresses as the URL parser writes them', () => {
  it('writes the host in punycode and lower case, drops a default port and a lone slash', () => {
    expect(normalizeAddress('https://b\u043ex-a.example')).toBe('https://xn--bx-a-55d.example');
    expect(normalizeAddress(' HTTPS://Box.Example:443/ ')).toBe('https://box.example');
    expect(normalizeAddress('http://127.0.0.1:8080/qb/')).toBe('http://127.0.0.1:8080/qb/');
    expect(normalizeAddress('https://[::1]:8443')).toBe('https://[::1]:8443');
  });

  it('decodes punycode labels as Node does', () => {
    for (const host of [
      'b\u043ex-a.example',
      'm\u00fcnchen.de',
      '\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444',
      '\u4f8b\u3048.jp',
      'xn--bx-a-55d.example',
      'box.example',
    ]) {
      const ascii = new URL(`https://${host}`).hostname;
      expect(unicodeHost(ascii)).toBe(domainToUnicode(ascii));
    }
  });

  it('warns about a host whose label mixes scripts, in whichever form it was written', () => {
    for (const address of ['https://b\u043ex-a.example', 'https://xn--bx-a-55d.example/qb']) {
      expect(mixedScriptWarning(address)).toBe(
        'The host b\u043ex-a.example (xn--bx-a-55d.example) mixes Latin and Cyrillic letters, as a look-alike of another host would: check that it is the server you mean.',
      );
    }
  });

  it('does not warn about hosts in one script, or Japanese, Chinese and Korean with Latin', () => {
    for (const address of [
      'https://box-a.example',
      'https://\u043f\u0440\u0438\u043c\u0435\u0440.example',
      'https://m\u00fcnchen.de',
      'https://\u4f8b\u3048abc.jp',
      'https://127.0.0.1:8443',
      'not an address',
    ]) {
      expect(mixedScriptWarning(address), address).toBeNull();
    }
  });
});
