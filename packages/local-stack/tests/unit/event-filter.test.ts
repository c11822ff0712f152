import { matchesEventPattern } from '../../src/aws/event-filter';

describe('Function: matchesEventPattern (Lambda event filtering)', () => {
  const record = { eventName: 'INSERT', dynamodb: { Keys: { PK: { S: 'PORTFOLIO#42' }, SK: { S: 'TRADE#0000000001' } }, SizeBytes: 40 }, tags: ['a', 'b'] };

  it('matches nested keys against literals and prefixes, and ignores keys the pattern does not name', () => {
    // Act + Assess
    expect(matchesEventPattern({ dynamodb: { Keys: { PK: { S: [{ prefix: 'PORTFOLIO#' }] }, SK: { S: [{ prefix: 'TRADE#' }] } } } }, record)).toBe(true);
    expect(matchesEventPattern({ dynamodb: { Keys: { SK: { S: [{ prefix: 'PROPOSAL#' }] } } } }, record)).toBe(false);
    expect(matchesEventPattern({ eventName: ['MODIFY', 'INSERT'], dynamodb: { SizeBytes: [40] } }, record)).toBe(true);
    expect(matchesEventPattern({ eventName: ['REMOVE'] }, record)).toBe(false);
  });

  it('reads suffix, equals-ignore-case, anything-but and exists, and an array in the event as any of its elements', () => {
    // Act + Assess
    expect(matchesEventPattern({ dynamodb: { Keys: { SK: { S: [{ suffix: '001' }] } } } }, record)).toBe(true);
    expect(matchesEventPattern({ eventName: [{ 'equals-ignore-case': 'insert' }] }, record)).toBe(true);
    expect(matchesEventPattern({ eventName: [{ 'anything-but': ['REMOVE', 'MODIFY'] }] }, record)).toBe(true);
    expect(matchesEventPattern({ eventName: [{ 'anything-but': 'INSERT' }] }, record)).toBe(false);
    expect(matchesEventPattern({ dynamodb: { NewImage: [{ exists: false }] } }, record)).toBe(true);
    expect(matchesEventPattern({ dynamodb: { Keys: [{ exists: true }] } }, record)).toBe(false);
    expect(matchesEventPattern({ eventName: [{ exists: true }] }, record)).toBe(true);
    expect(matchesEventPattern({ tags: ['b'] }, record)).toBe(true);
    expect(matchesEventPattern({ missing: { deeper: ['x'] } }, record)).toBe(false);
  });

  it('refuses an operator it does not understand rather than guess', () => {
    // Act + Assess
    expect(() => matchesEventPattern({ dynamodb: { SizeBytes: [{ numeric: ['>', 0] }] } }, record)).toThrow(/numeric.*not understood/);
  });
});
