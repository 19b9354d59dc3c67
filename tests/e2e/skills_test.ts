/**
 * Skills through the real CLI: project skills reach the developer message and a `$name` mention adds the
 * skill's body. The unit tests are in plugins/skills/skills_test.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { startFakeServer, textResponse } from "./fake_server.ts";
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { runCli, workspace } from "../helpers/cli.ts";

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function skill(name: string, description: string, body = `# ${name}\nDo the ${name} thing.\n`): string {
  return `---\nname: ${name}\ndescription: ${description}\n---\n${body}`;
}

Deno.test("e2e: project skills reach the developer message and a $mention adds the body", async () => {
  const server = startFakeServer([textResponse("done")]);
  try {
    const ws = workspace(server.url);
    write(join(ws.cwd, ".codex/skills/x/SKILL.md"), skill("x", "Explains x.", "STEP ONE: read x.\n"));
    const admin = join(ws.home, "no-admin-skills");
    const r = await runCli(["exec", "use $x now"], {
      cwd: ws.cwd,
      env: { ...ws.env, CODEX_SYSTEM_SKILLS_DIR: admin },
    });
    assertEquals(r.code, 0, r.stderr);
    type Msg = { type: string; role?: string; content?: { text?: string }[] };
    const input = (server.requests[0].body as { input: Msg[] }).input;
    const developerTexts = input.filter((i) => i.type === "message" && i.role === "developer")
      .flatMap((i) => (i.content ?? []).map((c) => c.text ?? ""));
    const block = developerTexts.find((t) => t.includes("<skills_instructions>"));
    assert.ok(block, "a developer message lists the skills");
    assertIncludes(block!, `- \`r0\` = \`${join(ws.cwd, ".codex/skills")}\``);
    assertIncludes(block!, "- x: Explains x. (file: r0/x/SKILL.md)");
    const last = input.at(-1)!;
    assertEquals(last.role, "developer");
    assertEquals(
      last.content?.[0]?.text,
      `<skill name="x" path="${join(ws.cwd, ".codex/skills/x/SKILL.md")}">\n` +
        "The user mentioned this skill. Follow its instructions:\n\nSTEP ONE: read x.\n</skill>",
    );
    assertEquals(input.at(-2)?.content?.[0]?.text, "use $x now");
  } finally {
    await server.close();
  }
});
