import { describe, expect, it } from 'vitest';
import { PresenceError } from '../../functions/core/errors';
import { StackNotRunning } from '../../functions/local/stack-not-running';

describe('StackNotRunning', () => {
  it('is a PresenceError with its own code, so the CLI prints it as one line', () => {
    const error = new StackNotRunning('The local stack is not running.');
    expect(error).toBeInstanceOf(PresenceError);
    expect(error.code).toBe('stack_not_running');
    expect(error.name).toBe('StackNotRunning');
  });
});
