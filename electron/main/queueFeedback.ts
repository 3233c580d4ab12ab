import { app, BrowserWindow, Notification, powerSaveBlocker } from 'electron';
import type { Core } from '../core/createCore';

/**
 * What the OS shows of the upload queue: the taskbar/dock progress, a notification when the queue drains or
 * needs a person, and no system sleep while photos are uploading (a sleeping laptop would stall them; they
 * would resume, but staff expect "leave it on the desk and it's done"). Returns the function that undoes it.
 */
export function showQueueInOs(core: Core): () => void {
  let blocker: number | null = null;
  const offStatus = core.events.on('queueStatusChanged', (status) => {
    const transferring = Object.keys(status.active).length > 0;
    if (transferring && blocker === null) blocker = powerSaveBlocker.start('prevent-app-suspension');
    if (!transferring && blocker !== null) {
      powerSaveBlocker.stop(blocker);
      blocker = null;
    }
    const progress = status.bytesTotal > 0 && status.bytesSent < status.bytesTotal ? status.bytesSent / status.bytesTotal : -1;
    for (const window of BrowserWindow.getAllWindows())
      window.setProgressBar(status.attention ? 1 : progress, { mode: status.attention ? 'error' : status.paused ? 'paused' : 'normal' });
  });
  const offNotice = core.events.on('queueNotice', (notice) => {
    if (!Notification.isSupported()) return;
    const title = notice.kind === 'drained' ? app.getName() : `${app.getName()}: uploads paused`;
    new Notification({ title, body: notice.message }).show();
  });
  return () => {
    offStatus();
    offNotice();
    if (blocker !== null) powerSaveBlocker.stop(blocker);
  };
}
