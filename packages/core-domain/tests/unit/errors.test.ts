import { CorruptDocumentError, describeError, TradebotError } from '../../src/errors';

class FeedDownError extends TradebotError {}

describe('Function: describeError', () => {
  it('gives an error\'s message, and its class name too when asked', () => {
    // Prepare
    const error = new FeedDownError('Yahoo did not answer', { cause: new Error('socket hang up') });

    // Act / Assess
    expect(describeError(error)).toBe('Yahoo did not answer');
    expect(describeError(error, { withName: true })).toBe('FeedDownError: Yahoo did not answer');
  });

  it('turns anything else thrown into text and never shows a stack', () => {
    // Act / Assess
    expect(describeError('plain string')).toBe('plain string');
    expect(describeError(42, { withName: true })).toBe('42');
    expect(describeError(new Error('boom'))).not.toMatch(/\n\s+at /);
  });
});

describe('Class: CorruptDocumentError', () => {
  it('names the document and what is wrong with it, and says it was left as it is', () => {
    // Act
    const error = new CorruptDocumentError('config/rules.json', 'maxPositions must be a whole number');
    // Assess
    expect(describeError(error, { withName: true })).toBe(
      'CorruptDocumentError: Stored document config/rules.json is corrupt: maxPositions must be a whole number. It was left untouched; fix or delete it.',
    );
    expect([error.key, error.reason]).toEqual(['config/rules.json', 'maxPositions must be a whole number']);
  });
});
