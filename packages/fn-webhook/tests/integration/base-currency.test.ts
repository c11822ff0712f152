import type { HandBar } from '@tradebot/local-stack';
import { webhookStack, type WebhookStack, daysAgo } from '../helpers/webhook-stack';


/** A bar every calendar day of the last 70 days; `close(days ago)`. */
function series(close: (ago: number) => number): HandBar[] {
  return Array.from({ length: 71 }, (_, i) => 70 - i).map((ago) => ({ date: daysAgo(ago), close: close(ago) }));
}

describe('Function: createWebhookApp, the base currency', () => {
  let stack: WebhookStack;

  beforeAll(async () => {
    // No quote cache: the second test changes what the source knows between two commands.
    stack = await webhookStack({ app: { quoteCacheMs: 0 } });
    // SAN.MC is quoted in EUR (a euro exchange) at 5.00; EUR is worth 1.20 USD until 30 days ago, 1.10 since.
    stack.yahoo.configure({ series: { 'SAN.MC': series(() => 5), 'EURUSD=X': series((ago) => (ago > 30 ? 1.2 : 1.1)) } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('converts the EUR position into the base currency (USD) at today\'s rate, and the realized P&L at the rate of the sale\'s day, showing the rate and its time', async () => {
    // Prepare: 100 SAN.MC at 4.00 EUR, 50 sold at 4.80 EUR 40 days ago (+40 EUR, when EUR was 1.20 USD).
    await stack.say(`/buy SAN.MC 100 4 0 ${daysAgo(50)}`);
    await stack.say(`/sell SAN.MC 50 4.80 0 ${daysAgo(40)}`);
    // Act
    const balance = (await stack.say('/balance')).replies.join('\n');
    const portfolio = (await stack.say('/portfolio')).replies.join('\n');
    // Assess: the EUR column as it is, then everything in USD.
    expect(balance).toContain('Balance (EUR)');
    expect(balance).toMatch(/Invested \(open\)\s+200\.00\n/);
    const inUsd = balance.slice(balance.indexOf('All in USD'));
    expect(inUsd).toMatch(/Invested \(open\)\s+220\.00\n/);
    expect(inUsd).toMatch(/Market value\s+275\.00\n/);
    expect(inUsd).toMatch(/Unrealized P&L\s+\+55\.00\n/);
    expect(inUsd).toMatch(/Realized P&L\s+\+48\.00\n/);
    expect(inUsd).toMatch(/Total P&L\s+\+103\.00\n/);
    expect(inUsd).toMatch(/Rates: EUR→USD 1\.1000 \(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)/);
    expect(inUsd).toContain("Open positions at today's rate; realized P&L and dividends at the rate of their own day.");
    expect(portfolio).toContain('Total in USD: 275.00 (+25.0%)');
    expect(portfolio).toContain('EUR→USD 1.1000');
  });

  it('keeps the totals per currency, and says so, when there is no exchange rate', async () => {
    // Prepare: the source stops knowing the pair.
    stack.yahoo.configure({ series: { 'SAN.MC': series(() => 5) } });
    // Act
    const balance = (await stack.say('/balance')).replies.join('\n');
    const portfolio = (await stack.say('/portfolio')).replies.join('\n');
    // Assess
    for (const reply of [balance, portfolio]) {
      expect(reply).toContain('No exchange rate for EUR into USD right now: the totals stay per currency.');
      expect(reply).not.toContain('in USD');
    }
    expect(balance).toMatch(/Invested \(open\)\s+200\.00\n/);
  });

  it('keeps /stats per currency: a EUR gain and a USD loss are two tables, never one sum', async () => {
    // Prepare: +40 EUR realized on SAN.MC (first test); now -100 USD on AAPL
    await stack.say(`/buy AAPL 10 100 0 ${daysAgo(20)}`);
    await stack.say(`/sell AAPL 10 90 0 ${daysAgo(10)}`);
    // Act
    const stats = (await stack.say('/stats')).replies.join('\n');
    const monthly = (await stack.say('/stats month')).replies.join('\n');
    // Assess: each currency under its own heading, with its own realized P&L; no -60 anywhere
    expect(stats).toMatch(/EUR\n[\s\S]*Realized P&L\s+\+40\.00[\s\S]*USD\n[\s\S]*Realized P&L\s+-100\.00/);
    expect(stats).not.toContain('-60.00');
    expect(monthly).toMatch(/EUR\n[\s\S]*\+40\.00[\s\S]*USD\n[\s\S]*-100\.00/);
    expect(monthly).not.toContain('-60.00');
  });
});
