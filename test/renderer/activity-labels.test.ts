import { describe, expect, it } from 'vitest';
import { describeEvent, eventTypeLabel } from '../../src-renderer/activity/activity-labels';
import type { QuickBoxEvent } from '../../src-shared/quickbox';
import { windowTranslator } from './translator';

const base = { id: 1, at: '2026-12-07T10:00:00Z', actor: 'alice' };

describe('an activity event in words, in the language shown', () => {
  it('counts the sessions a mass logout ended with the language’s plural', () => {
    const event = { ...base, type: 'sessions.invalidated_all' as const, data: { invalidated: 3 } };
    expect(describeEvent(windowTranslator('en'), event as QuickBoxEvent)).toBe(
      'Mass logout: 3 sessions ended',
    );
    expect(describeEvent(windowTranslator('de'), event as QuickBoxEvent)).toBe(
      'Massenabmeldung: 3 Sitzungen beendet',
    );
    const one = { ...event, data: { invalidated: 1 } } as QuickBoxEvent;
    expect(describeEvent(windowTranslator('en'), one)).toBe('Mass logout: 1 session ended');
  });

  it('lists the changed fields as the language joins them', () => {
    const event = {
      ...base,
      type: 'settings.updated',
      data: { version: 4, changed: ['timeouts.idleMinutes', 'x.unknown', 'y.unknown'] },
    } as unknown as QuickBoxEvent;
    expect(describeEvent(windowTranslator('de'), event)).toMatch(
      /^Einstellungen geändert \(Version 4\): .+, x\.unknown und y\.unknown$/,
    );
    expect(describeEvent(windowTranslator('zh-CN'), event)).toMatch(/x\.unknown和y\.unknown$/);
    expect(eventTypeLabel(windowTranslator('zh-CN'), 'settings.updated')).toBe('设置更改');
  });
});
