/**
 * Read-only commands that never need approval (spec §6.6): a fixed list of programs, some only without
 * the options that would make them write files or run other programs.
 * @module
 */

/** Programs that are safe with any arguments. */
const ALWAYS_SAFE = new Set([
  "cat",
  "cd",
  "cut",
  "echo",
  "expr",
  "false",
  "grep",
  "head",
  "id",
  "ls",
  "nl",
  "paste",
  "pwd",
  "rev",
  "seq",
  "stat",
  "tail",
  "tr",
  "true",
  "uname",
  "uniq",
  "wc",
  "which",
  "whoami",
]);

/** Safe on Linux only (GNU coreutils). */
const LINUX_SAFE = new Set(["numfmt", "tac"]);

/** `find` options that write files, delete or run commands. */
const FIND_UNSAFE = new Set([
  "-exec",
  "-execdir",
  "-ok",
  "-okdir",
  "-delete",
  "-fls",
  "-fprint",
  "-fprint0",
  "-fprintf",
]);

/** `rg` options that run programs or decompress through them. */
const RG_UNSAFE_WITH_VALUE = ["--pre", "--hostname-bin"];
const RG_UNSAFE = new Set(["--search-zip", "-z"]);

/** git options before the subcommand that redirect config, repository or helpers. */
const GIT_UNSAFE_GLOBALS = [
  "-c",
  "--config-env",
  "--exec-path",
  "--git-dir",
  "--namespace",
  "--super-prefix",
  "--work-tree",
];
/** git options before the subcommand that are harmless. */
const GIT_SAFE_GLOBALS = new Set(["--no-pager", "--no-optional-locks", "--literal-pathspecs"]);
/** Read-only git subcommands. */
const GIT_READ_ONLY = new Set(["status", "log", "diff", "show"]);
/** Options of those subcommands that write files or run external programs. */
const GIT_UNSAFE_OPTIONS = ["--output", "--ext-diff", "--textconv", "--exec", "--paginate"];

/** `git branch` flags that only list. */
const BRANCH_LIST_FLAGS = new Set([
  "-a",
  "--all",
  "-r",
  "--remotes",
  "-l",
  "--list",
  "-v",
  "-vv",
  "--verbose",
  "--show-current",
  "--color",
  "--no-color",
  "--column",
  "--no-column",
  "-i",
  "--ignore-case",
  "--omit-empty",
]);
/** `git branch` list filters that take a value (`--merged main` or `--merged=main`). */
const BRANCH_LIST_VALUE_FLAGS = [
  "--contains",
  "--no-contains",
  "--merged",
  "--no-merged",
  "--points-at",
  "--sort",
];
const BRANCH_LIST_VALUE_ONLY_INLINE = ["--format", "--color", "--column"];

function hasOption(args: string[], names: string[]): boolean {
  return args.some((a) => names.some((n) => a === n || a.startsWith(`${n}=`)));
}

function programName(argv0: string): string {
  return argv0.split("/").pop() ?? argv0;
}

function safeBase64(args: string[]): boolean {
  return !args.some((a) => a === "-o" || a === "--output" || a.startsWith("--output=") || /^-o./.test(a));
}

function safeFind(args: string[]): boolean {
  return !args.some((a) => FIND_UNSAFE.has(a));
}

function safeRg(args: string[]): boolean {
  if (hasOption(args, RG_UNSAFE_WITH_VALUE)) return false;
  // `-z` may hide in a cluster of short flags (`-iz`).
  return !args.some((a) => RG_UNSAFE.has(a) || /^-[A-Za-y]*z/.test(a) && !a.startsWith("--"));
}

function safeGitBranch(args: string[]): boolean {
  const listing = args.includes("-l") || args.includes("--list");
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (BRANCH_LIST_FLAGS.has(a)) continue;
    if (BRANCH_LIST_VALUE_FLAGS.includes(a)) {
      i++;
      continue;
    }
    if ([...BRANCH_LIST_VALUE_FLAGS, ...BRANCH_LIST_VALUE_ONLY_INLINE].some((f) => a.startsWith(`${f}=`))) {
      continue;
    }
    if (!a.startsWith("-") && listing) continue; // a pattern for --list
    return false;
  }
  return true;
}

function safeGit(args: string[]): boolean {
  let i = 0;
  while (i < args.length && args[i].startsWith("-")) {
    const a = args[i];
    if (GIT_UNSAFE_GLOBALS.some((g) => a === g || a.startsWith(`${g}=`))) return false;
    if (a === "-C") {
      i += 2;
      continue;
    }
    if (!GIT_SAFE_GLOBALS.has(a)) return false;
    i++;
  }
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (sub === "branch") return safeGitBranch(rest);
  if (!GIT_READ_ONLY.has(sub)) return false;
  return !hasOption(rest, GIT_UNSAFE_OPTIONS);
}

function safeSed(args: string[]): boolean {
  // `sed -n 10p [file]` or `sed -n 10,20p [file]`: printing lines, nothing else.
  if (args.length < 2 || args.length > 3) return false;
  return args[0] === "-n" && /^\d+(,\d+)?p$/.test(args[1]);
}

/** Whether one command (an argv, not a shell script) is known to be read-only. */
export function isKnownSafeCommand(argv: string[], os: string = Deno.build.os): boolean {
  if (argv.length === 0) return false;
  const name = programName(argv[0]);
  const args = argv.slice(1);
  if (ALWAYS_SAFE.has(name)) return true;
  if (LINUX_SAFE.has(name)) return os === "linux";
  switch (name) {
    case "base64":
      return safeBase64(args);
    case "find":
      return safeFind(args);
    case "rg":
      return safeRg(args);
    case "git":
      return safeGit(args);
    case "sed":
      return safeSed(args);
    default:
      return false;
  }
}
