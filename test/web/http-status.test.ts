import { describe, expect, it } from 'vitest';
import { DraftAlreadyDecided, DraftConflict, InvalidToken, MailerError, NotFound, Paused, PresenceError, ValidationError, VersionConflict } from '../../functions/core/errors';
import { StackNotRunning } from '../../functions/local/stack-not-running';
import { httpStatusOf } from '../../functions/web/http-status';

describe('httpStatusOf', () => {
  it('maps each typed error to its status', () => {
    expect(httpStatusOf(new ValidationError('bad'))).toBe(400);
    expect(httpStatusOf(new InvalidToken('expired'))).toBe(410);
    expect(httpStatusOf(new NotFound('gone'))).toBe(404);
    expect(httpStatusOf(new DraftAlreadyDecided('decided'))).toBe(409);
    expect(httpStatusOf(new DraftConflict('changed'))).toBe(409);
    expect(httpStatusOf(new VersionConflict('lost'))).toBe(409);
    expect(httpStatusOf(new Paused('paused'))).toBe(503);
  });

  it('answers 500 for everything else, known or not', () => {
    expect(httpStatusOf(new MailerError('down', 'unknown'))).toBe(500);
    expect(httpStatusOf(new StackNotRunning('not up'))).toBe(500);
    expect(httpStatusOf(new PresenceError('other'))).toBe(500);
    expect(httpStatusOf(new Error('bug'))).toBe(500);
    expect(httpStatusOf('a string')).toBe(500);
  });
});
