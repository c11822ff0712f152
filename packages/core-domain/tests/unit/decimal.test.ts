import fc from 'fast-check';
import { parseDecimal } from '../../src/decimal';
import { runs } from '../helpers/runs';

describe('Function: parseDecimal', () => {
  it('reads a decimal point and a decimal comma alike', () => {
    // Act & Assess
    expect(parseDecimal('182.50')?.toFixed()).toBe('182.5');
    expect(parseDecimal('182,50')?.toFixed()).toBe('182.5');
    expect(parseDecimal(' .5 ')?.toFixed()).toBe('0.5');
  });

  it('accepts an explicit sign, including the + that big.js itself refuses', () => {
    // Act & Assess
    expect(parseDecimal('+0')?.toFixed()).toBe('0');
    expect(parseDecimal('+1,25')?.toFixed()).toBe('1.25');
    expect(parseDecimal('-2.5')?.toFixed()).toBe('-2.5');
  });

  it('returns null for anything that is not a plain decimal', () => {
    // Act & Assess
    for (const text of ['', '+', '1e5', '1.2.3', '1,2,3', 'abc', '0x10', 'Infinity', '++1', '1 000']) {
      expect(parseDecimal(text)).toBeNull();
    }
  });

  it('never throws on any string', () => {
    // Act & Assess
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        parseDecimal(text);
      }),
      { numRuns: runs(2000) },
    );
  });
});
