/**
 * Serialising request bodies without re-walking the whole history on every request. A long session
 * re-sends its whole history each time; `JSON.stringify` of the body would traverse every item again
 * (a ~1 MB string plus its temporaries per call at 600 tool calls). Here each history item is
 * serialised once, its JSON text kept in a `WeakMap` beside the item, and a body is the concatenation
 * of those texts. The result is byte-for-byte what `JSON.stringify(body)` gives (same key order).
 *
 * The cache assumes what the kernel guarantees: a history item is not changed in place once it has
 * been sent (new content is a new item).
 * @module
 */

const itemJson = new WeakMap<object, string>();

/** The JSON text of one array element, from the cache when the element is an object seen before. */
function elementJson(value: unknown): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value) ?? "null";
  let json = itemJson.get(value);
  if (json === undefined) {
    json = JSON.stringify(value) ?? "null";
    itemJson.set(value, json);
  }
  return json;
}

/**
 * `JSON.stringify(body)` for a plain object body, with the elements of the arrays named in `cached`
 * (default `input`) serialised once per element object and reused by later bodies.
 */
export function bodyJson(body: object, cached: readonly string[] = ["input"]): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (cached.includes(key) && Array.isArray(value)) {
      parts.push(`${JSON.stringify(key)}:[${value.map(elementJson).join(",")}]`);
      continue;
    }
    const json = JSON.stringify(value);
    if (json !== undefined) parts.push(`${JSON.stringify(key)}:${json}`);
  }
  return `{${parts.join(",")}}`;
}
