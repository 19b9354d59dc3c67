/**
 * `codex completion bash|zsh|fish|powershell`: shell completion scripts generated from the command
 * tree, so they always match the commands and flags this binary has: subcommands and aliases (`e`),
 * flags with their descriptions, and the values of flags and arguments that have a fixed set
 * (`-s`, `-a`, `--local-provider`, `completion <shell>`); other flag values complete file names.
 * @module
 */
import type { Command } from "commander";
import { UsageError } from "../plugin_api/errors.ts";

/** The shells a script can be generated for. */
export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;

interface Flag {
  /** Long and short spellings (`--sandbox`, `-s`). */
  names: string[];
  description: string;
  takesValue: boolean;
  choices?: string[];
}

interface Sub {
  name: string;
  description: string;
}

interface Node {
  /** Space-joined path of subcommand names below the root ("" for the root); aliases get their own node. */
  path: string;
  subcommands: Sub[];
  flags: Flag[];
  /** Fixed values of the first positional argument, if any. */
  argChoices: string[];
}

type Hidden = { _hidden?: boolean };

function walk(cmd: Command, path: string[] = [], out: Node[] = []): Node[] {
  const visible = cmd.commands.filter((c) => !(c as unknown as Hidden)._hidden);
  const flags: Flag[] = cmd.options.map((o) => ({
    names: [o.long, o.short].filter((f): f is string => !!f),
    description: o.description,
    takesValue: o.required || o.optional,
    choices: o.argChoices,
  }));
  flags.push({ names: ["--help", "-h"], description: "print help", takesValue: false });
  out.push({
    path: path.join(" "),
    subcommands: visible.flatMap((c) =>
      [c.name(), ...c.aliases()].map((name) => ({ name, description: c.description() }))
    ),
    flags,
    argChoices: cmd.registeredArguments[0]?.argChoices ?? [],
  });
  // An alias completes exactly like its command: its subtree is repeated under the alias.
  for (const c of visible) for (const name of [c.name(), ...c.aliases()]) walk(c, [...path, name], out);
  return out;
}

/** Flags that take a value, across all commands (their next word is not a subcommand). */
function valueFlags(nodes: Node[]): string[] {
  return [...new Set(nodes.flatMap((n) => n.flags.filter((f) => f.takesValue).flatMap((f) => f.names)))]
    .sort();
}

/** Flag → its fixed values, across all commands. */
function choiceFlags(nodes: Node[]): [string, string[]][] {
  const map = new Map<string, string[]>();
  for (const n of nodes) {
    for (const f of n.flags) if (f.choices) { for (const name of f.names) map.set(name, f.choices); }
  }
  return [...map].sort(([a], [b]) => a.localeCompare(b));
}

function sq(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function bash(nodes: Node[]): string {
  const cases = nodes.map((n) =>
    `    "${n.path}") words="${
      [...n.subcommands.map((s) => s.name), ...n.argChoices, ...n.flags.flatMap((f) => f.names)].join(" ")
    }" ;;`
  ).join("\n");
  const values = choiceFlags(nodes).map(([flag, choices]) => `    ${flag}) words="${choices.join(" ")}" ;;`)
    .join("\n");
  return `# bash completion for codex (source it, or put it in /etc/bash_completion.d/codex)
_codex() {
  local cur prev path="" i w words skip=""
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [[ -n $skip ]]; then skip=""; continue; fi
    case " ${valueFlags(nodes).join(" ")} " in *" $w "*) skip=1; continue ;; esac
    case "$w" in -*) continue ;; esac
    case " $(_codex_subcommands "$path") " in *" $w "*) path="\${path:+$path }$w" ;; esac
  done
  case " ${valueFlags(nodes).join(" ")} " in
    *" $prev "*)
      case "$prev" in
${values}
        *) COMPREPLY=(); return ;;
      esac
      COMPREPLY=($(compgen -W "$words" -- "$cur"))
      return ;;
  esac
  case "$path" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
_codex_subcommands() {
  case "$1" in
${nodes.map((n) => `    "${n.path}") echo "${n.subcommands.map((s) => s.name).join(" ")}" ;;`).join("\n")}
  esac
}
complete -o default -F _codex codex
`;
}

function zshDescribe(items: [string, string][]): string {
  return items.map(([name, desc]) => sq(`${name.replaceAll(":", "\\:")}:${desc}`)).join(" ");
}

function zsh(nodes: Node[]): string {
  // Note: `words` and `path` are special in zsh, so the script uses other names.
  const cases = nodes.map((n) => {
    const subs = zshDescribe(n.subcommands.map((s) => [s.name, s.description]));
    const flags = zshDescribe(
      n.flags.flatMap((f) => f.names.map((name) => [name, f.description] as [string, string])),
    );
    const args = n.argChoices.map(sq).join(" ");
    return `    "${n.path}") subs=(${subs}) flags=(${flags}) args=(${args}) ;;`;
  }).join("\n");
  const values = choiceFlags(nodes).map(([flag, choices]) =>
    `    ${flag}) compadd -- ${choices.join(" ")}; return ;;`
  )
    .join("\n");
  const names = nodes.map((n) => `    "${n.path}") names=(${n.subcommands.map((s) => s.name).join(" ")}) ;;`)
    .join("\n");
  return `#compdef codex
# zsh completion for codex: put it on $fpath as _codex, or load it with: source <(codex completion zsh)
_codex() {
  local at="" w skip=""
  local -a subs flags args names
  for w in \${words[2,CURRENT-1]}; do
    if [[ -n $skip ]]; then skip=""; continue; fi
    case " ${valueFlags(nodes).join(" ")} " in *" $w "*) skip=1; continue ;; esac
    [[ $w == -* ]] && continue
    names=()
    case "$at" in
${names}
    esac
    (( \${names[(Ie)$w]} )) && at="\${at:+$at }$w"
  done
  case "\${words[CURRENT-1]}" in
${values}
  esac
  case " ${valueFlags(nodes).join(" ")} " in *" \${words[CURRENT-1]} "*) _files; return ;; esac
  case "$at" in
${cases}
  esac
  if [[ \${words[CURRENT]} == -* ]]; then
    _describe -t options 'option' flags
  else
    (( \${#args} )) && compadd -- $args
    _describe -t commands 'command' subs
  fi
}
if [[ \${funcstack[1]} == _codex ]]; then
  _codex "$@"
else
  (( $+functions[compdef] )) || { autoload -Uz compinit && compinit -u; }
  compdef _codex codex
fi
`;
}

function fish(nodes: Node[]): string {
  const lines = [
    "# fish completion for codex (put it in ~/.config/fish/completions/codex.fish)",
    "function __codex_path",
    "    set -l words (commandline -opc)",
    "    set -l at ''",
    "    set -l skip 0",
    `    set -l value_flags ${valueFlags(nodes).join(" ")}`,
    "    for w in $words[2..-1]",
    "        if test $skip = 1",
    "            set skip 0",
    "            continue",
    "        end",
    "        if contains -- $w $value_flags",
    "            set skip 1",
    "            continue",
    "        end",
    "        string match -q -- '-*' $w; and continue",
    "        if contains -- $w (__codex_subcommands $at)",
    '            set at (string trim -- "$at $w")',
    "        end",
    "    end",
    "    echo $at",
    "end",
    "function __codex_subcommands",
    '    switch "$argv"',
    ...nodes.map((n) =>
      `        case ${sq(n.path)}\n            printf '%s\\n' ${n.subcommands.map((s) => s.name).join(" ")}`
    ),
    "    end",
    "end",
    "function __codex_at",
    '    test (__codex_path) = "$argv"',
    "end",
    "complete -c codex -f",
  ];
  for (const n of nodes) {
    const cond = `__codex_at ${sq(n.path)}`;
    for (const s of n.subcommands) {
      lines.push(`complete -c codex -n ${sq(cond)} -a ${sq(s.name)} -d ${sq(s.description)}`);
    }
    for (const v of n.argChoices) lines.push(`complete -c codex -n ${sq(cond)} -a ${sq(v)}`);
    for (const f of n.flags) {
      const spell = f.names.map((
        name,
      ) => (name.startsWith("--") ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`))
        .join(" ");
      const value = f.choices ? ` -x -a ${sq(f.choices.join(" "))}` : f.takesValue ? " -r -F" : "";
      lines.push(`complete -c codex -n ${sq(cond)} ${spell}${value} -d ${sq(f.description)}`);
    }
  }
  return lines.join("\n") + "\n";
}

function psq(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function powershell(nodes: Node[]): string {
  const table = nodes.map((n) => {
    const entries = [
      ...n.subcommands.map((s) => `@(${psq(s.name)}, ${psq(s.description)}, 'sub')`),
      ...n.argChoices.map((v) => `@(${psq(v)}, ${psq(v)}, 'value')`),
      ...n.flags.flatMap((f) => f.names.map((name) => `@(${psq(name)}, ${psq(f.description)}, 'flag')`)),
    ];
    return `  ${psq(n.path)} = @(${entries.join(", ")})`;
  }).join("\n");
  const values = choiceFlags(nodes).map(([flag, choices]) =>
    `  ${psq(flag)} = @(${choices.map(psq).join(", ")})`
  )
    .join("\n");
  return `# PowerShell completion for codex: add to $PROFILE, or run: codex completion powershell | Out-String | Invoke-Expression
$__codexTree = @{
${table}
}
$__codexValues = @{
${values}
}
$__codexValueFlags = @(${valueFlags(nodes).map(psq).join(", ")})
Register-ArgumentCompleter -Native -CommandName codex -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $words = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
  if ($wordToComplete -ne '' -and $words.Count -gt 0) { $words = @($words | Select-Object -SkipLast 1) }
  $at = ''
  $skip = $false
  foreach ($w in $words) {
    if ($skip) { $skip = $false; continue }
    if ($__codexValueFlags -contains $w) { $skip = $true; continue }
    if ($w.StartsWith('-')) { continue }
    $subs = @($__codexTree[$at] | Where-Object { $_[2] -eq 'sub' } | ForEach-Object { $_[0] })
    if ($subs -contains $w) { $at = ("$at $w").Trim() }
  }
  $prev = if ($words.Count -gt 0) { $words[-1] } else { '' }
  if ($__codexValueFlags -contains $prev) {
    $__codexValues[$prev] | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
      [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
    return
  }
  $__codexTree[$at] | Where-Object { $_[0] -like "$wordToComplete*" } | ForEach-Object {
    $kind = if ($_[2] -eq 'flag') { 'ParameterName' } else { 'ParameterValue' }
    [System.Management.Automation.CompletionResult]::new($_[0], $_[0], $kind, $_[1])
  }
}
`;
}

/** The completion script for `shell`. Throws UsageError for an unknown shell. */
export function completionScript(program: Command, shell: string): string {
  const nodes = walk(program);
  if (shell === "bash") return bash(nodes);
  if (shell === "zsh") return zsh(nodes);
  if (shell === "fish") return fish(nodes);
  if (shell === "powershell") return powershell(nodes);
  throw new UsageError(`completion: expected one of ${SHELLS.join(", ")}, found '${shell}'`);
}
