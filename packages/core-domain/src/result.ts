/**
 * Expected outcomes are values, not exceptions: "you cannot sell 10, you hold 4" is a
 * `Result`, not a crash. Use `ok`/`err` to build them and narrow on `.ok`.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Wraps a success value. */
export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

/** Wraps an expected failure. */
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error });
