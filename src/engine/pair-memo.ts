/**
 * Answers kept by a pair of strings, e.g. an apiVersion and a kind: a large input has few distinct pairs, so each
 * answer is computed once, and a lookup builds no key string (two map lookups by the strings as they are).
 * @internal
 */
export class PairMemo<V> {
  private readonly byFirst = new Map<string, Map<string, V>>();

  /**
   * @param compute the answer for a pair; must not return undefined
   * @param max distinct first and second strings kept (input with endless distinct values computes past it instead of
   * growing the memo)
   */
  constructor(private readonly compute: (first: string, second: string) => V, private readonly max = 256) {}

  public get(first: string, second: string): V {
    let bySecond = this.byFirst.get(first);
    if (!bySecond) {
      if (this.byFirst.size >= this.max) return this.compute(first, second);
      bySecond = new Map();
      this.byFirst.set(first, bySecond);
    }
    let r = bySecond.get(second);
    if (r === undefined) {
      r = this.compute(first, second);
      if (bySecond.size < this.max) bySecond.set(second, r);
    }
    return r;
  }
}
