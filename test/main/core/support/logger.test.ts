import { describe, expect, it } from 'vitest';
import { createConsoleLogger, redact } from '../../../../src-main/core/support/logger';

describe('redact', () => {
  it('replaces secret-looking keys at any depth and bearer tokens in strings', () => {
    const input = {
      serverId: 's1',
      password: 'pw',
      nested: { apiKey: 'k', list: [{ token: 't', note: 'Authorization: Bearer abc.def' }] },
    };

    const output = redact(input);

    expect(output).toEqual({
      serverId: 's1',
      password: '[redacted]',
      nested: {
        apiKey: '[redacted]',
        list: [{ token: '[redacted]', note: 'Authorization: Bearer [redacted]' }],
      },
    });
  });

  it('cuts objects nested too deep instead of passing them through unredacted', () => {
    let deep: Record<string, unknown> = { password: 'deep-secret' };
    for (let level = 0; level < 10; level += 1) deep = { inner: deep };
    const looped: Record<string, unknown> = { id: 'loop' };
    looped.self = looped;

    const text = JSON.stringify(redact({ deep, looped }));

    expect(text).not.toContain('deep-secret');
    expect(text).toContain('[too deep]');
    expect(text).toContain('"id":"loop"');
  });
});

describe('createConsoleLogger', () => {
  it('writes one redacted JSON line per entry', () => {
    const lines: string[] = [];
    const sink = {
      info: (line: string) => lines.push(line),
      warn: () => undefined,
      error: () => undefined,
    };
    const logger = createConsoleLogger(sink);

    logger.info('added', { id: 'a', credentials: { password: 'hunter2' } });

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toEqual({
      level: 'info',
      message: 'added',
      id: 'a',
      credentials: '[redacted]',
    });
    expect(lines[0]).not.toContain('hunter2');
  });
});
