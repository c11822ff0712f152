import { dec } from '../../src/decimal';
import { xirr, xirrLog, XirrFailureCode } from '../../src/xirr';

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
});
