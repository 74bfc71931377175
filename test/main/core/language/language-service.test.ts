import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../../src-main/core/composition-root';
import {
  LANGUAGE_FILE,
  LanguageService,
  systemLocales,
} from '../../../../src-main/core/language/language-service';
import { EventBus } from '../../../../src-main/core/support/event-bus';
import type { LanguageState } from '../../../../src-shared/ipc-contract';
import { capturingLogger } from '../fixtures';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'qb-language-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function open(systemLanguages: readonly string[]) {
  const { logger, lines } = capturingLogger();
  const bus = new EventBus(logger);
  const pushed: LanguageState[] = [];
  bus.subscribe('events:language', (state) => pushed.push(state));
  const service = await LanguageService.open(dataDir, systemLanguages, bus, logger);
  return { service, pushed, lines };
}

describe('systemLocales', () => {
  it("maps the dashboard's and POSIX names to the app's locales, each once, in the system's order", () => {
    expect(systemLocales(['dk', 'zh-cn', 'de_DE', 'de-AT', 'sv-SE', 'zh-TW', 'en-US'])).toEqual([
      'da',
      'zh-CN',
      'de',
      'en',
    ]);
    expect(systemLocales(['sv', 'C'])).toEqual([]);
  });
});

describe('LanguageService', () => {
  it("follows the system's first language the app speaks until a choice is made", async () => {
    const { service, lines } = await open(['sv-SE', 'de_DE.UTF-8', 'fr-FR']);
    expect(service.get()).toEqual({
      choice: 'system',
      locale: 'de',
      systemLanguages: ['de', 'fr'],
    });
    expect(lines).toEqual([]);
    const none = await open(['sv-SE']);
    expect(none.service.get().locale).toBe('en');
  });

  it('keeps a choice in language.json, pushes it, and opens it again next time', async () => {
    const first = await open(['de-DE']);
    const state = await first.service.set('zh-CN');
    expect(state).toEqual({ choice: 'zh-CN', locale: 'zh-CN', systemLanguages: ['de'] });
    expect(first.pushed).toEqual([state]);
    expect(readdirSync(dataDir)).toEqual([LANGUAGE_FILE]);
    expect(JSON.parse(readFileSync(join(dataDir, LANGUAGE_FILE), 'utf8'))).toEqual({
      choice: 'zh-CN',
    });
    const again = await open(['de-DE']);
    expect(again.service.get()).toEqual(state);
    await again.service.set('system');
    expect((await open(['de-DE'])).service.get().locale).toBe('de');
  });

  it('falls back to the system when the file is corrupt or names no locale, and logs it', async () => {
    writeFileSync(join(dataDir, LANGUAGE_FILE), '{"choice": "de"');
    const corrupt = await open(['fr']);
    expect(corrupt.service.get()).toEqual({
      choice: 'system',
      locale: 'fr',
      systemLanguages: ['fr'],
    });
    expect(corrupt.lines.join('\n')).toContain('the choice file is not valid');
    writeFileSync(join(dataDir, LANGUAGE_FILE), '{"choice": "klingon"}');
    expect((await open(['fr'])).service.get().choice).toBe('system');
  });

  it('is reached through language:get and language:set, which parse their input from unknown', async () => {
    const { logger } = capturingLogger();
    const core = await createCore({ dataDir, logger, systemLanguages: ['dk'] });
    try {
      const pushed: LanguageState[] = [];
      core.subscribe('events:language', (state) => pushed.push(state));
      expect(await core.handlers['language:get'](undefined)).toEqual({
        ok: true,
        value: { choice: 'system', locale: 'da', systemLanguages: ['da'] },
      });
      for (const choice of ['dk', 'de_DE', 'klingon', 42, null]) {
        const refused = await core.handlers['language:set']({ choice });
        expect(refused.ok ? 'accepted' : refused.error.code).toBe('invalid_request');
      }
      expect(pushed).toEqual([]);
      const chosen = await core.handlers['language:set']({ choice: 'hu' });
      expect(chosen).toEqual({
        ok: true,
        value: { choice: 'hu', locale: 'hu', systemLanguages: ['da'] },
      });
      expect(pushed.map((state) => state.locale)).toEqual(['hu']);
    } finally {
      await core.dispose();
    }
  });
});
