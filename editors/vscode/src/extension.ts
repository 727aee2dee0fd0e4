// VS Code adapter: starts `factline lsp` over stdio for plain-text and Markdown documents, sends
// the `factline.*` settings as configuration, and shows the server's state in the status bar.
import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { resolveServer, Resolution, ServerFs } from "./server";
import { didChangeConfigurationParams, FactlineSettings, initializationOptions, needsRestart, readSettings } from "./settings";
import { DOCUMENT_SELECTOR, SHEET_SCHEME, SHEET_PATH, sheetMarkdown } from "./sheet";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;
let current: FactlineSettings;
// The last story sheet, served read-only under SHEET_SCHEME: a scheme outside the document
// selector, so the server never lints the sheet as if it were an article.
let sheetText = "";
const sheetChanged = new vscode.EventEmitter<vscode.Uri>();

const nodeFs: ServerFs = {
  isFile: (p) => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  },
  isExecutable: (p) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  makeExecutable: (p) => {
    try {
      fs.chmodSync(p, 0o755);
    } catch {
      // Read-only install folder: resolution goes on to PATH.
    }
  },
};

function settings(): FactlineSettings {
  const config = vscode.workspace.getConfiguration("factline");
  return readSettings((key) => config.get(key));
}

function setStatus(text: string, tooltip: string, error = false): void {
  status.text = text;
  status.tooltip = tooltip;
  status.backgroundColor = error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  status.show();
}

function resolve(context: vscode.ExtensionContext): Resolution {
  return resolveServer({
    configured: current.path ?? "",
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    extensionPath: context.extensionPath,
    platform: process.platform,
    arch: process.arch,
    pathEnv: process.env.PATH,
    homeDir: os.homedir(),
    fs: nodeFs,
  });
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const found = resolve(context);
  if (!found.ok) {
    output.appendLine(found.message);
    setStatus("$(error) factline", found.message, true);
    // Not awaited: activation must not wait for the user to answer the notification.
    void vscode.window.showErrorMessage(found.message, "Open Settings", "Show Output").then(async (choice) => {
      if (choice === "Open Settings") await vscode.commands.executeCommand("workbench.action.openSettings", "factline.path");
      if (choice === "Show Output") output.show(true);
    });
    return;
  }
  output.appendLine(`Starting ${found.command} lsp (from ${found.source})`);
  const serverOptions: ServerOptions = { command: found.command, args: ["lsp"], transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR.map((d) => ({ ...d })),
    initializationOptions: () => initializationOptions(current),
    outputChannel: output,
  };
  const c = new LanguageClient("factline", "factline", serverOptions, clientOptions);
  c.onDidChangeState((e) => {
    const where = `${found.command} (${found.source})`;
    if (e.newState === State.Running) setStatus("$(check) factline", `factline server running: ${where}`);
    else if (e.newState === State.Starting) setStatus("$(sync~spin) factline", `factline server starting: ${where}`);
    else setStatus("$(circle-slash) factline", `factline server stopped: ${where}. Click for the output.`, true);
  });
  client = c;
  try {
    await c.start();
  } catch (err) {
    const message = `factline server failed to start: ${err instanceof Error ? err.message : String(err)}`;
    output.appendLine(message);
    setStatus("$(error) factline", message, true);
    void vscode.window.showErrorMessage(message, "Show Output").then((choice) => {
      if (choice) output.show(true);
    });
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch (err) {
      output.appendLine(`stopping the server: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

async function showStorySheet(): Promise<void> {
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage("The factline server is not running.");
    return;
  }
  // The article in view picks the workspace (one outside every folder has its own sheet).
  const active = vscode.window.activeTextEditor?.document.uri;
  const article = active && active.scheme !== SHEET_SCHEME ? active.toString() : undefined;
  try {
    const result: unknown = await client.sendRequest(ExecuteCommandRequest.type, {
      command: "factline.showSheet",
      arguments: article ? [article] : [],
    });
    sheetText = sheetMarkdown(result);
    const sheet = vscode.Uri.from({ scheme: SHEET_SCHEME, path: SHEET_PATH });
    // An open sheet is refreshed in place; a new one is read through the provider.
    sheetChanged.fire(sheet);
    const doc = await vscode.workspace.openTextDocument(sheet);
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  } catch (err) {
    void vscode.window.showErrorMessage(`factline story sheet: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("factline");
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = "factline.showOutput";
  current = settings();
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("factline.restartServer", () => restart(context)),
    vscode.commands.registerCommand("factline.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("factline.showStorySheet", showStorySheet),
    sheetChanged,
    vscode.workspace.registerTextDocumentContentProvider(SHEET_SCHEME, {
      onDidChange: sheetChanged.event,
      provideTextDocumentContent: () => sheetText,
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration("factline")) return;
      const before = current;
      current = settings();
      if (needsRestart(before, current) || !client) {
        await restart(context);
      } else if (client.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, didChangeConfigurationParams(current));
      }
    }),
  );
  await start(context);
}

export function deactivate(): Promise<void> {
  return stop();
}
