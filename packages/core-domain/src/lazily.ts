/**
 * A value built on the first call and kept for the process. Use it for a module-level zod schema
 * that only a rare path reads (`const schema = lazily(() => z.object({...}))`, then
 * `schema().safeParse(...)`): a schema written as a plain constant is built when its module loads, in
 * every Lambda bundle that imports the module, whether that function ever parses with it or not
 * (docs/packaging.md, "Schemas built at load"). Not for a schema every invocation reads, and not a
 * Proxy: the call site says that the value is built on first use, and costs one branch.
 */
export function lazily<T>(build: () => T): () => T {
  let built = false;
  let value: T | undefined;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}
