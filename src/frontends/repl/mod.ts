/**
 * `codex [PROMPT]`: the interactive session. Line mode works on any terminal, over ssh or a serial
 * console, and with piped input (each line is a message; end of input ends the session); on a TTY it adds
 * a prompt, line editing, history and `@path` completion. Input typed while a turn runs is queued for the
 * next turn; Ctrl-C interrupts a running turn (and exits at an idle prompt).
 * @module
 */
import type { Plugin } from "../../kernel/plugin.ts";
import type { ContentPart } from "../../kernel/model.ts";
import { describeError } from "../../kernel/errors.ts";
import { colorEnabled, HumanRenderer } from "../exec/human_renderer.ts";
import { createSession, type SessionSource } from "../../host/mod.ts";
import { PROGRAM_NAME, VERSION } from "../../../lib/version.ts";
import { attachmentParts, listFiles, mentionCompleter } from "./attachments.ts";
import { InteractiveSession } from "./interactive_session.ts";
import { LinePrompter } from "./prompts/line_prompter.ts";
import { stdinLines } from "./line_source.ts";
import { imageParts } from "../exec/images.ts";
import { appendHistory, historyPath, readHistory } from "../../session/history.ts";
import { trapSignals } from "../signals.ts";

const encoder = new TextEncoder();

/** Runs the interactive session. Returns the exit code. */
export async function runInteractive(
  promptArg: string | undefined,
  rawOptions: Record<string, unknown>,
  io: { plugins?: Plugin[]; source?: SessionSource } = {},
): Promise<number> {
  const setup = await createSession({ frontEnd: "repl", flags: rawOptions, plugins: io.plugins });
  const terminal = Deno.stdin.isTerminal() && Deno.stdout.isTerminal() && setup.config.line_mode !== true;
  const write = (text: string) => void Deno.stdout.writeSync(encoder.encode(text));
  const color = colorEnabled("auto", terminal);
  const print = (text: string) => write(text + "\n");
  const dim = (text: string) => (color ? `\x1b[2m${text}\x1b[0m` : text);
  const renderer = new HumanRenderer(write, color, setup.config.hide_agent_reasoning === true);

  let files: string[] | undefined;
  const lines = stdinLines({
    terminal,
    completer: mentionCompleter(() => (files ??= listFiles(setup.cwd))),
    history: terminal ? readHistory(setup.codexHome, 1000).map((e) => e.text).reverse() : [],
  });
  let quitting = false;
  const session = new InteractiveSession(setup, {
    renderer,
    print,
    approver: new LinePrompter({ input: { next: () => lines.next("") }, write }),
    ephemeral: false,
    onQuit: () => (quitting = true),
  });
  try {
    await session.open(io.source ?? { kind: "new" });
  } catch (err) {
    await setup.close("error");
    throw err;
  }
  renderer.banner({
    program: PROGRAM_NAME,
    version: VERSION,
    workdir: setup.cwd,
    model: session.model,
    provider: setup.providerId,
    approval: session.approvalPolicy,
    sandbox: `${session.sandboxMode} (backend: ${setup.permissions.sandbox.backend.id})`,
    sessionId: session.threadId,
  });
  for (const w of setup.warnings) print(`warning: ${w}`);

  lines.onQueued = (line) => {
    if (line.trim() !== "") print(dim(`↳ queued for the next turn: ${line.trim()}`));
  };
  const onInterrupt = () => {
    if (session.interrupt()) return;
    quitting = true;
    lines.close();
  };
  lines.onInterrupt = onInterrupt;
  Deno.addSignalListener("SIGINT", onInterrupt);
  // SIGTERM and SIGHUP (the terminal closed) end the session: the running turn is aborted and recorded,
  // its processes end, and the exit code is 143 / 129.
  const termination = trapSignals(() => {
    session.interrupt();
    quitting = true;
    lines.close();
  }, ["SIGTERM", "SIGHUP"]);

  let images = setup.flags.image;
  const submit = async (text: string) => {
    const { parts, notes } = attachmentParts(text, setup.cwd);
    for (const n of notes) print(dim(n));
    const content: ContentPart[] = [...imageParts(images, setup.cwd), { type: "input_text", text }, ...parts];
    images = [];
    try {
      appendHistory(setup.codexHome, { session_id: session.threadId, text }, setup.config.history);
    } catch (err) {
      // A full or read-only disk loses this history line, not the session.
      print(`warning: cannot write ${historyPath(setup.codexHome)}: ${describeError(err)}`);
    }
    await session.submit(content.length === 1 ? text : content);
  };

  const runCommand = async (text: string) => {
    const [name, ...rest] = text.slice(1).split(/\s+/);
    const command = setup.registry.commands.get(name);
    if (!command) {
      print(`Unknown command /${name}. Type /help for the list.`);
      return;
    }
    try {
      await command.run(rest.join(" "), {
        config: setup.config,
        print,
        submit: async (prompt) => void await submit(prompt),
        session,
      });
    } catch (err) {
      print(`/${name} failed: ${describeError(err)}`);
    }
  };

  try {
    if (promptArg !== undefined && promptArg.trim() !== "") await submit(promptArg);
    while (!quitting) {
      const line = await lines.next("› ");
      if (line === null) break;
      const text = line.trim();
      if (text === "") continue;
      if (text.startsWith("/")) await runCommand(text);
      else if (text.startsWith("!")) {
        const command = text.slice(1).trim();
        const result = await session.shell(command);
        write(result.output.endsWith("\n") || result.output === "" ? result.output : result.output + "\n");
        if (result.code !== 0) print(dim(`(exit ${result.code})`));
        session.note(
          `<user_shell_command>\n$ ${command}\n${result.output}\n(exit code ${result.code})\n</user_shell_command>`,
        );
      } else await submit(text);
    }
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
    await session.close(quitting ? "quit" : "eof");
    lines.close();
    termination.dispose();
  }
  return termination.exitCode ?? 0;
}
