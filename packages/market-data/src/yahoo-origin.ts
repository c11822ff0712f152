/**
 * Sends yahoo-finance2's requests to another origin. yahoo-finance2 calls fixed hosts
 * (`query1/query2.finance.yahoo.com`, and `finance.yahoo.com`, `fc.yahoo.com`, `guce.yahoo.com` for
 * the crumb), so pointing it elsewhere means rewriting every `http(s)://<any yahoo host>` URL.
 */

import { httpFetchAsFetch } from './http-fetch';

const YAHOO_HOST = /^https?:\/\/([a-z0-9-]+\.)*yahoo\.com(?=[/?:]|$)(:\d+)?/i;

/**
 * A `fetch` that rewrites every Yahoo URL to `origin` (e.g. `http://127.0.0.1:4100`) and refuses any
 * other host, so nothing leaves for the internet by accident. Sends through `transport` (default
 * `httpFetch`, the feed's own default). Use it as `YahooPriceFeed`'s `fetch`
 * when `YAHOO_API_ROOT` is set (the packaged Lambdas on the local stack) and in tests.
 */
export function yahooOriginFetch(origin: string, transport: typeof fetch = httpFetchAsFetch): typeof fetch {
  const base = origin.replace(/\/+$/, '');
  const rewritten: typeof fetch = async (input, init) => {
    const original = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!YAHOO_HOST.test(original)) {
      throw new TypeError(`this Yahoo transport only serves Yahoo hosts; refused ${original}`);
    }
    const target = original.replace(YAHOO_HOST, base);
    if (typeof input === 'string' || input instanceof URL) return transport(target, init);
    return transport(new Request(target, input), init);
  };
  return rewritten;
}
