import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildVitrinaApi } from '../../shared/ipc/buildApi';
import { ipcChannel, ipcEventChannel } from '../../shared/ipc/channels';

// A thin bridge: one method per contract channel and typed event subscriptions, built from the shared
// channel list. ipcRenderer itself, or a generic send(channel), must never reach the page — a compromised
// renderer could then call any channel it can name (see STYLE.md, anti-patterns).
contextBridge.exposeInMainWorld(
  'vitrina',
  buildVitrinaApi({
    invoke: (channel, request) => ipcRenderer.invoke(ipcChannel(channel), request),
    subscribe: (event, listener) => {
      // The Electron event carries `sender` (the ipcRenderer); only the payload may cross to the page.
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(ipcEventChannel(event), forward);
      return () => {
        ipcRenderer.removeListener(ipcEventChannel(event), forward);
      };
    },
  }),
);
