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

/** A 32-bit FNV-1a hash of a line's UTF-16 code units. */
function lineHash(line: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < line.length; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * The file's lines as each looser tier sees them, computed once per file on first use, so a patch with
 * many chunks trims and normalizes every file line at most once per tier instead of once per candidate
 * position. Once the scans of a tier have covered the file a few times over (a long patch whose chunks
 * match only a looser tier makes every stricter tier scan to the end), that tier's lines also get
 * 32-bit hashes, so later scans compare numbers and look at strings only on a hash match. Create one per
 * file (its lines must not change while it is in use).
 */
export class SeekKeys {
  readonly #lines: readonly string[];
  readonly #keyed = new Map<MatchTier, string[]>();
  readonly #hashes = new Map<MatchTier, Int32Array>();
  readonly #scanned = new Map<MatchTier, number>();

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

  /** The keyed lines' hashes, once `tier`'s scans have covered the file four times; undefined before. */
  hashes(tier: MatchTier, key: (s: string) => string): Int32Array | undefined {
    const built = this.#hashes.get(tier);
    if (built) return built;
    if ((this.#scanned.get(tier) ?? 0) < 4 * this.#lines.length) return undefined;
    const lines = this.keyed(tier, key);
    const hashes = new Int32Array(lines.length);
    for (let i = 0; i < lines.length; i++) hashes[i] = lineHash(lines[i]);
    this.#hashes.set(tier, hashes);
    return hashes;
  }

  /** Records that a scan of `tier` looked at `count` positions. */
  scanned(tier: MatchTier, count: number): void {
    this.#scanned.set(tier, (this.#scanned.get(tier) ?? 0) + count);
  }
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
    const hashes = keys.hashes(tier, key);
    if (hashes) {
      const h = lineHash(first);
      for (let i = from; i <= last; i++) {
        if (hashes[i] === h && l[i] === first && matchesAt(l, p, i)) return { index: i, tier };
      }
      continue;
    }
    let i = from;
    for (; i <= last; i++) {
      if (l[i] === first && matchesAt(l, p, i)) break;
    }
    keys.scanned(tier, i - from + 1);
    if (i <= last) return { index: i, tier };
  }
  return undefined;
}
