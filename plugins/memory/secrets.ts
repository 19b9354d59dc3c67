/**
 * Refuses memory text that looks like a secret: memories are stored in plain text and sent to the model
 * in every session.
 * @module
 */

const PATTERNS: { re: RegExp; why: string }[] = [
  { re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, why: "a private key block" },
  { re: /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/, why: "an API key (sk-…)" },
  { re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}|\bgithub_pat_[A-Za-z0-9_]{20,}/, why: "a GitHub token" },
  { re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, why: "an AWS access key id (AKIA…)" },
  { re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/, why: "a Slack token (xox…-)" },
  { re: /\bAIza[0-9A-Za-z_-]{35}\b/, why: "a Google API key" },
  { re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, why: "a JSON web token" },
  {
    re:
      /\b(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret|auth[_-]?token)["']?(?:\s*=\s*["']?|\s*:\s*["'])[^\s"']{3,}/i,
    why: "a password, token or key assignment",
  },
  { re: /\b[Bb]earer\s+[A-Za-z0-9._~+/=-]{20,}/, why: "a bearer token" },
];

/** Bits of Shannon entropy per character of `text`. */
export function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Shortest run of token characters judged as a possibly random string. */
export const MIN_SECRET_LENGTH = 24;
/** Entropy per character at or above which a long run may be random. */
export const ENTROPY_THRESHOLD = 3.5;
/**
 * Share of neighbouring characters that switch class (lower, upper, digit, other) at or above which a
 * run looks random: about 0.6 for random letters and digits, under 0.3 for camelCase identifiers.
 */
export const SWITCH_THRESHOLD = 0.35;

function charClass(ch: string): number {
  return /[a-z]/.test(ch) ? 0 : /[A-Z]/.test(ch) ? 1 : /[0-9]/.test(ch) ? 2 : 3;
}

/** Whether `run` looks like a random token (hex runs such as commit ids and UUIDs are left alone). */
export function looksRandom(run: string): boolean {
  if (run.length < MIN_SECRET_LENGTH || /^[0-9a-fA-F-]+$/.test(run)) return false;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(run)).length;
  if (kinds < 2) return false;
  let switches = 0;
  for (let i = 1; i < run.length; i++) if (charClass(run[i]) !== charClass(run[i - 1])) switches++;
  return switches / (run.length - 1) >= SWITCH_THRESHOLD && entropy(run) >= ENTROPY_THRESHOLD;
}

/** Why `text` looks like a secret, or undefined when it does not. */
export function secretReason(text: string): string | undefined {
  for (const { re, why } of PATTERNS) if (re.test(text)) return `it looks like ${why}`;
  for (const run of text.match(/[A-Za-z0-9+/_=-]+/g) ?? []) {
    if (looksRandom(run)) {
      return `it contains a long random-looking string (${run.slice(0, 4)}…, ${run.length} characters)`;
    }
  }
  return undefined;
}
