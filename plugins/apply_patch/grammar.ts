/**
 * The Lark grammar sent with the freeform `apply_patch` tool, written from the patch format of
 * shared/spec/codex-formats.md §5.1. It constrains what the model may emit; `parser.ts` stays the
 * authority (and is more lenient: marker whitespace, heredoc wrappers, empty Add File hunks).
 * @module
 */

/** The grammar definition (Lark syntax). */
export const APPLY_PATCH_LARK_GRAMMAR: string = String.raw`start: begin_marker operation+ end_marker
begin_marker: "*** Begin Patch" NL
end_marker: "*** End Patch" NL?

operation: create_file | remove_file | edit_file

create_file: "*** Add File: " FILE_PATH NL new_line+
new_line: "+" LINE_TEXT? NL

remove_file: "*** Delete File: " FILE_PATH NL

edit_file: "*** Update File: " FILE_PATH NL rename? first_section section*
rename: "*** Move to: " FILE_PATH NL
first_section: anchor? diff_line+ eof_marker?
section: anchor diff_line+ eof_marker?
anchor: "@@" NL
      | "@@ " LINE_TEXT NL
diff_line: kept_line | removed_line | new_line | blank_line
kept_line: " " LINE_TEXT? NL
blank_line: NL
removed_line: "-" LINE_TEXT? NL
eof_marker: "*** End of File" NL

FILE_PATH: /[^\r\n]+/
LINE_TEXT: /[^\r\n]+/
NL: /\r?\n/
`;

/** Description of the freeform tool, as Codex words it. */
export const FREEFORM_DESCRIPTION =
  "The `apply_patch` tool can be used to edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.";

/** Description of the JSON function variant: the format in brief, for models without grammar support. */
export const FUNCTION_DESCRIPTION = `Use the \`apply_patch\` tool to edit files.
Pass the whole patch as \`input\`. A patch is:

*** Begin Patch
[one or more file operations]
*** End Patch

File operations:
*** Add File: <path>      then every line of the new file prefixed with +
*** Delete File: <path>   nothing follows
*** Update File: <path>   optionally followed by "*** Move to: <new path>", then one or more chunks

A chunk starts with "@@" or "@@ <a line to find first, e.g. a class or function header>", then lines
prefixed with " " (unchanged context), "-" (removed) or "+" (added). Show about 3 lines of context
around each change; add "*** End of File" after a chunk that must match at the end of the file.
Paths are relative to the working directory; never use absolute paths.

Example:
*** Begin Patch
*** Add File: hello.txt
+Hello world
*** Update File: src/app.py
*** Move to: src/main.py
@@ def greet():
-print("Hi")
+print("Hello, world!")
*** Delete File: obsolete.txt
*** End Patch`;
