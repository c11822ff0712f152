/**
 * `tsx scripts/render-readme-chart.ts`: renders docs/chart-ko.png, the README's example of `/chart`,
 * with the code the bot runs (core-domain's chart data, telegram-bot's SVG and resvg renderer) on the
 * local Yahoo stand-in's SIMULATED series (no market data) and three made-up trades.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, dec, priceChart, type LedgerEntry } from '@tradebot/core-domain';
import { YahooPriceFeed } from '@tradebot/market-data';
import { createResvgRenderer, loadChartAssetsFromPackages, priceChartSvg } from '@tradebot/telegram-bot';
import { startYahooServer, yahooFetch } from '../packages/local-stack/src/yahoo';

async function main(): Promise<void> {
  const today = '2026-11-20';
  const yahoo = await startYahooServer({ seed: 7, now: () => new Date(`${today}T22:00:00Z`) });
  try {
    const feed = new YahooPriceFeed({ fetch: yahooFetch(yahoo), clock: { now: () => new Date(`${today}T22:00:00Z`) } });
    const bars = await feed.history('KO', addDays(today, -560), today);
    const close = (date: string): number => bars.filter((b) => b.date <= date).pop()!.close;
    const trade = (seq: number, side: 'buy' | 'sell', date: string, quantity: number): LedgerEntry => ({
      kind: 'trade',
      seq,
      recordedAt: `${date}T15:00:00Z`,
      trade: { side, symbol: 'KO', quantity: dec(quantity), price: dec(close(date).toFixed(2)), fees: dec(0), currency: 'USD', executedAt: `${date}T15:00:00Z` },
    });
    const entries = [trade(1, 'buy', '2026-02-17', 20), trade(2, 'buy', '2026-06-15', 10), trade(3, 'sell', '2026-10-01', 12)];
    const chart = priceChart({ symbol: 'KO', currency: 'USD', range: '1y', bars, entries })!;
    const png = await createResvgRenderer(loadChartAssetsFromPackages).render(priceChartSvg(chart, 'en'));
    writeFileSync(join(__dirname, '..', 'docs', 'chart-ko.png'), png);
    console.log(`docs/chart-ko.png: ${png.byteLength} bytes`);
  } finally {
    await yahoo.close();
  }
}

void main();
