/**
 * Tolerant readers for fields of server JSON (a missing or mistyped field reads as absent or 0).
 * @module
 */

/** `value` as a plain object, or undefined. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? value as Record<string, unknown>
    : undefined;
}

/** `value` as a finite number, else 0. */
export function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** `value` as a string, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A copy of `body` with its keys in `order` (undefined values dropped), for stable, diffable requests. */
export function ordered<T extends object>(body: T, order: readonly (keyof T)[]): T {
  const out: Record<string, unknown> = {};
  for (const key of order) if (body[key] !== undefined) out[key as string] = body[key];
  return out as T;
}
