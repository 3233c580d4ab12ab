import { describe, expect, it } from 'vitest';
import { jobStates, type JobState } from '../../../../shared/uploads';
import { AppFailure } from '../../../../electron/core/errors';
import { canTransition, jobEventTypes, nextState, type JobEvent, type JobEventType } from '../../../../electron/core/uploads/jobStates';

/** The whole machine as a table: state → event → next state (and `!` = the object must be deleted). */
const allowed: Record<JobState, Partial<Record<JobEventType, string>>> = {
  queued: { start: 'uploading', pause: 'paused', cancel: 'cancelled' },
  uploading: { stored: 'uploaded', offline: 'waiting', pause: 'paused', fail: 'failed', cancel: 'cancelled!', recover: 'queued' },
  uploaded: { recorded: 'recorded', offline: 'uploaded', fail: 'failed', cancel: 'cancelled!' },
  recorded: { finished: 'done' },
  done: {},
  waiting: { online: 'queued', pause: 'paused', cancel: 'cancelled' },
  paused: { resume: 'queued', cancel: 'cancelled' },
  failed: { retry: 'queued', cancel: 'cancelled' },
  cancelled: {},
};

const sample = (type: JobEventType): JobEvent =>
  type === 'fail' ? { type, kind: 's3-denied', message: 'Access denied.' } : ({ type } as JobEvent);

const pairs = jobStates.flatMap((state) => jobEventTypes.map((event) => [state, event] as const));

describe('upload job state machine', () => {
  it('enumerates every state and every event', () => {
    expect(Object.keys(allowed).sort()).toEqual([...jobStates].sort());
    expect(pairs).toHaveLength(jobStates.length * 12);
  });

  it.each(pairs)('%s + %s', (state, event) => {
    const expected = allowed[state][event];
    if (expected === undefined) {
      let failure: unknown;
      try {
        nextState(state, sample(event));
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(AppFailure);
      expect((failure as AppFailure).kind).toBe('validation');
      expect((failure as AppFailure).message).toMatch(/^This (upload|photo) .+\.$/);
      expect(canTransition(state, sample(event))).toBe(false);
    } else {
      expect(nextState(state, sample(event))).toEqual({ state: expected.replace('!', ''), deleteObject: expected.endsWith('!') });
      expect(canTransition(state, sample(event))).toBe(true);
    }
  });

  it('explains refusals in a sentence', () => {
    expect(() => nextState('done', { type: 'cancel' })).toThrow('This upload is already done; it cannot be cancelled. To remove the photo, delete it from the product.');
    expect(() => nextState('queued', { type: 'retry' })).toThrow('This upload is waiting in the queue; it cannot be retried. Only a failed upload can be retried.');
    expect(() => nextState('paused', { type: 'pause' })).toThrow('This upload is already paused.');
    expect(() => nextState('uploaded', { type: 'pause' })).toThrow(/already in storage .* cannot be paused/);
  });
});
