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
import { useT } from '../i18n/translator-context';

const DEFAULT_REMEMBER_DAYS = 14;

function RememberMeSwitch({ days }: { days: number }) {
  const id = useId();
  const { editField } = useFieldActions();
  const editable = useFieldEditor((editor) => editor.canUpdate && !editor.saving);
  const baseDays = useFieldEditor((editor) => editor.base?.persistence.rememberMeDays ?? 0);
  const t = useT();
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
          {t.t('app.persistence.rememberSwitch')}
        </label>
      </div>
      <p className="field-hint" id={`${id}-hint`}>
        {t.t('app.persistence.rememberSwitchHint')}
      </p>
    </div>
  );
}

/** The Persistence & cookies fields for a draft (a server's or a profile's). */
export function PersistenceFields({ draft }: { draft: SessionSettings }) {
  const t = useT();
  return (
    <div className="panel-body">
      <Card id="persistence-remember" title={t.t('app.persistence.remember')}>
        <RememberMeSwitch days={draft.persistence.rememberMeDays} />
        <NumberField
          field="persistence.rememberMeDays"
          unit={t.t('common.unit.days')}
          hint={t.t('app.persistence.daysHint')}
        />
        <SwitchField
          field="persistence.resetExpiryAtLogon"
          hint={t.t('app.persistence.resetHint')}
        />
      </Card>
      <Card id="persistence-cookie" title={t.t('app.persistence.cookie')}>
        <SwitchField field="persistence.cookie.secure" hint={t.t('app.persistence.secureHint')} />
        <ChoiceField
          field="persistence.cookie.sameSite"
          hint={t.t('app.persistence.sameSiteHint')}
          options={[
            { value: 'strict', label: t.t('app.persistence.sameSite.strict') },
            { value: 'lax', label: t.t('app.persistence.sameSite.lax') },
            { value: 'none', label: t.t('app.persistence.sameSite.none') },
          ]}
        />
        <TextField field="persistence.cookie.path" hint={t.t('app.persistence.pathHint')} />
      </Card>
    </div>
  );
}

/** The Persistence & cookies panel. */
export function PersistencePanel() {
  return <SettingsFrame>{(draft) => <PersistenceFields draft={draft} />}</SettingsFrame>;
}
