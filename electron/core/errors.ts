import type { AppError, ErrorKind } from '../../shared/result';

/**
 * The one exception type domain code throws on purpose. It carries a kind from the shared union and a
 * message fit for a person (what happened, what to do). The dispatcher turns it into `{ ok: false }`.
 * Messages must never contain a secret; the dispatcher redacts them again as a second line of defence.
 */
export class AppFailure extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'AppFailure';
  }

  toAppError(): AppError {
    return { kind: this.kind, message: this.message };
  }
}

/** Any thrown value as an AppError: AppFailures keep their kind, everything else is a bug (`internal`). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) return error.toAppError();
  const detail = error instanceof Error ? error.message : String(error);
  return {
    kind: 'internal',
    message: `Something went wrong inside Vitrina (${detail}). Try again; if it keeps happening, send the log file to support.`,
  };
}
