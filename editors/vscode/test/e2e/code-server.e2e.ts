// The packaged extension in a real VS Code, as a user starts it: code-server (VS Code served to a
// browser) installs factline.vsix, serves a copy of examples/ on 127.0.0.1, and headless
// Chromium opens an article, waits for the findings in the Problems view, hovers a name and runs
// "factline: Show Story Sheet". Run by .ci/run (`npm run test:e2e`), which installs code-server
// and Chromium; the environment names them:
//   FACTLINE_E2E_NODE     Node 24, which code-server needs
//   FACTLINE_E2E_CODE_SERVER  code-server's package folder (node_modules/code-server)
//   FACTLINE_E2E_CHROMIUM Chromium (default /usr/bin/chromium)
//   FACTLINE_E2E_VSIX     the packaged extension (default ./factline.vsix)
//   FACTLINE_E2E_SCREENSHOT  optional: where to write a screenshot of the hover and findings
import { test, before, after } from "node:test";
import * as assert from "node:assert/strict";
import * as cp from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

const here = path.resolve(__dirname, "..", "..", "..");
const repo = path.resolve(here, "..", "..");
const node = need("FACTLINE_E2E_NODE");
const codeServer = need("FACTLINE_E2E_CODE_SERVER");
const chromiumPath = process.env.FACTLINE_E2E_CHROMIUM ?? "/usr/bin/chromium";
const vsix = path.resolve(process.env.FACTLINE_E2E_VSIX ?? path.join(here, "factline.vsix"));
// Generous: a 2-core machine shared with a build; each wait ends as soon as its condition holds.
const WAIT = 90_000;

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (see the header of this file)`);
  return v;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "factline-vscode-e2e-"));
const workspace = path.join(scratch, "newsroom");
const userData = path.join(scratch, "user-data");
const extensions = path.join(scratch, "extensions");
let server: cp.ChildProcess | undefined;
let serverLog = "";
let browser: BrowserContext | undefined;
let page: Page;

function codeServerArgs(...args: string[]): string[] {
  return [path.join(codeServer, "out", "node", "entry.js"), "--user-data-dir", userData, "--extensions-dir", extensions, ...args];
}

// Only loopback traffic: the gallery points at a closed local port, and nothing is checked
// for updates or sent as telemetry.
const env = {
  ...process.env,
  EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: "http://127.0.0.1:9/gallery", itemUrl: "http://127.0.0.1:9/item" }),
  PATH: `${path.dirname(node)}:${process.env.PATH ?? ""}`,
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForHttp(url: string): Promise<void> {
  const deadline = Date.now() + WAIT;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // Not listening yet.
    }
    if (server?.exitCode !== null && server?.exitCode !== undefined) throw new Error(`code-server exited:\n${serverLog}`);
    if (Date.now() > deadline) throw new Error(`code-server did not answer at ${url}:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs a command from the palette (F1), by its title as the palette shows it. */
async function runCommand(title: string): Promise<void> {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: WAIT });
  await input.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: WAIT });
  await page.keyboard.press("Enter");
}

/** The Problems view's rows, as text (file rows and finding rows). */
async function problemRows(): Promise<string[]> {
  return page.locator(".markers-panel .monaco-list-row").allInnerTexts();
}

before(async () => {
  fs.cpSync(path.join(repo, "examples"), workspace, { recursive: true });
  fs.mkdirSync(path.join(userData, "User"), { recursive: true });
  fs.writeFileSync(
    path.join(userData, "User", "settings.json"),
    JSON.stringify({
      "security.workspace.trust.enabled": false,
      "workbench.startupEditor": "none",
      "workbench.tips.enabled": false,
      "workbench.welcomePage.walkthroughs.openOnInstall": false,
      "extensions.autoCheckUpdates": false,
      "extensions.autoUpdate": false,
      "extensions.ignoreRecommendations": true,
      "update.mode": "none",
      "telemetry.telemetryLevel": "off",
      "chat.disableAIFeatures": true,
      "git.enabled": false,
      "window.zoomLevel": 0,
      "editor.minimap.enabled": false,
      "editor.wordWrap": "on",
      "editor.hover.delay": 100,
      // A severity per figure kind, as docs/rules.md documents it: percentages without a
      // source become errors.
      "workbench.secondarySideBar.defaultVisibility": "hidden",
      "factline.rules": { "unsourced-figure": { percent: "error" } },
    }),
  );
  const install = cp.spawnSync(node, codeServerArgs("--install-extension", vsix), { env, encoding: "utf8", timeout: WAIT });
  assert.equal(install.status, 0, `install failed:\n${install.stdout}\n${install.stderr}`);
  assert.match(install.stdout, /factline\.vsix' was successfully installed/);

  const port = await freePort();
  server = cp.spawn(
    node,
    codeServerArgs(
      "--auth",
      "none",
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      workspace,
    ),
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout?.on("data", (d: Buffer) => (serverLog += d.toString()));
  server.stderr?.on("data", (d: Buffer) => (serverLog += d.toString()));
  await waitForHttp(`http://127.0.0.1:${port}/healthz`);

  // A fresh profile each run (Playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(path.join(scratch, "chromium"), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: WAIT });
});

after(async () => {
  const shots = process.env.FACTLINE_E2E_ARTIFACTS;
  if (shots && page) await page.screenshot({ path: path.join(shots, "last.png") }).catch(() => undefined);
  await browser?.close();
  server?.kill();
  fs.rmSync(scratch, { recursive: true, force: true });
});

test("an article opened in VS Code gets factline's findings in the Problems view", { timeout: 4 * WAIT }, async () => {
  // Quick Open, as a user opens a file.
  await page.locator(".monaco-workbench").click({ position: { x: 640, y: 400 } });
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: WAIT });
  await input.fill("kyiv-recovery-wire.txt");
  await page.locator(".quick-input-list .monaco-list-row", { hasText: "kyiv-recovery-wire.txt" }).first().waitFor({ timeout: WAIT });
  await page.keyboard.press("Enter");
  await page.locator(".monaco-editor .view-line", { hasText: "Kallas told delegates" }).first().waitFor({ timeout: WAIT });

  await runCommand("View: Focus Problems");
  const panel = page.locator(".markers-panel");
  await panel.waitFor({ timeout: WAIT });
  await page.locator(".markers-panel .monaco-list-row", { hasText: "falls on a Sunday, not a Saturday" }).first().waitFor({ timeout: WAIT });
  // The article's own findings come first; those comparing it with the other articles follow
  // when the server's scan of the folder ends.
  await page.locator(".markers-panel .monaco-list-row", { hasText: "kyiv-recovery-summit.md" }).first().waitFor({ timeout: WAIT });
  const rows = await problemRows();
  const text = rows.join("\n");
  assert.match(text, /weekday-mismatch/);
  // Another article named by its path in the folder, not by its URI.
  assert.match(text, /"Volodymyr Zelenskyy" here, "Volodymyr Zelensky" in kyiv-recovery-summit\.md/);
  assert.doesNotMatch(text, /file:\/\//);
  // factline.rules with a severity per figure kind reached the server: the unsourced
  // percentage is an error (the icon of its row).
  const percent = page.locator(".markers-panel .monaco-list-row", { hasText: 'percent "half" has no source' }).first();
  await percent.waitFor({ timeout: WAIT });
  assert.equal(await percent.locator(".codicon-error").count(), 1, (await percent.innerHTML()).slice(0, 800));

  // The status bar says the server runs.
  const status = page.locator(".statusbar-item", { hasText: "factline" }).first();
  await status.waitFor({ timeout: WAIT });
  assert.equal(await status.locator(".codicon-check").count(), 1, await status.innerHTML());
});

test("hovering a name shows its card", { timeout: 2 * WAIT }, async () => {
  // "Kallas", named before the article introduces her: the hover shows the finding and the
  // card of Kaja Kallas. The innermost span is the name's own token (semantic tokens colour
  // each mention).
  const name = page.locator(".monaco-editor .view-line span span", { hasText: /^Kallas$/ }).first();
  const box = await name.boundingBox();
  assert.ok(box, "the name is on screen");
  // Move onto the name in two steps: the hover opens on mouse movement over the word.
  await page.mouse.move(box.x + 4, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2, { steps: 4 });
  // The hover fills in parts: the diagnostic's part (which also names Kaja Kallas) can show
  // before the server's card arrives, so wait for the card's own text.
  const hover = page.locator(".monaco-hover:visible", { hasText: "Kaja Kallas" }).filter({ hasText: /person/ }).first();
  await hover.waitFor({ timeout: WAIT });
  const card = await hover.innerText();
  assert.match(card, /person/, card);
  assert.match(card, /used before the article introduces Kaja Kallas/, card);
  assert.match(card, /European Commission|High Representative|Estonia/, card);
  const shot = process.env.FACTLINE_E2E_SCREENSHOT;
  if (shot) await page.screenshot({ path: shot });
});

test("Show Story Sheet opens the sheet, and the server does not lint it", { timeout: 2 * WAIT }, async () => {
  await page.mouse.move(5, 5);
  await runCommand("factline: Show Story Sheet");
  const sheetTab = page.locator(".tabs-container .tab", { hasText: "Story Sheet" }).first();
  await sheetTab.waitFor({ timeout: WAIT });
  await page.locator(".monaco-editor .view-line", { hasText: "Kaja Kallas" }).first().waitFor({ timeout: WAIT });
  const sheetLines = (await page.locator(".editor-group-container.active .monaco-editor .view-line").allInnerTexts()).join("\n");
  assert.match(sheetLines, /Persons|persons/, sheetLines);
  // Findings on the sheet would show up in the Problems view under its name: give the server
  // the time it takes to lint an article (the article above took less), then look.
  await new Promise((r) => setTimeout(r, 5000));
  const rows = (await problemRows()).join("\n");
  assert.doesNotMatch(rows, /Story Sheet|Untitled/, rows);
  assert.match(rows, /kyiv-recovery-wire\.txt/);
});
