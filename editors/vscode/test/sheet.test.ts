// The story sheet's document and the documents the server checks.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { DOCUMENT_SELECTOR, SHEET_PATH, SHEET_SCHEME, sheetMarkdown } from "../src/sheet";

test("the server checks files and untitled documents, never the story sheet", () => {
  const schemes = new Set(DOCUMENT_SELECTOR.map((d) => d.scheme));
  assert.deepEqual([...schemes].sort(), ["file", "untitled"]);
  assert.ok(!schemes.has(SHEET_SCHEME));
  // Every entry names a scheme: one without would match every scheme, the sheet's too.
  for (const d of DOCUMENT_SELECTOR) assert.ok(d.scheme && d.language, JSON.stringify(d));
  assert.deepEqual(new Set(DOCUMENT_SELECTOR.map((d) => d.language)), new Set(["plaintext", "markdown"]));
  assert.match(SHEET_PATH, /\.md$/, "shown as Markdown");
});

test("the server's answer becomes Markdown whatever its shape", () => {
  assert.equal(sheetMarkdown("# Story sheet\n"), "# Story sheet\n");
  assert.equal(sheetMarkdown({ markdown: "# S\n" }), "# S\n");
  assert.match(sheetMarkdown(null), /no story sheet/);
  assert.match(sheetMarkdown({ persons: [] }), /^```json\n/);
});
