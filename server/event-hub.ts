/**
 * Fan-out of recorded events to the open Server-Sent Events streams: each stream gets every
 * event once, in id order, and ends with the session that opened it. It holds the streams
 * only; the events plugin opens them, replays what they missed and runs the heartbeat.
 */

import type { ServerResponse } from 'node:http';
import type { QuickBoxEvent } from '../src-shared/quickbox';

/** One open Server-Sent Events stream. */
export interface EventStream {
  response: ServerResponse;
  /** The id of the last event written to it: later events only, so no duplicate. */
  lastSentId: number;
  /** The session that opened it (null for an API key): the stream ends with it. */
  sessionSeq: number | null;
  /** The SHA-256 of that session's token, to check on heartbeats whether it expired. */
  tokenHash: string | null;
}

/** Formats one event as an SSE message: `id:`, `event:` (its type), `data:` (the JSON). */
export function formatSseEvent(event: QuickBoxEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Fans events out to the open SSE streams, and ends streams whose session ended. */
export class EventHub {
  private readonly streams = new Set<EventStream>();

  /** Registers a stream (call in the same tick as its replay, so nothing falls between). */
  add(stream: EventStream): void {
    this.streams.add(stream);
    stream.response.on('close', () => this.streams.delete(stream));
  }

  /** Writes an event to `stream` unless it already has it. */
  send(stream: EventStream, event: QuickBoxEvent): void {
    if (event.id <= stream.lastSentId) return;
    stream.response.write(formatSseEvent(event));
    stream.lastSentId = event.id;
  }

  /** Sends events to every stream, in order. */
  publish(events: readonly QuickBoxEvent[]): void {
    for (const stream of this.streams) for (const event of events) this.send(stream, event);
  }

  /** Ends the streams matching `predicate` (after they got the event that ended their session). */
  end(predicate: (stream: EventStream) => boolean): void {
    for (const stream of [...this.streams]) {
      if (predicate(stream)) {
        this.streams.delete(stream);
        stream.response.end();
      }
    }
  }

  /** Ends the streams opened with the given sessions (after they got the ending event). */
  endSessionStreams(sessionSeqs: readonly number[]): void {
    const ended = new Set(sessionSeqs);
    this.end((stream) => stream.sessionSeq !== null && ended.has(stream.sessionSeq));
  }

  /** Writes an SSE comment to every stream, keeping proxies and clients from timing out. */
  heartbeat(): void {
    for (const stream of this.streams) stream.response.write(': keep-alive\n\n');
  }

  /** Every open stream (for expiry checks). */
  all(): EventStream[] {
    return [...this.streams];
  }

  /** Ends every stream (server shutdown). */
  closeAll(): void {
    this.end(() => true);
  }
}
