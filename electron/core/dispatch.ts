import { z } from 'zod';
import { channels, type Channel } from '../../shared/ipc/channels';
import { contract, type Handlers } from '../../shared/ipc/contract';
import { err, ok, type Result } from '../../shared/result';
import { toAppError } from './errors';
import type { Logger } from './log';
import type { Redactor } from './redact';

export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

/**
 * The single entry for every transport (Electron IPC, dev:web WebSocket, CLI): looks the channel up,
 * parses the payload with the channel's schema, runs the handler, and turns whatever happens into a
 * Result. Nothing thrown escapes, so a hostile or buggy caller cannot crash main.
 */
export function createDispatcher(handlers: Handlers, deps: { redactor: Redactor; logger: Logger }): Dispatch {
  return async (channel, payload) => {
    if (typeof channel !== 'string' || !(channels as readonly string[]).includes(channel)) {
      return err('validation', `Unknown request "${String(channel).slice(0, 60)}". Update Vitrina's window (reload).`);
    }
    const name = channel as Channel;
    const parsed = contract[name].request.safeParse(payload);
    if (!parsed.success) {
      return err('validation', describeIssues(parsed.error));
    }
    try {
      const handler = handlers[name] as (request: unknown) => Promise<unknown>;
      return ok(deps.redactor.redactDeep(await handler(parsed.data)));
    } catch (error) {
      const appError = toAppError(error);
      const message = deps.redactor.redact(appError.message);
      if (appError.kind === 'internal') {
        deps.logger.log('error', 'handler-failed', {
          channel: name,
          error: deps.redactor.redact(error instanceof Error ? (error.stack ?? error.message) : String(error)),
        });
      }
      return { ok: false, error: { kind: appError.kind, message } };
    }
  };
}

/**
 * Names the fields and what is wrong with them, never the values: a rejected payload may hold a secret.
 */
function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'request';
    return `${where}: ${issue.message}`;
  });
  return `Invalid request — ${parts.join('; ')}`;
}
