/**
 * A `fetch` for yahoo-finance2 that sends every `https://<any yahoo host>/...` request to the
 * local Yahoo server. `YF_QUERY_HOST` alone is not enough: the crumb flow uses fixed
 * `https://finance.yahoo.com` and `https://query1.finance.yahoo.com` URLs.
 */
import type { YahooServer } from './server';

const YAHOO_HOST = /^https?:\/\/([a-z0-9-]+\.)*yahoo\.com(?=[/?:]|$)(:\d+)?/i;

/**
 * Builds the fetch to inject (`new YahooPriceFeed({ fetch: yahooFetch(server) })`). Requests to
 * other hosts are refused, so a test can never reach the internet by accident.
 */
export function yahooFetch(server: Pick<YahooServer, 'url'> | string): typeof fetch {
  const base = typeof server === 'string' ? server : server.url;
  const rewritten: typeof fetch = async (input, init) => {
    const original = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!YAHOO_HOST.test(original)) {
      throw new TypeError(`yahooFetch only serves Yahoo hosts; refused ${original}`);
    }
    const target = original.replace(YAHOO_HOST, base);
    if (typeof input === 'string' || input instanceof URL) return fetch(target, init);
    return fetch(new Request(target, input), init);
  };
  return rewritten;
}
