import { describe, expect, it } from 'vitest';
import { PANELS } from '../../src-shared/domain';
import { SETTINGS_FIELDS } from '../../src-shared/settings';
import {
  SECTION_FIELDS,
  SECTION_LABELS,
  SETTINGS_SECTIONS,
  fieldsOf,
  sectionOf,
} from '../../src-shared/settings-sections';

describe('the sections of the settings', () => {
  it('names the section of every field, and the fields of sections in model order', () => {
    expect(SETTINGS_FIELDS.map(sectionOf)).toEqual([
      'timeouts',
      'timeouts',
      'timeouts',
      'persistence',
      'persistence',
      'persistence',
      'persistence',
      'persistence',
      'concurrency',
    ]);
    expect(fieldsOf(['concurrency', 'timeouts'])).toEqual([
      'timeouts.sessionMinutes',
      'timeouts.idleMinutes',
      'timeouts.absoluteMinutes',
      'concurrency.maxSessionsPerUser',
    ]);
  });

  it('gives each section its leaves, cookie ones included, and every field to one section', () => {
    expect(SECTION_FIELDS.timeouts).toEqual([
      'timeouts.sessionMinutes',
      'timeouts.idleMinutes',
      'timeouts.absoluteMinutes',
    ]);
    expect(SECTION_FIELDS.persistence).toHaveLength(5);
    expect(SECTION_FIELDS.concurrency).toEqual(['concurrency.maxSessionsPerUser']);
    expect(SETTINGS_SECTIONS.flatMap((section) => SECTION_FIELDS[section])).toEqual(
      SETTINGS_FIELDS,
    );
  });

  it('labels each section once, and the panels start with the sections in their order', () => {
    expect(SECTION_LABELS).toEqual({
      timeouts: 'Timeouts',
      persistence: 'Persistence & cookies',
      concurrency: 'Concurrency',
    });
    expect(PANELS.slice(0, 3)).toEqual(SETTINGS_SECTIONS);
  });
});
