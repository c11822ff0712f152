/** Binary search over sorted data. Internal: not exported from the package. */

/** The index of the first item whose key is >= `key` (items sorted by key); `items.length` when none. */
export function lowerBound<T>(items: readonly T[], key: string, keyOf: (item: T) => string): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (keyOf(items[mid]!) < key) low = mid + 1;
    else high = mid;
  }
  return low;
}
