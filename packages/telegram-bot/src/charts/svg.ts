/**
 * Charts as SVG, laid out for a phone: 1080 px wide, large type, the legend in words. Pure string
 * building from core-domain's chart data; `png.ts` turns the SVG into the photo that is sent.
 */
import type { PortfolioChart, PriceChart } from '@tradebot/core-domain';
import { formatNumber, formatPct, type Language } from '../format';
import { messagesFor } from '../messages';

/** Width of every chart, in pixels (Telegram shows photos up to 1280 px; phones are ~1080 px wide). */
export const CHART_WIDTH = 1080;
/** Height of every chart, in pixels. */
export const CHART_HEIGHT = 760;
/** The family the SVG asks for; the renderer loads it from the embedded TTFs (Lambda has no system fonts). */
export const CHART_FONT_FAMILY = 'Roboto';

const PLOT = { left: 40, right: 930, top: 150, bottom: 610 } as const;
const COLOURS = {
  close: '#1565c0',
  peak: '#757575',
  band: '#e53935',
  buy: '#2e7d32',
  sell: '#c62828',
  invested: '#616161',
  grid: '#e0e0e0',
  text: '#212121',
  muted: '#616161',
} as const;

/** A chart ready to render, with what it drew (the PNG carries it as metadata, tests read it). */
export interface ChartSvg {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  /** What was plotted: the kind, the series' span and every marker, as JSON-able data. */
  readonly drawn: Readonly<Record<string, unknown>>;
}

/** Escapes text for an XML attribute or text node. */
function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) {
    const pad = Math.abs(min) * 0.05 || 1;
    return niceTicks(min - pad, max + pad, count);
  }
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  if (ticks[ticks.length - 1]! < max) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks;
}

interface Scale {
  x(index: number): number;
  y(value: number): number;
  readonly ticks: readonly number[];
}

function scaleFor(points: number, values: readonly number[]): Scale {
  const ticks = niceTicks(Math.min(...values), Math.max(...values));
  const lo = ticks[0]!;
  const hi = ticks[ticks.length - 1]!;
  const width = PLOT.right - PLOT.left;
  const height = PLOT.bottom - PLOT.top;
  return {
    ticks,
    x: (index) => PLOT.left + (points <= 1 ? width / 2 : (index / (points - 1)) * width),
    y: (value) => PLOT.bottom - ((value - lo) / (hi - lo)) * height,
  };
}

const r1 = (n: number): string => n.toFixed(1);

function frame(title: string, subtitle: string, body: string[], legend: readonly { colour: string; label: string; shape: 'line' | 'dash' | 'band' | 'up' | 'down' }[]): string {
  const legendParts: string[] = [];
  let x = PLOT.left;
  const y = CHART_HEIGHT - 48;
  for (const item of legend) {
    if (item.shape === 'line' || item.shape === 'dash') {
      legendParts.push(`<line x1="${x}" y1="${y - 10}" x2="${x + 44}" y2="${y - 10}" stroke="${item.colour}" stroke-width="5"${item.shape === 'dash' ? ' stroke-dasharray="10 7"' : ''}/>`);
    } else if (item.shape === 'band') {
      legendParts.push(`<rect x="${x}" y="${y - 26}" width="44" height="30" fill="${item.colour}" fill-opacity="0.18"/>`);
    } else {
      legendParts.push(marker(x + 22, y - 10, item.shape === 'up' ? 'buy' : 'sell'));
    }
    x += 56;
    legendParts.push(`<text x="${x}" y="${y}" font-size="28" fill="${COLOURS.text}">${xml(item.label)}</text>`);
    x += item.label.length * 15 + 40;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${CHART_FONT_FAMILY}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="64" font-size="46" font-weight="bold" fill="${COLOURS.text}">${xml(title)}</text>`,
    `<text x="${PLOT.left}" y="114" font-size="32" fill="${COLOURS.muted}">${xml(subtitle)}</text>`,
    ...body,
    ...legendParts,
    '</svg>',
  ].join('\n');
}

function grid(scale: Scale, language: Language, digits: number): string[] {
  return scale.ticks.map((tick) => {
    const y = r1(scale.y(tick));
    return `<line x1="${PLOT.left}" y1="${y}" x2="${PLOT.right}" y2="${y}" stroke="${COLOURS.grid}" stroke-width="2"/><text x="${PLOT.right + 14}" y="${r1(scale.y(tick) + 10)}" font-size="28" fill="${COLOURS.muted}">${xml(formatNumber(tick, language, { minDigits: 0, maxDigits: digits }))}</text>`;
  });
}

/** Month labels under the plot: the first session of a month, at most about seven of them. */
function monthLabels(dates: readonly string[], scale: Scale, language: Language): string[] {
  const starts: number[] = [];
  for (let i = 0; i < dates.length; i++) if (i === 0 || dates[i]!.slice(0, 7) !== dates[i - 1]!.slice(0, 7)) starts.push(i);
  const every = Math.max(1, Math.ceil(starts.length / 7));
  const months = messagesFor(language).chart.months;
  // Labels need about 100 px each: a month that starts too close to the previous label is skipped.
  let previousX = -Infinity;
  return starts
    .filter((_, k) => k % every === 0)
    .filter((i) => {
      const x = scale.x(i);
      if (x >= PLOT.right - 40 || x - previousX < 100) return false;
      previousX = x;
      return true;
    })
    .map((i) => {
      const date = dates[i]!;
      const month = months[Number(date.slice(5, 7)) - 1]!;
      const label = i === 0 || date.slice(5, 7) === '01' ? `${month} ${date.slice(2, 4)}` : month;
      const x = r1(scale.x(i));
      return `<line x1="${x}" y1="${PLOT.bottom}" x2="${x}" y2="${PLOT.bottom + 10}" stroke="${COLOURS.muted}" stroke-width="2"/><text x="${x}" y="${PLOT.bottom + 46}" font-size="28" fill="${COLOURS.muted}">${xml(label)}</text>`;
    });
}

function marker(x: number, y: number, side: 'buy' | 'sell'): string {
  const s = 16;
  const points = side === 'buy' ? `${r1(x)},${r1(y - s)} ${r1(x - s)},${r1(y + s)} ${r1(x + s)},${r1(y + s)}` : `${r1(x)},${r1(y + s)} ${r1(x - s)},${r1(y - s)} ${r1(x + s)},${r1(y - s)}`;
  return `<polygon points="${points}" fill="${side === 'buy' ? COLOURS.buy : COLOURS.sell}" stroke="#ffffff" stroke-width="3"/>`;
}

/** Decimal places the axis and labels need for prices around `value`. */
const priceDigits = (value: number): number => (value >= 1000 ? 0 : value >= 1 ? 2 : 4);

/**
 * `/chart TICKER`: closes (blue), the rolling 180-day high (dashed), the drawdown between them
 * (red band) and the investor's buys (green ▲) and sells (red ▼) at their prices.
 */
export function priceChartSvg(chart: PriceChart, language: Language): ChartSvg {
  const t = messagesFor(language).chart;
  const dates = chart.points.map((p) => p.date);
  const index = new Map(dates.map((d, i) => [d, i] as const));
  // A trade on a day without a session (weekend, holiday) sits on the next session.
  const markerIndex = (date: string): number => index.get(date) ?? Math.max(0, dates.findIndex((d) => d >= date));
  const values = [...chart.points.flatMap((p) => [p.close, p.peak]), ...chart.markers.map((m) => m.price)];
  const scale = scaleFor(chart.points.length, values);
  const last = chart.points[chart.points.length - 1]!;
  const digits = priceDigits(last.close);
  const closePath = chart.points.map((p, i) => `${r1(scale.x(i))},${r1(scale.y(p.close))}`).join(' ');
  const peakPath = chart.points.map((p, i) => `${r1(scale.x(i))},${r1(scale.y(p.peak))}`).join(' ');
  const band = [...chart.points.map((p, i) => `${r1(scale.x(i))},${r1(scale.y(p.peak))}`), ...chart.points.map((p, i) => `${r1(scale.x(i))},${r1(scale.y(p.close))}`).reverse()].join(' ');
  const labelled = chart.markers.length <= 12;
  const markers = chart.markers.map((m) => {
    const x = scale.x(markerIndex(m.date));
    const y = scale.y(m.price);
    const label = labelled
      ? `<text x="${r1(x + 20)}" y="${r1(m.side === 'buy' ? y + 40 : y - 22)}" font-size="26" font-weight="bold" fill="${m.side === 'buy' ? COLOURS.buy : COLOURS.sell}" stroke="#ffffff" stroke-width="7" stroke-linejoin="round" paint-order="stroke">${xml(formatNumber(m.price, language, { minDigits: 0, maxDigits: digits }))}</text>`
      : '';
    return marker(x, y, m.side) + label;
  });
  const body = [
    ...grid(scale, language, digits),
    `<polygon points="${band}" fill="${COLOURS.band}" fill-opacity="0.18"/>`,
    `<polyline points="${peakPath}" fill="none" stroke="${COLOURS.peak}" stroke-width="3" stroke-dasharray="10 7"/>`,
    `<polyline points="${closePath}" fill="none" stroke="${COLOURS.close}" stroke-width="4" stroke-linejoin="round"/>`,
    ...monthLabels(dates, scale, language),
    ...markers,
  ];
  const title = `${chart.symbol} · ${t.range[chart.range]} · ${chart.currency}`;
  const subtitle = t.priceSubtitle(
    formatNumber(last.close, language, { minDigits: digits, maxDigits: digits }),
    formatNumber(last.peak, language, { minDigits: digits, maxDigits: digits }),
    formatPct(last.drawdownPct, language, true),
  );
  const legend = [
    { colour: COLOURS.close, label: t.close, shape: 'line' as const },
    { colour: COLOURS.peak, label: t.peak, shape: 'dash' as const },
    { colour: COLOURS.band, label: t.drawdown, shape: 'band' as const },
    ...(chart.markers.some((m) => m.side === 'buy') ? [{ colour: COLOURS.buy, label: t.buy, shape: 'up' as const }] : []),
    ...(chart.markers.some((m) => m.side === 'sell') ? [{ colour: COLOURS.sell, label: t.sell, shape: 'down' as const }] : []),
  ];
  return {
    svg: frame(title, subtitle, body, legend),
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    drawn: {
      kind: 'price',
      symbol: chart.symbol,
      range: chart.range,
      points: chart.points.length,
      from: chart.points[0]!.date,
      to: last.date,
      lastClose: last.close,
      peak: last.peak,
      markers: chart.markers.map((m) => ({ seq: m.seq, side: m.side, date: m.date, price: m.price, at: dates[markerIndex(m.date)] })),
    },
  };
}

/** `/chart portfolio`: value of the open positions (blue, filled) and the capital invested in them (grey). */
export function portfolioChartSvg(chart: PortfolioChart, language: Language): ChartSvg {
  const t = messagesFor(language).chart;
  const dates = chart.points.map((p) => p.date);
  const scale = scaleFor(chart.points.length, chart.points.flatMap((p) => [p.value, p.invested]));
  const last = chart.points[chart.points.length - 1]!;
  const valuePath = chart.points.map((p, i) => `${r1(scale.x(i))},${r1(scale.y(p.value))}`);
  const area = [`${r1(scale.x(0))},${PLOT.bottom}`, ...valuePath, `${r1(scale.x(chart.points.length - 1))},${PLOT.bottom}`].join(' ');
  // Invested capital changes only on trade days: drawn as steps.
  const steps: string[] = [];
  chart.points.forEach((p, i) => {
    if (i > 0) steps.push(`${r1(scale.x(i))},${r1(scale.y(chart.points[i - 1]!.invested))}`);
    steps.push(`${r1(scale.x(i))},${r1(scale.y(p.invested))}`);
  });
  const pnl = last.value - last.invested;
  const body = [
    ...grid(scale, language, 0),
    `<polygon points="${area}" fill="${COLOURS.close}" fill-opacity="0.10"/>`,
    `<polyline points="${steps.join(' ')}" fill="none" stroke="${COLOURS.invested}" stroke-width="3" stroke-dasharray="10 7"/>`,
    `<polyline points="${valuePath.join(' ')}" fill="none" stroke="${COLOURS.close}" stroke-width="4" stroke-linejoin="round"/>`,
    ...monthLabels(dates, scale, language),
  ];
  const title = `${t.portfolio} · ${t.range[chart.range]} · ${chart.currency}`;
  const subtitle = t.portfolioSubtitle(
    formatNumber(last.value, language, { minDigits: 0, maxDigits: 0 }),
    formatNumber(last.invested, language, { minDigits: 0, maxDigits: 0 }),
    formatNumber(pnl, language, { minDigits: 0, maxDigits: 0, signed: true }),
    last.invested > 0 ? formatPct((pnl / last.invested) * 100, language, true) : '—',
  );
  const legend = [
    { colour: COLOURS.close, label: t.value, shape: 'line' as const },
    { colour: COLOURS.invested, label: t.invested, shape: 'dash' as const },
  ];
  return {
    svg: frame(title, subtitle, body, legend),
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    drawn: {
      kind: 'portfolio',
      range: chart.range,
      currency: chart.currency,
      points: chart.points.length,
      from: chart.points[0]!.date,
      to: last.date,
      value: Math.round(last.value * 100) / 100,
      invested: Math.round(last.invested * 100) / 100,
      excluded: chart.excluded,
    },
  };
}
