/** Jest `globalTeardown`: stops the servers `jest-global-setup.ts` started and removes their temp dir. */
import { rmSync } from 'node:fs';
import { JEST_AWS_STATE_KEY, type JestAwsState } from './jest-global-setup';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>)[JEST_AWS_STATE_KEY] as JestAwsState | undefined;
  if (!state) return;
  await state.servers.stop();
  rmSync(state.directory, { recursive: true, force: true });
  delete (globalThis as Record<string, unknown>)[JEST_AWS_STATE_KEY];
}
