// Turns the answer of the server's `factline.showSheet` command into a Markdown document. The
// answer's shape is the server's to choose: Markdown text, an object carrying it, or plain data.

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
