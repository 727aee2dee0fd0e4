// The extension's activate() in plain Node with a `vscode` double but the real
// vscode-languageclient and the real server: the command line the client spawns (it appends
// `--stdio` to the extension's arguments) must start the server, and Show Story Sheet must reach
// it. The binary: $FACTLINE_BIN, else target/debug/factline.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import type * as cp from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { installFakeVscode } from "./fake-vscode";

const repo = path.resolve(__dirname, "..", "..", "..", "..");
const binary = process.env.FACTLINE_BIN ? path.resolve(process.env.FACTLINE_BIN) : path.join(repo, "target", "debug", "factline");

// Record what is spawned, then spawn it for real. The module object itself is patched: the
// client calls `cp.spawn` on it at start.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the mutable module object, not an import namespace
const childProcess = require("node:child_process") as typeof cp;
const spawned: { command: string; args: readonly string[] }[] = [];
const realSpawn = childProcess.spawn;
(childProcess as { spawn: unknown }).spawn = (command: string, args: readonly string[], options: cp.SpawnOptions) => {
  spawned.push({ command, args });
  return realSpawn(command, args, options);
};

const fake = installFakeVscode();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the fake is installed
const ext = require("../src/extension") as typeof import("../src/extension");
const context = { extensionPath: "/nonexistent/extension", subscriptions: [] as { dispose(): void }[] };

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; output:\n${fake.outputLines.join("\n")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("the language client starts the server with the arguments it adds, and the sheet comes from it", { timeout: 60_000 }, async () => {
  assert.ok(fs.existsSync(binary), `no factline binary at ${binary}: run \`cargo build\` or set FACTLINE_BIN`);
  fake.settings["factline.path"] = binary;
  await ext.activate(context as never);
  assert.deepEqual(fake.errors, []);
  assert.deepEqual(spawned.at(-1), { command: binary, args: ["lsp", "--stdio"] });
  await until("the server to run", () => fake.status.text === "$(check) factline");
  assert.match(fake.status.tooltip, /factline server running/);

  await fake.commands.get("factline.showStorySheet")?.();
  assert.deepEqual(fake.opened, ["factline-sheet:/Story Sheet.md"]);
  const provider = fake.contentProviders.get("factline-sheet") as { provideTextDocumentContent(): string };
  assert.match(provider.provideTextDocumentContent(), /^# Story sheet/m);

  await ext.deactivate();
  await until("the server to stop", () => fake.status.text === "$(circle-slash) factline");
});
