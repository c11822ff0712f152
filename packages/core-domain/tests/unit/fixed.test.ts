import fc from 'fast-check';
import { dec } from '../../src/decimal';
import { decimalPlaces, divRoundHalfEven, fromScaled, signOf, toCommonScale, toScaled } from '../../src/fixed';
import { runs } from '../helpers/runs';

describe('Function: divRoundHalfEven', () => {
  it.each([
    [5n, 2n, 2n], // 2.5 -> 2
    [7n, 2n, 4n], // 3.5 -> 4
    [-5n, 2n, -2n],
    [-7n, 2n, -4n],
    [10n, 3n, 3n],
    [11n, 3n, 4n],
    [0n, 7n, 0n],
  ])('rounds %p / %p to %p as big.js half-even does', (num, den, expected) => {
    // Act / Assess
    expect(divRoundHalfEven(num, den)).toBe(expected);
    expect(dec(num.toString()).div(den.toString()).round(0, 2).toFixed()).toBe(expected.toString());
  });
});

describe('Function: toScaled / fromScaled', () => {
  it.each(['0', '182.5', '-0.000123', '1200', '123456789012345678.25', '0.1'])('round-trips %p exactly', (text) => {
    // Prepare
    const x = dec(text);
    // Act
    const scaled = toScaled(x, decimalPlaces(x) + 3);
    // Assess
    expect(fromScaled(scaled, decimalPlaces(x) + 3).eq(x)).toBe(true);
  });

  it('puts values on the widest scale among them', () => {
    // Act
    const { scale, scaled } = toCommonScale([dec('1.5'), dec('-0.25'), dec('3')]);
    // Assess
    expect(scale).toBe(2);
    expect(scaled).toEqual([150n, -25n, 300n]);
    expect(signOf(dec('-0.25'))).toBe(-1);
    expect(signOf(dec('0'))).toBe(0);
    expect(signOf(dec('2'))).toBe(1);
  });
});

describe('Property: fromScaled', () => {
  it('builds the same decimal as big.js parsing the digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 20 }), (value, scale) => {
        // Prepare
        const negative = value < 0n;
        const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
        const text = `${negative ? '-' : ''}${digits.slice(0, digits.length - scale)}${scale ? `.${digits.slice(digits.length - scale)}` : ''}`;
        // Act
        const built = fromScaled(value, scale);
        // Assess
        const parsed = dec(text);
        expect([built.s, built.e, built.c]).toEqual([parsed.s, parsed.e, parsed.c]);
        expect(built.toFixed()).toBe(parsed.toFixed());
        expect(toScaled(built, scale)).toBe(value);
      }),
      { numRuns: runs(2000) },
    );
  });
});
