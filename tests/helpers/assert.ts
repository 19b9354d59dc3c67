/**
 * Small assertion helpers on top of node:assert (jsr:@std/assert is not reachable here).
 * @module
 */
import assert from "node:assert/strict";

export { assert };
export const assertEquals: <T>(actual: T, expected: T, message?: string) => void = (a, e, m) =>
  assert.deepStrictEqual(a, e, m);

/** Asserts that `fn` throws an error whose message matches `pattern`, and returns it. */
export function assertThrowsMatching(fn: () => unknown, pattern: RegExp): Error {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof Error, "expected an Error");
    assert.match(err.message, pattern);
    return err;
  }
  throw new assert.AssertionError({ message: `expected a throw matching ${pattern}` });
}

/** Asserts that `text` contains `part`. */
export function assertIncludes(text: string, part: string): void {
  assert.ok(text.includes(part), `expected ${JSON.stringify(text)} to include ${JSON.stringify(part)}`);
}
