/**
 * A module loaded by the first call and kept for the process: `onFirstUse(() => import('./x'))`.
 * Use it for code only a rare command runs, so a cold start does not compile it (the Lambda bundle
 * puts an `import()`ed module in a file of its own, required on first use: docs/packaging.md). A
 * load that fails is not kept: the caller sees the error like any other of its command, and the
 * next call tries again.
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
