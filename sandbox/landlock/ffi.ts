/**
 * The libc calls the Landlock helper needs, through Deno FFI: raw `syscall` (Landlock, seccomp, prctl),
 * `open`/`close` for rule paths, `signal` to undo Deno's ignored SIGPIPE, and `execvp`. Syscall numbers
 * for x86_64 and aarch64. Everything here is synchronous and runs on the calling (main) thread, which is
 * the thread whose credentials, seccomp filter and no_new_privs bit `execvp` hands to the command.
 * @module
 */

import { type ArchInfo, archInfo as libArchInfo } from "../../lib/seccomp.ts";

export type { ArchInfo } from "../../lib/seccomp.ts";
export { SYS_IO_URING } from "../../lib/seccomp.ts";

/** Landlock syscalls share one number on every architecture (added after the table unification). */
export const SYS_LANDLOCK_CREATE_RULESET = 444;
/** `landlock_add_rule`. */
export const SYS_LANDLOCK_ADD_RULE = 445;
/** `landlock_restrict_self`. */
export const SYS_LANDLOCK_RESTRICT_SELF = 446;
/** The architecture table for this build, or undefined when unsupported. */
export function archInfo(arch: string = Deno.build.arch): ArchInfo | undefined {
  return libArchInfo(arch);
}

const SYMBOLS = {
  syscall: { parameters: ["i64", "i64", "i64", "i64", "i64", "i64"], result: "i64" },
  open: { parameters: ["buffer", "i32", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  execvp: { parameters: ["buffer", "buffer"], result: "i32" },
  signal: { parameters: ["i32", "pointer"], result: "pointer" },
  __errno_location: { parameters: [], result: "pointer" },
  strerror: { parameters: ["i32"], result: "pointer" },
  setsid: { parameters: [], result: "i32" },
} as const;

type Libc = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

let libc: Libc | undefined;

/** Opens libc once. Throws when it cannot be loaded (not glibc/musl Linux, or FFI not permitted). */
export function openLibc(): Libc {
  if (libc) return libc;
  const candidates = ["libc.so.6", "libc.so", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1"];
  let last: unknown;
  for (const name of candidates) {
    try {
      libc = Deno.dlopen(name, SYMBOLS).symbols;
      return libc;
    } catch (err) {
      last = err;
    }
  }
  throw new Error(`expected a loadable libc (${candidates.join(", ")}), found none: ${String(last)}`);
}

/** The calling thread's errno. Read it right after the failing call. */
export function errno(): number {
  const p = openLibc().__errno_location();
  return p === null ? 0 : new Deno.UnsafePointerView(p).getInt32();
}

/** `strerror(code)` as a string. */
export function strerror(code: number): string {
  const p = openLibc().strerror(code);
  return p === null ? `errno ${code}` : Deno.UnsafePointerView.getCString(p);
}

/** A failed libc call: names the call and carries errno. */
export class LibcError extends Error {
  /** The errno value. */
  readonly errno: number;
  constructor(call: string, code: number) {
    super(`${call} failed: ${strerror(code)} (errno ${code})`);
    this.errno = code;
  }
}

/** `syscall(nr, ...args)`; returns the result or throws LibcError when it is -1. */
export function syscall(name: string, nr: number, ...args: (number | bigint | Deno.PointerValue)[]): number {
  const a = args.map((x) =>
    typeof x === "bigint" ? x : typeof x === "number" ? BigInt(x) : BigInt(Deno.UnsafePointer.value(x))
  );
  while (a.length < 5) a.push(0n);
  const r = openLibc().syscall(BigInt(nr), a[0], a[1], a[2], a[3], a[4]);
  if (r === -1n) throw new LibcError(name, errno());
  return Number(r);
}

/** A NUL-terminated C string. */
export function cString(s: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(s);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** `O_PATH | O_CLOEXEC` (same values on x86_64 and aarch64). */
export const O_PATH_CLOEXEC = 0o10000000 | 0o2000000;
/** `O_NOFOLLOW` on x86_64 and aarch64 differ: 0o400000 vs 0o100000. */
export const O_NOFOLLOW = Deno.build.arch === "aarch64" ? 0o100000 : 0o400000;

/** `open(path, flags)`; returns the fd or throws LibcError. */
export function openPath(path: string, flags: number): number {
  const fd = openLibc().open(cString(path), flags, 0);
  if (fd < 0) throw new LibcError(`open(${path})`, errno());
  return fd;
}

/** `close(fd)`, ignoring errors. */
export function closeFd(fd: number): void {
  openLibc().close(fd);
}

/** `setsid()`: a new session and process group led by this process; ignored when it already leads one. */
export function newSession(): void {
  openLibc().setsid();
}

/** Restores the default action of SIGPIPE (Deno ignores it; an ignored signal survives execve). */
export function resetSigpipe(): void {
  openLibc().signal(13, null);
}

/**
 * `execvp(argv[0], argv)` with the current environment. Returns only on failure, as LibcError.
 */
export function execvp(argv: string[]): LibcError {
  const strings = argv.map(cString);
  const table = new BigUint64Array(argv.length + 1);
  strings.forEach((s, i) => table[i] = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(s))));
  openLibc().execvp(strings[0], new Uint8Array(table.buffer));
  const code = errno();
  // Keep the buffers reachable until the call above returned.
  strings.length = 0;
  return new LibcError(`execvp(${argv[0]})`, code);
}
