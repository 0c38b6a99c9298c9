// The HTTP status of every typed error, in one place, so the approval site, the unsubscribe endpoint, the
// dashboard and the local server answer the same error the same way. Anything unknown is a 500.
import { DraftAlreadyDecided, DraftConflict, InvalidToken, NotFound, Paused, ValidationError, VersionConflict } from '../core/errors';

export function httpStatusOf(error: unknown): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof InvalidToken) return 410;
  if (error instanceof NotFound) return 404;
  if (error instanceof DraftAlreadyDecided || error instanceof DraftConflict || error instanceof VersionConflict) return 409;
  if (error instanceof Paused) return 503;
  return 500;
}
