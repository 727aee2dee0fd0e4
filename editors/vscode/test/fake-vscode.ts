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
  fireConfigChange(): Promise<void>;
}

function stub(name: string): unknown {
  const f = function () {};
  return new Proxy(f, {
    get: (_t, p) => (p === "prototype" ? {} : stub(`${name}.${String(p)}`)),
    construct: () => stub(`${name}()`) as object,
    apply: () => stub(`${name}()`),
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
    async fireConfigChange() {
      for (const l of configListeners) await l({ affectsConfiguration: (s) => s === "factline" || s.startsWith("factline.") });
    },
  };
  const disposable = { dispose() {} };
  const api = {
    StatusBarAlignment: { Left: 1, Right: 2 },
    ViewColumn: { Beside: -2 },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    window: {
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
    },
    commands: {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        fake.commands.set(id, fn);
        return disposable;
      },
      executeCommand: () => Promise.resolve(undefined),
    },
    workspace: {
      workspaceFolders: undefined,
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
    },
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
