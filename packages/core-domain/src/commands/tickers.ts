/**
 * Yahoo exchange suffixes (`SAN.MC`, `7203.T`, `VOD.L`). A dot followed by one of these names the
 * market and is kept; any other short dotted suffix is a share class (`BRK.B`) and becomes a dash,
 * which is how Yahoo spells classes (`BRK-B`). `.T`, `.L`, `.F` and `.V` are exchanges, so a class
 * share on those letters must be typed with a dash or a slash (`XYZ-T`, `XYZ/T`).
 */
export const YAHOO_EXCHANGE_SUFFIXES: ReadonlySet<string> = new Set([
  // Americas
  'TO', 'V', 'CN', 'NE', 'SA', 'MX', 'BA', 'SN', 'LIM',
  // Europe
  'MC', 'L', 'IL', 'DE', 'F', 'BE', 'DU', 'HM', 'HA', 'MU', 'SG', 'PA', 'AS', 'BR', 'LS', 'MI', 'SW', 'VI',
  'ST', 'OL', 'CO', 'HE', 'IR', 'IC', 'WA', 'PR', 'BD', 'AT', 'IS', 'RG', 'TL', 'VS', 'ME', 'XC',
  // Asia-Pacific, Middle East, Africa
  'T', 'HK', 'SS', 'SZ', 'KS', 'KQ', 'TW', 'TWO', 'SI', 'BO', 'NS', 'JK', 'BK', 'KL', 'AX', 'NZ', 'TA',
  'JO', 'SR', 'SAU', 'QA', 'CA', 'KW',
]);

// Base: 1-10 letters/digits; optional class or series after a dash (`BRK-B`, `RDS-A`, `BTC-USD`).
// The exchange suffix is split off before this is checked.
const YAHOO_BASE = /^([A-Z0-9]{1,10})(?:-[A-Z0-9]{1,4})?$/;

/**
 * Validates a ticker the investor typed and returns its Yahoo spelling, or `null` when it cannot be
 * a tradeable Yahoo symbol. Use it on every ticker that enters the domain (commands, imports,
 * blacklist files) so the same stock is always stored under one name.
 *
 * - Upper-cases and trims; a leading `$` cashtag is dropped (`$aapl` -> `AAPL`).
 * - Share classes become dashes: `brk.b`, `BRK/B`, `brk-b` -> `BRK-B`.
 * - Known exchange suffixes stay dotted: `san.mc` -> `SAN.MC`, `7203.t` -> `7203.T`, `teck/b.to` -> `TECK-B.TO`.
 * - Refused: indexes (`^GSPC`), futures and currencies (`GC=F`, `EURUSD=X`), unknown dotted
 *   suffixes longer than two letters, all-digit symbols without an exchange (`7203`), anything
 *   else outside letters, digits, one dash and one dot.
 */
export function normaliseTicker(raw: string): string | null {
  let text = raw.trim().toUpperCase();
  if (text.startsWith('$')) text = text.slice(1);
  // A fast refusal only: no text that is empty or longer than 19 characters (10 + `-` + 4 + an exchange of 4) ever matches below.
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: see the line above; every mutant of it refuses the same texts
  if (text.length === 0 || text.length > 20) return null;

  // Split off a known exchange suffix first, so `TECK.B.TO` / `TECK/B.TO` keep `.TO`.
  let exchange = '';
  const lastDot = text.lastIndexOf('.');
  // Stryker disable next-line EqualityOperator: at `>= 0`, a text that starts with its only dot (`.MC`) loses the suffix and is refused as empty, as it is now
  if (lastDot > 0) {
    const suffix = text.slice(lastDot + 1);
    if (YAHOO_EXCHANGE_SUFFIXES.has(suffix)) {
      exchange = `.${suffix}`;
      text = text.slice(0, lastDot);
    }
  }
  // What remains may carry a class as `.B`, `/B` or `-B`; a class is at most two characters
  // after a dot (longer dotted suffixes are unknown exchanges, refused rather than guessed).
  const classMatch = /^([A-Z0-9]+)(?:[./]([A-Z]{1,2})|\/([A-Z0-9]{1,4}))$/.exec(text);
  if (classMatch) text = `${classMatch[1]}-${classMatch[2] ?? classMatch[3]}`;

  const parts = YAHOO_BASE.exec(text);
  if (!parts) return null;
  // A bare number is no US ticker; numeric codes (Tokyo, Hong Kong) need their exchange.
  if (/^\d+$/.test(parts[1]!) && !exchange) return null;
  return `${text}${exchange}`;
}
