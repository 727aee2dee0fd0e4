// The extension's activation in plain Node with a fake `vscode`: commands, the notification when
// no server is found, the status bar, and a restart when factline.path changes.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { installFakeVscode } from "./fake-vscode";

const fake = installFakeVscode();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the fake is installed
const ext = require("../src/extension") as typeof import("../src/extension");
const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
  contributes: { commands: { command: string }[] };
};
const context = { extensionPath: "/nonexistent/extension", subscriptions: [] as { dispose(): void }[] };

test("a factline.path that points nowhere: an error notification, an error status, every command registered", { timeout: 10_000 }, async () => {
  fake.settings["factline.path"] = "/nonexistent/bin/factline";
  await ext.activate(context as never);
  assert.equal(fake.errors.length, 1);
  assert.match(fake.errors[0], /factline\.path is set to "\/nonexistent\/bin\/factline"/);
  assert.equal(fake.status.text, "$(error) factline");
  assert.equal(fake.status.shown, true);
  assert.equal(fake.status.command, "factline.showOutput");
  assert.match(fake.outputLines.join("\n"), /not an executable file/);
  assert.deepEqual([...fake.commands.keys()].sort(), pkg.contributes.commands.map((c) => c.command).sort());
  // The story sheet is served under its own scheme, which the server is not given.
  assert.deepEqual([...fake.contentProviders.keys()], ["factline-sheet"]);
});

test("Show Output shows the channel; Show Story Sheet without a server warns", { timeout: 10_000 }, async () => {
  const before = fake.outputShown;
  await fake.commands.get("factline.showOutput")?.();
  assert.equal(fake.outputShown, before + 1);
  await fake.commands.get("factline.showStorySheet")?.();
  assert.match(fake.warnings.at(-1) ?? "", /not running/);
});

test("changing factline.path tries again with the new path", { timeout: 10_000 }, async () => {
  fake.settings["factline.path"] = "/elsewhere/factline";
  await fake.fireConfigChange();
  assert.equal(fake.errors.length, 2);
  assert.match(fake.errors[1], /\/elsewhere\/factline/);
  await ext.deactivate();
});
