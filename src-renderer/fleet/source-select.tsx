/**
 * A choice of one server or one profile (the fleet table's reference, a plan's source), as a
 * select with the two as groups.
 */

import { useT } from '../i18n/translator-context';
import type { FleetReference } from '../../src-shared/fleet';
import { useApp } from '../store-context';

/** How a choice is written in the select's value ('' for none). */
function encode(choice: FleetReference | null): string {
  if (!choice) return '';
  return choice.kind === 'server' ? `server:${choice.serverId}` : `profile:${choice.profileId}`;
}

function decode(value: string): FleetReference | null {
  const at = value.indexOf(':');
  const [kind, id] = [value.slice(0, at), value.slice(at + 1)];
  if (kind === 'server' && id) return { kind: 'server', serverId: id };
  if (kind === 'profile' && id) return { kind: 'profile', profileId: id };
  return null;
}

/** Props of the choice. */
export interface SourceSelectProps {
  id: string;
  value: FleetReference | null;
  onChange(choice: FleetReference | null): void;
  /** The label of "none" when it may be chosen. */
  noneLabel?: string;
  /** Profiles first (a plan's usual source) or servers first. */
  profilesFirst?: boolean;
}

/** A select of a server or a profile. */
export function SourceSelect({ id, value, onChange, noneLabel, profilesFirst }: SourceSelectProps) {
  const t = useT();
  const servers = useApp((state) => state.servers);
  const profiles = useApp((state) => state.profiles);
  const serverGroup = (
    <optgroup label={t.t('fleet.tab.servers')}>
      {servers.map((server) => (
        <option key={server.id} value={`server:${server.id}`}>
          {server.name}
        </option>
      ))}
    </optgroup>
  );
  const profileGroup =
    profiles.length > 0 ? (
      <optgroup label={t.t('fleet.tab.profiles')}>
        {profiles.map((profile) => (
          <option key={profile.id} value={`profile:${profile.id}`}>
            {profile.name}
          </option>
        ))}
      </optgroup>
    ) : null;
  return (
    <select
      id={id}
      value={encode(value)}
      onChange={(event) => onChange(decode(event.target.value))}
    >
      {noneLabel ? <option value="">{noneLabel}</option> : null}
      {profilesFirst ? profileGroup : serverGroup}
      {profilesFirst ? serverGroup : profileGroup}
    </select>
  );
}
