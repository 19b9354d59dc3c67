/**
 * Rollouts both ways with Codex 0.171: this CLI resumes and forks a rollout the real Codex wrote
 * (committed recording), and writes rollouts whose base instructions live only in session_meta, as
 * Codex's do, so either side resuming them sends the instructions exactly once.
 */
import { join } from "node:path";
import { assert, assertEquals } from "../helpers/assert.ts";
import { jsonLines, runCli, workspace } from "../helpers/cli.ts";
import { startFakeServer, textResponse } from "./fake_server.ts";
import type { Recording } from "../conformance/recording.ts";
import { readRollout } from "../../src/session/reader.ts";

type Item = {
  type: string;
  role?: string;
  content?: { type: string; text?: string }[];
  [k: string]: unknown;
};

async function codexRollout(
  cwd: string,
): Promise<{ lines: Record<string, unknown>[]; id: string; base: string }> {
  const url = new URL("../conformance/recordings/tool_call.json", import.meta.url);
  const rec: Recording = JSON.parse(await Deno.readTextFile(url));
  const lines = JSON.parse(JSON.stringify(rec.rollouts[0]).replaceAll("$ROOT/repo", cwd));
  const meta = lines[0].payload as { id: string; base_instructions: { text: string } };
  return { lines, id: meta.id, base: meta.base_instructions.text };
}

async function installRollout(home: string, lines: Record<string, unknown>[], id: string): Promise<string> {
  const dir = join(home, "sessions", "2026", "12", "02");
  await Deno.mkdir(dir, { recursive: true });
  const path = join(dir, `rollout-2026-12-02T09-00-56-${id}.jsonl`);
  await Deno.writeTextFile(path, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  return path;
}

function developerTexts(input: Item[]): string[] {
  return input.filter((i) => i.type === "message" && i.role === "developer")
    .flatMap((i) => (i.content ?? []).map((c) => c.text ?? ""));
}

Deno.test("reader: a Codex 0.171 rollout gives its base instructions first, then its items without rollout-only fields", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { lines, id, base } = await codexRollout(dir);
    const path = await installRollout(dir, lines, id);
    const contents = readRollout(path);
    assertEquals(contents.meta.id, id);
    const history = contents.history as Item[];
    assertEquals(history[0], {
      type: "message",
      role: "developer",
      content: [{ type: "input_text", text: base }],
    });
    const stored = lines.filter((l) => l.type === "response_item").length;
    assertEquals(history.length, stored + 1);
    assert(history.every((i) => !("internal_chat_message_metadata_passthrough" in i)));
    assertEquals(history.map((i) => i.type).slice(-3), ["function_call", "function_call_output", "message"]);
    assertEquals(contents.usage.input_tokens, 20);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("exec resume and fork of a Codex 0.171 rollout send Codex's base instructions once, then its history", async () => {
  const server = startFakeServer(() => textResponse("continued"));
  const ws = workspace(server.url);
  try {
    const { lines, id, base } = await codexRollout(ws.cwd);
    await installRollout(ws.home, lines, id);
    const resumed = await runCli(["exec", "--json", "resume", id, "and then?"], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: "",
    });
    assertEquals(resumed.code, 0, resumed.stderr);
    assertEquals(jsonLines(resumed.stdout)[0], { type: "thread.started", thread_id: id });
    const forked = await runCli(["exec", "--json", "fork", id, "other way"], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: "",
    });
    assertEquals(forked.code, 0, forked.stderr);
    for (const [i, prompt] of [[0, "and then?"], [1, "other way"]] as const) {
      const input = (server.requests[i].body as { input: Item[] }).input;
      assertEquals(input[0].content?.[0].text, base);
      assertEquals(developerTexts(input).filter((t) => t === base).length, 1);
      assertEquals(input.at(-1)?.content?.[0].text, prompt);
      const types = input.map((x) => x.type);
      assert(types.includes("function_call") && types.includes("function_call_output"), types.join(","));
      assert(input.every((x) => !("internal_chat_message_metadata_passthrough" in x)));
    }
    // The fork's own rollout keeps Codex's instructions in session_meta, so resuming it sends them once.
    const forkId = String(jsonLines(forked.stdout)[0].thread_id);
    const again = await runCli(["exec", "resume", forkId, "third"], { cwd: ws.cwd, env: ws.env, stdin: "" });
    assertEquals(again.code, 0, again.stderr);
    const input = (server.requests[2].body as { input: Item[] }).input;
    assertEquals(input[0].content?.[0].text, base);
    assertEquals(developerTexts(input).filter((t) => t === base).length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("our rollouts keep base instructions in session_meta only, as Codex 0.171 writes them", async () => {
  const server = startFakeServer(() => textResponse("ok"));
  const ws = workspace(server.url);
  try {
    const first = await runCli(["exec", "--json", "hello"], { cwd: ws.cwd, env: ws.env, stdin: "" });
    assertEquals(first.code, 0, first.stderr);
    const id = String(jsonLines(first.stdout)[0].thread_id);
    const base = ((server.requests[0].body as { input: Item[] }).input[0].content ?? [])[0].text ?? "";
    const sessions = join(ws.home, "sessions");
    const files: string[] = [];
    for await (const y of Deno.readDir(sessions)) {
      for await (const m of Deno.readDir(join(sessions, y.name))) {
        for await (const d of Deno.readDir(join(sessions, y.name, m.name))) {
          for await (const f of Deno.readDir(join(sessions, y.name, m.name, d.name))) {
            files.push(join(sessions, y.name, m.name, d.name, f.name));
          }
        }
      }
    }
    assertEquals(files.length, 1);
    const records = (await Deno.readTextFile(files[0])).trim().split("\n").map((l) => JSON.parse(l));
    assertEquals(records[0].type, "session_meta");
    assertEquals(records[0].payload.base_instructions.text, base);
    const items = records.filter((r) => r.type === "response_item").map((r) => r.payload as Item);
    assertEquals(developerTexts(items).filter((t) => t === base).length, 0);
    // token_count as Codex writes it (Codex resuming this file continues the usage totals from it).
    const count = records.find((r) => r.type === "event_msg" && r.payload.type === "token_count");
    assertEquals(count.payload.info.total_token_usage.total_tokens, 15);
    assertEquals(count.payload.info.last_token_usage.total_tokens, 15);
    assertEquals(count.payload.info.last_usage_includes_reasoning, false);
    const resumed = await runCli(["exec", "resume", id, "more"], { cwd: ws.cwd, env: ws.env, stdin: "" });
    assertEquals(resumed.code, 0, resumed.stderr);
    const input = (server.requests[1].body as { input: Item[] }).input;
    assertEquals(input[0].content?.[0].text, base);
    assertEquals(developerTexts(input).filter((t) => t === base).length, 1);
    const meta = (i: number) => JSON.parse(server.requests[i].headers["x-codex-turn-metadata"]);
    assertEquals([meta(0).history_initialization, meta(1).history_initialization], ["new", "cold_resume"]);
    assertEquals(meta(1).thread_id, id);
    assertEquals(meta(0).installation_id, meta(1).installation_id);
    assertEquals(meta(0).installation_id, (await Deno.readTextFile(join(ws.home, "installation_id"))).trim());
  } finally {
    await server.close();
  }
});
