/**
 * Where the settings fields read their values and send their edits: the selected server's
 * editor by default, or another editor state of the store (a profile being edited), so the
 * panels' fields, with their validation, advice and baselines, serve both.
 */

import { createContext, useContext } from 'react';
import type { Result } from '../../src-shared/ipc-contract';
import type { SettingsField } from '../../src-shared/settings';
import type { EditorState } from '../state/editor';
import type { AppState } from '../state/store';
import { useApp } from '../store-context';

/** An editor state of the store and its two edit actions. */
export interface FieldSource {
  editor(state: AppState): EditorState;
  editField(
    state: AppState,
  ): (field: SettingsField, value: number | boolean | string) => Result<void>;
  typeNumber(
    state: AppState,
  ): (field: SettingsField, text: string, minutesPerUnit: number) => Result<void>;
}

/** The selected server's settings editor. */
export const SERVER_FIELDS: FieldSource = {
  editor: (state) => state.editor,
  editField: (state) => state.editField,
  typeNumber: (state) => state.typeNumber,
};

/** The source the fields below it use; a profile editor provides its own. */
export const FieldSourceContext = createContext<FieldSource>(SERVER_FIELDS);

/** Reads something of the fields' editor state. */
export function useFieldEditor<T>(pick: (editor: EditorState) => T): T {
  const source = useContext(FieldSourceContext);
  return useApp((state) => pick(source.editor(state)));
}

/** The fields' edit actions. */
export function useFieldActions(): {
  editField: ReturnType<FieldSource['editField']>;
  typeNumber: ReturnType<FieldSource['typeNumber']>;
} {
  const source = useContext(FieldSourceContext);
  const editField = useApp(source.editField);
  const typeNumber = useApp(source.typeNumber);
  return { editField, typeNumber };
}
