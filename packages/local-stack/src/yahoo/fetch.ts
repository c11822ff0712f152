/**
 * A `fetch` for yahoo-finance2 that sends every `https://<any yahoo host>/...` request to the
 * local Yahoo server. `YF_QUERY_HOST` alone is not enough: the crumb flow uses fixed
 * `https://finance.yahoo.com` and `https://query1.finance.yahoo.com` URLs.
 */
import { yahooOriginFetch } from '@tradebot/market-data';
import type { YahooServer } from './server';

/**
 * Builds the fetch to inject (`new YahooPriceFeed({ fetch: yahooFetch(server) })`). Requests to
 * other hosts are refused, so a test can never reach the internet by accident. The same rewrite
 * serves a packaged Lambda whose `YAHOO_API_ROOT` points at the server (market-data's `yahooOriginFetch`).
 */
export function yahooFetch(server: Pick<YahooServer, 'url'> | string): typeof fetch {
  return yahooOriginFetch(typeof server === 'string' ? server : server.url);
}
