import { z } from 'zod';
import {
  productQuerySchema,
  reportRequestSchema,
  type ProductDetail,
  type ProductSummary,
  type Report,
} from '../catalog';
import type { CredentialStatus } from '../credentials';
import type { Result } from '../result';
import { editRequestSchemas, type ConflictedEdit, type SyncReport, type SyncStatus } from '../sync';
import { enqueueRequestSchema, uploadJobActionSchema, uploadJobQuerySchema, type EnqueueOutcome, type QueueStatus, type UploadJob } from '../uploads';
import { settingsPatchSchema, type Settings } from '../settings';
import type { Channel, EventName } from './channels';

/**
 * The one IPC contract: channel → request schema → result type. Main parses every request with its
 * schema before any domain code runs; the preload and the dev:web bridge expose one method per channel.
 */

/** Facts about the running app that the UI shows (About, Settings footer). */
export interface AppInfo {
  version: string;
  /** Where the local store, staging files and logs live. */
  dataDir: string;
  /** The OS's preferred locale, e.g. `es-ES`; the UI picks its language from it unless overridden. */
  systemLocale: string;
  platform: string;
  /** `electron` in the app, `web` in the dev browser mode. */
  transport: 'electron' | 'web';
  /**
   * `demo` while neither a bucket nor a database is configured: a sample catalog and S3-compatible storage
   * on this computer. `shop` once either is set.
   */
  workspace: 'demo' | 'shop';
}

/** A successful connection test: what answered and how fast. */
export interface ConnectionCheck {
  /** e.g. `bucket "shop-photos" (eu-west-1)` or `postgres@db.example.com:5432/shop`. */
  target: string;
  latencyMs: number;
}

const noInput = z.undefined();

/** Printable ASCII without spaces, as every S3 implementation uses for key ids. */
const accessKeyId = z
  .string()
  .regex(/^[\x21-\x7e]{3,128}$/, 'The access key ID is 3–128 letters and digits, e.g. AKIAIOSFODNN7EXAMPLE.');
const secretText = (what: string, max: number) =>
  z
    .string()
    .min(1, `${what} is empty.`)
    .max(max, `${what} is longer than ${max} characters.`)
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), `${what} contains control characters (a stray newline?).`);

export const awsCredentialsSchema = z.strictObject({
  accessKeyId,
  secretAccessKey: secretText('The secret access key', 512),
  sessionToken: secretText('The session token', 4096).optional(),
});
export type AwsCredentials = z.output<typeof awsCredentialsSchema>;

/** Phantom marker carrying a channel's result type; it has no runtime value. */
const returns = <T>() => undefined as unknown as T;

export const contract = {
  /** App version, data folder, OS locale. */
  getAppInfo: { request: noInput, returns: returns<AppInfo>() },
  /** All settings, defaults filled in. */
  getSettings: { request: noInput, returns: returns<Settings>() },
  /** Validates and saves the given settings; returns all settings. Emits `settingsChanged`. */
  updateSettings: { request: settingsPatchSchema, returns: returns<Settings>() },
  /** Whether the keychain works and which credentials are configured (never the secrets). */
  getCredentialStatus: { request: noInput, returns: returns<CredentialStatus>() },
  /** Write-only: stores AWS credentials in the OS keychain. Emits `credentialsChanged`. */
  setAwsCredentials: { request: awsCredentialsSchema, returns: returns<CredentialStatus>() },
  /** Write-only: stores the PostgreSQL password in the OS keychain. Emits `credentialsChanged`. */
  setDbPassword: {
    request: z.strictObject({ password: secretText('The password', 1024) }),
    returns: returns<CredentialStatus>(),
  },
  /** Removes credentials from the keychain. Emits `credentialsChanged`. */
  clearCredentials: {
    request: z.strictObject({ which: z.enum(['aws', 'db', 'all']) }),
    returns: returns<CredentialStatus>(),
  },
  /** HeadBucket on the configured bucket with the stored credentials. */
  testS3Connection: { request: noInput, returns: returns<ConnectionCheck>() },
  /** `SELECT 1` on the configured PostgreSQL database with the stored password. */
  testDbConnection: { request: noInput, returns: returns<ConnectionCheck>() },
  /** A page of the offline product list: search (accent-insensitive, prefix) and filters. */
  listProducts: { request: productQuerySchema.optional(), returns: returns<ProductSummary[]>() },
  /** One product with its photos and review, by SKU; `null` when the mirror has no such product. */
  getProduct: { request: z.strictObject({ sku: z.string().min(1).max(200) }), returns: returns<ProductDetail | null>() },
  /** The categories present in the catalog, for the filter menu. */
  listCategories: { request: noInput, returns: returns<string[]>() },
  /** A manager's report as a table (the CLI prints it as CSV). */
  getReport: { request: reportRequestSchema, returns: returns<Report>() },
  /** Last sync, pending edits and conflicts of the active catalog. Also sent as `syncStatusChanged`. */
  getSyncStatus: { request: noInput, returns: returns<SyncStatus>() },
  /** Pushes pending edits and pulls the shop's catalog now. Fails `not-configured` in the demo workspace. */
  syncNow: { request: noInput, returns: returns<SyncReport>() },
  /**
   * The edits below work offline: each is applied to the local catalog at once, queued, and pushed by the
   * next sync. Each returns the product as it is now and emits `catalogChanged`. An edit the server's rows
   * have moved past becomes a conflict (see `listConflicts`), never lost.
   */
  /** New order of a product's photos: every photo of the product exactly once. */
  reorderImages: { request: editRequestSchemas.reorderImages, returns: returns<ProductDetail | null>() },
  /** Makes a photo its product's primary (cover) photo. */
  setPrimaryImage: { request: editRequestSchemas.setPrimaryImage, returns: returns<ProductDetail | null>() },
  /** Sets a photo's alt text in English and/or Spanish. */
  setAltText: { request: editRequestSchemas.setAltText, returns: returns<ProductDetail | null>() },
  /** Deletes a photo from the catalog; the others close the gap. */
  deleteImage: { request: editRequestSchemas.deleteImage, returns: returns<ProductDetail | null>() },
  /** Sets a product's review status and note. */
  setReview: { request: editRequestSchemas.setReview, returns: returns<ProductDetail | null>() },
  /** Edits the server refused because its rows had moved on, oldest first. */
  listConflicts: { request: noInput, returns: returns<ConflictedEdit[]>() },
  /** Applies a conflicted edit again on top of the server's version; returns the conflicts left. */
  reapplyConflict: { request: editRequestSchemas.conflict, returns: returns<ConflictedEdit[]>() },
  /** Drops a conflicted edit (the server's version stays); returns the conflicts left. */
  discardConflict: { request: editRequestSchemas.conflict, returns: returns<ConflictedEdit[]>() },
  /**
   * Queues photos (absolute paths on this computer) for the product with `sku`. Each file gets an outcome:
   * queued, duplicate (already queued or already on the product) or rejected with the reason. Once this
   * returns, moving or deleting the originals changes nothing. Emits `uploadsChanged`.
   */
  enqueueUploads: { request: enqueueRequestSchema, returns: returns<EnqueueOutcome[]>() },
  /** Upload jobs, newest first, optionally by state or product. */
  listUploads: { request: uploadJobQuerySchema.optional(), returns: returns<UploadJob[]>() },
  /** Counts, bytes, rate, ETA, online and paused state. Also sent as `queueStatusChanged` (≤ 10/s). */
  getQueueStatus: { request: noInput, returns: returns<QueueStatus>() },
  /** Pauses every upload (running ones stop at once and resume from where they were). */
  pauseAllUploads: { request: noInput, returns: returns<QueueStatus>() },
  /** Resumes the queue — also after fixing what it paused itself for (`attention`). */
  resumeAllUploads: { request: noInput, returns: returns<QueueStatus>() },
  pauseUpload: { request: uploadJobActionSchema, returns: returns<UploadJob>() },
  resumeUpload: { request: uploadJobActionSchema, returns: returns<UploadJob>() },
  /** Tries a failed upload again. */
  retryUpload: { request: uploadJobActionSchema, returns: returns<UploadJob>() },
  /** Cancels an upload; anything it already stored in the bucket is removed. */
  cancelUpload: { request: uploadJobActionSchema, returns: returns<UploadJob>() },
  /** Tries every failed upload again; returns how many. */
  retryFailedUploads: { request: noInput, returns: returns<{ retried: number }>() },
} satisfies { [C in Channel]: { request: z.ZodType; returns: unknown } };

/** Payload type of each event. */
export interface EventPayloads {
  settingsChanged: Settings;
  credentialsChanged: CredentialStatus;
  /** The app moved between the demo and the shop's workspace (see AppInfo.workspace). */
  workspaceChanged: { kind: 'demo' | 'shop' };
  syncStatusChanged: SyncStatus;
  /** Products changed (a local edit, a sync): `productIds` when known, else anything may have changed. */
  catalogChanged: { productIds?: number[] };
  /** Upload jobs whose state changed. */
  uploadsChanged: UploadJob[];
  queueStatusChanged: QueueStatus;
  /** For notifications: the queue drained, or paused itself and needs a person (message says what to do). */
  queueNotice: { kind: 'drained' | 'attention'; message: string };
}
// Compile-time check that EventPayloads covers exactly the event names.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const eventsAreExact: Exact<keyof EventPayloads, EventName> = true;
void eventsAreExact;

type Spec<C extends Channel> = (typeof contract)[C];
/** What a caller sends (before parsing). */
export type RequestOf<C extends Channel> = z.input<Spec<C>['request']>;
/** What a handler receives (after parsing). */
export type ParsedRequestOf<C extends Channel> = z.output<Spec<C>['request']>;
export type ResultOf<C extends Channel> = Spec<C>['returns'];

/** Main implements this; a missing or mistyped handler is a compile error. */
export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResultOf<C>> };

type Args<C extends Channel> = undefined extends RequestOf<C> ? [request?: RequestOf<C>] : [request: RequestOf<C>];

/** `window.vitrina`: one method per channel plus typed event subscriptions. */
export type VitrinaApi = { [C in Channel]: (...args: Args<C>) => Promise<Result<ResultOf<C>>> } & {
  /** Subscribes to an event from main; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};
