/**
 * An incremental parser of the Server-Sent Events wire format (WHATWG HTML, "Parsing an
 * event stream"), fed text chunks as they arrive.
 */

/** One dispatched message of the stream. */
export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/** Thrown when a message grows past the parser's cap (a broken or hostile stream). */
export class SseMessageTooLargeError extends Error {
  constructor(readonly maxChars: number) {
    super(`An event stream message is longer than ${maxChars} characters.`);
    this.name = 'SseMessageTooLargeError';
  }
}

/** Feeds text chunks; returns the messages each chunk completes. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private dataChars = 0;
  private event = '';
  private id: string | null = null;

  /**
   * @param maxMessageChars The longest message (its pending line plus its data lines) kept
   *   while it is incomplete: a stream that never ends a line or a message would otherwise
   *   grow the main process's memory without bound.
   */
  constructor(private readonly maxMessageChars = Number.POSITIVE_INFINITY) {}

  /** Parses a chunk; keeps an incomplete last line for the next one. */
  push(chunk: string): SseMessage[] {
    let text = this.buffer + chunk;
    // A chunk ending in "\r" may be half of "\r\n": hold the "\r" until more arrives.
    const held = text.endsWith('\r') ? '\r' : '';
    if (held) text = text.slice(0, -1);
    const messages: SseMessage[] = [];
    const lines = text.split(/\r\n|\r|\n/);
    // Stryker disable next-line StringLiteral: equivalent, split() always returns at least one element, so the fallback is never used
    this.buffer = (lines.pop() ?? '') + held;
    for (const line of lines) {
      if (line === '') {
        this.dataChars = 0;
        if (this.data.length > 0) {
          messages.push({
            id: this.id,
            event: this.event || 'message',
            data: this.data.join('\n'),
          });
        }
        this.data = [];
        this.event = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') {
        this.data.push(value);
        this.dataChars += value.length + 1;
        this.checkSize(0);
      } else if (field === 'event') this.event = value;
      else if (field === 'id' && !value.includes('\0')) this.id = value;
    }
    this.checkSize(this.buffer.length);
    return messages;
  }

  private checkSize(pendingLine: number): void {
    if (this.dataChars + pendingLine > this.maxMessageChars) {
      throw new SseMessageTooLargeError(this.maxMessageChars);
    }
  }
}
