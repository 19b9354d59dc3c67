/**
 * Memory: the memories.md file, the `<memory>` instructions, /m_update (with secret refusal) and /m_drop.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Registry } from "../../src/kernel/registry.ts";
import { looksRandom, memoryFile, memoryPlugin, readMemories, secretReason } from "./mod.ts";
import { assert, assertEquals } from "../../tests/helpers/assert.ts";
import { FakeSession } from "../../tests/helpers/command_context.ts";

async function setup() {
  const codexHome = Deno.makeTempDirSync({ prefix: "codex-memory-" });
  const registry = new Registry();
  await registry.load([memoryPlugin], {});
  const fake = new FakeSession({ codexHome });
  const contribute = () =>
    registry.instructionContributors[0].contribute({ cwd: "/", codexHome, config: {} });
  return { codexHome, registry, fake, contribute };
}

Deno.test("memory: /m_update appends to memories.md (0600) and new threads get a <memory> block", async () => {
  const { codexHome, registry, fake, contribute } = await setup();
  assertEquals(await contribute(), undefined);
  await fake.run(registry, "/m_update always use pytest, never unittest");
  await fake.run(registry, "/m_update the  API\nlives in src/api");
  assertEquals(
    readFileSync(memoryFile(codexHome), "utf8"),
    [
      "# Memories",
      "",
      "- always use pytest, never unittest",
      "- the API lives in src/api",
      "",
    ].join("\n"),
  );
  assertEquals(statSync(memoryFile(codexHome)).mode & 0o777, 0o600);
  assertEquals(fake.printed, [
    `Saved memory 1 to ${memoryFile(codexHome)} (the model sees it from the next codex run on).`,
    `Saved memory 2 to ${memoryFile(codexHome)} (the model sees it from the next codex run on).`,
  ]);
  assertEquals(
    await contribute(),
    "<memory>\n" +
      "Things the user asked you to remember across sessions (newest last). Follow them unless the user says otherwise now:\n" +
      "- always use pytest, never unittest\n- the API lives in src/api\n</memory>",
  );
  fake.printed.length = 0;
  await fake.run(registry, "/m_update");
  assertEquals(fake.printed, ["Usage: /m_update <text to remember in future sessions>"]);
});

Deno.test("memory: secrets are refused with the reason", async () => {
  const { codexHome, registry, fake } = await setup();
  const cases: [string, string][] = [
    ["my key is sk-proj-abcdefghijklmnop1234", "an API key (sk-…)"],
    ["gh token ghp_abcdefghijklmnopqrstuvwxyz0123", "a GitHub token"],
    ["aws AKIAIOSFODNN7EXAMPLE", "an AWS access key id (AKIA…)"],
    ["slack xoxb-1234567890-abcdefghij", "a Slack token (xox…-)"],
    ["-----BEGIN OPENSSH PRIVATE KEY----- b3Blbn", "a private key block"],
    ["db password=hunter22", "a password, token or key assignment"],
    ["export TOKEN=abc123def", "a password, token or key assignment"],
  ];
  for (const [text, why] of cases) {
    fake.printed.length = 0;
    await fake.run(registry, `/m_update ${text}`);
    assertEquals(fake.printed, [
      `Not saved: it looks like ${why}. Memories are stored in plain text and sent to the model in every session; keep secrets out of them.`,
    ]);
  }
  fake.printed.length = 0;
  await fake.run(registry, "/m_update the staging secret is Zx8Qp2Lm9Tv4Rb7Wn3Kc6Hy1Df5Gs0J");
  assertEquals(fake.printed, [
    "Not saved: it contains a long random-looking string (Zx8Q…, 31 characters). Memories are stored in plain text and sent to the model in every session; keep secrets out of them.",
  ]);
  assertEquals(readMemories(codexHome), []);
  // Ordinary notes, identifiers, commit ids and UUIDs pass.
  for (
    const ok of [
      "use pnpm, not npm; the token: header is added by the proxy",
      "getUserAccountSettingsV2Handler lives in src/handlers",
      "baseline commit 3f2a9c1b7e5d4a6f8b0c2d1e3f4a5b6c7d8e9f0a",
      "tenant 123e4567-e89b-12d3-a456-426614174000",
    ]
  ) assertEquals(secretReason(ok), undefined, ok);
  assertEquals(looksRandom("AbstractSingletonProxyFactoryBean2024"), false);
});

Deno.test("memory: /m_drop lists, drops by number, by words, or all", async () => {
  const { codexHome, registry, fake } = await setup();
  await fake.run(registry, "/m_drop");
  assertEquals(fake.printed, ["No memories saved. Add one with /m_update <text>."]);
  for (const m of ["one fact", "two facts", "three facts"]) await fake.run(registry, `/m_update ${m}`);
  fake.printed.length = 0;
  await fake.run(registry, "/m_drop");
  assertEquals(fake.printed, [
    "  1. one fact",
    "  2. two facts",
    "  3. three facts",
    "Drop one with /m_drop <n>, or every one with /m_drop all.",
  ]);
  fake.printed.length = 0;
  await fake.run(registry, "/m_drop 2");
  await fake.run(registry, "/m_drop 7");
  await fake.run(registry, "/m_drop fact");
  await fake.run(registry, "/m_drop zebra");
  await fake.run(registry, "/m_drop THREE");
  assertEquals(fake.printed, [
    "Dropped memory 2: two facts",
    'No memory 7: expected a number from 1 to 2, "all", or words of a memory.',
    '2 memories contain "fact"; drop one by number:',
    "  1. one fact",
    "  2. three facts",
    'No memory contains "zebra".',
    "Dropped memory 2: three facts",
  ]);
  assertEquals(readMemories(codexHome), ["one fact"]);
  fake.printed.length = 0;
  await fake.run(registry, "/m_drop all");
  assertEquals(fake.printed, ["Dropped 1 memory."]);
  assertEquals(readMemories(codexHome), []);
});

Deno.test("memory: hand-written notes in memories.md are not memories", () => {
  const codexHome = Deno.makeTempDirSync({ prefix: "codex-memory-" });
  mkdirSync(join(codexHome, "memory"));
  writeFileSync(memoryFile(codexHome), "# Memories\n\nSome prose.\n* star item\n- dash item\n-not an item\n");
  assertEquals(readMemories(codexHome), ["star item", "dash item"]);
  assert.ok(true);
});
