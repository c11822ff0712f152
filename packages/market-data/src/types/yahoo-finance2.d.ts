// yahoo-finance2 exports `./lib/cookieJar` and `./lib/getCrumb` through package.json `exports`, which the repo's
// `moduleResolution: node` does not read; this maps the public subpath to its typings.
declare module 'yahoo-finance2/lib/cookieJar' {
  export { ExtendedCookieJar } from 'yahoo-finance2/script/src/lib/cookieJar';
}

declare module 'yahoo-finance2/lib/getCrumb' {
  export { getCrumbClear } from 'yahoo-finance2/script/src/lib/getCrumb';
}
