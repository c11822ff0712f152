/**
 * Jest `setupFiles` entry: runs in every test file's context, before the test.
 *
 * Jest runs each test file in its own `vm` context (a separate realm with its own `Array`), while
 * Node's `fetch`, `Headers` and `Response` come from the main realm. `Headers#getSetCookie()` then
 * returns a main-realm array, and yahoo-finance2's cookie jar (loaded inside the test realm) checks
 * `setCookie instanceof Array`: the check fails, the cookie is silently dropped, and the crumb flow
 * ends in 401s. Outside jest there is one realm and nothing to fix, so production code stays free of
 * this: here the method returns an array of the running test file's realm.
 */
const PRISTINE = Symbol.for('tradebot.jest.getSetCookie');

type Patched = Headers & { [PRISTINE]?: () => string[] };

const prototype = Headers.prototype as Patched;
// `Headers` is shared by every test file of a worker: keep the original once, re-bind to this realm's `Array` each time.
const original = prototype[PRISTINE] ?? prototype.getSetCookie;
if (typeof original === 'function') {
  Object.defineProperty(prototype, PRISTINE, { value: original, configurable: true });
  Object.defineProperty(prototype, 'getSetCookie', {
    value: function getSetCookie(this: Headers): string[] {
      return Array.from(original.call(this));
    },
    configurable: true,
    writable: true,
  });
}

export {};
