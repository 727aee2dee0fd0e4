// Drives the real `factline lsp` over stdio the way the extension does, with the same
// initialization options and configuration notifications (built by ../src/settings), on the
// bundled example articles. The binary: $FACTLINE_BIN, else target/debug/factline.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  DefinitionRequest,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LocationLink,
  MarkupContent,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";
import { sheetMarkdown } from "../src/sheet";
import { didChangeConfigurationParams, FactlineSettings, initializationOptions, readSettings } from "../src/settings";

const repo = path.resolve(__dirname, "..", "..", "..", "..");
const examples = path.join(repo, "examples");
const binary = process.env.FACTLINE_BIN ? path.resolve(process.env.FACTLINE_BIN) : path.join(repo, "target", "debug", "factline");
const articlePath = path.join(examples, "kyiv-recovery-wire.txt");
const article = fs.readFileSync(articlePath, "utf8");
const uri = pathToFileURL(articlePath).href;
const TIMEOUT_MS = 20_000;

/** Settings as VS Code would hold them after a user edits them (keys as in package.json). */
function userSettings(values: Record<string, unknown>): FactlineSettings {
  return readSettings((key) => values[key]);
}

/** LSP position (UTF-16) of the `occurrence`-th `needle` in the article; the file has CRLF line ends. */
function positionOf(needle: string, occurrence = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = article.indexOf(needle, at + 1);
    assert.notEqual(at, -1, `"${needle}" not in the article`);
  }
  const before = article.slice(0, at);
  const line = before.split("\n").length - 1;
  return { line, character: at - (before.lastIndexOf("\n") + 1) };
}

class Session {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  readonly published: PublishDiagnosticsParams[] = [];
  private waiters: (() => void)[] = [];
  stderr = "";

  constructor() {
    assert.ok(fs.existsSync(binary), `no factline binary at ${binary}: run \`cargo build\` or set FACTLINE_BIN`);
    this.proc = spawn(binary, ["lsp"], { cwd: examples, stdio: ["pipe", "pipe", "pipe"] });
    this.proc.stderr?.on("data", (d: Buffer) => (this.stderr += d.toString()));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.conn.listen();
  }

  latest(): PublishDiagnosticsParams | undefined {
    return [...this.published].reverse().find((p) => p.uri === uri);
  }

  /** Waits until the article's latest diagnostics satisfy `ok`. */
  async diagnostics(what: string, ok: (p: PublishDiagnosticsParams) => boolean): Promise<Diagnostic[]> {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const p = this.latest();
      if (p && ok(p)) return p.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) {
        assert.fail(`timed out waiting for ${what}; last diagnostics: ${JSON.stringify(p?.diagnostics.map((d) => d.code))}\n${this.stderr}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async close(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.proc.on("exit", (code) => resolve(code)));
    await this.conn.sendRequest(ShutdownRequest.type);
    await this.conn.sendNotification(ExitNotification.type);
    const code = await exited;
    this.conn.dispose();
    return code;
  }
}

function codes(ds: Diagnostic[]): string[] {
  return ds.map((d) => String(d.code));
}

function find(ds: Diagnostic[], code: string): Diagnostic {
  const d = ds.find((x) => x.code === code);
  assert.ok(d, `no ${code} among ${JSON.stringify(codes(ds))}`);
  return d;
}

test("the extension's configuration reaches the real server: diagnostics, hover, definition, settings change", { timeout: 120_000 }, async (t) => {
  const s = new Session();
  try {
    // The user raised unintroduced-name from its default (information) to warning.
    const settings = userSettings({ rules: { "unintroduced-name": "warning" }, defaultYear: 2026 });
    const init = await s.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(examples).href,
      workspaceFolders: [{ uri: pathToFileURL(examples).href, name: "examples" }],
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          hover: { contentFormat: ["markdown", "plaintext"] },
          definition: { linkSupport: true },
          synchronization: { didSave: true },
        },
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false }, workspaceFolders: true },
      },
      initializationOptions: initializationOptions(settings),
    });
    assert.equal(init.serverInfo?.name, "factline");
    assert.ok(init.capabilities.hoverProvider, "hover advertised");
    // The token types package.json contributes (so themes can colour them) are the server's legend.
    const contributed = (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
      contributes: { semanticTokenTypes: { id: string }[] };
    }).contributes.semanticTokenTypes.map((t) => t.id);
    assert.deepEqual(init.capabilities.semanticTokensProvider?.legend.tokenTypes, contributed);
    await s.conn.sendNotification(InitializedNotification.type, {});
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "plaintext", version: 1, text: article },
    });

    // Diagnostics for version 1, with codes and UTF-16 positions (CRLF line ends count once).
    const first = await s.diagnostics("diagnostics of version 1 with weekday-mismatch", (p) => p.version === 1 && codes(p.diagnostics).includes("weekday-mismatch"));
    const weekday = find(first, "weekday-mismatch");
    const at = positionOf("Saturday, June 7, 2026");
    assert.deepEqual(weekday.range, { start: at, end: { line: at.line, character: at.character + "Saturday, June 7, 2026".length } });
    assert.equal(weekday.severity, DiagnosticSeverity.Error);
    assert.equal(weekday.source, "factline");
    const unintroduced = find(first, "unintroduced-name");
    assert.deepEqual(unintroduced.range.start, positionOf("Kallas told"));
    assert.equal(unintroduced.severity, DiagnosticSeverity.Warning, "the rules setting from initializationOptions applies");

    // Hover on an entity mention names the identity.
    const hover = await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf("Kaja Kallas") });
    assert.ok(hover, "hover on Kaja Kallas");
    const text = MarkupContent.is(hover.contents) ? hover.contents.value : JSON.stringify(hover.contents);
    assert.match(text, /Kaja Kallas/);
    assert.match(text, /person/i, "the hover says what kind of entity it is");

    // Definition of the bare surname goes to where the article introduces her.
    const def = await s.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: positionOf("Kallas told") });
    const firstDef = Array.isArray(def) ? def[0] : def;
    assert.ok(firstDef, "definition of Kallas");
    const target = LocationLink.is(firstDef) ? { uri: firstDef.targetUri, range: firstDef.targetSelectionRange } : firstDef;
    assert.equal(target.uri, uri);
    assert.deepEqual(target.range.start, positionOf("Kaja Kallas"));

    // "factline: Show Story Sheet" sends this request with the active document.
    if (init.capabilities.executeCommandProvider?.commands.includes("factline.showSheet")) {
      const sheet: unknown = await s.conn.sendRequest(ExecuteCommandRequest.type, { command: "factline.showSheet", arguments: [uri] });
      const md = sheetMarkdown(sheet);
      assert.match(md, /Kaja Kallas/, "the story sheet lists the persons of the article");
    } else {
      t.diagnostic("this server does not offer factline.showSheet yet; the story sheet was not tested");
    }

    // The user turns weekday-mismatch off: the extension sends the whole configuration again.
    await s.conn.sendNotification(
      DidChangeConfigurationNotification.type,
      didChangeConfigurationParams(userSettings({ rules: { "unintroduced-name": "warning", "weekday-mismatch": "off" } })),
    );
    const after = await s.diagnostics("weekday-mismatch to disappear", (p) => !codes(p.diagnostics).includes("weekday-mismatch"));
    assert.equal(find(after, "unintroduced-name").severity, DiagnosticSeverity.Warning);

    // A severity per figure kind (docs/rules.md's [rules.unsourced-figure]): percentages
    // without a source become errors, the rest of the rule keeps its default.
    assert.equal(find(after, "unsourced-figure").severity, DiagnosticSeverity.Warning);
    await s.conn.sendNotification(
      DidChangeConfigurationNotification.type,
      didChangeConfigurationParams(userSettings({ rules: { "unintroduced-name": "warning", "weekday-mismatch": "off", "unsourced-figure": { percent: "error" } } })),
    );
    const perKind = await s.diagnostics("the unsourced percentage as an error", (p) =>
      p.diagnostics.some((d) => d.code === "unsourced-figure" && d.severity === DiagnosticSeverity.Error),
    );
    assert.match(find(perKind, "unsourced-figure").message, /percent "half"/);

    // An edit that introduces her first: the unintroduced-name diagnostic goes, version 2 is reported.
    await s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: positionOf("Kallas told"), end: positionOf("Kallas told") }, text: "Kaja " }],
    });
    const edited = await s.diagnostics("version 2 without unintroduced-name", (p) => p.version === 2);
    assert.ok(!codes(edited).includes("unintroduced-name"), `still flagged: ${JSON.stringify(codes(edited))}`);

    assert.equal(await s.close(), 0, "the server exits cleanly after shutdown/exit");
  } finally {
    if (s.proc.exitCode === null) s.proc.kill();
  }
});
