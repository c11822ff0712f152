/**
 * Jest `globalSetup`: the embedded S3 and DynamoDB servers (local-stack's setup), then, when this run
 * includes an e2e suite, the Lambda packages those suites run (`ensurePackages`: built once per run
 * at most, reused while the sources are unchanged). Their directory reaches the test workers through
 * `E2E_PACKAGES_ENV`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import startAwsServers from '../packages/local-stack/src/aws/jest-global-setup';
import { E2E_PACKAGES_ENV } from './env';
import { ensurePackages } from './packages';

const SUITES = join(__dirname, 'tests');

/** The part of jest's global config read here (jest 30: `testPathPatterns` is a `TestPathPatterns`). */
interface GlobalConfig {
  readonly rootDir: string;
  readonly testPathPatterns?: { isSet(): boolean; toExecutor(options: { rootDir: string }): { isMatch(path: string): boolean } };
}

/** Whether the run will execute any e2e suite (no path pattern, or one matching a suite). */
function runsE2e(globalConfig: GlobalConfig): boolean {
  const patterns = globalConfig.testPathPatterns;
  if (!patterns?.isSet()) return true;
  const matches = patterns.toExecutor({ rootDir: globalConfig.rootDir });
  return readdirSync(SUITES)
    .filter((f) => f.endsWith('.test.ts'))
    .some((f) => matches.isMatch(join(SUITES, f)));
}

export default async function globalSetup(globalConfig: GlobalConfig): Promise<void> {
  await startAwsServers();
  if (!runsE2e(globalConfig)) return;
  const started = Date.now();
  const packages = ensurePackages();
  process.env[E2E_PACKAGES_ENV] = packages.dir;
  if (packages.built) process.stdout.write(`\ne2e: built the Lambda packages in ${((Date.now() - started) / 1000).toFixed(1)} s (${packages.dir})\n`);
}
