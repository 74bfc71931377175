import { describe, expect, it } from 'vitest';
import {
  EVENT_TYPES,
  INVALIDATE_ALL_PHRASE,
  type QuickBoxEventType,
} from '../../src-shared/quickbox';

describe('the contract constants', () => {
  it('lists every event type of the feed once', () => {
    const every: Record<QuickBoxEventType, true> = {
      'sessions.invalidated_all': true,
      'session.revoked': true,
      'session.evicted': true,
      'settings.updated': true,
    };
    expect([...EVENT_TYPES].sort()).toEqual(Object.keys(every).sort());
  });

  it('asks for the invalidate-all phrase of the contract', () => {
    expect(INVALIDATE_ALL_PHRASE).toBe('INVALIDATE ALL SESSIONS');
  });
});
