/**
 * `personality`: a short style instruction added to the developer message of every thread.
 * @module
 */
import { z } from "zod";
import { PERSONALITIES } from "./choices.ts";

/** The personalities this CLI knows. `none` adds nothing. */
export const PersonalitySchema = z.enum(PERSONALITIES);

/** A personality name. */
export type Personality = z.output<typeof PersonalitySchema>;

const TEXTS: Record<Personality, string | undefined> = {
  friendly:
    "Personality: friendly. Be warm and encouraging; explain your reasoning in plain words, acknowledge what the user did well, and suggest next steps without being asked.",
  pragmatic:
    "Personality: pragmatic. Be direct and economical; lead with the result, skip pleasantries, and mention only trade-offs that change what the user should do.",
  none: undefined,
};

/** The developer-instructions text for `name`, if it adds any. */
export function personalityText(name: Personality | undefined): string | undefined {
  return name ? TEXTS[name] : undefined;
}
