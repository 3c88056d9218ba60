import { describe, expect, it } from 'vitest';
import { sharedToastText } from './shared-toast.js';

describe('sharedToastText', () => {
  it('names who shared which page', () => {
    expect(sharedToastText({ title: 'Plan', sharedBy: { id: 'u', name: 'Ann' } })).toBe('Ann shared “Plan” with you');
  });
  it('calls a page without a title Untitled', () => {
    expect(sharedToastText({ title: '  ', sharedBy: { id: 'u', name: 'Ann' } })).toBe('Ann shared “Untitled” with you');
  });
});
