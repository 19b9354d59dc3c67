/**
 * `codex completion bash|zsh|fish`: shell completion scripts generated from the command tree, so they
 * always match the commands and flags this binary has.
 * @module
 */
import type { Command } from "commander";
import { UsageError } from "../kernel/errors.ts";

interface Node {
  /** Space-joined path of subcommand names below the root ("" for the root). */
  path: string;
  subcommands: string[];
  options: string[];
}

function walk(cmd: Command, path: string[] = [], out: Node[] = []): Node[] {
  const visible = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
  out.push({
    path: path.join(" "),
    subcommands: visible.flatMap((c) => [c.name(), ...c.aliases()]),
    options: cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)).concat("--help"),
  });
  for (const c of visible) walk(c, [...path, c.name()], out);
  return out;
}

function bash(nodes: Node[]): string {
  const cases = nodes.map((n) => `    "${n.path}") words="${[...n.subcommands, ...n.options].join(" ")}" ;;`)
    .join("\n");
  return `# bash completion for codex (source it, or put it in /etc/bash_completion.d/codex)
_codex() {
  local cur path="" i w words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in -*) continue ;; esac
    case " $(_codex_subcommands "$path") " in *" $w "*) path="\${path:+$path }$w" ;; esac
  done
  case "$path" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
_codex_subcommands() {
  case "$1" in
${nodes.map((n) => `    "${n.path}") echo "${n.subcommands.join(" ")}" ;;`).join("\n")}
  esac
}
complete -o default -F _codex codex
`;
}

function zsh(nodes: Node[]): string {
  // Note: \`words\` and \`path\` are special in zsh, so the script uses other names.
  const cases = nodes.map((n) => `    "${n.path}") cands=(${[...n.subcommands, ...n.options].join(" ")}) ;;`)
    .join("\n");
  const subs = nodes.map((n) => `    "${n.path}") subs=(${n.subcommands.join(" ")}) ;;`).join("\n");
  return `#compdef codex
# zsh completion for codex (put it on $fpath as _codex)
_codex() {
  local at="" w
  local -a cands subs
  for w in \${words[2,CURRENT-1]}; do
    [[ $w == -* ]] && continue
    subs=()
    case "$at" in
${subs}
    esac
    (( \${subs[(Ie)$w]} )) && at="\${at:+$at }$w"
  done
  case "$at" in
${cases}
  esac
  compadd -- $cands
}
_codex "$@"
`;
}

function fish(nodes: Node[]): string {
  const lines = ["# fish completion for codex (put it in ~/.config/fish/completions/codex.fish)"];
  for (const n of nodes) {
    const cond = n.path === ""
      ? "__fish_use_subcommand"
      : `__fish_seen_subcommand_from ${n.path.split(" ").at(-1)}`;
    if (n.subcommands.length) lines.push(`complete -c codex -f -n '${cond}' -a '${n.subcommands.join(" ")}'`);
    for (const o of n.options) {
      const flag = o.startsWith("--") ? `-l ${o.slice(2)}` : `-s ${o.slice(1)}`;
      lines.push(`complete -c codex -n '${cond}' ${flag}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** The completion script for `shell`. Throws UsageError for an unknown shell. */
export function completionScript(program: Command, shell: string): string {
  const nodes = walk(program);
  if (shell === "bash") return bash(nodes);
  if (shell === "zsh") return zsh(nodes);
  if (shell === "fish") return fish(nodes);
  throw new UsageError(`completion: expected one of bash, zsh, fish, found '${shell}'`);
}
