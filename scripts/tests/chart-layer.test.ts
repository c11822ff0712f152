import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { priceChart, type Bar } from '@tradebot/core-domain';
import { CHART_ASSET_FILES, CHART_HEIGHT, CHART_WIDTH, createResvgRenderer, loadChartAssets, pngChunks, priceChartSvg } from '@tradebot/telegram-bot';
import { chartLayer } from '../package';

describe('Function: chartLayer', () => {
  it('holds, under charts/, every file the renderer reads from /opt/charts, and renders a chart from them', async () => {
    // Prepare: the layer unpacked the way Lambda does (under /opt), here under a temp dir.
    const opt = mkdtempSync(join(tmpdir(), 'tradebot-layer-'));
    const entries = unzipSync(chartLayer().zip);
    for (const [path, data] of Object.entries(entries)) {
      mkdirSync(dirname(join(opt, path)), { recursive: true });
      writeFileSync(join(opt, path), data);
    }
    const bars: Bar[] = Array.from({ length: 300 }, (_, i) => ({ date: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), close: 50 + Math.sin(i / 9) * 5 }));
    const chart = priceChart({ symbol: 'KO', currency: 'USD', range: '1y', bars, entries: [] })!;
    // Act
    const renderer = createResvgRenderer(() => loadChartAssets(join(opt, 'charts')));
    const png = await renderer.render(priceChartSvg(chart, 'en'));
    // Assess
    expect(Object.keys(entries).sort()).toEqual(
      [CHART_ASSET_FILES.wasm, ...CHART_ASSET_FILES.fonts, ...CHART_ASSET_FILES.licenses].map((f) => `charts/${f.name}`).concat('charts/NOTICE.txt').sort(),
    );
    const header = pngChunks(png)[0]!;
    expect(header.type).toBe('IHDR');
    expect([header.data.readUInt32BE(0), header.data.readUInt32BE(4)]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
  });

  it('is deterministic: the same inputs give the same bytes', () => {
    // Act / Assess
    expect(Buffer.from(chartLayer().zip).equals(Buffer.from(chartLayer().zip))).toBe(true);
  });
});
