/**
 * The custom-prompts plugin: each `$CODEX_HOME/prompts/<name>.md` becomes the slash command
 * `/prompts:<name>`, and also `/<name>` unless a command of that name was registered earlier (this
 * plugin sets up late, `enforce: "post"`, so built-in commands win). Running one re-reads the file,
 * expands its arguments (see expand.ts) and submits the text as the next user message. Codex removed
 * custom prompts upstream; they are kept here for existing prompt folders. Other plugins may contribute
 * folders of markdown commands with `ctx.contribute("prompts", { dir, prefix })` (plugin bundles'
 * `commands/`): each `<dir>/<name>.md` becomes `/<prefix>:<name>`. Contributions must be made before this
 * plugin sets up (it sets up last).
 * @module
 */
import { defaultCodexHome, definePlugin, type Plugin, PluginError, type SlashCommand } from "../../mod.ts";
import { expandPrompt, PromptArgsError } from "./expand.ts";
import { type CustomPrompt, loadPromptDir, loadPrompts, readPrompt } from "./load.ts";

/** A folder of markdown commands contributed by a plugin: each `<dir>/<name>.md` is `/<prefix>:<name>`. */
export interface PromptDirContribution {
  dir: string;
  prefix: string;
}

/** The slash command of one prompt, under `name`. */
export function promptCommand(prompt: CustomPrompt, name: string): SlashCommand {
  const hint = prompt.argumentHint ? ` (arguments: ${prompt.argumentHint})` : "";
  return {
    name,
    description: `${prompt.description ?? `send the prompt in prompts/${prompt.name}.md`}${hint}`,
    async run(args, c) {
      let current: CustomPrompt;
      try {
        current = readPrompt(prompt.path, prompt.name);
      } catch (err) {
        c.print(`/${name}: cannot read ${prompt.path}: ${(err as Error).message}`);
        return;
      }
      let text: string;
      try {
        text = expandPrompt(current.body, args);
      } catch (err) {
        if (!(err instanceof PromptArgsError)) throw err;
        const usage = current.argumentHint ?? err.missing.map((m) => `${m}=…`).join(" ");
        c.print(`/${name}: ${err.message}. Usage: /${name} ${usage}`);
        return;
      }
      if (text.trim() === "") {
        c.print(`/${name}: ${prompt.path} is empty; nothing to send.`);
        return;
      }
      await c.submit(text);
    },
  };
}

/** Loads the prompts of `codexHome` (default: `$CODEX_HOME` or `~/.codex`). */
export function customPromptsPlugin(codexHome?: string): Plugin {
  return definePlugin({
    name: "custom-prompts",
    version: "0.1.0",
    api: 1,
    enforce: "post",
    setup(ctx) {
      for (const prompt of loadPrompts(codexHome ?? defaultCodexHome())) {
        for (const name of [`prompts:${prompt.name}`, prompt.name]) {
          try {
            ctx.command(promptCommand(prompt, name));
          } catch (err) {
            // Another command owns the name (usually the short one); the other name still works.
            if (!(err instanceof PluginError)) throw err;
          }
        }
      }
      for (const c of ctx.contributions<PromptDirContribution>("prompts")) {
        if (typeof c?.dir !== "string" || typeof c.prefix !== "string") {
          ctx.warn(`prompts contribution: expected { dir, prefix }, found ${JSON.stringify(c)}`);
          continue;
        }
        for (const prompt of loadPromptDir(c.dir)) {
          try {
            const cmd = promptCommand(prompt, `${c.prefix}:${prompt.name}`);
            if (!prompt.description) cmd.description = `send the prompt in ${prompt.path}`;
            ctx.command(cmd);
          } catch (err) {
            if (!(err instanceof PluginError)) throw err;
            ctx.warn(`command /${c.prefix}:${prompt.name} (${prompt.path}) is already registered; skipped`);
          }
        }
      }
    },
  });
}

/** The built-in instance, reading `$CODEX_HOME/prompts`. */
export const customPrompts: Plugin = customPromptsPlugin();

export default customPrompts;
export * from "./expand.ts";
export * from "./load.ts";
