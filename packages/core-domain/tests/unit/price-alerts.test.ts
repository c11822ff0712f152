import { dec } from '../../src/decimal';
import { describeCondition, evaluateAlert, needsPeak } from '../../src/price-alerts';

const seen = (price: string, peak?: string) => ({ price: dec(price), priceAt: '2026-11-17T15:00:00.000Z', ...(peak ? { peak: dec(peak) } : {}) });

describe('Function: evaluateAlert', () => {
  it('fires below and above at the level itself, not before', () => {
    // Act / Assess
    expect(evaluateAlert({ kind: 'below', price: dec(58) }, seen('58'), 'now')).not.toBeNull();
    expect(evaluateAlert({ kind: 'below', price: dec(58) }, seen('58.01'), 'now')).toBeNull();
    expect(evaluateAlert({ kind: 'above', price: dec(150) }, seen('150'), 'now')).toMatchObject({ price: dec(150), priceAt: '2026-11-17T15:00:00.000Z', firedAt: 'now' });
    expect(evaluateAlert({ kind: 'above', price: dec(150) }, seen('149.99'), 'now')).toBeNull();
  });

  it('fires a drawdown alert at that percentage below the high, and never without a high', () => {
    // Act
    const fired = evaluateAlert({ kind: 'drawdown', pct: dec(20) }, seen('80', '100'), 'now');
    // Assess
    expect(fired).toMatchObject({ peak: dec(100), drawdownPct: 20 });
    expect(evaluateAlert({ kind: 'drawdown', pct: dec(20) }, seen('80.01', '100'), 'now')).toBeNull();
    expect(evaluateAlert({ kind: 'drawdown', pct: dec(20) }, seen('10'), 'now')).toBeNull();
  });

  it('says every condition in both languages', () => {
    // Act / Assess
    expect(describeCondition({ kind: 'drawdown', pct: dec(20) }, 'es')).toBe('un 20% por debajo de su máximo de 180 días');
    expect(describeCondition({ kind: 'drawdown', pct: dec('12.5') }, 'en')).toBe('12.5% below its 180-day high');
    expect(describeCondition({ kind: 'below', price: dec('58.5') }, 'en')).toBe('below 58.5');
    expect(describeCondition({ kind: 'below', price: dec('58.5') }, 'es')).toBe('por debajo de 58.5');
    expect(describeCondition({ kind: 'above', price: dec(150) }, 'en')).toBe('above 150');
    expect(describeCondition({ kind: 'above', price: dec(150) }, 'es')).toBe('por encima de 150');
  });

  it('marks a firing on a simulated price as simulated, and only then', () => {
    // Act
    const simulated = evaluateAlert({ kind: 'below', price: dec(58) }, { ...seen('57'), simulated: true }, 'now');
    const real = evaluateAlert({ kind: 'below', price: dec(58) }, { ...seen('57'), simulated: false }, 'now');
    // Assess
    expect(simulated).toEqual({ price: dec(57), priceAt: '2026-11-17T15:00:00.000Z', firedAt: 'now', simulated: true });
    expect(real).toEqual({ price: dec(57), priceAt: '2026-11-17T15:00:00.000Z', firedAt: 'now' });
  });
});

describe('Function: needsPeak', () => {
  it('asks for the 180-day high only when some condition is a drawdown', () => {
    // Act / Assess
    expect(needsPeak([{ kind: 'below', price: dec(58) }, { kind: 'drawdown', pct: dec(20) }])).toBe(true);
    expect(needsPeak([{ kind: 'below', price: dec(58) }, { kind: 'above', price: dec(60) }])).toBe(false);
    expect(needsPeak([])).toBe(false);
  });
});
