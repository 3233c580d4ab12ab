/**
 * The names of every request channel and event, and nothing else: the preload imports this file alone so
 * that it stays a thin bridge (no schemas, no logic). `contract.ts` must define exactly these channels —
 * the compiler checks it.
 */
export const channels = [
  'getAppInfo',
  'getSettings',
  'updateSettings',
  'getCredentialStatus',
  'setAwsCredentials',
  'setDbPassword',
  'clearCredentials',
  'testS3Connection',
  'testDbConnection',
  'listProducts',
  'getProduct',
  'listCategories',
  'getReport',
  'getSyncStatus',
  'syncNow',
  'reorderImages',
  'setPrimaryImage',
  'setAltText',
  'deleteImage',
  'setReview',
  'listConflicts',
  'reapplyConflict',
  'discardConflict',
  'enqueueUploads',
  'listUploads',
  'getQueueStatus',
  'pauseAllUploads',
  'resumeAllUploads',
  'pauseUpload',
  'resumeUpload',
  'retryUpload',
  'cancelUpload',
  'retryFailedUploads',
] as const;

export type Channel = (typeof channels)[number];

/** Events flow main → renderer only. */
export const eventNames = ['settingsChanged', 'credentialsChanged', 'workspaceChanged', 'syncStatusChanged', 'catalogChanged', 'uploadsChanged', 'queueStatusChanged', 'queueNotice'] as const;

export type EventName = (typeof eventNames)[number];

/** The Electron IPC channel string for a request channel; the only place the prefix is spelled. */
export const ipcChannel = (channel: Channel): string => `vitrina:${channel}`;
/** The Electron IPC channel string for an event. */
export const ipcEventChannel = (event: EventName): string => `vitrina:event:${event}`;
