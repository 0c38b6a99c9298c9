// The local stack's own error: a command needs `presence up` (or a part of it could not start). It is a
// PresenceError, so the CLI prints it as one line with what to do (exit 1), never as a stack trace.
import { PresenceError } from '../core/errors';

export class StackNotRunning extends PresenceError {
  override readonly code = 'stack_not_running';
}
