/**
 * Finds a run of patch lines in a file's lines, trying four tiers in order (spec §5.3): exact,
 * ignoring trailing whitespace, ignoring surrounding whitespace, and finally with Unicode dashes,
 * quotes and spaces mapped to their ASCII forms. Each tier scans every candidate position before the
 * next, looser tier is tried, so an exact match always wins over a fuzzy one further up. Whitespace is
 * Unicode's White_Space, as Rust's `trim` sees it.
 *
 * Lines are compared as UTF-8 byte ranges: for the exact and whitespace tiers a line's key is a range
 * of the file itself, so nothing is decoded or copied; only the Unicode tier, when reached, builds
 * normalized copies.
 * @module
 */
import { fileFromLines, type FileLines } from "./file_lines.ts";
import { trimEndAt, trimStartAt } from "./utf8_space.ts";

/** How a match was found (for diagnostics and tests). */
export type MatchTier = "exact" | "trim-end" | "trim" | "unicode";

/** A found run: its first line index and the tier that matched. */
export interface SeekMatch {
  index: number;
  tier: MatchTier;
}

const TIERS: readonly MatchTier[] = ["exact", "trim-end", "trim", "unicode"];
const EXACT = 0;
const TRIM_END = 1;
const TRIM = 2;

/** Lines as one tier sees them: line `i`'s key is `bytes[ks[i]..ke[i])`. */
interface KeyedLines {
  bytes: Uint8Array;
  ks: Int32Array;
  ke: Int32Array;
}

const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F]/g;
const SPACES = /[\u00A0\u2002-\u200A\u202F\u205F\u3000]/g;

/** Maps typographic dashes, quotes and spaces to ASCII (on an already trimmed line). */
function mapUnicode(line: string): string {
  return line.replace(DASHES, "-").replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"').replace(
    SPACES,
    " ",
  );
}

/** Maps typographic dashes, quotes and spaces to ASCII and trims: the Unicode tier's view of a line. */
export function normalizeUnicode(line: string): string {
  const b = new TextEncoder().encode(line);
  const e = trimEndAt(b, 0, b.length);
  return mapUnicode(new TextDecoder().decode(b.subarray(trimStartAt(b, 0, e), e)));
}

/**
 * `base`'s lines as `tier` sees them. `lower` is the next stricter tier's view, returned itself when the
 * tier changes no line (no line has trailing, or leading, whitespace): then no copy of the ranges is made.
 */
function deriveKeys(base: KeyedLines, count: number, tier: number, lower: KeyedLines): KeyedLines {
  const { bytes, ks } = base;
  if (tier === TRIM_END) {
    let i = 0;
    while (i < count && trimEndAt(bytes, ks[i], base.ke[i]) === base.ke[i]) i++;
    if (i === count) return lower;
    const ke = base.ke.slice(0, count);
    for (; i < count; i++) ke[i] = trimEndAt(bytes, ks[i], base.ke[i]);
    return { bytes, ks, ke };
  }
  if (tier === TRIM) {
    let i = 0;
    while (i < count && trimStartAt(bytes, lower.ks[i], lower.ke[i]) === lower.ks[i]) i++;
    if (i === count) return lower;
    const start = lower.ks.slice(0, count);
    for (; i < count; i++) start[i] = trimStartAt(bytes, lower.ks[i], lower.ke[i]);
    return { bytes, ks: start, ke: lower.ke };
  }
  // Unicode: the trimmed line, with typographic characters mapped; ASCII lines are copied as they are.
  let size = 0;
  for (let i = 0; i < count; i++) size += lower.ke[i] - lower.ks[i];
  const out = new Uint8Array(size);
  const oks = new Int32Array(count);
  const oke = new Int32Array(count);
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  let at = 0;
  for (let i = 0; i < count; i++) {
    const s = lower.ks[i];
    const e = lower.ke[i];
    let ascii = true;
    for (let j = s; j < e && ascii; j++) ascii = bytes[j] < 0x80;
    oks[i] = at;
    if (ascii) {
      out.set(bytes.subarray(s, e), at);
      at += e - s;
    } else {
      // Mapping only shortens (2- and 3-byte characters become one byte), so the copy fits.
      at += enc.encodeInto(mapUnicode(dec.decode(bytes.subarray(s, e))), out.subarray(at)).written;
    }
    oke[i] = at;
  }
  return { bytes: out, ks: oks, ke: oke };
}

/** A 32-bit FNV-1a hash of a byte range. */
function hashRange(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h | 0;
}

/**
 * Lines of a tier grouped by hash: `order[first[k]..first[k+1])` lists, ascending, the lines in bucket
 * `k`. No per-line hashes are kept (a bucket holds about two lines; comparing them is as cheap), and the
 * bucket table has half as many slots as lines: the index is built for the whole file, so it is sized to
 * add little to the peak memory of a large patch.
 */
interface TierIndex {
  mask: number;
  first: Int32Array;
  order: Int32Array;
}

function buildIndex(keys: KeyedLines, count: number): TierIndex {
  let size = 16;
  while (size * 2 < count) size *= 2;
  const mask = size - 1;
  const { bytes, ks, ke } = keys;
  const first = new Int32Array(size + 1);
  for (let i = 0; i < count; i++) first[(hashRange(bytes, ks[i], ke[i]) & mask) + 1]++;
  for (let k = 1; k <= size; k++) first[k] += first[k - 1];
  const order = new Int32Array(count);
  const fill = first.slice(0, size);
  for (let i = 0; i < count; i++) order[fill[hashRange(bytes, ks[i], ke[i]) & mask]++] = i;
  return { mask, first, order };
}

/**
 * A set of lines (a file's, or a patch chunk's) with each tier's view built on first use. For a file,
 * once a tier's scans have covered it twice over (a long patch whose chunks match only a looser tier
 * makes every stricter tier scan to the end), that tier also gets a hash index, so later searches look
 * only at lines with the pattern's first line's hash. Create one per file (its bytes must not change
 * while it is in use).
 */
export class SeekKeys {
  /** Number of lines. */
  readonly count: number;
  readonly #views: (KeyedLines | undefined)[] = [];
  readonly #indexes: (TierIndex | undefined)[] = [];
  readonly #scanned = [0, 0, 0, 0];

  /** Lines `0..count` of `base` (a file's `bytes`, `starts` and `ends`, or any ranges over some bytes). */
  constructor(base: KeyedLines, count: number) {
    this.count = count;
    this.#views[EXACT] = base;
  }

  /** The keys of a file's lines. */
  static ofFile(file: FileLines): SeekKeys {
    return new SeekKeys({ bytes: file.bytes, ks: file.starts, ke: file.ends }, file.count);
  }

  /** The keys of some strings (patterns, tests). */
  static ofLines(lines: readonly string[]): SeekKeys {
    return SeekKeys.ofFile(fileFromLines(lines));
  }

  /** The same lines without the last one. */
  withoutLast(): SeekKeys {
    return new SeekKeys(this.#views[EXACT]!, this.count - 1);
  }

  /** The lines as `tier` sees them. */
  view(tier: number): KeyedLines {
    let v = this.#views[tier];
    if (!v) {
      v = deriveKeys(this.#views[EXACT]!, this.count, tier, this.view(tier - 1));
      this.#views[tier] = v;
    }
    return v;
  }

  /** The strictest tier whose view is `tier`'s (a looser tier that changes no line shares its index). */
  #owner(tier: number): number {
    while (tier > 0 && this.#views[tier] !== undefined && this.#views[tier] === this.#views[tier - 1]) tier--;
    return tier;
  }

  /** The hash index of `tier`, once its scans have covered the lines twice; undefined before. */
  index(tier: number): TierIndex | undefined {
    const t = this.#owner(tier);
    const built = this.#indexes[t];
    if (built || this.#scanned[t] < 2 * this.count) return built;
    const index = buildIndex(this.view(t), this.count);
    this.#indexes[t] = index;
    return index;
  }

  /** Records that a scan of `tier` looked at `n` positions. */
  scanned(tier: number, n: number): void {
    this.#scanned[this.#owner(tier)] += n;
  }
}

/** Whether line `i` of `f` equals line `j` of `p`. */
function sameLine(f: KeyedLines, i: number, p: KeyedLines, j: number): boolean {
  const a = f.ks[i];
  const n = f.ke[i] - a;
  const b = p.ks[j];
  if (p.ke[j] - b !== n) return false;
  const fb = f.bytes;
  const pb = p.bytes;
  for (let k = 0; k < n; k++) if (fb[a + k] !== pb[b + k]) return false;
  return true;
}

function matchesAt(f: KeyedLines, p: KeyedLines, m: number, at: number): boolean {
  for (let j = 1; j < m; j++) if (!sameLine(f, at + j, p, j)) return false;
  return true;
}

function seekTier(keys: SeekKeys, pattern: SeekKeys, tier: number, from: number, last: number): number {
  const f = keys.view(tier);
  const p = pattern.view(tier);
  const m = pattern.count;
  const index = keys.index(tier);
  if (index) {
    const h = hashRange(p.bytes, p.ks[0], p.ke[0]);
    const bucket = h & index.mask;
    const { order } = index;
    const end = index.first[bucket + 1];
    let lo = index.first[bucket];
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < end; k++) {
      const i = order[k];
      if (i > last) break;
      if (sameLine(f, i, p, 0) && matchesAt(f, p, m, i)) return i;
    }
    return -1;
  }
  const ks = f.ks;
  const ke = f.ke;
  const fb = f.bytes;
  const pb = p.bytes;
  const p0 = p.ks[0];
  const n0 = p.ke[0] - p0;
  const c0 = pb[p0];
  let i = from;
  search: for (; i <= last; i++) {
    const a = ks[i];
    if (ke[i] - a !== n0 || (n0 > 0 && fb[a] !== c0)) continue;
    for (let k = 1; k < n0; k++) if (fb[a + k] !== pb[p0 + k]) continue search;
    if (matchesAt(f, p, m, i)) break;
  }
  keys.scanned(tier, i - from + 1);
  return i <= last ? i : -1;
}

/**
 * Finds `pattern` in the file's lines at or after `start`. With `endOfFile` the only candidate is the
 * position where the pattern ends the file. An empty pattern matches at `start`. Returns undefined when
 * absent. `lines` may be a `SeekKeys` for the file, which repeated searches of one file should share;
 * `pattern` may be the `SeekKeys` of the pattern's lines.
 */
export function seekSequence(
  lines: readonly string[] | SeekKeys,
  pattern: readonly string[] | SeekKeys,
  start: number,
  endOfFile: boolean,
): SeekMatch | undefined {
  const keys = lines instanceof SeekKeys ? lines : SeekKeys.ofLines(lines);
  const pat = pattern instanceof SeekKeys ? pattern : SeekKeys.ofLines(pattern);
  const total = keys.count;
  if (pat.count === 0) return { index: start, tier: "exact" };
  if (pat.count > total) return undefined;
  const last = total - pat.count;
  const from = endOfFile ? last : start;
  for (let t = 0; t < TIERS.length; t++) {
    const i = seekTier(keys, pat, t, from, last);
    if (i >= 0) return { index: i, tier: TIERS[t] };
  }
  return undefined;
}
