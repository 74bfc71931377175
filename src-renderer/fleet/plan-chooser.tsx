/**
 * The plan's first step: the source (a server or a profile), the sections to apply, the
 * target servers, and, as an option, waves (a canary first, then the rest, stopping once
 * more than a chosen number of servers have failed).
 */

import { useId, useState, type FormEvent } from 'react';
import type { ApplyWaves, PlanSource } from '../../src-shared/fleet';
import {
  SECTION_LABELS,
  SETTINGS_SECTIONS,
  type SettingsSection,
} from '../../src-shared/settings-sections';
import { ErrorMessage } from '../components/error-message';
import { EnvironmentTag } from '../components/environment-tag';
import { useT } from '../i18n/translator-context';
import { useApp } from '../store-context';
import { SourceSelect } from './source-select';

/** The first step's form. */
export function PlanChooser() {
  const t = useT();
  const id = useId();
  const servers = useApp((state) => state.servers);
  const profiles = useApp((state) => state.profiles);
  const flow = useApp((state) => state.planFlow);
  const reference = useApp((state) => state.fleet.reference);
  const selected = useApp((state) => state.fleet.selected);
  const makePlan = useApp((state) => state.makePlan);
  const closeDialog = useApp((state) => state.closeDialog);
  const initialSource: PlanSource | null =
    flow.request?.source ??
    (reference?.kind === 'profile'
      ? reference
      : profiles[0]
        ? { kind: 'profile', profileId: profiles[0].id }
        : servers[0]
          ? { kind: 'server', serverId: servers[0].id }
          : null);
  const [source, setSource] = useState<PlanSource | null>(initialSource);
  const [sections, setSections] = useState<SettingsSection[]>(
    flow.request?.sections ?? [...SETTINGS_SECTIONS],
  );
  const [targets, setTargets] = useState<string[]>(flow.request?.targets ?? selected);
  const [useWaves, setUseWaves] = useState(flow.waves !== null);
  const [canary, setCanary] = useState(flow.waves?.canaryServerId ?? '');
  const [maxFailures, setMaxFailures] = useState(String(flow.waves?.maxFailures ?? 0));
  const parsed = source;
  const sourceServer = parsed?.kind === 'server' ? parsed.serverId : null;
  const chosen = targets.filter((target) => target !== sourceServer);
  const failures = Number(maxFailures);
  const wavesValid =
    !useWaves || (chosen.includes(canary) && Number.isInteger(failures) && failures >= 0);
  const ready = parsed !== null && sections.length > 0 && chosen.length > 0 && wavesValid;

  const toggle = <T,>(list: T[], item: T): T[] =>
    list.includes(item) ? list.filter((known) => known !== item) : [...list, item];
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!parsed || !ready) return;
    const waves: ApplyWaves | null = useWaves
      ? { canaryServerId: canary, maxFailures: failures }
      : null;
    void makePlan({ source: parsed, sections, targets: chosen }, waves);
  };

  return (
    <form onSubmit={submit} className="plan-form">
      <div className="form-field">
        <label htmlFor={`${id}-source`}>{t.t('fleet.plan.takeValuesOf')}</label>
        <SourceSelect id={`${id}-source`} value={source} onChange={setSource} profilesFirst />
      </div>
      <fieldset className="plan-sections">
        <legend>{t.t('fleet.plan.sections')}</legend>
        {SETTINGS_SECTIONS.map((section) => (
          <label key={section} className="check">
            <input
              type="checkbox"
              checked={sections.includes(section)}
              onChange={() => setSections((current) => toggle(current, section))}
            />
            {SECTION_LABELS[section]}
          </label>
        ))}
      </fieldset>
      <fieldset className="plan-targets">
        <legend>
          {t.t('fleet.plan.targets', { chosen: chosen.length, total: servers.length })}
        </legend>
        <div className="button-row">
          <button
            type="button"
            className="small"
            onClick={() => setTargets(servers.map((s) => s.id))}
          >
            {t.t('fleet.plan.all')}
          </button>
          <button type="button" className="small" onClick={() => setTargets([])}>
            {t.t('fleet.none')}
          </button>
        </div>
        <ul className="plan-target-list">
          {servers.map((server) => (
            <li key={server.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={targets.includes(server.id) && server.id !== sourceServer}
                  disabled={server.id === sourceServer}
                  onChange={() => setTargets((current) => toggle(current, server.id))}
                />
                <span>{server.name}</span>
                <EnvironmentTag environment={server.environment} />
                {server.id === sourceServer ? (
                  <span className="muted">{t.t('fleet.plan.theSource')}</span>
                ) : null}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset className="plan-waves">
        <legend>{t.t('fleet.plan.waves')}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={useWaves}
            onChange={(event) => setUseWaves(event.target.checked)}
          />
          {t.t('fleet.plan.useWaves')}
        </label>
        {useWaves ? (
          <div className="plan-waves-fields">
            <div className="form-field">
              <label htmlFor={`${id}-canary`}>{t.t('fleet.plan.canary')}</label>
              <select
                id={`${id}-canary`}
                value={canary}
                onChange={(event) => setCanary(event.target.value)}
              >
                <option value="">{t.t('fleet.plan.pickTarget')}</option>
                {servers
                  .filter((server) => chosen.includes(server.id))
                  .map((server) => (
                    <option key={server.id} value={server.id}>
                      {server.name}
                    </option>
                  ))}
              </select>
            </div>
            <div className="form-field">
              <label htmlFor={`${id}-failures`}>{t.t('fleet.plan.maxFailures')}</label>
              <input
                id={`${id}-failures`}
                type="text"
                inputMode="numeric"
                value={maxFailures}
                aria-invalid={!Number.isInteger(failures) || failures < 0}
                onChange={(event) => setMaxFailures(event.target.value)}
              />
            </div>
          </div>
        ) : null}
      </fieldset>
      {flow.error ? <ErrorMessage error={flow.error} compact /> : null}
      <div className="dialog-buttons">
        <button type="button" data-autofocus onClick={closeDialog}>
          {t.t('fleet.plan.cancel')}
        </button>
        <button type="submit" className="primary" disabled={!ready}>
          {t.t('fleet.plan.make')}
        </button>
      </div>
    </form>
  );
}
