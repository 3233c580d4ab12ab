import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { channels, eventNames, ipcChannel, ipcEventChannel, type EventName } from '../../shared/ipc/channels';
import { err } from '../../shared/result';
import type { Core } from '../core/createCore';
import type { AppLocation } from '../core/security/appLocation';
import { isTrustedSender } from '../core/security/trustedSender';

/**
 * Connects Electron IPC to the core: one `ipcMain.handle` per contract channel, each checking that the
 * request comes from the main frame of Vitrina's own page before the dispatcher (which validates the
 * payload) sees it; and every core event forwarded to Vitrina's windows. Returns a function that undoes
 * both, for quit.
 */
export function registerIpc(core: Core, trust: AppLocation): () => void {
  for (const channel of channels) {
    ipcMain.handle(ipcChannel(channel), (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame && { url: frame.url, isMainFrame: frame.parent === null }, trust)) {
        core.logger.log('warn', 'ipc-forbidden', { channel, frame: frame?.url.slice(0, 200) ?? null });
        return err('forbidden', "This request did not come from Vitrina's own window, so it was refused.");
      }
      return core.dispatch(channel, payload);
    });
  }

  const unsubscribes = eventNames.map((name) => core.events.on(name, (payload) => broadcast(name, payload, trust)));

  return () => {
    for (const channel of channels) ipcMain.removeHandler(ipcChannel(channel));
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}

/** Settings and credential status are not secrets, but they are still only for Vitrina's own page. */
function broadcast(name: EventName, payload: unknown, trust: AppLocation): void {
  for (const window of BrowserWindow.getAllWindows()) {
    const contents = window.webContents;
    if (contents.isDestroyed()) continue;
    if (!isTrustedSender({ url: contents.mainFrame.url, isMainFrame: true }, trust)) continue;
    contents.send(ipcEventChannel(name), payload);
  }
}
