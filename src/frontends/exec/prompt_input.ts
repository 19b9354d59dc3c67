/**
 * The `codex exec` prompt rules: the prompt comes from argv, or from stdin when absent or `-`; when
 * both are given and stdin is piped, stdin is appended inside a `<stdin>` block.
 * @module
 */
import { CodexError } from "../../kernel/errors.ts";

/** Where stdin comes from (tests inject their own). */
export interface StdinSource {
  isTerminal(): boolean;
  readAll(): Promise<string>;
}

/** The process's real stdin. */
export const processStdin: StdinSource = {
  isTerminal: () => Deno.stdin.isTerminal(),
  readAll: async () => await new Response(Deno.stdin.readable).text(),
};

/** Resolves the prompt; `notice` receives the progress lines Codex prints on stderr. */
export async function resolvePrompt(
  arg: string | undefined,
  stdin: StdinSource,
  notice: (line: string) => void,
): Promise<string> {
  if (arg === undefined || arg === "-") {
    if (arg === undefined && stdin.isTerminal()) {
      throw new CodexError(
        "No prompt provided. Either specify one as an argument or pipe the prompt into stdin.",
      );
    }
    if (arg === undefined) notice("Reading prompt from stdin...");
    const text = await stdin.readAll();
    if (text.trim() === "") throw new CodexError("No prompt provided via stdin.");
    return text;
  }
  if (stdin.isTerminal()) return arg;
  notice("Reading additional input from stdin...");
  const extra = await stdin.readAll();
  if (extra.trim() === "") return arg;
  return `${arg}\n\n<stdin>\n${extra}${extra.endsWith("\n") ? "" : "\n"}</stdin>`;
}
