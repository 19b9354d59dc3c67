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

function matchesAt(lines: string[], pattern: string[], at: number, key: (s: string) => string): boolean {
  for (let j = 0; j < pattern.length; j++) {
    if (key(lines[at + j]) !== key(pattern[j])) return false;
  }
  return true;
}

/**
 * Finds `pattern` in `lines` at or after `start`. With `endOfFile` the only candidate is the position
 * where the pattern ends the file. An empty pattern matches at `start`. Returns undefined when absent.
 */
export function seekSequence(
  lines: readonly string[],
  pattern: readonly string[],
  start: number,
  endOfFile: boolean,
): SeekMatch | undefined {
  if (pattern.length === 0) return { index: start, tier: "exact" };
  if (pattern.length > lines.length) return undefined;
  const last = lines.length - pattern.length;
  const from = endOfFile ? last : start;
  const l = lines as string[];
  const p = pattern as string[];
  for (const { tier, key } of TIERS) {
    // Exact comparisons need no per-line key; skip the closure for the common case.
    if (tier === "exact") {
      const first = p[0];
      for (let i = from; i <= last; i++) {
        if (l[i] === first && matchesAt(l, p, i, key)) return { index: i, tier };
      }
      continue;
    }
    const keyed = p.map(key);
    for (let i = from; i <= last; i++) {
      let ok = true;
      for (let j = 0; j < keyed.length; j++) {
        if (key(l[i + j]) !== keyed[j]) {
          ok = false;
          break;
        }
      }
      if (ok) return { index: i, tier };
    }
  }
  return undefined;
}
