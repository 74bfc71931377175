/**
 * The event stream's parser: eventsource-parser (the WHATWG "Parsing an event stream"
 * algorithm, fed text chunks as they arrive) behind the seam the watcher uses, with a cap
 * on what one message may hold. Without the cap, a stream that never ends a line or a
 * message would grow the main process's memory without bound (docs/adr/
 * 0003-answers-are-bounded-and-checked.md).
 */

import { createParser, type EventSourceParser } from 'eventsource-parser';

/** One dispatched message of the stream. */
export interface SseMessage {
  /** The last event id the stream has set, as the spec's "last event ID buffer" keeps it. */
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
  private readonly parser: EventSourceParser;
  private completed: SseMessage[] = [];
  private lastId: string | null = null;
  private tooLarge = false;

  /**
   * @param maxMessageChars The longest message (its pending line plus its data lines) kept
   *   while it is incomplete, and the longest data a complete message may carry.
   */
  constructor(private readonly maxMessageChars = Number.POSITIVE_INFINITY) {
    this.parser = createParser({
      // The library bounds what it buffers: the incomplete line plus the message's data.
      maxBufferSize: Number.isFinite(maxMessageChars) ? maxMessageChars : undefined,
      onEvent: (message) => {
        // A message that arrives whole within one chunk is never buffered, so the library's
        // bound does not see it: its size is checked here.
        if (message.data.length > this.maxMessageChars) {
          this.tooLarge = true;
          return;
        }
        if (message.id !== undefined) this.lastId = message.id;
        this.completed.push({
          id: this.lastId,
          event: message.event ?? 'message',
          data: message.data,
        });
      },
      onError: (error) => {
        // Unknown fields and unreadable `retry` values are ignored, as the spec says.
        if (error.type === 'max-buffer-size-exceeded') this.tooLarge = true;
      },
    });
  }

  /** Parses a chunk; keeps an incomplete last line for the next one. */
  push(chunk: string): SseMessage[] {
    if (!this.tooLarge) this.parser.feed(chunk);
    if (this.tooLarge) throw new SseMessageTooLargeError(this.maxMessageChars);
    const messages = this.completed;
    this.completed = [];
    return messages;
  }
}
