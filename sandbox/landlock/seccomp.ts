/**
 * The seccomp filter of the landlock helper: the one both Linux backends share (see `lib/seccomp.ts`).
 * @module
 */
export {
  type BpfInstruction,
  encodeFilter,
  type FilterOptions,
  networkFilter,
  RET,
  sandboxFilter,
} from "../../lib/seccomp.ts";
