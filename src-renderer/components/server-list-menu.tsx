/**
 * The server list's menu: move the selected server up or down (also Alt+Up and Alt+Down on
 * a server, or drag it), mute its notifications for an hour or until tomorrow morning (or
 * end the mute), export the list to a JSON file (no secret is in it), and import a list
 * exported before, with the result shown.
 */

import { useRef, type ChangeEvent } from 'react';
import { errorText } from '../error-text';
import { exportFileName, offerDownload, takePickedFile } from '../file-transfer';
import { muteUntilText, type MuteChoice } from '../../src-shared/mute';
import { plural } from '../../src-shared/plural';
import { selectSelectedServer, useApp } from '../store-context';
import { MenuButton } from './menu-button';
import { useMoveServer } from './use-move-server';

/** The menu button of the sidebar, with the hidden file picker of Import. */
export function ServerListMenu() {
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
      setNotice(`The server list was not exported. ${errorText(result.error).title}`);
      return;
    }
    offerDownload(exportFileName(new Date()), result.value.json);
    const said = `The list of ${plural(result.value.count, 'server')} was exported, without any password or API key.`;
    setNotice(said);
    announce(said);
  };

  const mute = async (until: MuteChoice | null): Promise<void> => {
    if (!selected) return;
    const result = await muteServer(selected.id, until);
    if (!result.ok) {
      setNotice(
        `The notifications of “${selected.name}” were not changed. ${errorText(result.error).title}`,
      );
      return;
    }
    const end = result.value.server.mutedUntil;
    announce(
      end
        ? `Notifications of “${selected.name}” are muted ${muteUntilText(end)}; its unread count still counts.`
        : `Notifications of “${selected.name}” are on again.`,
    );
  };

  const muteItems = !selected
    ? [{ label: 'Mute notifications for an hour', disabled: true, onSelect: () => undefined }]
    : selected.mutedUntil
      ? [
          {
            label: `Unmute “${selected.name}” (muted ${muteUntilText(selected.mutedUntil)})`,
            onSelect: () => void mute(null),
          },
        ]
      : [
          { label: `Mute “${selected.name}” for an hour`, onSelect: () => void mute('hour') },
          {
            label: `Mute “${selected.name}” until tomorrow morning`,
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
        label="Server list actions"
        className="small icon-button"
        items={[
          {
            label: selected ? `Move “${selected.name}” up` : 'Move up',
            shortcut: 'Alt+↑',
            disabled: index <= 0,
            onSelect: () => selected && void move(selected.id, index - 1),
          },
          {
            label: selected ? `Move “${selected.name}” down` : 'Move down',
            shortcut: 'Alt+↓',
            disabled: index === -1 || index >= servers.length - 1,
            onSelect: () => selected && void move(selected.id, index + 1),
          },
          ...muteItems,
          {
            label: 'Export server list…',
            disabled: servers.length === 0,
            onSelect: () => void exportList(),
          },
          { label: 'Import server list…', onSelect: () => picker.current?.click() },
        ]}
      >
        <span aria-hidden="true">⋯</span>
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
