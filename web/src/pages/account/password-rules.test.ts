import { describe, expect, it } from 'vitest';
import { ApiError, errorFromBody } from '../../api/errors.js';
import { linkProblem, newPasswordProblem, tokenFrom } from './password-rules.js';

describe('reset-password rules', () => {
  it('checks the new password and its confirmation', () => {
    expect(newPasswordProblem('short', 'short')).toBe('Password must be at least 8 characters.');
    expect(newPasswordProblem('long enough', 'long enougH')).toBe('The two passwords do not match.');
    expect(newPasswordProblem('long enough', 'long enough')).toBeNull();
  });

  it('explains expired, used and unknown links in human words, and leaves other errors alone', () => {
    const body = (code: string, status: number) => errorFromBody(status, { code, message: 'server text' });
    expect(linkProblem(body('reset_token_expired', 410))?.title).toBe('This link has expired');
    expect(linkProblem(body('reset_token_used', 410))?.title).toBe('This link was already used');
    expect(linkProblem(body('reset_token_invalid', 400))?.title).toBe('This link is not valid');
    const cut = errorFromBody(400, { code: 'validation_failed', message: 'Invalid request', fields: [{ path: 'body.token', message: 'This reset link is incomplete' }] });
    expect(linkProblem(cut)?.title).toBe('This link is not valid');
    expect(linkProblem(new ApiError(429, 'rate_limited', 'Too many requests'))).toBeNull();
    expect(linkProblem(new Error('offline'))).toBeNull();
  });

  it('reads the token from the query only when it looks like one', () => {
    const token = 'A'.repeat(43);
    expect(tokenFrom({ token })).toBe(token);
    expect(tokenFrom({ token: 'abc' })).toBeNull();
    expect(tokenFrom({})).toBeNull();
    expect(tokenFrom({ token: `${token}<script>` })).toBeNull();
  });
});
