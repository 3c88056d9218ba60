import { describe, expect, it } from 'vitest';
import { errorFromBody, errorMessage, humanMessage, OFFLINE_MESSAGE } from './errors.js';

describe('human error messages', () => {
  it('never shows internals of server failures', () => {
    expect(humanMessage(500, 'TypeError: x is undefined')).toBe('Something went wrong on our side. Please try again in a moment.');
    expect(humanMessage(503)).toMatch(/temporarily unavailable/);
    expect(humanMessage(0)).toBe(OFFLINE_MESSAGE);
  });

  it('keeps a deliberate 5xx message, such as a feature being turned off', () => {
    expect(errorFromBody(503, { code: 'ai_disabled', message: 'AI features are turned off' }).message).toBe('AI features are turned off');
    expect(errorFromBody(500, { code: 'internal', message: 'Internal server error' }).message).toMatch(/on our side/);
    expect(errorFromBody(502, '').message).toMatch(/temporarily unavailable/);
  });

  it('keeps the server message for client errors when it is meant for people', () => {
    expect(humanMessage(401, 'Email or password is incorrect')).toBe('Email or password is incorrect');
    expect(humanMessage(403, 'FORBIDDEN')).toBe('You do not have permission to do this.');
    expect(humanMessage(429)).toMatch(/Too many requests/);
  });

  it('turns field errors into one readable line', () => {
    const err = errorFromBody(400, {
      code: 'validation_failed',
      message: 'Invalid request',
      fields: [{ path: 'body.email', message: 'Enter a valid email address' }],
    });
    expect(err.message).toBe('email: Enter a valid email address');
    expect(err.fields).toHaveLength(1);
    expect(err.code).toBe('validation_failed');
  });

  it('handles bodies that are not JSON objects', () => {
    expect(errorFromBody(404, 'Not Found').message).toBe('We could not find what you were looking for.');
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe(OFFLINE_MESSAGE);
  });
});
