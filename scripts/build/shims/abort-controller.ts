/**
 * `abort-controller` for the Lambda bundles: Node's own AbortController. Telegraf 4's long polling
 * imports the polyfill (and its event-target-shim); Node 20 has both built in, and only a native
 * AbortSignal is accepted by the built-in `fetch` that `node-fetch.ts` calls.
 */
const NativeAbortController = globalThis.AbortController;
const NativeAbortSignal = globalThis.AbortSignal;

export { NativeAbortController as AbortController, NativeAbortSignal as AbortSignal };
export default NativeAbortController;
