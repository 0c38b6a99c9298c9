import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../functions/core/config';
import { graceSecondsOf } from '../../functions/local/local-runtime';

describe('PRESENCE_APPROVAL_GRACE_SECONDS', () => {
  it('takes whole seconds, the default when unset, and names the variable when it is not a number of seconds', () => {
    expect(graceSecondsOf(undefined)).toBe(defaultConfig.approvalGraceSeconds);
    expect(graceSecondsOf('')).toBe(defaultConfig.approvalGraceSeconds);
    expect(graceSecondsOf('0')).toBe(0);
    expect(graceSecondsOf('30')).toBe(30);
    for (const bad of ['-5', '2m', '1.5', '9999']) expect(() => graceSecondsOf(bad), bad).toThrowError(/PRESENCE_APPROVAL_GRACE_SECONDS must be whole seconds/);
  });
});
