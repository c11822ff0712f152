/**
 * The number of runs a property test gets: `n`, or a fraction of it (at least 25) under mutation
 * testing. `pnpm mutate` sets `TRADEBOT_MUTATION_RUNS_DIVISOR` because every mutant reruns all the
 * tests that cover it, and Jest cannot stop at the first failure there: a property kept at full
 * strength would make a mutation run take hours. Fewer runs can only let more mutants survive, so
 * the measured score is a lower bound of what the full suite kills. Wrap every `numRuns` in it.
 */
export function runs(n: number): number {
  const divisor = Number(process.env.TRADEBOT_MUTATION_RUNS_DIVISOR ?? 1);
  if (!Number.isFinite(divisor) || divisor <= 1) return n;
  return Math.max(25, Math.ceil(n / divisor));
}
