// yahoo-finance2 exports `./lib/cookieJar` (and the other subpaths below) through package.json `exports`, which the repo's
// `moduleResolution: node` does not read; this maps the public subpath to its typings.
declare module 'yahoo-finance2/lib/cookieJar' {
  export { ExtendedCookieJar } from 'yahoo-finance2/script/src/lib/cookieJar';
}

declare module 'yahoo-finance2/lib/getCrumb' {
  export { getCrumbClear } from 'yahoo-finance2/script/src/lib/getCrumb';
}

declare module 'yahoo-finance2/createYahooFinance' {
  export { default } from 'yahoo-finance2/script/src/createYahooFinance';
}

declare module 'yahoo-finance2/modules/quote' {
  export { default } from 'yahoo-finance2/script/src/modules/quote';
}

declare module 'yahoo-finance2/modules/chart' {
  export { default } from 'yahoo-finance2/script/src/modules/chart';
}
