import { evaluateRules } from '../../src/alerts';
import { dec } from '../../src/decimal';
import { replay } from '../../src/ledger';
import { RulesSchema } from '../../src/rules';
import { valuePortfolio } from '../../src/valuation';
import { ledger } from '../helpers/ledger';

const prices = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([s, p]) => [s, dec(p)]));

describe('Function: evaluateRules', () => {
  // Five equal positions of 100 each: 20% weight apiece, nothing alerting at default rules.
  const five = () => ledger().buy('AAA', '1', '100').buy('BBB', '1', '100').buy('CCC', '1', '100').buy('DDD', '1', '100').buy('EEE', '1', '100');

  it('raises nothing for a portfolio inside every rule', () => {
    // Prepare
    const rules = RulesSchema.parse({});
    const v = valuePortfolio(replay(five().entries), prices({ AAA: '100', BBB: '100', CCC: '100', DDD: '100', EEE: '100' }));
    // Act
    const alerts = evaluateRules(rules, v);
    // Assess
    expect(alerts).toEqual([]);
  });

  it('flags stop loss at exactly the limit, take profit, and the resulting overweight, in a fixed order', () => {
    // Prepare: stop loss 8%, take profit 25%; EEE -8% exactly, AAA +30%
    const rules = RulesSchema.parse({ stopLossPct: 8, takeProfitPct: 25, maxPositionWeightPct: 20 });
    const v = valuePortfolio(replay(five().entries), prices({ AAA: '130', BBB: '100', CCC: '100', DDD: '100', EEE: '92' }));
    // Act
    const alerts = evaluateRules(rules, v);
    // Assess
    expect(alerts.map((a) => [a.kind, a.symbol, a.threshold])).toEqual([
      ['stop_loss', 'EEE', -8],
      ['take_profit', 'AAA', 25],
      ['overweight', 'AAA', 20],
    ]);
    expect(alerts[0]!.measured).toBeCloseTo(-8, 10);
    expect(alerts[1]!.measured).toBeCloseTo(30, 10);
    expect(alerts[2]!.measured).toBeCloseTo((130 / 522) * 100, 10);
    expect(alerts[0]!.message).toBe('EEE is -8.0% vs its average cost, past the -8.0% stop loss.');
  });

  it('counts open positions against the maximum and speaks Spanish when the rules say so', () => {
    // Prepare
    const rules = RulesSchema.parse({ maxOpenPositions: 4, maxPositionWeightPct: 100, language: 'es' });
    const v = valuePortfolio(replay(five().entries), new Map());
    // Act
    const alerts = evaluateRules(rules, v);
    // Assess
    expect(alerts).toEqual([
      { kind: 'too_many_positions', measured: 5, threshold: 4, message: 'Tienes 5 posiciones abiertas, más del máximo de 4.' },
    ]);
  });

  it('tells every alert in the rules language, English or Spanish', () => {
    // Prepare: AAA +20% exactly (take profit 20%), BBB -10% (stop loss 10%), AAA weighs 24%; 5 positions, at most 4.
    const v = valuePortfolio(replay(five().entries), prices({ AAA: '120', BBB: '90', CCC: '100', DDD: '100', EEE: '100' }));
    const limits = { stopLossPct: 10, takeProfitPct: 20, maxPositionWeightPct: 22, maxOpenPositions: 4 };
    // Act
    const english = evaluateRules(RulesSchema.parse(limits), v).map((a) => a.message);
    const spanish = evaluateRules(RulesSchema.parse({ ...limits, language: 'es' }), v).map((a) => a.message);
    // Assess
    expect(english).toEqual([
      'BBB is -10.0% vs its average cost, past the -10.0% stop loss.',
      'AAA is +20.0% vs its average cost, past the +20.0% take profit.',
      'AAA is 23.5% of the portfolio, above the 22.0% maximum weight.',
      'You hold 5 open positions, more than the maximum of 4.',
    ]);
    expect(spanish).toEqual([
      'BBB está -10.0% sobre su coste medio, por debajo del stop loss de -10.0%.',
      'AAA está +20.0% sobre su coste medio, por encima del take profit de +20.0%.',
      'AAA pesa 23.5% de la cartera, más del máximo de 22.0%.',
      'Tienes 5 posiciones abiertas, más del máximo de 4.',
    ]);
  });

  it('allows exactly the maximum number of positions, and orders alerts of one kind by symbol', () => {
    // Prepare: five positions, at most five; DDD, EEE and BBB (in that order of value) past the stop loss.
    const rules = RulesSchema.parse({ maxOpenPositions: 5, stopLossPct: 5, maxPositionWeightPct: 100 });
    const v = valuePortfolio(replay(five().entries), prices({ AAA: '100', BBB: '80', CCC: '100', DDD: '95', EEE: '90' }));
    // Act
    const alerts = evaluateRules(rules, v);
    // Assess
    expect(alerts.map((a) => [a.kind, a.symbol])).toEqual([
      ['stop_loss', 'BBB'],
      ['stop_loss', 'DDD'],
      ['stop_loss', 'EEE'],
    ]);
  });

  it('raises no price alert for a position without a price', () => {
    // Prepare
    const rules = RulesSchema.parse({ maxPositionWeightPct: 100 });
    const v = valuePortfolio(replay(ledger().buy('AAA', '1', '100').entries), new Map());
    // Act / Assess
    expect(evaluateRules(rules, v)).toEqual([]);
  });
});
