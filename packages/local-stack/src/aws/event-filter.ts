/**
 * Lambda event filtering (the patterns of an event source mapping's `filter_criteria`, EventBridge's
 * pattern syntax), for local-stack's stream stand-in: the same pattern Terraform gives the mapping
 * decides which records the local consumer gets. Only the operators listed in `matchesEventPattern`
 * are understood; any other throws, so a pattern the stand-in cannot apply is never half-applied.
 */

/** A filter pattern: nested objects ending in arrays of allowed values or matchers. */
export type EventPattern = { readonly [key: string]: EventPattern | readonly unknown[] };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether one allowed value (a literal or a matcher object) accepts `value`, a present value. */
function valueMatches(allowed: unknown, value: unknown): boolean {
  if (!isObject(allowed)) return allowed === value;
  const entries = Object.entries(allowed);
  if (entries.length !== 1) throw new Error(`a filter matcher has exactly one operator: ${JSON.stringify(allowed)}`);
  const [operator, operand] = entries[0]!;
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && typeof operand === 'string' && value.startsWith(operand);
    case 'suffix':
      return typeof value === 'string' && typeof operand === 'string' && value.endsWith(operand);
    case 'equals-ignore-case':
      return typeof value === 'string' && typeof operand === 'string' && value.toLowerCase() === operand.toLowerCase();
    case 'anything-but':
      return Array.isArray(operand) ? !operand.some((o) => valueMatches(o, value)) : !valueMatches(operand, value);
    case 'exists':
      // Handled where a missing value is known; a present value exists.
      return operand === true;
    default:
      throw new Error(`filter operator "${operator}" is not understood by local-stack's event filter`);
  }
}

/** Whether an array of allowed values accepts what the event holds at that key (absent: undefined). */
function leafMatches(allowed: readonly unknown[], value: unknown): boolean {
  if (value === undefined) return allowed.some((a) => isObject(a) && 'exists' in a && a.exists === false);
  // An array in the event matches when any of its elements does; an object is no leaf, and
  // matchers (exists included) only ever match leaves.
  const values = (Array.isArray(value) ? value : [value]).filter((v) => !isObject(v));
  return allowed.some((a) => values.some((v) => valueMatches(a, v)));
}

/**
 * Whether `event` matches `pattern` as Lambda event filtering decides it: every key of the pattern
 * must match (an object descends into the event's object at that key, an array lists the allowed
 * values); keys the pattern does not name are ignored. Understood: literal strings, numbers,
 * booleans and null, and the matchers `prefix`, `suffix`, `equals-ignore-case`, `anything-but` and
 * `exists`. Use it to apply a mapping's filter to real-shaped records.
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const value = isObject(event) ? event[key] : undefined;
    if (Array.isArray(expected)) return leafMatches(expected, value);
    return isObject(value) && matchesEventPattern(expected as EventPattern, value);
  });
}
