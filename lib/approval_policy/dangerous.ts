/**
 * Commands dangerous enough that even a permissive policy asks first: forced deletes (`rm -f`,
 * `rm -rf`, `rm --force`), also behind `sudo`.
 * @module
 */

function programName(argv0: string): string {
  return argv0.split("/").pop() ?? argv0;
}

/** Whether `argv` force-deletes files (`rm` with `-f` in any flag cluster or `--force`), also via `sudo`. */
export function isDangerousCommand(argv: string[]): boolean {
  let args = argv;
  while (args.length > 0 && programName(args[0]) === "sudo") {
    // Skip sudo and its own flags (`sudo -u root rm -rf x`).
    let i = 1;
    while (i < args.length && args[i].startsWith("-")) {
      i += ["-u", "-g", "-C", "-h", "-p"].includes(args[i]) ? 2 : 1;
    }
    args = args.slice(i);
  }
  if (args.length === 0 || programName(args[0]) !== "rm") return false;
  for (const a of args.slice(1)) {
    if (a === "--") break;
    if (a === "--force") return true;
    if (/^-[A-Za-z]*f[A-Za-z]*$/.test(a)) return true;
  }
  return false;
}
