import { dec } from '../../src/decimal';
import { xirr, xirrLog, XirrFailureCode, type CashFlow } from '../../src/xirr';

/** The flows' net present value at the annual rate `rate`, computed here independently (actual days / 365 from the earliest flow). */
function npvAt(flows: readonly { date: string; amount: number }[], rate: number): number {
  const day = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
  const start = Math.min(...flows.map((f) => day(f.date)));
  return flows.reduce((sum, f) => sum + f.amount / (1 + rate) ** ((day(f.date) - start) / 365), 0);
}

describe('Function: xirr', () => {
  it("gives Excel's documented XIRR example: 0.373362535", () => {
    // Prepare: the example of Microsoft's XIRR documentation
    const flows = [
      { date: '2008-01-01', amount: -10000 },
      { date: '2008-03-01', amount: 2750 },
      { date: '2008-10-30', amount: 4250 },
      { date: '2009-02-15', amount: 3250 },
      { date: '2009-04-01', amount: 2750 },
    ];
    // Act
    const result = xirr(flows);
    // Assess
    expect(result.ok).toBe(true);
    expect(result.ok && result.value).toBeCloseTo(0.37336253, 8);
  });

  it('takes exact decimals and flows in any order, netting flows of the same date', () => {
    // Prepare: the same example, shuffled, with the first flow split in two on its date
    const flows = [
      { date: '2009-04-01', amount: dec('2750') },
      { date: '2008-01-01', amount: dec('-4000') },
      { date: '2008-10-30', amount: dec('4250') },
      { date: '2008-01-01', amount: dec('-6000') },
      { date: '2009-02-15', amount: dec('3250') },
      { date: '2008-03-01', amount: dec('2750') },
    ];
    // Act
    const result = xirr(flows);
    // Assess
    expect(result.ok && result.value).toBeCloseTo(0.37336253, 8);
  });

  it('finds a negative rate: 1000 in, 900 back a year later is -10%', () => {
    // Act
    const result = xirr([
      { date: '2023-01-01', amount: -1000 },
      { date: '2024-01-01', amount: 900 },
    ]);
    // Assess
    expect(result.ok && result.value).toBeCloseTo(-0.1, 12);
  });

  it('refuses flows that never change sign instead of returning a number', () => {
    // Act
    const allIn = xirr([
      { date: '2024-01-01', amount: -100 },
      { date: '2024-06-01', amount: -50 },
    ]);
    const single = xirr([{ date: '2024-01-01', amount: 100 }]);
    const netsToNothing = xirr([
      { date: '2024-01-01', amount: -100 },
      { date: '2024-01-01', amount: 100 },
    ]);
    // Assess
    expect(allIn).toEqual({ ok: false, error: { code: XirrFailureCode.NoSignChange } });
    expect(single).toEqual({ ok: false, error: { code: XirrFailureCode.NoSignChange } });
    expect(netsToNothing).toEqual({ ok: false, error: { code: XirrFailureCode.NoSignChange } });
  });

  it('refuses flows with two rates (-100, +230, -132 over two years: 10% and 20%) and names both', () => {
    // Prepare: -100 + 230/(1+r) - 132/(1+r)^2 = 0 has the roots 1+r = 1.1 and 1.2 (365-day years)
    const flows = [
      { date: '2021-01-01', amount: -100 },
      { date: '2022-01-01', amount: 230 },
      { date: '2023-01-01', amount: -132 },
    ];
    // Act
    const result = xirr(flows);
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(XirrFailureCode.MultipleRoots);
    expect(result.error.roots).toHaveLength(2);
    expect(result.error.roots![0]).toBeCloseTo(0.1, 10);
    expect(result.error.roots![1]).toBeCloseTo(0.2, 10);
  });

  it('refuses flows whose only rate is beyond the search range (a ten-million-fold change over the span)', () => {
    // Prepare: 1 received, then 10,000,000 paid a day later: only a growth of 10^7 balances them
    const flows = [
      { date: '2024-01-01', amount: 1 },
      { date: '2024-01-02', amount: -10_000_000 },
    ];
    // Act
    const result = xirr(flows);
    // Assess
    expect(result).toEqual({ ok: false, error: { code: XirrFailureCode.NoRoot } });
  });

  it('solves a short span as ln(1 + rate), where the annual rate itself would overflow', () => {
    // Prepare: +15% in 3 days is a rate of about 10^7 a year
    const flows = [
      { date: '2024-01-02', amount: -1000 },
      { date: '2024-01-05', amount: 1150 },
    ];
    // Act
    const result = xirrLog(flows);
    // Assess: e^(x x 3/365) - 1 is the 15% of the span
    expect(result.ok).toBe(true);
    expect(result.ok && Math.expm1(result.value[0]! * (3 / 365))).toBeCloseTo(0.15, 12);
  });

  it('finds the one rate of flows that change sign several times (money paid in again between two sales)', () => {
    // Prepare: in, out, in again, out: three changes of sign, and a single rate balances them
    const flows = [
      { date: '2020-01-01', amount: -1000 },
      { date: '2021-01-01', amount: 600 },
      { date: '2021-07-01', amount: -200 },
      { date: '2022-01-01', amount: 800 },
    ];
    // Act
    const result = xirr(flows);
    // Assess: the rate balances the flows, to the solver's precision
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toBeGreaterThan(0.05);
    expect(Math.abs(npvAt(flows, result.value))).toBeLessThan(1e-9);
  });

  it('counts the changes of sign in date order, whatever order the flows are given in', () => {
    // Prepare: the two-rate flows (10% and 20%), given in an order where the sign changes only once
    const flows = [
      { date: '2022-01-01', amount: 230 },
      { date: '2021-01-01', amount: -100 },
      { date: '2023-01-01', amount: -132 },
    ];
    // Act
    const result = xirr(flows);
    // Assess
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe(XirrFailureCode.MultipleRoots);
  });

  it('refuses flows that change sign twice when no rate balances them', () => {
    // Prepare: 1 - 3v + 3v^2 = 0 (v = 1/(1+r)) has no real root
    const flows = [
      { date: '2021-01-01', amount: 1 },
      { date: '2022-01-01', amount: -3 },
      { date: '2023-01-01', amount: 3 },
    ];
    // Act
    const result = xirr(flows);
    // Assess
    expect(result).toEqual({ ok: false, error: { code: XirrFailureCode.NoRoot } });
  });

  it('finds a root that lies near the top of the search range', () => {
    // Prepare: a 500,000-fold growth in a year, inside the 10^6 bound
    const flows = [
      { date: '2023-01-01', amount: -1 },
      { date: '2024-01-01', amount: 500_000 },
    ];
    // Act
    const result = xirr(flows);
    // Assess
    expect(result.ok && result.value).toBeCloseTo(499_999, 4);
  });

  it('finds a loss near the bottom of the search range (almost all of the money lost)', () => {
    // Prepare: 1,000,000 in, 2 back a year later
    const flows = [
      { date: '2023-01-01', amount: -1_000_000 },
      { date: '2024-01-01', amount: 2 },
    ];
    // Act
    const result = xirr(flows);
    // Assess
    expect(result.ok && result.value).toBeCloseTo(-0.999998, 12);
  });

  it('solves amounts of any size: the same flows scaled by 10^300 or 10^-300 give the same rate', () => {
    // Prepare
    const base = [
      { date: '2023-01-01', amount: -1000 },
      { date: '2023-07-01', amount: -500 },
      { date: '2024-01-01', amount: 1650 },
    ];
    const scaled = (factor: number): CashFlow[] => base.map((f) => ({ ...f, amount: f.amount * factor }));
    // Act
    const mixed = [{ date: '2023-01-01', amount: -1e305 }, { date: '2023-06-01', amount: 0.01 }, { date: '2024-01-01', amount: 1.1e305 }];
    const [plain, huge, tiny] = [xirr(base), xirr(scaled(1e300)), xirr(scaled(1e-300))];
    // Assess
    expect(plain.ok).toBe(true);
    if (!plain.ok) return;
    expect(Math.abs(npvAt(base, plain.value))).toBeLessThan(1e-9);
    expect(huge.ok && huge.value).toBeCloseTo(plain.value, 12);
    expect(tiny.ok && tiny.value).toBeCloseTo(plain.value, 12);
    expect(xirr(mixed).ok && (xirr(mixed) as { value: number }).value).toBeCloseTo(0.1, 12);
  });

  it('leaves out flows of nothing and amounts that are not numbers: they neither start the span nor change its rate', () => {
    // Prepare: +15% in 3 days, after an empty start twenty years earlier and a NaN the day before
    const flows = [
      { date: '2004-01-02', amount: 0 },
      { date: '2024-01-01', amount: Number.NaN },
      { date: '2024-01-02', amount: -1000 },
      { date: '2024-01-05', amount: 1150 },
      { date: '2024-01-09', amount: Number.POSITIVE_INFINITY },
    ];
    // Act
    const result = xirrLog(flows);
    // Assess
    expect(result.ok).toBe(true);
    expect(result.ok && Math.expm1(result.value[0]! * (3 / 365))).toBeCloseTo(0.15, 12);
  });

  it('gives 0% for money paid back exactly as received, where the value only touches zero (a double root)', () => {
    // Prepare: -100 + 200v - 100v^2 = -100(1 - v)^2 is zero only at v = 1, without changing sign
    const flows = [
      { date: '2021-01-01', amount: -100 },
      { date: '2022-01-01', amount: 200 },
      { date: '2023-01-01', amount: -100 },
    ];
    // Act
    const result = xirr(flows);
    // Assess
    expect(result).toEqual({ ok: true, value: 0 });
  });
});

