import { dec } from '../../src/decimal';
import { domainErrorMessage } from '../../src/error-messages';
import { DomainErrorCode } from '../../src/errors';
import { addMoney, amountIn, isMoneyIn, money, scaleMoney, subtractMoney, sumMoney, totalsByCurrency, zeroMoney, type Money } from '../../src/money';

const text = (m: Money): string => `${m.amount.toFixed()} ${m.currency}`;

describe('Function: addMoney', () => {
  it('adds two amounts of one currency exactly', () => {
    // Act
    const result = addMoney(money('0.1', 'USD'), money('0.2', 'USD'));

    // Assess
    expect(result.ok && text(result.value)).toBe('0.3 USD');
  });

  it('does not compile for two known currencies, and refuses them at run time', () => {
    // Prepare
    const usd = money('10', 'USD');
    const eur = money('5', 'EUR');

    // Act
    // @ts-expect-error: a Money<'EUR'> is not a Money<'USD'>; this line must not type-check.
    const typed = addMoney(usd, eur);
    const fromData = addMoney(money('10', ['USD', 'EUR'][0]!), money('5', ['USD', 'EUR'][1]!));

    // Assess
    for (const result of [typed, fromData]) {
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatchObject({ code: DomainErrorCode.MixedCurrencies, context: { expected: 'USD', got: 'EUR' } });
    }
    expect(!fromData.ok && fromData.error.message).toBe('EUR and USD cannot be added without an exchange rate.');
    expect(!fromData.ok && domainErrorMessage(fromData.error, 'es')).toBe('EUR y USD no se pueden sumar sin un tipo de cambio.');
  });
});

describe('Function: subtractMoney', () => {
  it('subtracts within a currency and refuses across two', () => {
    // Act
    const same = subtractMoney(money('10', 'EUR'), money('2.5', 'EUR'));
    const mixed = subtractMoney(money('10', 'EUR') as Money, money('2.5', 'USD') as Money);

    // Assess
    expect(same.ok && text(same.value)).toBe('7.5 EUR');
    expect(mixed.ok).toBe(false);
  });
});

describe('Function: sumMoney', () => {
  it('sums amounts of the named currency, zero for none, and refuses one in another currency', () => {
    // Prepare
    const amounts: Money[] = [money('1.10', 'USD'), money('2.20', 'USD')];

    // Act
    const total = sumMoney('USD', amounts);
    const nothing = sumMoney('JPY', []);
    const mixed = sumMoney('USD', [...amounts, money('3', 'EUR')]);

    // Assess
    expect(total.ok && text(total.value)).toBe('3.3 USD');
    expect(nothing.ok && text(nothing.value)).toBe('0 JPY');
    expect(!mixed.ok && mixed.error.context).toEqual({ expected: 'USD', got: 'EUR' });
  });
});

describe('Function: totalsByCurrency', () => {
  it('keeps one exact total per currency, in code order, never one sum', () => {
    // Act
    const totals = totalsByCurrency([money('100', 'USD'), money('50.5', 'EUR'), money('0.1', 'USD'), money('0.2', 'USD'), money('-0.5', 'EUR')]);

    // Assess
    expect([...totals.keys()]).toEqual(['EUR', 'USD']);
    expect([...totals.values()].map(text)).toEqual(['50 EUR', '100.3 USD']);
    expect(text(amountIn(totals, 'USD'))).toBe('100.3 USD');
    expect(text(amountIn(totals, 'GBP'))).toBe('0 GBP');
  });
});

describe('Function: scaleMoney and isMoneyIn', () => {
  it('keeps the currency through a product, and narrows a run-time currency to a known one', () => {
    // Prepare
    const price: Money = money('182.5', 'USD');

    // Act
    const value = scaleMoney(price, dec('3'));

    // Assess
    expect(text(value)).toBe('547.5 USD');
    expect(isMoneyIn(value, 'USD')).toBe(true);
    expect(isMoneyIn(value, 'EUR')).toBe(false);
    if (isMoneyIn(value, 'USD')) {
      const total = addMoney(value, zeroMoney('USD'));
      expect(total.ok && total.value.currency).toBe('USD');
    }
  });
});
