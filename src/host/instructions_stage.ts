/**
 * Session setup stage 5: the instructions a thread opens with. Base instructions (or
 * `model_instructions_file`), the compact prompt file, and the initial context built from the session's
 * current permissions and personality plus what plugins contribute.
 * @module
 */
import { readFileSync } from "../../lib/fs.ts";
import { resolve } from "../../lib/path.ts";
import { type Config, type Personality, personalityText, userInstructions } from "../config/mod.ts";
import { BASE_INSTRUCTIONS } from "./base_instructions.ts";
import { buildInitialContext } from "./context.ts";
import { ConfigError } from "../kernel/errors.ts";
import type { ResponseItem } from "../kernel/model.ts";
import type { Registry } from "../kernel/registry.ts";
import type { SandboxPolicy } from "../kernel/sandbox.ts";
import type { Env } from "./config_stage.ts";

function readSetting(key: string, path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`${key}: cannot read ${path}: ${(err as Error).message}`);
  }
}

/**
 * Reads `model_instructions_file` (else the built-in base instructions) and, when `compact_prompt` is
 * unset, `experimental_compact_prompt_file` into `config.compact_prompt`. Returns the base instructions.
 */
export function loadInstructionFiles(config: Config, codexHome: string): string {
  const instructionsFile = config.model_instructions_file ?? config.experimental_instructions_file;
  const base = instructionsFile
    ? readSetting("model_instructions_file", resolve(codexHome, instructionsFile))
    : BASE_INSTRUCTIONS;
  if (config.compact_prompt === undefined && config.experimental_compact_prompt_file) {
    config.compact_prompt = readSetting(
      "experimental_compact_prompt_file",
      resolve(codexHome, config.experimental_compact_prompt_file),
    );
  }
  return base;
}

/** What the initial context depends on that changes mid-session. */
export interface ContextState {
  sandbox: SandboxPolicy;
  approvalPolicy: string;
  personality: Personality | undefined;
}

/** Builds initial contexts; plugin contributions are asked once and again on `refresh`. */
export class InstructionsBuilder {
  #contributed: string[] = [];

  constructor(
    readonly baseInstructions: string,
    private readonly o: {
      config: Config;
      registry: Registry;
      codexHome: string;
      cwd: string;
      env: Env;
      warn(message: string): void;
    },
  ) {}

  /** Re-asks the plugins' instruction contributors (new memories, skills). */
  async refresh(): Promise<void> {
    const texts: string[] = [];
    const { registry, cwd, codexHome, config } = this.o;
    for (const { owner, contribute } of registry.instructionContributors) {
      try {
        const text = await contribute({ cwd, codexHome, config });
        if (text) texts.push(text);
      } catch (err) {
        this.o.warn(`instructions from plugin '${owner}' failed: ${(err as Error).message}`);
      }
    }
    this.#contributed = texts;
  }

  #warned = new Set<string>();
  #warnOnce(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    this.o.warn(message);
  }

  /** The items that open a thread under `state`. */
  contextFor(state: ContextState): ResponseItem[] {
    const { config, codexHome, cwd, env } = this.o;
    return buildInitialContext({
      baseInstructions: this.baseInstructions,
      developerInstructions:
        [config.developer_instructions, personalityText(state.personality), ...this.#contributed]
          .filter(Boolean).join("\n\n") || undefined,
      userInstructions: userInstructions(config, codexHome, cwd, (m) => this.#warnOnce(m)),
      cwd,
      shell: env("SHELL") ?? "/bin/bash",
      approvalPolicy: state.approvalPolicy,
      sandbox: state.sandbox,
      includePermissions: config.include_permissions_instructions,
      includeEnvironment: config.include_environment_context,
    });
  }
}
