/**
 * Applies a sandbox policy to the calling thread: no_new_privs, a Landlock ruleset and, when network is
 * off, the seccomp socket filter. Only the helper calls this, right before `execvp`.
 * @module
 */
import type { SandboxPolicy } from "../../mod.ts";
import {
  archInfo,
  closeFd,
  LibcError,
  newSession,
  O_NOFOLLOW,
  O_PATH_CLOEXEC,
  openPath,
  SYS_LANDLOCK_ADD_RULE,
  SYS_LANDLOCK_CREATE_RULESET,
  SYS_LANDLOCK_RESTRICT_SELF,
  syscall,
} from "./ffi.ts";
import { handledAccess, planRules } from "./ruleset.ts";
import { encodeFilter, sandboxFilter } from "./seccomp.ts";

const LANDLOCK_CREATE_RULESET_VERSION = 1;
const LANDLOCK_RULE_PATH_BENEATH = 1;
const PR_SET_NO_NEW_PRIVS = 38;
/** `LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LANDLOCK_SCOPE_SIGNAL` (ABI 6). */
const LANDLOCK_SCOPES = 1 | 2;
const SECCOMP_SET_MODE_FILTER = 1;

/** The Landlock ABI version the kernel supports; 0 when Landlock is missing or disabled. */
export function landlockAbi(): number {
  try {
    return syscall(
      "landlock_create_ruleset",
      SYS_LANDLOCK_CREATE_RULESET,
      0,
      0,
      LANDLOCK_CREATE_RULESET_VERSION,
    );
  } catch {
    return 0;
  }
}

function pointer(buf: Uint8Array<ArrayBuffer>): Deno.PointerValue {
  return Deno.UnsafePointer.of(buf);
}

/** Sets no_new_privs (required for unprivileged Landlock and seccomp; inherited across execve). */
export function setNoNewPrivs(): void {
  const arch = archInfo();
  if (!arch) throw new Error(`expected x86_64 or aarch64, found ${Deno.build.arch}`);
  syscall("prctl(PR_SET_NO_NEW_PRIVS)", arch.prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/** Builds and enforces the Landlock ruleset for `policy`. Returns the number of rules added. */
export function applyLandlock(policy: SandboxPolicy, abi: number): number {
  const handled = handledAccess(abi);
  // struct landlock_ruleset_attr { u64 handled_access_fs; u64 handled_access_net; u64 scoped; }: from
  // ABI 6 on, also scope abstract UNIX sockets and signals to the sandbox (no `kill $PPID`, no connect
  // to an abstract socket of a process outside).
  const size = abi >= 6 ? 24 : 8;
  const attr = new Uint8Array(size);
  new DataView(attr.buffer).setBigUint64(0, BigInt(handled), true);
  if (abi >= 6) new DataView(attr.buffer).setBigUint64(16, BigInt(LANDLOCK_SCOPES), true);
  const rulesetFd = syscall("landlock_create_ruleset", SYS_LANDLOCK_CREATE_RULESET, pointer(attr), size, 0);
  try {
    const rules = planRules(policy, abi);
    for (const rule of rules) {
      let fd: number;
      try {
        fd = openPath(rule.path, O_PATH_CLOEXEC | O_NOFOLLOW);
      } catch (err) {
        // The path vanished between planning and now: nothing to grant.
        if (err instanceof LibcError && err.errno === 2) continue;
        throw err;
      }
      try {
        // struct landlock_path_beneath_attr { u64 allowed_access; s32 parent_fd; } __attribute__((packed))
        const beneath = new Uint8Array(12);
        const view = new DataView(beneath.buffer);
        view.setBigUint64(0, BigInt(rule.access & handled), true);
        view.setInt32(8, fd, true);
        syscall(
          `landlock_add_rule(${rule.path})`,
          SYS_LANDLOCK_ADD_RULE,
          rulesetFd,
          LANDLOCK_RULE_PATH_BENEATH,
          pointer(beneath),
          0,
        );
      } finally {
        closeFd(fd);
      }
    }
    syscall("landlock_restrict_self", SYS_LANDLOCK_RESTRICT_SELF, rulesetFd, 0);
    return rules.length;
  } finally {
    closeFd(rulesetFd);
  }
}

/**
 * Installs the shared seccomp filter on the calling thread (no_new_privs must be set), plus what only
 * this backend needs: `setsid` denied (the helper made the command a session leader, and every process
 * of that session is killed when the command ends, so nothing may leave it), SysV IPC denied (there is
 * no IPC namespace), and under `read-only` chmod/chown/xattr/utimes denied (Landlock does not govern
 * metadata).
 */
export function applySeccompFilter(network: boolean, readOnly = false): void {
  const arch = archInfo();
  if (!arch) throw new Error(`expected x86_64 or aarch64, found ${Deno.build.arch}`);
  const prog = sandboxFilter(arch, {
    network,
    denySetsid: true,
    denyMetadata: readOnly,
    denySysvIpc: true,
  });
  const filter = encodeFilter(prog);
  // struct sock_fprog { unsigned short len; struct sock_filter *filter; } (pointer at offset 8)
  const fprog = new Uint8Array(16);
  const view = new DataView(fprog.buffer);
  view.setUint16(0, prog.length, true);
  view.setBigUint64(8, BigInt(Deno.UnsafePointer.value(pointer(filter))), true);
  syscall("seccomp(SECCOMP_SET_MODE_FILTER)", arch.seccomp, SECCOMP_SET_MODE_FILTER, 0, pointer(fprog));
}

/** Why the landlock backend does not run as root (Landlock leaves root's capabilities in place). */
export const ROOT_REFUSAL =
  "refuses to run as root: Landlock cannot stop root from chmod/chown outside the writable roots or " +
  "from using its capabilities; run as a normal user, or use bwrap (which drops every capability)";

/**
 * Applies everything `policy` asks for to the calling thread: a new session (no controlling terminal
 * to inject input into), no_new_privs, the Landlock ruleset (with scopes where the ABI has them) and
 * the seccomp filter.
 */
export function applyPolicy(policy: SandboxPolicy): void {
  if (Deno.uid() === 0) throw new Error(`the landlock backend ${ROOT_REFUSAL}`);
  const abi = landlockAbi();
  if (abi < 1) throw new Error("expected Landlock support in the kernel (ABI >= 1), found none");
  newSession();
  setNoNewPrivs();
  applyLandlock(policy, abi);
  applySeccompFilter(policy.networkAccess, policy.mode === "read-only");
}
