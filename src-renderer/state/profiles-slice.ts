/**
 * The profiles slice: the profiles kept on this computer and which server follows which,
 * every action on them (create, rename, duplicate, delete, assign), and the editor of one
 * profile's settings, which is the panels' editor state (editor.ts) so the same fields,
 * validation, advice and baselines serve it. Nothing is read again after a change: main
 * pushes the profiles and assignments (`profiles:changed`) after every saved change, and the
 * answer of this window's own change is taken in at once (the push may come after it).
 */

import type { AppError } from '../../src-shared/errors';
import type { Assignments, Profile, ProfilesProblem } from '../../src-shared/fleet';
import type { EventMap, RequestOf, Result, ResponseOf } from '../../src-shared/ipc-contract';
import type { SettingsField } from '../../src-shared/settings';
import { DONE, type SliceCreator } from './app-state';
import {
  applyNumberInput,
  canSave,
  discardDraft,
  editField,
  loadedEditor,
  saveFailedEditor,
  savingEditor,
  type EditorState,
} from './editor';

/** The profile being edited, in the panels' editor state. */
export interface ProfileEditor {
  profileId: string;
  editor: EditorState;
}

/** The profiles slice. */
export interface ProfilesSlice {
  profiles: Profile[];
  assignments: Assignments;
  profilesProblem: ProfilesProblem | null;
  profilesLoaded: boolean;
  profilesError: AppError | null;
  profileEditor: ProfileEditor | null;
  loadProfiles(): Promise<Result<ResponseOf<'profiles:list'>>>;
  /** Main pushed the profiles and assignments (after any saved change of them). */
  receiveProfiles(payload: EventMap['profiles:changed']): Result<void>;
  /** One profile as an answer gave it (created, changed, renamed, adopted into). */
  receiveProfile(profile: Profile): Result<void>;
  createProfile(
    request: RequestOf<'profiles:create'>,
  ): Promise<Result<ResponseOf<'profiles:create'>>>;
  renameProfile(id: string, name: string): Promise<Result<ResponseOf<'profiles:rename'>>>;
  duplicateProfile(id: string, name?: string): Promise<Result<ResponseOf<'profiles:duplicate'>>>;
  deleteProfile(id: string): Promise<Result<ResponseOf<'profiles:delete'>>>;
  /** Gives each server the profile (null: none), in one request. */
  assignProfile(
    serverIds: readonly string[],
    profileId: string | null,
  ): Promise<Result<ResponseOf<'profiles:assign-many'>>>;
  /** Opens a profile in the editor (or closes the editor with null). */
  editProfile(profileId: string | null): Result<void>;
  editProfileField(field: SettingsField, value: number | boolean | string): Result<void>;
  typeProfileNumber(field: SettingsField, text: string, minutesPerUnit: number): Result<void>;
  discardProfileEdits(): Result<void>;
  saveProfile(): Promise<Result<ResponseOf<'profiles:update'> | null>>;
}

/** A profile as the panels' editor sees it: a settings document it may change. */
function profileEditorState(profile: Profile): EditorState {
  return loadedEditor(
    profile.id,
    { ...profile.settings, version: 0, updatedAt: profile.updatedAt, updatedBy: '' },
    true,
  );
}

/** Creates the profiles slice. */
export const createProfilesSlice: SliceCreator<ProfilesSlice> = (api) => (set, get) => {
  const editWith = (change: (editor: EditorState) => EditorState): Result<void> => {
    set((state) =>
      state.profileEditor
        ? { profileEditor: { ...state.profileEditor, editor: change(state.profileEditor.editor) } }
        : {},
    );
    return DONE;
  };
  return {
    profiles: [],
    assignments: {},
    profilesProblem: null,
    profilesLoaded: false,
    profilesError: null,
    profileEditor: null,
    async loadProfiles() {
      const result = await api.profiles.list();
      if (!result.ok) set({ profilesLoaded: true, profilesError: result.error });
      else get().receiveProfiles(result.value);
      return result;
    },
    receiveProfiles({ profiles, assignments, problem }) {
      const editing = get().profileEditor;
      set({
        profiles,
        assignments,
        profilesProblem: problem,
        profilesLoaded: true,
        profilesError: null,
        // A deleted profile's editor closes.
        profileEditor:
          editing && profiles.some((profile) => profile.id === editing.profileId) ? editing : null,
      });
      return DONE;
    },
    receiveProfile(profile) {
      set((state) => ({
        profiles: state.profiles.some((known) => known.id === profile.id)
          ? state.profiles.map((known) => (known.id === profile.id ? profile : known))
          : [...state.profiles, profile],
      }));
      return DONE;
    },
    async createProfile(request) {
      const result = await api.profiles.create(request);
      if (result.ok) get().receiveProfile(result.value.profile);
      return result;
    },
    async renameProfile(id, name) {
      const result = await api.profiles.rename({ id, name });
      if (result.ok) get().receiveProfile(result.value.profile);
      return result;
    },
    async duplicateProfile(id, name) {
      const result = await api.profiles.duplicate(name === undefined ? { id } : { id, name });
      if (result.ok) get().receiveProfile(result.value.profile);
      return result;
    },
    async deleteProfile(id) {
      const result = await api.profiles.delete({ id });
      if (!result.ok) return result;
      const unassigned = new Set(result.value.unassigned);
      const editing = get().profileEditor;
      set((state) => ({
        profiles: state.profiles.filter((profile) => profile.id !== id),
        assignments: Object.fromEntries(
          Object.entries(state.assignments).filter(([serverId]) => !unassigned.has(serverId)),
        ),
        profileEditor: editing?.profileId === id ? null : editing,
      }));
      return result;
    },
    async assignProfile(serverIds, profileId) {
      if (serverIds.length === 0) return { ok: true, value: { assignments: get().assignments } };
      const result = await api.profiles.assignMany({ serverIds: [...serverIds], profileId });
      if (!result.ok) return result;
      // Drift compares the servers again and pushes what it finds.
      set({ assignments: result.value.assignments });
      return result;
    },
    editProfile(profileId) {
      const profile = get().profiles.find((candidate) => candidate.id === profileId);
      set({
        profileEditor: profile
          ? { profileId: profile.id, editor: profileEditorState(profile) }
          : null,
      });
      return DONE;
    },
    editProfileField(field, value) {
      return editWith((editor) => editField(editor, field, value));
    },
    typeProfileNumber(field, text, minutesPerUnit) {
      return editWith((editor) => applyNumberInput(editor, field, text, minutesPerUnit));
    },
    discardProfileEdits() {
      return editWith(discardDraft);
    },
    async saveProfile() {
      const editing = get().profileEditor;
      const draft = editing?.editor.draft;
      if (!editing || !draft || !canSave(editing.editor)) return { ok: true, value: null };
      editWith(savingEditor);
      const result = await api.profiles.update({ id: editing.profileId, settings: draft });
      if (get().profileEditor?.profileId !== editing.profileId) return result;
      if (!result.ok) {
        editWith((editor) => saveFailedEditor(editor, result.error));
        return result;
      }
      get().receiveProfile(result.value.profile);
      set({
        profileEditor: {
          profileId: editing.profileId,
          editor: profileEditorState(result.value.profile),
        },
      });
      return result;
    },
  };
};
