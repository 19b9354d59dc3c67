/**
 * The provider contract of this CLI: what `ctx.provider` registers, what its factory gets, and what the
 * host adds to every request (reasoning, text and service tier settings, metadata providers forward).
 * @module
 */
import type { JsonSchema, ModelClient } from "../kernel/model.ts";
import type { ModelProviderInfo } from "../config/provider_info.ts";

/** Facts about one sampling request, beyond its content. */
export interface RequestMeta {
  /** A normal turn step, or the summarizing request of a compaction. */
  kind: "turn" | "compaction";
  /** Whether the thread's history was loaded from a saved session (resume, fork). */
  resumed: boolean;
  /** 0-based number of the context window; one more after each compaction. */
  windowNumber: number;
  /** Id of the current context window (a new one after each compaction). */
  contextWindowId: string;
  /** When the turn started (Unix ms). */
  turnStartedAtMs: number;
  /** The thread's working directory. */
  cwd: string;
  /** The sandbox policy mode (`read-only`, `workspace-write`, `danger-full-access`). */
  sandboxMode: string;
  /** Host-supplied tags (installation id, thread source, trigger, sandbox backend), forwarded as given. */
  tags: Record<string, string>;
}

/** A model provider entry (`[model_providers.<id>]`, built-in defaults applied). */
export type ProviderInfo = ModelProviderInfo;

/** What the host hands a provider factory. */
export interface ProviderCreateOptions {
  /** The `model_provider` id selected in config. */
  providerId: string;
  /** That provider's config entry, built-in defaults applied. */
  info: ProviderInfo;
  /** Reads an environment variable (tests inject their own). */
  env: (name: string) => string | undefined;
  /** `originator` header value (`codex_exec`, `codex_cli_rs`, or an override). */
  originator: string;
  /** This CLI's version, for the user-agent. */
  version: string;
}

/** A provider plugin registration (`ctx.provider`). */
export interface ProviderRegistration {
  /** Provider id; a config `model_provider` equal to it selects this registration directly. */
  id: string;
  /** The wire protocol it speaks; providers in config are matched to it through their wire setting. */
  wire: string;
  /** Builds a client. Throws `ConfigError` for missing keys or bad URLs. */
  create(options: ProviderCreateOptions): ModelClient;
}

declare module "../kernel/model.ts" {
  /** The host's request parameters and metadata. */
  interface ModelRequest {
    /** Reasoning effort and summary settings. */
    reasoning?: { effort?: string; summary?: string };
    /** The text. */
    text?: {
      verbosity?: string;
      format?: { type: "json_schema"; name: string; strict: boolean; schema: JsonSchema };
    };
    /** Service tier (e.g. `priority`). */
    serviceTier?: string;
    /** Facts about this request that a provider may forward as metadata (gateways route on them). */
    meta?: RequestMeta;
  }
}
