import {
  DEFAULT_SETTINGS,
  setField,
  type SessionSettings,
  type SettingsField,
} from '../../src-shared/settings';

/** Valid settings that trigger no advice at all: the contract's defaults are such. */
export const QUIET: SessionSettings = DEFAULT_SETTINGS;

/** QUIET with one leaf set to any value, well-typed or not. */
export function withField(field: SettingsField, value: unknown): unknown {
  return setField(QUIET, field, value as never);
}
