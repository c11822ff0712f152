/**
 * `tldts` for the Lambda bundles, where its one caller is tough-cookie, the cookie jar yahoo-finance2
 * keeps for Yahoo's crumb. tough-cookie asks `getDomain(host)` for the registrable domain, to refuse
 * a cookie set on a public suffix (`Domain=com`) and to enumerate a host's parent domains. The full
 * Public Suffix List is ~100 KB of every zip and ~10 ms of each cold start; this shim treats the last
 * label as the suffix. That is exact for every host the jar ever sees (the feed only talks to
 * `*.yahoo.com`) and still refuses a cookie on a top-level domain; on a multi-label suffix such as
 * `co.uk` it would accept what the list refuses, which only a non-Yahoo server could try.
 */

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The registrable domain of `hostname` (`finance.yahoo.com` -> `yahoo.com`); null for a bare suffix, an IP or nonsense. */
export function getDomain(hostname: string, _options?: unknown): string | null {
  const host = hostname.trim().toLowerCase().replace(/^\.+|\.+$/g, '');
  if (host === '' || IPV4.test(host) || host.includes(':')) return null;
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((label) => label === '')) return null;
  return labels.slice(-2).join('.');
}

/** The public suffix of `hostname` under the same one-label rule (`finance.yahoo.com` -> `com`). */
export function getPublicSuffix(hostname: string, _options?: unknown): string | null {
  const host = hostname.trim().toLowerCase().replace(/^\.+|\.+$/g, '');
  if (host === '' || IPV4.test(host) || host.includes(':')) return null;
  return host.split('.').pop() ?? null;
}
