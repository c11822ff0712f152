/**
 * core-domain benches: the full `/stats` computation on a 10,000-trade ledger and parsing
 * 100,000 chat commands. Data is generated from a fixed seed, so every run measures the same work.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { computeStats, dec, parseCommand, pnlByPeriod, replay, type LedgerEntry } from '@tradebot/core-domain';
// mulberry32: the seeded PRNG the simulated Yahoo server uses, so generated data is identical on every run.
import { mulberry32 as prng } from '@tradebot/local-stack';
import { atMost, info, median, type BenchSuite } from './lib';

const SYMBOLS = Array.from({ length: 60 }, (_, i) => `S${String(i).padStart(2, '0')}`);

/** A valid ledger of `count` trades over ~4 years: buys and partial or full sales of held shares. */
export function generateLedger(count: number, seed = 42): LedgerEntry[] {
  const rand = prng(seed);
  const held = new Map<string, number>(); // shares in hundredths, to keep sales valid
  const price = new Map(SYMBOLS.map((s) => [s, 20 + rand() * 300]));
  const entries: LedgerEntry[] = [];
  let ms = Date.UTC(2021, 0, 4, 14, 30);
  for (let seq = 1; seq <= count; seq += 1) {
    ms += Math.floor(rand() * 4 * 3_600_000) + 60_000;
    const symbol = SYMBOLS[Math.floor(rand() * SYMBOLS.length)]!;
    const p = Math.max(1, price.get(symbol)! * (1 + (rand() - 0.5) * 0.06));
    price.set(symbol, p);
    const holding = held.get(symbol) ?? 0;
    const sell = holding > 0 && rand() < 0.45;
    const hundredths = sell ? (rand() < 0.3 ? holding : Math.max(1, Math.floor(holding * rand()))) : 1 + Math.floor(rand() * 5000);
    held.set(symbol, holding + (sell ? -hundredths : hundredths));
    const executedAt = new Date(ms).toISOString();
    entries.push({
      kind: 'trade',
      seq,
      recordedAt: executedAt,
      trade: {
        side: sell ? 'sell' : 'buy',
        symbol,
        quantity: dec(hundredths).div(100),
        price: dec(p.toFixed(2)),
        fees: dec((rand() * 5).toFixed(2)),
        currency: 'USD',
        executedAt,
      },
    });
  }
  return entries;
}

/** `count` chat messages: trades with commas and dates, every other command, and some typos. */
export function generateCommands(count: number, seed = 7): string[] {
  const rand = prng(seed);
  const templates: ((r: () => number) => string)[] = [
    (r) => `/buy ${SYMBOLS[Math.floor(r() * 60)]} ${1 + Math.floor(r() * 100)} ${(r() * 500).toFixed(2)}`,
    (r) => `/compro san.mc ${Math.floor(r() * 1000) + 1} ${(r() * 10).toFixed(3).replace('.', ',')} 2,5 2024-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 10)}`,
    (r) => `/vendo@tradebot_bot brk.b ${(r() * 10).toFixed(4)} ${(r() * 500).toFixed(2)} 1`,
    () => '/portfolio',
    () => '/balance',
    (r) => `/stats ${['day', 'week', 'month', 'mes'][Math.floor(r() * 4)]}`,
    () => '/blacklist add TSLA, NVDA ^GSPC brk/b',
    () => '/tips add MSFT cloud growth, check after earnings',
    (r) => `/scan ${Math.floor(r() * 60)}`,
    () => '/undo',
    () => '/help',
    (r) => `/buy AAPL ${r() < 0.5 ? 'ten' : '-1'} 182.50`,
    () => 'just a question about AAPL?',
  ];
  return Array.from({ length: count }, () => templates[Math.floor(rand() * templates.length)]!(rand));
}

/** Wall and CPU milliseconds of each sample, after warm-ups. */
function time(work: () => void, samples: number, warmup: number): { wall: number[]; cpu: number[] } {
  for (let i = 0; i < warmup; i += 1) work();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    work();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

/** The machine is shared: the load average says how much the wall times were stretched. */
function load(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cpus`;
}

const suite: BenchSuite = {
  name: 'core',
  async run() {
    const ledger = generateLedger(10_000);
    let closedCount = 0;
    const statsTimes = time(
      () => {
        const state = replay(ledger);
        computeStats(state.closed);
        pnlByPeriod(state.closed, 'day');
        pnlByPeriod(state.closed, 'week');
        pnlByPeriod(state.closed, 'month');
        closedCount = state.closed.length;
      },
      15,
      3,
    );

    const commands = generateCommands(100_000);
    let accepted = 0;
    const parseTimes = time(
      () => {
        accepted = 0;
        for (const text of commands) if (parseCommand(text).ok) accepted += 1;
      },
      7,
      1,
    );

    const statsNote = `replay + computeStats + pnlByPeriod(day, week, month); ${closedCount} sales; 15 runs after 3 warm-ups; ${load()}`;
    const parseNote = `${accepted} of 100000 accepted; 7 runs after 1 warm-up; ${load()}`;
    return [
      atMost('core.stats.10k_trades.median', round(median(statsTimes.wall)), 'ms', 50, statsNote),
      info('core.stats.10k_trades.cpu_median', round(median(statsTimes.cpu)), 'ms', 'CPU time of the same runs (user + system, GC threads included): less sensitive to other processes'),
      // 500 ms for 100k = 5 us a message: a webhook parses one message, so this leaves three
      // orders of magnitude below Telegram's patience; it catches a regex or allocation blow-up.
      atMost('core.parse.100k_commands.median', round(median(parseTimes.wall)), 'ms', 500, parseNote),
      info('core.parse.100k_commands.cpu_median', round(median(parseTimes.cpu)), 'ms'),
      info('core.parse.per_command.median', round((median(parseTimes.wall) * 1000) / commands.length), 'us'),
    ];
  },
};

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export default suite;
