import { isAppUrl, type AppLocation } from './appLocation';

/** What IPC needs to know about the frame that sent a request (Electron's `WebFrameMain`, narrowed). */
export interface SenderFrame {
  url: string;
  isMainFrame: boolean;
}

/**
 * Whether an IPC request may reach the core: only the main frame of Vitrina's own page. Subframes (even
 * same-origin ones), other local files, other origins, `about:blank` and destroyed frames (`null`) are
 * refused — the check VS Code's `validatedIpcMain` does for every message.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, allowed: AppLocation): boolean {
  if (!frame || !frame.isMainFrame) return false;
  return isAppUrl(frame.url, allowed);
}
