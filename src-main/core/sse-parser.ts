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

/** Feeds text chunks; returns the messages each chunk completes. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | null = null;

  /** Parses a chunk; keeps an incomplete last line for the next one. */
  push(chunk: string): SseMessage[] {
    let text = this.buffer + chunk;
    // A chunk ending in "\r" may be half of "\r\n": hold the "\r" until more arrives.
    const held = text.endsWith('\r') ? '\r' : '';
    if (held) text = text.slice(0, -1);
    const messages: SseMessage[] = [];
    const lines = text.split(/\r\n|\r|\n/);
    this.buffer = (lines.pop() ?? '') + held;
    for (const line of lines) {
      if (line === '') {
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
      if (field === 'data') this.data.push(value);
      else if (field === 'event') this.event = value;
      else if (field === 'id' && !value.includes('\0')) this.id = value;
    }
    return messages;
  }
}
