/**
 * Exec policy prefix rules (`[[rules.prefix_rules]]`, spec §6.7): a rule matches a command whose argv
 * starts with its pattern (a token may list alternatives); among all matching rules the strictest
 * decision wins (forbidden > prompt > allow).
 * @module
 */
import type { PrefixRuleConfig } from "../../src/config/schema.ts";
import { ConfigError } from "../../src/plugin_api/errors.ts";
import { exampleArgv } from "./shell_script.ts";

/** A rule's decision. */
export type RuleDecision = "allow" | "prompt" | "forbidden";

const STRICTNESS: Record<RuleDecision, number> = { allow: 0, prompt: 1, forbidden: 2 };

/** A rule that matched a command. */
export interface RuleMatch {
  decision: RuleDecision;
  justification?: string;
  /** The argv words the pattern covered. */
  matchedPrefix: string[];
}

/** The alternatives each pattern token accepts. */
export function patternAlternatives(rule: PrefixRuleConfig): string[][] {
  return rule.pattern.map((t) => {
    if (typeof t === "string") return [t];
    if (Array.isArray(t)) return t;
    if ("token" in t) return [t.token];
    return t.any_of;
  });
}

function programName(argv0: string): string {
  return argv0.split("/").pop() ?? argv0;
}

/** Matches one rule against one argv. The program may be given by path (`/usr/bin/git` matches `git`). */
export function matchRule(rule: PrefixRuleConfig, argv: string[]): RuleMatch | undefined {
  const tokens = patternAlternatives(rule);
  if (argv.length < tokens.length) return undefined;
  for (let i = 0; i < tokens.length; i++) {
    const word = argv[i];
    const ok = tokens[i].includes(word) || (i === 0 && tokens[i].includes(programName(word)));
    if (!ok) return undefined;
  }
  return {
    decision: rule.decision ?? "allow",
    ...(rule.justification !== undefined ? { justification: rule.justification } : {}),
    matchedPrefix: argv.slice(0, tokens.length),
  };
}

/** Every rule matching `argv`, and the strictest of them (undefined when none matches). */
export function evaluateRules(
  rules: readonly PrefixRuleConfig[],
  argv: string[],
): { matches: RuleMatch[]; strictest?: RuleMatch } {
  const matches = rules.flatMap((r) => {
    const m = matchRule(r, argv);
    return m ? [m] : [];
  });
  let strictest: RuleMatch | undefined;
  for (const m of matches) {
    if (!strictest || STRICTNESS[m.decision] > STRICTNESS[strictest.decision]) strictest = m;
  }
  return { matches, strictest };
}

/** How strict a decision is: allow 0, prompt 1, forbidden 2. */
export function strictness(decision: RuleDecision): number {
  return STRICTNESS[decision];
}

/** Checks each rule's `match` / `not_match` examples; throws ConfigError naming `source` and the rule. */
export function checkRuleExamples(rules: readonly PrefixRuleConfig[], source: string): void {
  rules.forEach((rule, index) => {
    const where = `${source}: rules.prefix_rules[${index}] (pattern ${JSON.stringify(rule.pattern)})`;
    for (const ex of rule.match ?? []) {
      if (!matchRule(rule, exampleArgv(ex))) {
        throw new ConfigError(
          `${where}: expected to match its example ${JSON.stringify(ex)}, but it does not`,
        );
      }
    }
    for (const ex of rule.not_match ?? []) {
      if (matchRule(rule, exampleArgv(ex))) {
        throw new ConfigError(`${where}: expected not to match ${JSON.stringify(ex)}, but it does`);
      }
    }
  });
}
