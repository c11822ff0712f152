/**
 * SVG to PNG inside the Lambda, without a browser: resvg (Rust) compiled to WebAssembly, with the
 * fonts embedded (Lambda has no system fonts). The ~2.5 MB of WebAssembly and the fonts would not
 * fit a function's 400 KB zip, so they ship as a Lambda layer (`dist/lambda/layer-charts.zip`,
 * extracted under `/opt/charts`) and are read on the first chart only: other commands never pay
 * for them. Locally and in tests the same files come from node_modules.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { CHART_FONT_FAMILY, type ChartSvg } from './svg';

/** Turns a chart's SVG into PNG bytes. The bot's port for pictures; tests may pass their own. */
export interface ChartRenderer {
  /** Renders `chart`; rejects with `ChartRendererUnavailableError` when the renderer cannot be loaded. */
  render(chart: ChartSvg): Promise<Uint8Array>;
}

/** The renderer's files: the WebAssembly module and the TTF fonts. */
export interface ChartAssets {
  readonly wasm: Uint8Array;
  readonly fonts: readonly Uint8Array[];
}

/** Where the chart layer puts its files in a Lambda (layers are extracted under `/opt`). */
export const CHART_LAYER_DIR = '/opt/charts';

/**
 * The layer's files by name, and the package file each comes from. `pnpm package` builds the layer
 * from this list, and `loadChartAssets` reads it, so the two cannot disagree.
 */
export const CHART_ASSET_FILES = {
  wasm: { name: 'resvg.wasm', from: '@resvg/resvg-wasm/index_bg.wasm' },
  fonts: [
    { name: 'Roboto-Regular.ttf', from: '@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf' },
    { name: 'Roboto-Bold.ttf', from: '@expo-google-fonts/roboto/700Bold/Roboto_700Bold.ttf' },
  ],
  /** Roboto's license (SIL OFL 1.1), shipped beside the fonts as the license asks. */
  licenses: [{ name: 'LICENSE-Roboto.txt', from: '@expo-google-fonts/roboto/LICENSE_FONT' }],
} as const;

/** `NOTICE.txt` of the chart layer: what it holds and under which licenses. */
export const CHART_LAYER_NOTICE = [
  'tradebot chart layer',
  '',
  'resvg.wasm: @resvg/resvg-wasm 2.6 (resvg, an SVG renderer, compiled to WebAssembly), Mozilla Public License 2.0,',
  '  unmodified; its source is the resvg-js project (npm package @resvg/resvg-wasm).',
  'Roboto-Regular.ttf, Roboto-Bold.ttf: the Roboto typeface, Copyright 2011 The Roboto Project Authors,',
  '  SIL Open Font License 1.1 (LICENSE-Roboto.txt), from the npm package @expo-google-fonts/roboto.',
  '',
].join('\n');

/** The chart renderer could not be loaded (layer missing, files unreadable, WebAssembly refused). */
export class ChartRendererUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChartRendererUnavailableError';
  }
}

/**
 * Reads the renderer's files from `dir` (the layer's `/opt/charts` in a Lambda, or wherever
 * `pnpm package` unpacked a layer). Use it as the `assets` of `createResvgRenderer`.
 */
export async function loadChartAssets(dir: string = CHART_LAYER_DIR): Promise<ChartAssets> {
  const [wasm, ...fonts] = await Promise.all([CHART_ASSET_FILES.wasm, ...CHART_ASSET_FILES.fonts].map((f) => readFile(join(dir, f.name))));
  return { wasm: wasm!, fonts };
}

/**
 * Absolute paths of the renderer's files in node_modules, by layer name. Use it outside a Lambda
 * (tests, `pnpm start`, `pnpm package` building the layer).
 */
export function chartAssetSources(): { readonly name: string; readonly path: string }[] {
  const files = [CHART_ASSET_FILES.wasm, ...CHART_ASSET_FILES.fonts, ...CHART_ASSET_FILES.licenses];
  // A computed specifier: the Lambda bundler must not try to follow it (the layer serves the bundle).
  const resolve = (specifier: string): string => require.resolve(specifier);
  return files.map((f) => ({ name: f.name, path: resolve(f.from) }));
}

/** The renderer's files from node_modules (tests, `pnpm start`, benches). */
export async function loadChartAssetsFromPackages(): Promise<ChartAssets> {
  const byName = new Map(chartAssetSources().map((s) => [s.name, s.path]));
  const read = (name: string): Promise<Buffer> => readFile(byName.get(name)!);
  const [wasm, ...fonts] = await Promise.all([read(CHART_ASSET_FILES.wasm.name), ...CHART_ASSET_FILES.fonts.map((f) => read(f.name))]);
  return { wasm: wasm!, fonts };
}

type ResvgModule = typeof import('@resvg/resvg-wasm');

/**
 * A `ChartRenderer` on resvg's WebAssembly build. Nothing is loaded until the first `render`: then
 * the module is imported, `assets` are read and the WebAssembly compiled, once per process. A
 * failed load is not kept, so a later chart tries again.
 */
export function createResvgRenderer(assets: () => Promise<ChartAssets>): ChartRenderer {
  let ready: Promise<{ resvg: ResvgModule; fonts: Uint8Array[] }> | null = null;
  const load = (): Promise<{ resvg: ResvgModule; fonts: Uint8Array[] }> => {
    ready ??= (async () => {
      try {
        const [resvg, files] = await Promise.all([import('@resvg/resvg-wasm'), assets()]);
        await resvg.initWasm(files.wasm);
        return { resvg, fonts: [...files.fonts] };
      } catch (error) {
        // initWasm may only succeed once per process: a module already initialised is fine.
        if (error instanceof Error && /Already initialized/i.test(error.message)) {
          const [resvg, files] = await Promise.all([import('@resvg/resvg-wasm'), assets()]);
          return { resvg, fonts: [...files.fonts] };
        }
        throw new ChartRendererUnavailableError(`The chart renderer could not be loaded: ${(error as Error).message}`, { cause: error });
      }
    })();
    ready.catch(() => {
      ready = null;
    });
    return ready;
  };
  return {
    async render(chart) {
      const { resvg, fonts } = await load();
      const renderer = new resvg.Resvg(chart.svg, {
        font: { fontBuffers: fonts, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
        fitTo: { mode: 'width', value: chart.width },
        background: '#ffffff',
      });
      try {
        const image = renderer.render();
        const png = image.asPng();
        image.free();
        return withTextChunk(png, CHART_DATA_KEYWORD, JSON.stringify(chart.drawn));
      } finally {
        renderer.free();
      }
    },
  };
}

/** The PNG `tEXt` keyword under which a chart records what it drew. */
export const CHART_DATA_KEYWORD = 'tradebot:chart';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * `png` with a `tEXt` chunk after its header: `keyword`, a NUL, then `text` (non-Latin-1 characters
 * escaped as `\uXXXX`, as the PNG spec wants Latin-1 there). Image viewers ignore it; whoever
 * receives the picture (a test, a person with `pngcheck -t`) can read what the chart plotted.
 */
export function withTextChunk(png: Uint8Array, keyword: string, text: string): Uint8Array {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  const ihdrEnd = 8 + 4 + 4 + bytes.readUInt32BE(8) + 4;
  const latin1 = text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const data = Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(latin1, 'latin1')]);
  const type = Buffer.from('tEXt', 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])) >>> 0);
  return Buffer.concat([bytes.subarray(0, ihdrEnd), length, type, data, crc, bytes.subarray(ihdrEnd)]);
}

/** One chunk of a PNG. */
export interface PngChunk {
  readonly type: string;
  readonly data: Buffer;
}

/** The chunks of a PNG (signature checked; CRCs not). Use it to read a chart's size and its `tEXt`. */
export function pngChunks(png: Uint8Array): PngChunk[] {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG: bad signature');
  const chunks: PngChunk[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    chunks.push({ type: bytes.toString('latin1', at + 4, at + 8), data: bytes.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return chunks;
}
