import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkArchitecture } from '../check-architecture';

function plantPackage(root: string, name: string, files: Record<string, string>, deps: Record<string, string> = {}): void {
  const dir = join(root, 'packages', name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@tradebot/${name}`, dependencies: deps }));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, 'src', file), text);
}

describe('Function: checkArchitecture', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'arch-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes on this repository', () => {
    // Act
    const violations = checkArchitecture(join(__dirname, '..', '..'));

    // Assess
    expect(violations).toEqual([]);
  });

  it('flags I/O, SDK, clock and process use in core-domain', () => {
    // Prepare
    plantPackage(root, 'core-domain', {
      'a.ts': "import { readFileSync } from 'node:fs';\nimport Big from 'big.js';\n",
      'b.ts': "import { S3Client } from '@aws-sdk/client-s3';\nexport const t = () => Date.now();\n",
      'c.ts': 'export const env = process.env.X;\nexport const d = new Date();\n// Date.now() in a comment is fine\n',
      'd.ts': "const http = require('http');\nexport const ok = new Date('2026-01-01');\n",
    });

    // Act
    const violations = checkArchitecture(root);

    // Assess
    const found = violations.map((v) => `${v.file.split('/').pop()}:${v.line}:${v.rule}`).sort();
    expect(found).toEqual(['a.ts:1:imports', 'b.ts:1:imports', 'b.ts:2:purity', 'c.ts:1:purity', 'c.ts:2:purity', 'd.ts:1:imports']);
  });

  it('flags an adapter importing another adapter, in source and in package.json', () => {
    // Prepare
    plantPackage(root, 'core-domain', {});
    plantPackage(root, 'telegram-bot', { 'bot.ts': "import { S3Store } from '@tradebot/storage-s3';\nimport { ok } from '@tradebot/core-domain';\n" }, {
      '@tradebot/storage-dynamodb': 'workspace:*',
    });

    // Act
    const violations = checkArchitecture(root);

    // Assess
    expect(violations.map((v) => v.detail)).toEqual([
      expect.stringContaining('@tradebot/storage-dynamodb'),
      expect.stringContaining('@tradebot/storage-s3'),
    ]);
  });

  it('flags anything importing an fn-* package and an fn-* importing local-stack', () => {
    // Prepare
    plantPackage(root, 'local-stack', { 'scan-cli.ts': "export { handler } from '@tradebot/fn-webhook';\n" });
    plantPackage(root, 'fn-daily', { 'handler.ts': "import { startStack } from '@tradebot/local-stack';\n" });

    // Act
    const violations = checkArchitecture(root);

    // Assess
    expect(violations).toHaveLength(2);
    const details = violations.map((v) => v.detail);
    expect(details).toEqual(
      expect.arrayContaining([expect.stringContaining('nothing may import an fn-* package'), expect.stringContaining('never bundled into a Lambda')]),
    );
  });

  it('flags a vendor imported outside its gateway module', () => {
    // Prepare
    plantPackage(root, 'market-data', {
      'yahoo-client.ts': "import YahooFinance from 'yahoo-finance2';\n",
      'yahoo-feed.ts': "import { getCrumbClear } from 'yahoo-finance2/lib/getCrumb';\nimport { YahooClient } from './yahoo-client';\n",
    });
    // Act
    const violations = checkArchitecture(root);

    // Assess
    expect(violations).toEqual([
      { file: 'packages/market-data/src/yahoo-feed.ts', line: 1, rule: 'vendor', detail: expect.stringContaining('only packages/market-data/src/yahoo-client.ts may import yahoo-finance2') },
    ]);
  });

  it('flags classic zod, and zod imported anywhere but the gateway, in shipped sources', () => {
    // Prepare: the gateway on classic zod, an adapter and a function importing zod themselves; tests are free.
    plantPackage(root, 'core-domain', { 'zod.ts': "import * as z from 'zod';\nexport { z };\n", 'rules.ts': "import { z } from './zod';\n" });
    plantPackage(root, 'storage-s3', { 'tips.ts': "import { z } from 'zod/mini';\n" });
    plantPackage(root, 'fn-webhook', { 'config.ts': "import * as z from '@tradebot/core-domain/zod';\nimport { ZodError } from 'zod/v4';\n" });
    mkdirSync(join(root, 'packages', 'fn-webhook', 'tests'));
    writeFileSync(join(root, 'packages', 'fn-webhook', 'tests', 'a.test.ts'), "import { z } from 'zod';\n");
    // Act
    const violations = checkArchitecture(root);

    // Assess
    expect(violations).toEqual([
      { file: 'packages/core-domain/src/zod.ts', line: 1, rule: 'zod', detail: expect.stringContaining('never classic zod') },
      { file: 'packages/fn-webhook/src/config.ts', line: 2, rule: 'zod', detail: expect.stringContaining("import * as z from '@tradebot/core-domain/zod' (zod/mini") },
      { file: 'packages/storage-s3/src/tips.ts', line: 1, rule: 'zod', detail: expect.stringContaining('only packages/core-domain/src/zod.ts imports zod') },
    ]);
  });

  it('treats a relative import into another package as importing that package', () => {
    // Prepare
    plantPackage(root, 'storage-s3', { 'sneaky.ts': "import { DynamoTradeLedger } from '../../storage-dynamodb/src/ledger';\nimport { x } from './own';\n" });
    plantPackage(root, 'telegram-bot', { 'bot.ts': "export { handler } from '../../fn-webhook/src/handler';\n" });

    // Act
    const violations = checkArchitecture(root);

    // Assess
    expect(violations.map((v) => `${v.file}: ${v.detail}`).sort()).toEqual([
      expect.stringMatching(/^packages\/storage-s3\/src\/sneaky\.ts: imports @tradebot\/storage-dynamodb/),
      expect.stringMatching(/^packages\/telegram-bot\/src\/bot\.ts: imports @tradebot\/fn-webhook: nothing may import/),
    ]);
  });

  it('lets only the named local runners load an fn-* app', () => {
    // Prepare
    plantPackage(root, 'local-stack', {
      'start.ts': "const app = await import('../../fn-webhook/src/public');\n",
      'other.ts': "import { createDailyJob } from '../../fn-daily/src/app';\n",
    });

    // Act
    const violations = checkArchitecture(root);

    // Assess
    expect(violations.map((v) => v.file)).toEqual(['packages/local-stack/src/other.ts']);
  });
});
