import { describe, expect, it } from 'vitest';
import { hostAndPort, originOf, sameOrigin } from '../../src-shared/origin';

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

  it('writes host and port with the default port of the scheme', () => {
    expect(hostAndPort('https://box.example')).toBe('box.example:443');
    expect(hostAndPort('http://box.example')).toBe('box.example:80');
    expect(hostAndPort('https://[::1]:8443/qb')).toBe('[::1]:8443');
  });
});
