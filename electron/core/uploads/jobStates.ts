import type { ErrorKind } from '../../../shared/result';
import { missingCase } from '../../../shared/result';
import type { JobState, PausedBy } from '../../../shared/uploads';
import { AppFailure } from '../errors';

/**
 * The upload job state machine: the ONLY place transitions are defined (DESIGN.md → Job states). It is pure:
 * the store (store/uploadJobs.ts `transition`) applies it inside a transaction, and the queue decides which
 * events to send. Every (state, event) pair is enumerated by test/electron/core/uploads/jobStates.test.ts.
 *
 * Decisions where the diagram leaves room:
 * - `offline` from `uploaded` keeps `uploaded`: the object is stored and only PostgreSQL is unreachable, so
 *   the queue retries the record later (next_attempt_at) instead of sending the bytes again through `waiting`.
 * - `pause` from `uploaded` is refused: nothing is left to transfer, only the catalog record, which the queue
 *   retries by itself; resuming would go back to `queued` and upload the bytes a second time. Cancel instead.
 * - `cancel` from `uploading` or `uploaded` sets `deleteObject`: the object is (or, for a transfer in flight,
 *   may be) in the bucket, and no orphan objects are left. From `failed` the state alone cannot tell whether
 *   the object was stored; the store adds that from its `stored_at` column.
 * - `recorded` (catalog row written, mirror/staging cleanup pending) cannot be cancelled or failed: the photo
 *   is in the catalog; removing it is a catalog edit (delete photo), not an upload action.
 * - No self-transitions besides `offline` on `uploaded`: repeating an event (pause a paused job) is refused.
 */

export type JobEvent =
  /** The queue picked the job and begins the transfer. */
  | { type: 'start' }
  /** The object is in the bucket and verified. */
  | { type: 'stored' }
  /** The catalog row exists (PostgreSQL in a shop, the mirror only in the demo). */
  | { type: 'recorded' }
  /** Mirror updated and staging reference released. */
  | { type: 'finished' }
  /** The store or database could not be reached; `kind`/`message` say why, for display. */
  | { type: 'offline'; kind?: ErrorKind; message?: string }
  /** The online probe succeeded again. */
  | { type: 'online' }
  | { type: 'pause'; by?: PausedBy }
  | { type: 'resume' }
  /** A failure retrying would not fix (denied, no bucket, staged file gone…). */
  | { type: 'fail'; kind: ErrorKind; message: string }
  /** The person asked to try a failed job again. */
  | { type: 'retry' }
  | { type: 'cancel' }
  /** On start-up: a crash left the job `uploading`. */
  | { type: 'recover' };

export type JobEventType = JobEvent['type'];

export const jobEventTypes = [
  'start', 'stored', 'recorded', 'finished', 'offline', 'online', 'pause', 'resume', 'fail', 'retry', 'cancel', 'recover',
] as const satisfies readonly JobEventType[];

export interface Transition {
  state: JobState;
  /** The object may be in the bucket and must be deleted (and a multipart upload aborted) by the queue. */
  deleteObject: boolean;
}

/** The state after `event`, or an AppFailure('validation') with a sentence when the event is not allowed. */
export function nextState(state: JobState, event: JobEvent): Transition {
  switch (event.type) {
    case 'start':
      return move(state, event, ['queued'], 'uploading');
    case 'stored':
      return move(state, event, ['uploading'], 'uploaded');
    case 'recorded':
      return move(state, event, ['uploaded'], 'recorded');
    case 'finished':
      return move(state, event, ['recorded'], 'done');
    case 'offline':
      return state === 'uploaded' ? { state, deleteObject: false } : move(state, event, ['uploading'], 'waiting');
    case 'online':
      return move(state, event, ['waiting'], 'queued');
    case 'pause':
      return move(state, event, ['queued', 'waiting', 'uploading'], 'paused');
    case 'resume':
      return move(state, event, ['paused'], 'queued');
    case 'fail':
      return move(state, event, ['uploading', 'uploaded'], 'failed');
    case 'retry':
      return move(state, event, ['failed'], 'queued');
    case 'cancel': {
      const next = move(state, event, ['queued', 'waiting', 'paused', 'failed', 'uploading', 'uploaded'], 'cancelled');
      return { ...next, deleteObject: state === 'uploading' || state === 'uploaded' };
    }
    case 'recover':
      return move(state, event, ['uploading'], 'queued');
    default:
      return missingCase(event);
  }
}

/** Whether `event` is allowed in `state` (for menus and "pause all"). */
export function canTransition(state: JobState, event: JobEvent): boolean {
  try {
    nextState(state, event);
    return true;
  } catch (error) {
    if (error instanceof AppFailure) return false;
    throw error;
  }
}

function move(state: JobState, event: JobEvent, from: readonly JobState[], to: JobState): Transition {
  if (!from.includes(state)) throw new AppFailure('validation', refusal(state, event.type));
  return { state: to, deleteObject: false };
}

function refusal(state: JobState, event: JobEventType): string {
  if (event === 'pause' && state === 'paused') return 'This upload is already paused.';
  if (event === 'pause' && state === 'uploaded') {
    return 'This photo is already in storage and only waits to be recorded in the catalog, which Vitrina retries by itself; it cannot be paused. Cancel it to remove it.';
  }
  const hint = hintFor(state, event);
  return `This upload ${describeState(state)}; it cannot be ${pastParticiple(event)}.${hint ? ` ${hint}` : ''}`;
}

function hintFor(state: JobState, event: JobEventType): string | null {
  if (event === 'retry') return 'Only a failed upload can be retried.';
  if (event === 'resume') return 'Only a paused upload can be resumed.';
  if (event === 'cancel' && (state === 'recorded' || state === 'done')) return 'To remove the photo, delete it from the product.';
  return null;
}

/** "This upload …" — how a state reads in a sentence. */
export function describeState(state: JobState): string {
  switch (state) {
    case 'queued':
      return 'is waiting in the queue';
    case 'uploading':
      return 'is uploading';
    case 'uploaded':
      return 'is already in storage';
    case 'recorded':
      return 'is already in the catalog';
    case 'done':
      return 'is already done';
    case 'waiting':
      return 'is waiting for the connection';
    case 'paused':
      return 'is paused';
    case 'failed':
      return 'has failed';
    case 'cancelled':
      return 'was cancelled';
    default:
      return missingCase(state);
  }
}

function pastParticiple(event: JobEventType): string {
  switch (event) {
    case 'start':
      return 'started';
    case 'stored':
      return 'marked as stored';
    case 'recorded':
      return 'marked as recorded';
    case 'finished':
      return 'marked as finished';
    case 'offline':
      return 'put on hold for the connection';
    case 'online':
      return 'released by the connection';
    case 'pause':
      return 'paused';
    case 'resume':
      return 'resumed';
    case 'fail':
      return 'marked as failed';
    case 'retry':
      return 'retried';
    case 'cancel':
      return 'cancelled';
    case 'recover':
      return 'recovered';
    default:
      return missingCase(event);
  }
}
