/**
 * Shell completion scripts generated from the command tree. bash, zsh and fish are exercised for real
 * (zsh and fish when installed); PowerShell's script is checked for its shape.
 */
import { assert, assertEquals, assertIncludes } from "../helpers/assert.ts";
import { runCli } from "../helpers/cli.ts";

const has = (shell: string) => {
  try {
    return new Deno.Command(shell, { args: ["-c", "exit 0"], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
};

async function scriptFile(shell: string): Promise<string> {
  const r = await runCli(["completion", shell]);
  assertEquals(r.code, 0, r.stderr);
  const path = Deno.makeTempFileSync({ suffix: `.${shell}` });
  Deno.writeTextFileSync(path, r.stdout);
  return path;
}

Deno.test("completion: bash completes subcommands, the e alias, flags and flag/argument values", async () => {
  const script = await scriptFile("bash");
  const probe = (words: string[]) =>
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${
      words.length - 1
    }; _codex; echo "\${COMPREPLY[*]}"`;
  const cases: [string[], string][] = [
    [["codex", "ex"], "exec"],
    [["codex", "exec", "--skip"], "--skip-git-repo-check"],
    [["codex", "exec", "resume", "--la"], "--last"],
    [["codex", "plugins", ""], "list --help -h"],
    [["codex", "-s", "r"], "read-only"],
    [["codex", "exec", "-a", "on-"], "on-failure on-request"],
    [["codex", "--local-provider", ""], "lmstudio ollama"],
    [["codex", "completion", ""], "bash zsh fish powershell --help -h"],
    [["codex", "e", "--js"], "--json"],
    [["codex", "-m", "exec", "e", "resume", "--la"], "--last"],
  ];
  const out = new Deno.Command("bash", {
    args: ["-c", [`source ${script}`, ...cases.map(([w]) => probe(w))].join("; ")],
    stdout: "piped",
  }).outputSync();
  assertEquals(
    new TextDecoder().decode(out.stdout).split("\n").slice(0, cases.length),
    cases.map(([, e]) => e),
  );
});

Deno.test({
  name:
    "completion: zsh can be sourced (source <(codex completion zsh)), registers _codex and completes values",
  ignore: !has("zsh"),
  fn: async () => {
    const script = await scriptFile("zsh");
    const dec = new TextDecoder();
    // compinit writes its dump file (moving a temp file onto it): never point it at /dev/null, which as
    // root would be replaced by a regular file.
    const dumpDir = await Deno.makeTempDir({ prefix: "codex-compdump-" });
    const sourced = new Deno.Command("zsh", {
      args: [
        "-fc",
        `autoload -Uz compinit && compinit -u -d ${dumpDir}/zcompdump; source ${script}; print -r -- \${_comps[codex]}`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).outputSync();
    await Deno.remove(dumpDir, { recursive: true });
    assertEquals(dec.decode(sourced.stderr), "");
    assertEquals(dec.decode(sourced.stdout).trim(), "_codex");
    // The completion function itself, with zsh's completion builtins replaced by printers.
    const probe = new Deno.Command("zsh", {
      args: [
        "-fc",
        [
          `source ${script} 2>/dev/null`,
          'compadd() { [[ $1 == -- ]] && shift; print -r -- "compadd $*" }',
          '_describe() { print -r -- "describe $3: ${(Pj:|:)4}" }',
          "_files() { print files }",
          "words=(codex -s r); CURRENT=3; _codex",
          'words=(codex completion ""); CURRENT=3; _codex',
          "words=(codex e --js); CURRENT=3; _codex",
          'words=(codex exec -o ""); CURRENT=4; _codex',
        ].join("\n"),
      ],
      stdout: "piped",
    }).outputSync();
    const out = dec.decode(probe.stdout);
    const [sandbox, shells, alias, files] = out.split("\n").filter((l) => l !== "describe command: ");
    assertEquals(sandbox, "compadd read-only workspace-write danger-full-access");
    assertEquals(shells, "compadd bash zsh fish powershell");
    assertIncludes(alias, "|--json:print JSONL events to stdout|");
    assertEquals(files, "files");
  },
});

Deno.test({
  name: "completion: fish completes with descriptions, option values and the e alias",
  ignore: !has("fish"),
  fn: async () => {
    const script = await scriptFile("fish");
    const probe = (line: string) => `complete -C ${JSON.stringify(line)}; echo ---`;
    const out = new Deno.Command("fish", {
      args: [
        "-c",
        [`source ${script}`, probe("codex -s r"), probe("codex e --js"), probe("codex completion p")].join(
          "; ",
        ),
      ],
      stdout: "piped",
    }).outputSync();
    const [sandbox, alias, shell] = new TextDecoder().decode(out.stdout).split("---\n");
    assertEquals(sandbox, "read-only\tsandbox policy for model-run commands\n");
    assertEquals(alias, "--json\tprint JSONL events to stdout\n");
    assertEquals(shell, "powershell\n");
  },
});

Deno.test("completion: zsh script header, PowerShell registration; unknown shells are usage errors", async () => {
  const zsh = await runCli(["completion", "zsh"]);
  assertEquals(zsh.stdout.split("\n")[0], "#compdef codex");
  assertIncludes(zsh.stdout, "compdef _codex codex");
  const ps = await runCli(["completion", "powershell"]);
  assertEquals(ps.code, 0, ps.stderr);
  assertIncludes(ps.stdout, "Register-ArgumentCompleter -Native -CommandName codex");
  assertIncludes(ps.stdout, "'--sandbox' = @('read-only', 'workspace-write', 'danger-full-access')");
  assert.match(ps.stdout, /'e' = @\(.*@\('resume', 'continue a previous session/);
  const bad = await runCli(["completion", "tcsh"]);
  assertEquals([bad.code, bad.stderr.trim()], [
    2,
    "Error: completion: expected one of bash, zsh, fish, powershell, found 'tcsh'",
  ]);
});
