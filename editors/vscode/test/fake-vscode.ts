// A stand-in for the `vscode` module, enough to activate the extension in plain Node: it records
// registered commands, notifications and the status bar item. Anything else the language client
// touches at load time is a harmless stub.
import Module from "node:module";

export interface FakeVscode {
  settings: Record<string, unknown>;
  commands: Map<string, (...args: unknown[]) => unknown>;
  errors: string[];
  warnings: string[];
  status: { text: string; tooltip: string; shown: boolean; command?: string };
  outputLines: string[];
  outputShown: number;
  /** Text document content providers by scheme. */
  contentProviders: Map<string, unknown>;
  /** The URIs passed to workspace.openTextDocument, as strings. */
  opened: string[];
  fireConfigChange(): Promise<void>;
}

function stub(name: string): unknown {
  const f = function () {};
  return new Proxy(f, {
    get: (_t, p) => {
      if (p === "prototype") return {};
      // Not a promise (awaiting a stub must not hang), iterable and empty, disposable.
      if (p === "then") return undefined;
      if (p === Symbol.iterator) return function* () {};
      if (p === Symbol.toPrimitive) return () => name;
      if (p === "length") return 0;
      return stub(`${name}.${String(p)}`);
    },
    construct: () => stub(`${name}()`) as object,
    apply: () => stub(`${name}()`),
  });
}

/** `object`, with a stub for every member it does not have. */
function withStubs<T extends object>(object: T, name: string): T {
  return new Proxy(object, {
    get: (t, p) => (p in t ? (t as Record<string | symbol, unknown>)[p] : p === "then" ? undefined : stub(`${name}.${String(p)}`)),
  });
}

export function installFakeVscode(): FakeVscode {
  const configListeners: ((e: { affectsConfiguration(s: string): boolean }) => unknown)[] = [];
  const fake: FakeVscode = {
    settings: {},
    commands: new Map(),
    errors: [],
    warnings: [],
    status: { text: "", tooltip: "", shown: false },
    outputLines: [],
    outputShown: 0,
    contentProviders: new Map(),
    opened: [],
    async fireConfigChange() {
      for (const l of configListeners) await l({ affectsConfiguration: (s) => s === "factline" || s.startsWith("factline.") });
    },
  };
  const disposable = { dispose() {} };
  const api = {
    // The oldest VS Code package.json's engines accepts (the language client checks it).
    version: "1.82.0",
    env: withStubs({ language: "en", appName: "Visual Studio Code" }, "vscode.env"),
    StatusBarAlignment: { Left: 1, Right: 2 },
    ViewColumn: { Beside: -2 },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    window: withStubs({
      visibleTextEditors: [],
      showTextDocument: () => Promise.resolve(undefined),
      createOutputChannel: () => ({
        appendLine: (l: string) => fake.outputLines.push(l),
        append: () => {},
        show: () => fake.outputShown++,
        dispose() {},
      }),
      createStatusBarItem: () => {
        const item = fake.status as FakeVscode["status"] & { show(): void; dispose(): void; backgroundColor?: unknown };
        item.show = () => (item.shown = true);
        item.dispose = () => {};
        return item;
      },
      // Like VS Code, the promise settles only when the user answers: never, here.
      showErrorMessage: (m: string) => {
        fake.errors.push(m);
        return new Promise(() => {});
      },
      showWarningMessage: (m: string) => {
        fake.warnings.push(m);
        return Promise.resolve(undefined);
      },
      activeTextEditor: undefined,
    }, "vscode.window"),
    commands: withStubs({
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        fake.commands.set(id, fn);
        return disposable;
      },
      executeCommand: () => Promise.resolve(undefined),
    }, "vscode.commands"),
    workspace: withStubs({
      workspaceFolders: undefined,
      textDocuments: [],
      openTextDocument: (uri: unknown) => {
        fake.opened.push(String(uri));
        return Promise.resolve({ uri });
      },
      getConfiguration: (section: string) => ({
        get: (key: string) => fake.settings[`${section}.${key}`],
      }),
      onDidChangeConfiguration: (l: (e: { affectsConfiguration(s: string): boolean }) => unknown) => {
        configListeners.push(l);
        return disposable;
      },
      registerTextDocumentContentProvider: (scheme: string, provider: unknown) => {
        fake.contentProviders.set(scheme, provider);
        return disposable;
      },
    }, "vscode.workspace"),
    languages: withStubs({ match: () => 0 }, "vscode.languages"),
    Uri: withStubs(
      {
        from: (c: { scheme: string; path: string }) => ({ ...c, toString: () => `${c.scheme}:${c.path}` }),
      },
      "vscode.Uri",
    ),
    EventEmitter: class {
      event = () => disposable;
      fire() {}
      dispose() {}
    },
  };
  const fallback = stub("vscode") as Record<string, unknown>;
  const vscode = new Proxy<Record<string, unknown>>(api, { get: (t, p: string) => (p in t ? t[p] : fallback[p]) });
  const mod = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
  const load = mod._load;
  mod._load = function (this: unknown, req: string, ...rest: unknown[]) {
    return req === "vscode" ? vscode : load.call(this, req, ...rest);
  };
  return fake;
}
