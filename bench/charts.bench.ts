/**
 * `pnpm bench charts`: the time to render a 1-year `/chart` (data -> SVG -> PNG with resvg's
 * WebAssembly, fonts embedded) warm and cold, and the chart layer's size. The renderer is the one
 * the Lambda runs, its files read from the layer zip `pnpm package` builds (unpacked to a temp dir).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { unzipSync } from 'fflate';
import { priceChart, portfolioChart, type Bar, type LedgerEntry, dec } from '@tradebot/core-domain';
import { createResvgRenderer, loadChartAssets, portfolioChartSvg, priceChartSvg } from '@tradebot/telegram-bot';
import { chartLayer } from '../scripts/package';
import { atMost, info, median, type BenchRow, type BenchSuite } from './lib';

/** The warm render target of the issue. */
const RENDER_TARGET_MS = 300;
/** Lambda's limit for a function and its layers unzipped is 250 MB; the layer should stay small. */
const LAYER_TARGET_KB = 2048;
const SAMPLES = 15;

function bars(days: number): Bar[] {
  return Array.from({ length: days }, (_, i) => {
    const date = new Date(Date.UTC(2025, 5, 1) + i * 86_400_000).toISOString().slice(0, 10);
    return { date, close: 60 + Math.sin(i / 17) * 8 + Math.cos(i / 5) * 2 + i / 40 };
  }).filter((b) => ![0, 6].includes(new Date(`${b.date}T00:00:00Z`).getUTCDay()));
}

function trades(): LedgerEntry[] {
  return Array.from({ length: 12 }, (_, i) => ({
    kind: 'trade' as const,
    seq: i + 1,
    recordedAt: '2026-01-01T00:00:00Z',
    trade: {
      side: i % 3 === 2 ? ('sell' as const) : ('buy' as const),
      symbol: 'KO',
      quantity: dec(5),
      price: dec(60 + i),
      fees: dec(0),
      currency: 'USD',
      executedAt: new Date(Date.UTC(2025, 11, 1) + i * 20 * 86_400_000).toISOString(),
    },
  }));
}

const suite: BenchSuite = {
  name: 'charts',
  async run(): Promise<BenchRow[]> {
    const layer = chartLayer();
    const opt = mkdtempSync(join(tmpdir(), 'tradebot-bench-layer-'));
    for (const [path, data] of Object.entries(unzipSync(layer.zip))) {
      mkdirSync(dirname(join(opt, path)), { recursive: true });
      writeFileSync(join(opt, path), data);
    }
    const history = bars(545);
    const entries = trades();
    const renderer = createResvgRenderer(() => loadChartAssets(join(opt, 'charts')));
    const oneYear = (): Promise<Uint8Array> => renderer.render(priceChartSvg(priceChart({ symbol: 'KO', currency: 'USD', range: '1y', bars: history, entries })!, 'en'));

    // Cold: import, read the files, compile the WebAssembly, then the first render.
    let started = performance.now();
    const first = await oneYear();
    const coldMs = performance.now() - started;
    const warm: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      started = performance.now();
      await oneYear();
      warm.push(performance.now() - started);
    }
    const portfolio = portfolioChart({ entries, bars: new Map([['KO', history]]), currency: 'USD', range: '1y', to: history[history.length - 1]!.date })!;
    const portfolioWarm: number[] = [];
    for (let i = 0; i < 5; i++) {
      started = performance.now();
      await renderer.render(portfolioChartSvg(portfolio, 'en'));
      portfolioWarm.push(performance.now() - started);
    }
    const unzipped = layer.files.reduce((sum, f) => sum + f.bytes, 0);
    return [
      atMost('charts.render_1y.warm_median_ms', Math.round(median(warm)), 'ms', RENDER_TARGET_MS, `data + SVG + PNG (${Math.round(first.byteLength / 1024)} KB, 1080x760), ${SAMPLES} renders after the first`),
      info('charts.render_1y.cold_ms', Math.round(coldMs), 'ms', 'first render of a process: import, read the layer files, compile the WebAssembly'),
      atMost('charts.render_portfolio_1y.warm_median_ms', Math.round(median(portfolioWarm)), 'ms', RENDER_TARGET_MS),
      atMost('charts.layer_zip_kb', Math.round(layer.zip.byteLength / 1024), 'KB', LAYER_TARGET_KB, `unzipped ${Math.round(unzipped / 1024)} KB: ${layer.files.map((f) => `${f.path} ${Math.round(f.bytes / 1024)} KB`).join(', ')}`),
    ];
  },
};

export default suite;
