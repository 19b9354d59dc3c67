import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { parseExecFast } from "./exec_fast_path.ts";
import { runCli } from "./main.ts";

/** What the command tree hands to `runExec` for `args`. */
async function viaCommander(args: string[]): Promise<{ prompt: string | undefined; options: unknown }> {
  let seen: { prompt: string | undefined; options: unknown } | undefined;
  const code = await runCli(args, {
    runExec: (prompt, options) => {
      seen = { prompt, options };
      return Promise.resolve(0);
    },
  });
  assertEquals(code, 0, `commander rejected ${JSON.stringify(args)}`);
  assert(seen, `commander did not run exec for ${JSON.stringify(args)}`);
  return seen;
}

const SAME: string[][] = [
  ["exec", "say hello"],
  ["e", "say hello"],
  ["exec"],
  ["exec", "-"],
  ["exec", "--skip-git-repo-check", "--ephemeral", "-s", "danger-full-access", "say hello"],
  ["exec", "hi", "--json", "-m", "gpt-x"],
  ["exec", "-m", "gpt-x", "hi", "--json"],
  ["exec", "--model=gpt-y", "-mgpt-z", "hi"],
  ["exec", "-c", "a=1", "--json", "-c", "b=2", "--config=c=3", "-cd=4", "hi"],
  ["exec", "--enable", "x", "--disable", "y", "--enable", "z", "--strict-config", "hi"],
  ["exec", "-a", "never", "--ask-for-approval=on-request", "--sandbox", "read-only", "hi"],
  ["exec", "--oss", "--local-provider", "ollama", "-p", "prof", "hi"],
  ["exec", "--yolo", "--dangerously-bypass-approvals-and-sandbox", "--search", "hi"],
  ["exec", "-C", "/tmp", "--add-dir", "/a", "--add-dir=/b", "--cd=/srv", "hi"],
  ["exec", "--ignore-user-config", "--output-schema", "s.json", "--color", "never", "hi"],
  ["exec", "--experimental-json", "-o", "out.txt", "--output-last-message=o2", "hi"],
  ["exec", "--thread-source", "bench", "--cyber-access-program", "x", "hi"],
  ["exec", "--max-turns", "3", "--max-tokens=100", "--max-cost-usd", "0.5", "hi"],
  ["exec", "-m", "--json", "hi"],
  ["exec", "--json", "hi", "-s", "workspace-write", "-c", "x=1"],
];

Deno.test("exec fast path: parses plain exec runs exactly as the command tree does", async () => {
  for (const args of SAME) {
    const fast = parseExecFast(args);
    assert(fast, `the fast path declined ${JSON.stringify(args)}`);
    assertEquals(fast, await viaCommander(args), JSON.stringify(args));
  }
});

Deno.test("exec fast path: declines what it does not handle, leaving it to the command tree", () => {
  const declined: string[][] = [
    ["--json", "exec", "hi"],
    ["exec", "resume", "--last"],
    ["exec", "-m", "x", "fork", "id"],
    ["exec", "review"],
    ["exec", "help"],
    ["exec", "--help"],
    ["exec", "-h"],
    ["exec", "--version"],
    ["exec", "-i", "a.png", "hi"],
    ["exec", "--image=a.png", "hi"],
    ["exec", "--bogus", "hi"],
    ["exec", "-s", "sometimes", "hi"],
    ["exec", "--local-provider=vllm", "hi"],
    ["exec", "a", "b"],
    ["exec", "--", "hi"],
    ["exec", "--json=1", "hi"],
    ["exec", "hi", "--model"],
    ["exec", "-5"],
    ["review", "hi"],
    ["hi"],
  ];
  for (const args of declined) assertEquals(parseExecFast(args), undefined, JSON.stringify(args));
});
