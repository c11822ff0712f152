import fc from 'fast-check';
import { dec, divide, parseDecimal, sum, toNumber, toPlain } from '../../src/decimal';
import { runs } from '../helpers/runs';

describe('Function: parseDecimal', () => {
  it('reads a decimal point and a decimal comma alike', () => {
    // Act & Assess
    expect(parseDecimal('182.50')?.toFixed()).toBe('182.5');
    expect(parseDecimal('182,50')?.toFixed()).toBe('182.5');
    expect(parseDecimal(' .5 ')?.toFixed()).toBe('0.5');
    expect(parseDecimal(',25')?.toFixed()).toBe('0.25');
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

describe('Function: dec', () => {
  it('takes text, numbers and decimals, and refuses a number that is not finite', () => {
    // Prepare
    const given = dec('1.50');
    // Act / Assess
    expect(dec(given)).toBe(given);
    expect(dec(0.1).toFixed()).toBe('0.1');
    expect(() => dec(Number.NaN)).toThrow(new RangeError('Not a finite number: NaN'));
    expect(() => dec(Number.NEGATIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('Function: divide', () => {
  it('rounds half-even at the places asked, and leaves the precision of every other division as it was, even after a failure', () => {
    // Act
    const third = divide(dec(1), dec(3), 4);
    const half = divide(dec('0.125'), dec(1), 2);
    const failed = () => divide(dec(1), dec(0), 2);
    // Assess
    expect([third.toFixed(), half.toFixed()]).toEqual(['0.3333', '0.12']);
    expect(failed).toThrow();
    expect(dec(1).div(3).toFixed()).toBe(`0.${'3'.repeat(30)}`);
  });
});

describe('Functions: sum, toPlain, toNumber', () => {
  it('sums exactly, writes plain digits without an exponent, and gives the nearest double', () => {
    // Act / Assess
    expect(sum([dec('0.1'), dec('0.2')]).toFixed()).toBe('0.3');
    expect(sum([]).toFixed()).toBe('0');
    expect(toPlain(dec('1e-7'))).toBe('0.0000001');
    expect(toPlain(dec('1e21'))).toBe('1000000000000000000000');
    expect(toNumber(dec('-182.5'))).toBe(-182.5);
  });
});

