/**
 * Finds a run of patch lines in a file's lines, trying four tiers in order (spec §5.3): exact,
 * ignoring trailing whitespace, ignoring surrounding whitespace, and finally with Unicode dashes,
 * quotes and spaces mapped to their ASCII forms. Each tier scans every candidate position before the
 * next, looser tier is tried, so an exact match always wins over a fuzzy one further up.
 * @module
 */

/** How a match was found (for diagnostics and tests). */
export type MatchTier = "exact" | "trim-end" | "trim" | "unicode";

/** A found run: its first line index and the tier that matched. */
export interface SeekMatch {
  index: number;
  tier: MatchTier;
}

const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F]/g;
const SPACES = /[\u00A0\u2002-\u200A\u202F\u205F\u3000]/g;

/** Maps typographic dashes, quotes and spaces to ASCII and trims. */
export function normalizeUnicode(line: string): string {
  return line.trim()
    .replace(DASHES, "-")
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(SPACES, " ")
    .trim();
}

const TIERS: { tier: MatchTier; key: (s: string) => string }[] = [
  { tier: "exact", key: (s) => s },
  { tier: "trim-end", key: (s) => s.trimEnd() },
  { tier: "trim", key: (s) => s.trim() },
  { tier: "unicode", key: normalizeUnicode },
];

function matchesAt(lines: string[], pattern: string[], at: number): boolean {
  for (let j = 0; j < pattern.length; j++) {
    if (lines[at + j] !== pattern[j]) return false;
  }
  return true;
}

/**
 * The file's lines as each looser tier sees them, computed once per file on first use, so a patch with
 * many chunks trims and normalizes every file line at most once per tier instead of once per candidate
 * position. Create one per file (its lines must not change while it is in use).
 */
export class SeekKeys {
  readonly #lines: readonly string[];
  readonly #keyed = new Map<MatchTier, string[]>();
  readonly #index = new Map<MatchTier, Map<string, number | number[]>>();
  readonly #scans = new Map<MatchTier, number>();

  constructor(lines: readonly string[]) {
    this.#lines = lines;
  }

  /** The lines `seekSequence` searches. */
  get lines(): readonly string[] {
    return this.#lines;
  }

  /** The lines under `tier`'s key. */
  keyed(tier: MatchTier, key: (s: string) => string): string[] {
    let k = this.#keyed.get(tier);
    if (!k) {
      k = tier === "exact" ? this.#lines as string[] : this.#lines.map(key);
      this.#keyed.set(tier, k);
    }
    return k;
  }

  /**
   * Where each keyed line occurs (ascending), for a file searched more than once under `tier`: a patch
   * with many chunks then finds each chunk's candidates directly instead of scanning the rest of the file.
   * Undefined on the first search, which scans (a one-chunk patch never pays for the index).
   */
  positions(tier: MatchTier, key: (s: string) => string): Map<string, number | number[]> | undefined {
    const built = this.#index.get(tier);
    if (built) return built;
    const scans = (this.#scans.get(tier) ?? 0) + 1;
    this.#scans.set(tier, scans);
    if (scans < 2) return undefined;
    // A line that occurs once (most lines) maps to its index; repeated lines to their indices.
    const index = new Map<string, number | number[]>();
    const lines = this.keyed(tier, key);
    for (let i = 0; i < lines.length; i++) {
      const at = index.get(lines[i]);
      if (at === undefined) index.set(lines[i], i);
      else if (typeof at === "number") index.set(lines[i], [at, i]);
      else at.push(i);
    }
    this.#index.set(tier, index);
    return index;
  }
}

/** The first index in ascending `xs` whose value is at least `min`. */
function lowerBound(xs: number[], min: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < min) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Finds `pattern` in `lines` at or after `start`. With `endOfFile` the only candidate is the position
 * where the pattern ends the file. An empty pattern matches at `start`. Returns undefined when absent.
 * `lines` may be a `SeekKeys` for the file, which repeated searches of one file should share.
 */
export function seekSequence(
  lines: readonly string[] | SeekKeys,
  pattern: readonly string[],
  start: number,
  endOfFile: boolean,
): SeekMatch | undefined {
  const keys = lines instanceof SeekKeys ? lines : new SeekKeys(lines);
  const total = keys.lines.length;
  if (pattern.length === 0) return { index: start, tier: "exact" };
  if (pattern.length > total) return undefined;
  const last = total - pattern.length;
  const from = endOfFile ? last : start;
  for (const { tier, key } of TIERS) {
    const l = keys.keyed(tier, key);
    const p = tier === "exact" ? pattern as string[] : pattern.map(key);
    const first = p[0];
    const index = keys.positions(tier, key);
    if (index) {
      const found = index.get(first) ?? [];
      const at = typeof found === "number" ? [found] : found;
      for (let k = lowerBound(at, from); k < at.length && at[k] <= last; k++) {
        if (matchesAt(l, p, at[k])) return { index: at[k], tier };
      }
      continue;
    }
    for (let i = from; i <= last; i++) {
      if (l[i] === first && matchesAt(l, p, i)) return { index: i, tier };
    }
  }
  return undefined;
}
