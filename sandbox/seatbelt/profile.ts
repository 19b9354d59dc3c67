/**
 * Seatbelt (SBPL) profile text for a sandbox policy, and the `sandbox-exec` parameters it refers to.
 * Writable roots and their protected subpaths are passed as `-D` parameters (`WRITABLE_ROOT_i`,
 * `WRITABLE_ROOT_i_RO_j`) rather than spliced into the text, so no path needs SBPL quoting.
 * @module
 */
import type { SandboxPolicy } from "../../mod.ts";

/** The part every profile starts with: deny by default, let processes run and read everything. */
export const BASE_PROFILE = `(version 1)
(deny default)

; processes: run, fork, and signal or inspect only their own sandbox
(allow process-exec)
(allow process-fork)
(allow signal (target same-sandbox))
(allow process-info* (target same-sandbox))

; read the whole file system and basic system information
(allow file-read*)
(allow sysctl-read)
(allow file-read-metadata)

; terminals and the harmless devices
(allow pseudo-tty)
(allow file-ioctl (literal "/dev/tty") (regex #"^/dev/ttys[0-9]+$"))
(allow file-write-data
  (literal "/dev/null")
  (literal "/dev/zero")
  (literal "/dev/tty")
  (literal "/dev/dtracehelper")
  (regex #"^/dev/ttys[0-9]+$"))

; shared memory and the system services ordinary tools rely on
(allow ipc-posix-shm)
(allow ipc-posix-sem)
(allow mach-lookup
  (global-name "com.apple.system.logger")
  (global-name "com.apple.system.opendirectoryd.libinfo")
  (global-name "com.apple.system.notification_center")
  (global-name "com.apple.coreservices.launchservicesd"))

; local (UNIX domain) sockets are always allowed
(allow network* (local unix))
(allow network* (remote unix))
(allow system-socket (socket-domain AF_UNIX))
`;

/** The network section used when `network_access` is on. */
export const NETWORK_PROFILE = `
; network access is enabled
(allow network-outbound)
(allow network-inbound)
(allow system-socket)
(allow mach-lookup
  (global-name "com.apple.SystemConfiguration.configd")
  (global-name "com.apple.SystemConfiguration.DNSConfiguration")
  (global-name "com.apple.trustd.agent")
  (global-name "com.apple.networkd"))
`;

/** A generated profile and its `-D` parameters, in order. */
export interface SeatbeltProfile {
  text: string;
  params: [string, string][];
}

/** Builds the profile for `policy`. `canonical` resolves symlinks (`/tmp` is `/private/tmp` on macOS). */
export function seatbeltProfile(
  policy: SandboxPolicy,
  canonical: (p: string) => string = (p) => p,
): SeatbeltProfile {
  const params: [string, string][] = [];
  const lines: string[] = [];
  if (policy.mode === "danger-full-access") {
    lines.push("", "; full disk access", `(allow file-write* (regex #"^/"))`);
  } else if (policy.mode === "workspace-write") {
    const roots = [...new Set(policy.writableRoots.map(canonical))];
    const clauses: string[] = [];
    roots.forEach((root, i) => {
      const name = `WRITABLE_ROOT_${i}`;
      params.push([name, root]);
      const protectedHere = policy.readOnlyPaths.map(canonical).filter((p) => p.startsWith(`${root}/`));
      const nots = protectedHere.map((p, j) => {
        params.push([`${name}_RO_${j}`, p]);
        return `(require-not (subpath (param "${name}_RO_${j}")))`;
      });
      clauses.push(
        nots.length === 0
          ? `  (subpath (param "${name}"))`
          : `  (require-all (subpath (param "${name}")) ${nots.join(" ")})`,
      );
    });
    if (clauses.length) {
      lines.push(
        "",
        "; writable roots, minus their protected subpaths",
        "(allow file-write*",
        ...clauses,
        ")",
      );
    }
  }
  const network = policy.networkAccess || policy.mode === "danger-full-access";
  return {
    text: BASE_PROFILE + lines.join("\n") + (lines.length ? "\n" : "") + (network ? NETWORK_PROFILE : ""),
    params,
  };
}

/** The full `sandbox-exec` argv for `argv` under `policy`. */
export function seatbeltArgv(
  argv: string[],
  policy: SandboxPolicy,
  canonical?: (p: string) => string,
  sandboxExec = "/usr/bin/sandbox-exec",
): string[] {
  const profile = seatbeltProfile(policy, canonical);
  return [sandboxExec, "-p", profile.text, ...profile.params.map(([k, v]) => `-D${k}=${v}`), "--", ...argv];
}
