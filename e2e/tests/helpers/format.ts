/**
 * Figures as a person reads them in the chat (en: 1,234.56; es: 1.234,56), so a test can look for
 * the exact amounts it computed. Plain Intl, as any reader of the bot's replies would expect.
 */
import type Big from 'big.js';

export type Language = 'en' | 'es';

const LOCALES: Readonly<Record<Language, string>> = { en: 'en-US', es: 'es-ES' };

/** A decimal with `min`..`max` fraction digits, grouped in thousands, `+` on gains when `signed`. */
export function figure(value: Big | number | string, language: Language, min = 2, max = min, signed = false): string {
  const format = new Intl.NumberFormat(LOCALES[language], {
    minimumFractionDigits: min,
    maximumFractionDigits: max,
    useGrouping: 'always',
    ...(signed ? { signDisplay: 'exceptZero' } : {}),
  } as Intl.NumberFormatOptions);
  // Exact decimal strings are formatted exactly (no binary float on the way).
  return format.format(String(value) as unknown as number);
}

export const money = (value: Big | number | string, language: Language, signed = false): string => figure(value, language, 2, 2, signed);
export const price = (value: Big | number | string, language: Language): string => figure(value, language, 2, 4);
export const quantity = (value: Big | number | string, language: Language): string => figure(value, language, 0, 6);
export const pct = (value: number, language: Language, signed = false): string => `${figure(value, language, 1, 1, signed)}%`;
