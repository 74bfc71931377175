import { describe, expect, it } from 'vitest';
import { SseMessageTooLargeError, SseParser } from '../../../../src-main/core/watch/sse-parser';

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

  it('refuses a message over the cap that arrives whole in one chunk, and stays refused', () => {
    const parser = new SseParser(100);

    const whole = (): unknown => parser.push('data: ' + 'x'.repeat(101) + '\n\n');
    const next = (): unknown => parser.push('data: small\n\n');

    expect(whole).toThrow(SseMessageTooLargeError);
    expect(next).toThrow(SseMessageTooLargeError);
  });

  it('counts the cap per message: many messages together may exceed it', () => {
    const parser = new SseParser(100);

    const messages = [];
    for (let i = 0; i < 20; i += 1) {
      messages.push(
        ...parser.push(': keep-alive\n\n'),
        ...parser.push(`data: ${'y'.repeat(90)}\n\n`),
      );
    }

    expect(messages).toHaveLength(20);
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

  it('keeps the last event id for later messages and ignores unknown fields', () => {
    const parser = new SseParser();

    const messages = parser.push('id: 7\ndata: a\n\nretry: soon\nfoo: bar\ndata: b\n\n');

    expect(messages).toEqual([
      { id: '7', event: 'message', data: 'a' },
      { id: '7', event: 'message', data: 'b' },
    ]);
  });
});
describe('SseParser: fields', () => {
  const parse = (...chunks: string[]) => {
    const parser = new SseParser();
    return chunks.flatMap((chunk) => parser.push(chunk));
  };

  it('types a message without an event field "message"', () => {
    expect(parse('data: x\n\n')).toEqual([{ id: null, event: 'message', data: 'x' }]);
  });

  it('joins a data line split as "\\r" then "\\n" as one line break, not two', () => {
    expect(parse('data: a\r', '\ndata: b\n\n')).toEqual([
      { id: null, event: 'message', data: 'a\nb' },
    ]);
  });

  it('reads a line without a colon as a field with an empty value', () => {
    expect(parse('data\ndata: x\n\n')).toEqual([{ id: null, event: 'message', data: '\nx' }]);
  });

  it('drops one space after the colon, no more, and none that is not there', () => {
    expect(parse('data:x\ndata:  y\n\n')).toEqual([{ id: null, event: 'message', data: 'x\n y' }]);
  });

  it('ignores an id holding NUL, and fields it does not know', () => {
    expect(parse('id: 1\ndata: a\n\nid: 2\u00003\nretry: 5\ndata: b\n\n')).toEqual([
      { id: '1', event: 'message', data: 'a' },
      { id: '1', event: 'message', data: 'b' },
    ]);
  });

  it('ignores a comment line even when it looks like a field', () => {
    expect(parse(':data: hidden\ndata: shown\n\n')).toEqual([
      { id: null, event: 'message', data: 'shown' },
    ]);
  });
});

describe('SseParser: the cap', () => {
  it('takes a message whose data is exactly at its cap, and refuses one character more', () => {
    expect(new SseParser(100).push(`data: ${'x'.repeat(100)}\n\n`)).toHaveLength(1);
    expect(() => new SseParser(100).push(`data: ${'x'.repeat(101)}\n\n`)).toThrow(
      SseMessageTooLargeError,
    );
  });

  it('takes a pending line exactly at its cap', () => {
    expect(new SseParser(100).push('d'.repeat(100))).toEqual([]);
    expect(() => new SseParser(100).push('d'.repeat(101))).toThrow(SseMessageTooLargeError);
  });

  it('says which cap was passed', () => {
    const error = ((): unknown => {
      try {
        new SseParser(10).push('x'.repeat(11));
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(SseMessageTooLargeError);
    expect((error as SseMessageTooLargeError).maxChars).toBe(10);
    expect((error as SseMessageTooLargeError).name).toBe('SseMessageTooLargeError');
    expect((error as SseMessageTooLargeError).message).toContain('10');
  });
});
