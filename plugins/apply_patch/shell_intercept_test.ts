/**
 * Recognizing `apply_patch` heredoc invocations in a shell command (end to end:
 * tests/e2e/patch_intercept_test.ts).
 */
import { extractPatchInvocation } from "./shell_intercept.ts";
import { assertEquals } from "../../tests/helpers/assert.ts";

const PATCH = "*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch";

Deno.test("patch intercept: recognizes heredoc invocations, with an optional cd, and nothing else", () => {
  assertEquals(extractPatchInvocation(`apply_patch <<'EOF'\n${PATCH}\nEOF\n`), { patch: PATCH });
  assertEquals(extractPatchInvocation(`applypatch <<"PATCH"\n${PATCH}\nPATCH`), { patch: PATCH });
  assertEquals(extractPatchInvocation(`cd 'sub dir' && apply_patch <<EOF\n${PATCH}\nEOF`), {
    patch: PATCH,
    cd: "sub dir",
  });
  assertEquals(extractPatchInvocation(`apply_patch <<'EOF'\n${PATCH}\nEOF\necho more`), undefined);
  assertEquals(extractPatchInvocation("echo apply_patch"), undefined);
  assertEquals(extractPatchInvocation(`rm -rf / && apply_patch <<EOF\n${PATCH}\nEOF`), undefined);
});
