import type { VitrinaApi } from '../shared/ipc/contract';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in dev:web, where renderer/bridge builds the same API itself. */
    vitrina?: VitrinaApi;
  }
}

export {};
