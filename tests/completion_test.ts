/** Shell completion scripts generated from the command tree; bash is exercised for real. */
import { assertEquals, assertIncludes } from "./helpers/assert.ts";
import { runCli } from "./helpers/cli.ts";

Deno.test("completion: bash completes subcommands and each command's flags", async () => {
  const r = await runCli(["completion", "bash"]);
  assertEquals(r.code, 0, r.stderr);
  const script = Deno.makeTempFileSync({ suffix: ".bash" });
  Deno.writeTextFileSync(script, r.stdout);
  const probe = (words: string[]) =>
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${
      words.length - 1
    }; _codex; echo "\${COMPREPLY[*]}"`;
  const out = new Deno.Command("bash", {
    args: [
      "-c",
      [
        `source ${script}`,
        probe(["codex", "ex"]),
        probe(["codex", "exec", "--skip"]),
        probe(["codex", "exec", "resume", "--la"]),
        probe(["codex", "plugins", ""]),
      ].join("; "),
    ],
    stdout: "piped",
  }).outputSync();
  assertEquals(new TextDecoder().decode(out.stdout).split("\n").slice(0, 4), [
    "exec",
    "--skip-git-repo-check",
    "--last",
    "list --help",
  ]);
});

Deno.test("completion: zsh and fish scripts name the commands; unknown shells are usage errors", async () => {
  const zsh = await runCli(["completion", "zsh"]);
  assertEquals(zsh.stdout.split("\n")[0], "#compdef codex");
  assertIncludes(zsh.stdout, '"exec") cands=(resume fork ');
  const fish = await runCli(["completion", "fish"]);
  assertIncludes(fish.stdout, "complete -c codex -n '__fish_seen_subcommand_from exec' -l json");
  const bad = await runCli(["completion", "tcsh"]);
  assertEquals([bad.code, bad.stderr.trim()], [
    2,
    "Error: completion: expected one of bash, zsh, fish, found 'tcsh'",
  ]);
});
