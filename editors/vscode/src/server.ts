// Which `factline` binary to start: the `factline.path` setting, else the copy bundled in the
// extension (Linux x86-64 only, built by CI), else `factline` on PATH. The file system is passed
// in so the order and the messages are unit-tested without VS Code or real binaries.
import * as path from "node:path";

export type ServerSource = "setting" | "bundled" | "path";

export type Resolution = { ok: true; command: string; source: ServerSource } | { ok: false; message: string };

export interface ResolveOptions {
  /** The `factline.path` setting ("" when unset). */
  configured: string;
  /** The first workspace folder, against which a relative `factline.path` is taken. */
  workspaceFolder?: string;
  /** The extension's install folder (holds `server/factline` when bundled). */
  extensionPath: string;
  platform: NodeJS.Platform;
  arch: string;
  /** The PATH environment variable. */
  pathEnv: string | undefined;
  homeDir: string;
  fs: ServerFs;
}

export interface ServerFs {
  /** True for an existing regular file. */
  isFile(p: string): boolean;
  /** True when the file may be executed by this user. */
  isExecutable(p: string): boolean;
  /** Restores the execute bit (an unpacked .vsix may lose it); errors are swallowed. */
  makeExecutable(p: string): void;
}

export const INSTALL_HINT =
  "Install it with `cargo install --path .` in a factline checkout (or build `cargo build --release` and set " +
  "`factline.path` to target/release/factline).";

export function binaryName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "factline.exe" : "factline";
}

/** The bundled binary's path, or undefined on platforms no binary is bundled for. */
export function bundledPath(extensionPath: string, platform: NodeJS.Platform, arch: string): string | undefined {
  return platform === "linux" && arch === "x64" ? path.join(extensionPath, "server", "factline") : undefined;
}

function expand(p: string, o: ResolveOptions): string {
  let out = p.trim();
  if (o.workspaceFolder) out = out.replace(/\$\{workspaceFolder\}/g, o.workspaceFolder);
  if (out === "~" || out.startsWith("~/")) out = path.join(o.homeDir, out.slice(1));
  if (!path.isAbsolute(out) && o.workspaceFolder) out = path.join(o.workspaceFolder, out);
  return out;
}

export function resolveServer(o: ResolveOptions): Resolution {
  if (o.configured.trim() !== "") {
    const p = expand(o.configured, o);
    if (o.fs.isFile(p) && o.fs.isExecutable(p)) return { ok: true, command: p, source: "setting" };
    // An explicit setting that does not work is an error, not a reason to silently run another binary.
    return {
      ok: false,
      message: `factline.path is set to "${o.configured}", but ${p} is not an executable file.`,
    };
  }
  const bundled = bundledPath(o.extensionPath, o.platform, o.arch);
  if (bundled && o.fs.isFile(bundled)) {
    if (!o.fs.isExecutable(bundled)) o.fs.makeExecutable(bundled);
    if (o.fs.isExecutable(bundled)) return { ok: true, command: bundled, source: "bundled" };
  }
  const name = binaryName(o.platform);
  const sep = o.platform === "win32" ? ";" : ":";
  for (const dir of (o.pathEnv ?? "").split(sep)) {
    if (dir === "") continue;
    const candidate = path.join(dir, name);
    if (o.fs.isFile(candidate) && o.fs.isExecutable(candidate)) return { ok: true, command: candidate, source: "path" };
  }
  const where = bundled ? "no bundled copy could be run and none is on PATH" : `no copy is bundled for ${o.platform}-${o.arch} and none is on PATH`;
  return { ok: false, message: `factline server not found: factline.path is not set, ${where}. ${INSTALL_HINT}` };
}
