/**
 * The server list's menu: move the selected server up or down (also Alt+Up and Alt+Down on
 * a server, or drag it), mute its notifications for an hour or until tomorrow morning (or
 * end the mute), export the list to a JSON file (no secret is in it), and import a list
 * exported before, with the result shown.
 */

import { useRef, type ChangeEvent } from 'react';
import { errorText } from '../error-text';
import { exportFileName, offerDownload, takePickedFile } from '../file-transfer';
import type { MuteChoice } from '../../src-shared/mute';
import { useT, type WindowTranslator } from '../i18n/translator-context';
import { selectSelectedServer, useApp } from '../store-context';
import { MenuButton } from './menu-button';
import { useMoveServer } from './use-move-server';

/** When a mute ends, as the weekday and time ("Tue 09:00"). */
function muteEnd(t: WindowTranslator, mutedUntil: string): string {
  return t.dateTime(mutedUntil, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

/** The menu button of the sidebar, with the hidden file picker of Import. */
export function ServerListMenu() {
  const t = useT();
  const servers = useApp((state) => state.servers);
  const selected = useApp(selectSelectedServer);
  const exportServers = useApp((state) => state.exportServers);
  const importServers = useApp((state) => state.importServers);
  const muteServer = useApp((state) => state.muteServer);
  const openDialog = useApp((state) => state.openDialog);
  const setNotice = useApp((state) => state.setNotice);
  const announce = useApp((state) => state.announce);
  const move = useMoveServer();
  const picker = useRef<HTMLInputElement>(null);
  const index = selected ? servers.indexOf(selected) : -1;

  const exportList = async (): Promise<void> => {
    const result = await exportServers();
    if (!result.ok) {
      setNotice(t.t('app.menu.exportFailed', { reason: errorText(t, result.error).title }));
      return;
    }
    offerDownload(exportFileName(new Date()), result.value.json);
    const said = t.t('app.menu.exported', { count: result.value.count });
    setNotice(said);
    announce(said);
  };

  const mute = async (until: MuteChoice | null): Promise<void> => {
    if (!selected) return;
    const result = await muteServer(selected.id, until);
    if (!result.ok) {
      setNotice(
        t.t('app.menu.muteFailed', {
          name: selected.name,
          reason: errorText(t, result.error).title,
        }),
      );
      return;
    }
    const end = result.value.server.mutedUntil;
    announce(
      end
        ? t.t('app.menu.mutedNow', { name: selected.name, end: muteEnd(t, end) })
        : t.t('app.menu.unmutedNow', { name: selected.name }),
    );
  };

  const muteItems = !selected
    ? [{ label: t.t('app.menu.muteAnHour'), disabled: true, onSelect: () => undefined }]
    : selected.mutedUntil
      ? [
          {
            label: t.t('app.menu.unmute', {
              name: selected.name,
              end: muteEnd(t, selected.mutedUntil),
            }),
            onSelect: () => void mute(null),
          },
        ]
      : [
          {
            label: t.t('app.menu.muteHour', { name: selected.name }),
            onSelect: () => void mute('hour'),
          },
          {
            label: t.t('app.menu.muteTomorrow', { name: selected.name }),
            onSelect: () => void mute('tomorrow'),
          },
        ];

  const importFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const picked = await takePickedFile(event.target, 'a server list');
    if (!picked) return;
    const outcome = picked.text.ok ? await importServers(picked.text.value) : picked.text;
    openDialog({ kind: 'import-result', fileName: picked.name, outcome });
  };

  return (
    <>
      <MenuButton
        label={t.t('app.menu.label')}
        className="small icon-button"
        items={[
          {
            label: selected
              ? t.t('app.menu.moveUpNamed', { name: selected.name })
              : t.t('app.menu.moveUp'),
            shortcut: 'Alt+↑',
            disabled: index <= 0,
            onSelect: () => selected && void move(selected.id, index - 1),
          },
          {
            label: selected
              ? t.t('app.menu.moveDownNamed', { name: selected.name })
              : t.t('app.menu.moveDown'),
            shortcut: 'Alt+↓',
            disabled: index === -1 || index >= servers.length - 1,
            onSelect: () => selected && void move(selected.id, index + 1),
          },
          ...muteItems,
          {
            label: t.t('app.menu.export'),
            disabled: servers.length === 0,
            onSelect: () => void exportList(),
          },
          { label: t.t('app.menu.import'), onSelect: () => picker.current?.click() },
        ]}
      >
        <span aria-hidden="true">{t.t('app.menu.glyph')}</span>
      </MenuButton>
      <input
        ref={picker}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="import-file"
        onChange={(event) => void importFile(event)}
      />
    </>
  );
}
