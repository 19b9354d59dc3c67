/**
 * What each Linux backend protects against on this kernel and for this user, for `codex doctor`:
 * one line per protection, active or not, and why. The probe suite (tests/e2e/sandbox_probes_test.ts)
 * checks each claim.
 * @module
 */

/** One protection and whether it holds here. */
export interface Protection {
  name: string;
  active: boolean;
  note?: string;
}

/** The protections of backend `id` (only `bwrap` and `landlock` have a list). */
export async function backendProtections(id: string): Promise<Protection[]> {
  const root = Deno.build.os === "linux" && Deno.uid() === 0;
  if (id === "bwrap") {
    return [
      { name: "read-only view of /; only the writable roots are bound read-write", active: true },
      { name: ".git, .codex, .agents read-only in every workspace root, even when missing", active: true },
      { name: "every capability dropped", active: true, note: root ? "root included" : undefined },
      { name: "user, pid, ipc, uts, cgroup namespaces; net namespace with network off", active: true },
      { name: "daemons die with the command (pid namespace)", active: true },
      { name: "new session (no terminal input injection)", active: true },
      {
        name: "seccomp: no non-UNIX sockets, no connect(), no ptrace, no mounts, no TIOCSTI",
        active: true,
      },
    ];
  }
  if (id !== "landlock") return [];
  let abi = 0;
  try {
    const { landlockAbi } = await import("./landlock/apply.ts");
    abi = landlockAbi();
  } catch {
    abi = 0;
  }
  const out: Protection[] = [
    {
      name: "runs as this user",
      active: !root,
      note: root ? "refused as root: Landlock cannot stop root's chmod/chown outside the roots" : undefined,
    },
    { name: `Landlock ruleset (ABI ${abi}): writes only under the writable roots`, active: abi >= 1 },
    { name: "rename/link between directories checked (ABI 2)", active: abi >= 2 },
    { name: "truncate checked (ABI 3)", active: abi >= 3 },
    { name: "signals and abstract UNIX sockets scoped to the sandbox (ABI 6)", active: abi >= 6 },
    { name: "no ptrace or /proc/<pid>/environ|mem of processes outside", active: abi >= 1 },
    { name: "new session; the whole session is killed when the command ends (no daemons)", active: true },
    {
      name: "seccomp: no non-UNIX sockets, no connect(), no ptrace, no mounts, no TIOCSTI, no SysV IPC",
      active: true,
    },
    {
      name: ".git, .codex, .agents read-only in every workspace root",
      active: abi >= 1,
      note: "nothing new can be created directly in a workspace root",
    },
    {
      name: "chmod/chown/utimes outside the writable roots",
      active: false,
      note: "Landlock does not govern metadata: denied under read-only (seccomp), possible under " +
        "workspace-write on files this user owns; use bwrap where it matters",
    },
  ];
  return out;
}
