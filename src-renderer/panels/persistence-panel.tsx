/**
 * Persistence & cookies: remember-me and its duration, reset expiry at logon, and the
 * session cookie's Secure, SameSite and Path, each with a line on what it means.
 */

import { useId } from 'react';
import type { SessionSettings } from '../../src-shared/settings';
import { Card } from '../components/card';
import { ChoiceField, NumberField, SwitchField, TextField } from '../components/fields';
import { useFieldActions, useFieldEditor } from '../components/field-source';
import { SettingsFrame } from './settings-frame';

const DEFAULT_REMEMBER_DAYS = 14;

function RememberMeSwitch({ days }: { days: number }) {
  const id = useId();
  const { editField } = useFieldActions();
  const editable = useFieldEditor((editor) => editor.canUpdate && !editor.saving);
  const baseDays = useFieldEditor((editor) => editor.base?.persistence.rememberMeDays ?? 0);
  return (
    <div className="field field-inline">
      <div className="field-row">
        <input
          id={`${id}-on`}
          type="checkbox"
          className="switch"
          checked={days > 0}
          disabled={!editable}
          aria-describedby={`${id}-hint`}
          onChange={(event) =>
            editField(
              'persistence.rememberMeDays',
              event.target.checked ? (baseDays > 0 ? baseDays : DEFAULT_REMEMBER_DAYS) : 0,
            )
          }
        />
        <label htmlFor={`${id}-on`} className="field-label">
          “Remember me” at login
        </label>
      </div>
      <p className="field-hint" id={`${id}-hint`}>
        Lets users stay logged in across browser restarts, with no idle limit, for the number of
        days below.
      </p>
    </div>
  );
}

/** The Persistence & cookies fields for a draft (a server's or a profile's). */
export function PersistenceFields({ draft }: { draft: SessionSettings }) {
  return (
    <div className="panel-body">
      <Card id="persistence-remember" title="Remember me">
        <RememberMeSwitch days={draft.persistence.rememberMeDays} />
        <NumberField
          field="persistence.rememberMeDays"
          unit="days"
          hint="How long a remembered session lasts (capped by the absolute timeout); 0 turns remember-me off."
        />
        <SwitchField
          field="persistence.resetExpiryAtLogon"
          hint="Each return visit of a remembered user starts the remember-me period again (never past the absolute timeout)."
        />
      </Card>
      <Card id="persistence-cookie" title="Session cookie">
        <SwitchField
          field="persistence.cookie.secure"
          hint="The browser sends the session cookie over HTTPS only, never over plain HTTP."
        />
        <ChoiceField
          field="persistence.cookie.sameSite"
          hint="Whether the cookie goes along with requests started by other sites: Strict never, Lax on ordinary links, None always (needs Secure)."
          options={[
            { value: 'strict', label: 'Strict' },
            { value: 'lax', label: 'Lax' },
            { value: 'none', label: 'None' },
          ]}
        />
        <TextField
          field="persistence.cookie.path"
          hint="The part of the site the cookie is sent to; “/” means the whole dashboard."
        />
      </Card>
    </div>
  );
}

/** The Persistence & cookies panel. */
export function PersistencePanel() {
  return <SettingsFrame>{(draft) => <PersistenceFields draft={draft} />}</SettingsFrame>;
}
