// Errors that cross a worker thread's boundary: structured cloning keeps only an Error's message, so
// the errors a user can cause travel as plain data and are made again on the other side, as the same
// classes (the web answers them as if the work had run on the request thread).
import { EditRefusal } from '../align/edit-operations.ts';
import { StaleViewError } from '../services/edit-alignment.ts';
import { InputError, NotFoundError, type MessageKey } from '../services/errors.ts';

export type SerializedError =
  | { type: 'stale'; around: number }
  | { type: 'refusal'; code: string; params: Record<string, string | number> }
  | { type: 'not-found'; message: string; translation?: MessageKey }
  | { type: 'input'; message: string; status: InputError['status']; field?: string; translation?: MessageKey }
  | { type: 'internal'; message: string; stack?: string };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof StaleViewError) return { type: 'stale', around: error.around };
  if (error instanceof EditRefusal) return { type: 'refusal', code: error.code, params: error.params };
  if (error instanceof NotFoundError) return { type: 'not-found', message: error.message, translation: error.translation };
  if (error instanceof InputError) return { type: 'input', message: error.message, status: error.status, field: error.field, translation: error.translation };
  const e = error instanceof Error ? error : new Error(String(error));
  return { type: 'internal', message: e.message, stack: e.stack };
}

/** A job's work failed for a reason that is not the user's (a bug, a crashed worker). */
export class JobFailure extends Error {
  constructor(message: string, readonly workerStack?: string) {
    super(message);
    this.name = 'JobFailure';
  }
}

export function deserializeError(error: SerializedError): Error {
  switch (error.type) {
    case 'stale':
      return new StaleViewError(error.around);
    case 'refusal':
      return new EditRefusal(error.code, error.params);
    case 'not-found':
      return new NotFoundError(error.message, error.translation);
    case 'input':
      return new InputError(error.message, error.status, error.field, error.translation);
    case 'internal':
      return new JobFailure(error.message, error.stack);
  }
}
