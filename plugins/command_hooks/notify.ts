/**
 * `notify = ["program", "arg", …]`: after each completed turn, runs the program with a JSON description of
 * the turn appended as the last argument (fire and forget, output discarded).
 * @module
 */
import type { HookInput } from "../../mod.ts";

/** The JSON passed to the notify program. */
export function notifyPayload(input: HookInput<"Stop">, client: string): string {
  return JSON.stringify({
    "type": "agent-turn-complete",
    "thread-id": input.session_id,
    "turn-id": input.turn_id ?? null,
    "cwd": input.cwd,
    "client": client,
    "input-messages": input.input_messages,
    "last-assistant-message": input.last_assistant_message,
  });
}

/** Starts the notify program; failures to start are reported by throwing. */
export function runNotify(argv: string[], payload: string, cwd: string): void {
  const [program, ...args] = argv;
  const child = new Deno.Command(program, {
    args: [...args, payload],
    cwd,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  child.unref();
}
