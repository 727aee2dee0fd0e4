// Binary resolution order and messages, on a fake file system.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { resolveServer, ResolveOptions, ServerFs } from "../src/server";
import { sheetMarkdown } from "../src/sheet";

function fakeFs(files: Record<string, "x" | "-">): ServerFs & { chmodded: string[] } {
  const chmodded: string[] = [];
  return {
    chmodded,
    isFile: (p) => p in files,
    isExecutable: (p) => files[p] === "x",
    makeExecutable: (p) => {
      chmodded.push(p);
      if (p in files) files[p] = "x";
    },
  };
}

const ext = "/home/u/.vscode/extensions/factline-0.1.0";
const bundled = path.join(ext, "server", "factline");

function opts(files: Record<string, "x" | "-">, over: Partial<ResolveOptions> = {}): ResolveOptions {
  return {
    configured: "",
    workspaceFolder: "/news",
    extensionPath: ext,
    platform: "linux",
    arch: "x64",
    pathEnv: "/usr/local/bin:/usr/bin",
    homeDir: "/home/u",
    fs: fakeFs(files),
    ...over,
  };
}

test("the setting wins over the bundled copy and PATH", () => {
  const r = resolveServer(opts({ "/opt/f/factline": "x", [bundled]: "x", "/usr/bin/factline": "x" }, { configured: "/opt/f/factline" }));
  assert.deepEqual(r, { ok: true, command: "/opt/f/factline", source: "setting" });
});

test("the setting expands ~ and ${workspaceFolder}, and is relative to the workspace", () => {
  const files: Record<string, "x" | "-"> = { "/home/u/bin/factline": "x", "/news/tools/factline": "x" };
  assert.equal(resolveServer(opts(files, { configured: "~/bin/factline" })).ok, true);
  const a = resolveServer(opts(files, { configured: "${workspaceFolder}/tools/factline" }));
  assert.deepEqual(a, { ok: true, command: "/news/tools/factline", source: "setting" });
  const b = resolveServer(opts(files, { configured: "tools/factline" }));
  assert.deepEqual(b, { ok: true, command: "/news/tools/factline", source: "setting" });
});

test("a setting that points nowhere is an error, not a fallback", () => {
  const r = resolveServer(opts({ [bundled]: "x", "/usr/bin/factline": "x" }, { configured: "/missing/factline" }));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : "", /factline\.path is set to "\/missing\/factline"/);
});

test("the bundled copy comes before PATH on Linux x86-64", () => {
  const r = resolveServer(opts({ [bundled]: "x", "/usr/bin/factline": "x" }));
  assert.deepEqual(r, { ok: true, command: bundled, source: "bundled" });
});

test("a bundled copy that lost its execute bit is repaired", () => {
  const f = fakeFs({ [bundled]: "-" });
  const r = resolveServer(opts({}, { fs: f }));
  assert.deepEqual(f.chmodded, [bundled]);
  assert.deepEqual(r, { ok: true, command: bundled, source: "bundled" });
});

test("other platforms skip the bundle and search PATH in order", () => {
  const r = resolveServer(opts({ [bundled]: "x", "/usr/local/bin/factline": "x", "/usr/bin/factline": "x" }, { platform: "darwin", arch: "arm64" }));
  assert.deepEqual(r, { ok: true, command: "/usr/local/bin/factline", source: "path" });
  const w = resolveServer(opts({ "C:\\tools/factline.exe": "x" }, { platform: "win32", pathEnv: "C:\\tools;D:\\x" }));
  assert.equal(w.ok && w.source, "path");
});

test("a non-executable file on PATH is skipped", () => {
  const r = resolveServer(opts({ "/usr/local/bin/factline": "-", "/usr/bin/factline": "x" }));
  assert.deepEqual(r, { ok: true, command: "/usr/bin/factline", source: "path" });
});

test("nothing found: a message that says how to get the binary", () => {
  const r = resolveServer(opts({}, { platform: "darwin", arch: "arm64", pathEnv: undefined }));
  assert.equal(r.ok, false);
  const message = !r.ok ? r.message : "";
  assert.match(message, /not found/);
  assert.match(message, /darwin-arm64/);
  assert.match(message, /cargo install --path \./);
});

test("story sheet answers become Markdown", () => {
  assert.equal(sheetMarkdown("# Sheet\n"), "# Sheet\n");
  assert.equal(sheetMarkdown({ markdown: "# M" }), "# M");
  assert.match(sheetMarkdown({ persons: [] }), /^```json\n\{\n {2}"persons": \[\]/);
  assert.match(sheetMarkdown(null), /no story sheet/);
});
