import { describe, expect, it } from 'vitest';
import { SseMessageTooLargeError, SseParser } from '../../../src-main/core/sse-parser';

describe('SseParser', () => {
  it('refuses a line or a message longer than its cap', () => {
    const endlessLine = new SseParser(100);
    const endlessMessage = new SseParser(100);

    endlessLine.push('data: ' + 'x'.repeat(50));
    const lineOverflow = (): unknown => endlessLine.push('x'.repeat(60));
    for (let i = 0; i < 9; i += 1) endlessMessage.push('data: 0123456789\n');
    const messageOverflow = (): unknown => endlessMessage.push('data: 0123456789\n');

    expect(lineOverflow).toThrow(SseMessageTooLargeError);
    expect(messageOverflow).toThrow(SseMessageTooLargeError);
    expect(new SseParser(100).push('data: ' + 'x'.repeat(80) + '\n\n')).toHaveLength(1);
  });

  it('parses fields across chunks, CRLF split in the middle, comments and multi-line data', () => {
    const parser = new SseParser();

    const messages = [
      ...parser.push(': keep-alive\n\nid: 1\r'),
      ...parser.push('\nevent: a\r\ndata: {"x":\r\n'),
      ...parser.push('data: 1}\r\n\r\nid: 2\ndata: b\n'),
      ...parser.push('\n'),
    ];

    expect(messages).toEqual([
      { id: '1', event: 'a', data: '{"x":\n1}' },
      { id: '2', event: 'message', data: 'b' },
    ]);
  });
});
