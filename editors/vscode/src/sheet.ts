// Turns the answer of the server's `factline.showSheet` command into a Markdown document. The
// answer's shape is the server's to choose: Markdown text, an object carrying it, or plain data.
// The sheet is shown as a read-only document of its own scheme, which the documents the server
// checks (DOCUMENT_SELECTOR) leave out.

/** The scheme and path of the story sheet's read-only document (`.md`: shown as Markdown). */
export const SHEET_SCHEME = "factline-sheet";
export const SHEET_PATH = "/Story Sheet.md";

/**
 * The documents the server checks: plain-text and Markdown files, and new untitled ones (an
 * article typed before it is saved). Never the sheet, nor other virtual documents (diffs, git
 * history, previews), whose findings would be noise.
 */
export const DOCUMENT_SELECTOR: readonly { scheme: string; language: string }[] = [
  { scheme: "file", language: "plaintext" },
  { scheme: "file", language: "markdown" },
  { scheme: "untitled", language: "plaintext" },
  { scheme: "untitled", language: "markdown" },
];

export function sheetMarkdown(result: unknown): string {
  if (typeof result === "string") return result;
  if (result !== null && typeof result === "object") {
    const r = result as Record<string, unknown>;
    for (const key of ["markdown", "text", "value"]) {
      if (typeof r[key] === "string") return r[key];
    }
  }
  if (result === null || result === undefined) return "_The server returned no story sheet._\n";
  return "```json\n" + JSON.stringify(result, null, 2) + "\n```\n";
}
