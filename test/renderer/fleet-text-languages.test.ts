import { describe, expect, it } from 'vitest';
import {
  failureSummary,
  outcomeDetail,
  outcomeLabel,
  serverList,
} from '../../src-renderer/fleet/fleet-labels';
import type { ApplyOutcome } from '../../src-shared/fleet';
import { windowTranslator } from './translator';

function failedOn(name: string, kind: 'unreachable' | 'unknown'): ApplyOutcome {
  return {
    serverId: name,
    name,
    environment: null,
    kind,
    code: kind,
    message: 'x',
  } as ApplyOutcome;
}

const three = [
  failedOn('Box A', 'unreachable'),
  failedOn('Box B', 'unreachable'),
  failedOn('Box C', 'unreachable'),
];

describe('the fleet’s texts in German and Chinese', () => {
  it('names three failed servers as a German list, with the count in the plural', () => {
    const de = windowTranslator('de');
    expect(failureSummary(de, three)).toBe(
      '3 Server sind fehlgeschlagen und blieben genau, wie sie waren: Box A, Box B und Box C.',
    );
    expect(failureSummary(de, [failedOn('Box A', 'unknown')])).toBe(
      '1 Server wurde vielleicht gespeichert, vielleicht nicht: Box A. Prüfen Sie ihn vor einem neuen Versuch.',
    );
    expect(outcomeLabel(de, 'unknown')).toBe('Ergebnis unbekannt');
  });

  it('names three failed servers as a Chinese list, with one form for every count', () => {
    const zh = windowTranslator('zh-CN');
    expect(failureSummary(zh, three)).toBe('3 台服务器失败，保持原样未变：Box A、Box B和Box C。');
    expect(failureSummary(zh, [failedOn('Box A', 'unknown')])).toContain('1 台服务器可能已保存');
  });

  it('says how many more servers there are past the fifth, in the language shown', () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
    expect(serverList(windowTranslator('en'), names)).toBe('A, B, C, D, and 3 others');
    expect(serverList(windowTranslator('de'), names)).toBe('A, B, C, D und 3 weitere');
  });

  it('writes the saved version and the changed fields as the language lists them', () => {
    const applied: ApplyOutcome = {
      serverId: 's',
      name: 'Box',
      environment: null,
      kind: 'applied',
      version: 12,
      changed: ['timeouts.idleMinutes', 'timeouts.sessionMinutes'],
    };
    expect(outcomeDetail(windowTranslator('de'), applied)).toMatch(
      /^Als Version 12 gespeichert: .+ und .+\.$/,
    );
    expect(outcomeDetail(windowTranslator('zh-CN'), applied)).toMatch(
      /^已保存为版本 12：.+和.+。$/,
    );
  });
});
