/**
 * The model catalog: per-model request defaults as Codex 0.171's built-in catalog (`codex debug models`)
 * gives them, and the fallback Codex uses for a model it does not know (with a warning).
 *
 * ```ts
 * const shape = modelRequestShape("gpt-5.5", {}); // reasoning {effort:"medium"}, verbosity "low"
 * ```
 * @module
 */

/** One catalog entry (the fields that shape a request). */
export interface CatalogModel {
  slug: string;
  /** `default_reasoning_level`. */
  effort: string;
  /** `default_reasoning_summary` (`none` sends no summary). */
  summary: string;
  /** `default_verbosity` when the model supports verbosity, else null. */
  verbosity: string | null;
  contextWindow: number;
  /** `apply_patch_tool_type`. */
  applyPatch: string;
  /** `tool_mode = "code_mode_only"` (Codex gives these a JavaScript `exec` tool; we keep classic tools). */
  codeMode: boolean;
}

/** Codex 0.171's catalog, newest first. */
export const MODEL_CATALOG: readonly CatalogModel[] = [
  {
    slug: "gpt-6.2-sol",
    effort: "low",
    summary: "none",
    verbosity: "low",
    contextWindow: 500000,
    applyPatch: "freeform",
    codeMode: true,
  },
  {
    slug: "gpt-6.2-astra",
    effort: "low",
    summary: "none",
    verbosity: "low",
    contextWindow: 272000,
    applyPatch: "freeform",
    codeMode: true,
  },
  {
    slug: "gpt-6-astra",
    effort: "low",
    summary: "none",
    verbosity: "low",
    contextWindow: 272000,
    applyPatch: "freeform",
    codeMode: true,
  },
  {
    slug: "gpt-6.1-sol",
    effort: "low",
    summary: "none",
    verbosity: "low",
    contextWindow: 500000,
    applyPatch: "freeform",
    codeMode: true,
  },
  {
    slug: "gpt-6.1-terra",
    effort: "low",
    summary: "none",
    verbosity: "low",
    contextWindow: 500000,
    applyPatch: "freeform",
    codeMode: true,
  },
  {
    slug: "gpt-6-sol",
    effort: "medium",
    summary: "none",
    verbosity: "low",
    contextWindow: 272000,
    applyPatch: "freeform",
    codeMode: true,
  },
  {
    slug: "gpt-6-luna",
    effort: "medium",
    summary: "none",
    verbosity: "low",
    contextWindow: 272000,
    applyPatch: "freeform",
    codeMode: true,
  },
  {
    slug: "gpt-5.6-sol",
    effort: "low",
    summary: "none",
    verbosity: "low",
    contextWindow: 272000,
    applyPatch: "freeform",
    codeMode: true,
  },
  {
    slug: "gpt-5.6-terra",
    effort: "medium",
    summary: "none",
    verbosity: "low",
    contextWindow: 272000,
    applyPatch: "freeform",
    codeMode: true,
  },
  {
    slug: "gpt-5.6-luna",
    effort: "medium",
    summary: "none",
    verbosity: "low",
    contextWindow: 272000,
    applyPatch: "freeform",
    codeMode: true,
  },
  {
    slug: "gpt-daybreak-blue-latest",
    effort: "low",
    summary: "none",
    verbosity: "low",
    contextWindow: 272000,
    applyPatch: "freeform",
    codeMode: true,
  },
  {
    slug: "gpt-daybreak-red-latest",
    effort: "medium",
    summary: "none",
    verbosity: "high",
    contextWindow: 372000,
    applyPatch: "freeform",
    codeMode: true,
  },
  {
    slug: "gpt-5.5",
    effort: "medium",
    summary: "none",
    verbosity: "low",
    contextWindow: 272000,
    applyPatch: "freeform",
    codeMode: false,
  },
  {
    slug: "codex-auto-review",
    effort: "medium",
    summary: "none",
    verbosity: "low",
    contextWindow: 272000,
    applyPatch: "freeform",
    codeMode: true,
  },
];

/** What a configured model turns into on the wire. */
export interface ModelRequestShape {
  /** Whether the slug is in the catalog. */
  known: boolean;
  /** `reasoning` of the request body, or undefined to send none. */
  reasoning?: { effort?: string; summary?: string };
  /** `text.verbosity`, when the model supports it. */
  verbosity?: string;
  /** The warning Codex shows for a model it does not know. */
  warning?: string;
}

/** The user's settings that override catalog defaults. */
export interface ModelSettings {
  model_reasoning_effort?: string;
  model_reasoning_summary?: string;
  model_verbosity?: string;
}

/** Looks a slug up in the catalog (exact slug match, as Codex does). */
export function findModel(slug: string): CatalogModel | undefined {
  return MODEL_CATALOG.find((m) => m.slug === slug);
}

/**
 * The request shape for `slug`: catalog defaults overridden by config; an unknown model gets Codex's
 * fallback (`reasoning {"summary":"auto"}`, no verbosity, effort only when configured) and a warning.
 */
export function modelRequestShape(slug: string, settings: ModelSettings): ModelRequestShape {
  const entry = findModel(slug);
  if (!entry) {
    const summary = settings.model_reasoning_summary ?? "auto";
    const reasoning = {
      ...(settings.model_reasoning_effort ? { effort: settings.model_reasoning_effort } : {}),
      ...(summary !== "none" ? { summary } : {}),
    };
    return {
      known: false,
      reasoning: Object.keys(reasoning).length ? reasoning : undefined,
      verbosity: settings.model_verbosity,
      warning:
        `Model metadata for \`${slug}\` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.`,
    };
  }
  const effort = settings.model_reasoning_effort ?? entry.effort;
  const summary = settings.model_reasoning_summary ?? entry.summary;
  const reasoning = {
    ...(effort ? { effort } : {}),
    ...(summary && summary !== "none" ? { summary } : {}),
  };
  return {
    known: true,
    reasoning: Object.keys(reasoning).length ? reasoning : undefined,
    verbosity: entry.verbosity !== null ? (settings.model_verbosity ?? entry.verbosity) : undefined,
  };
}
