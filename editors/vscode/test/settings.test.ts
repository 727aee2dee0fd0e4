// Settings → server configuration, and the package.json schema kept in step with the server.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  didChangeConfigurationParams,
  FIGURE_KINDS,
  initializationOptions,
  needsRestart,
  readSettings,
  RULE_CODES,
  SEVERITIES,
  toServerConfig,
} from "../src/settings";

const root = path.join(__dirname, "..", "..");
interface Schema {
  type?: string;
  enum?: string[];
  default?: unknown;
  anyOf?: Schema[];
  additionalProperties?: boolean;
  properties?: Record<string, Schema>;
}
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  contributes: { configuration: { properties: Record<string, Schema> } };
};
const props = pkg.contributes.configuration.properties;

/** The settings as VS Code would give them with nothing set: package.json's defaults. */
function defaults(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, p] of Object.entries(props)) out[key.replace(/^factline\./, "")] = p.default;
  return out;
}

test("defaults map to an empty configuration, so factline.toml decides", () => {
  const d = defaults();
  assert.deepEqual(toServerConfig(readSettings((k) => d[k])), {});
  assert.deepEqual(initializationOptions(readSettings((k) => d[k])), { factline: {} });
});

test("every setting maps to its factline.toml key", () => {
  const values: Record<string, unknown> = {
    path: "/opt/factline",
    rules: { "vague-source": "off", "unsourced-figure": "Error" },
    include: ["news/**/*.md"],
    exclude: ["drafts/**"],
    knowledgeBase: ["people.toml", "kb/orgs.toml"],
    defaultYear: 2026,
    maxFileSize: " 2MB ",
    "attribution.verbs": ["briefed"],
    "attribution.phrases": ["per figures from"],
  };
  const s = readSettings((k) => values[k]);
  assert.deepEqual(toServerConfig(s), {
    include: ["news/**/*.md"],
    exclude: ["drafts/**"],
    knowledge_base: ["people.toml", "kb/orgs.toml"],
    default_year: 2026,
    max_file_size: "2MB",
    rules: { "vague-source": "off", "unsourced-figure": "error" },
    attribution: { verbs: ["briefed"], phrases: ["per figures from"] },
  });
  assert.deepEqual(didChangeConfigurationParams(s), { settings: initializationOptions(s) });
});

test("values the schema rejects are left out rather than sent", () => {
  const s = readSettings(
    (k) =>
      ({
        include: "notalist",
        exclude: ["ok", 3],
        defaultYear: 2026.5,
        maxFileSize: "",
        rules: { "vague-source": "", "name-variant": 4 },
        "attribution.verbs": [],
      })[k],
  );
  assert.deepEqual(toServerConfig(s), { attribution: { verbs: [] } });
});

test("unsourced-figure takes a severity per figure kind, as [rules.unsourced-figure] does", () => {
  const s = readSettings(
    (k) =>
      ({
        rules: {
          "unsourced-figure": { default: "Information", money: "error", ordinal: "off", count: "", percent: 3 },
          "vague-source": "off",
          "name-variant": { bogus: "error" },
        },
      })[k],
  );
  // Empty and non-string severities are dropped like single ones; the server reports what it
  // does not know (a per-kind table for another rule, an unknown kind).
  assert.deepEqual(toServerConfig(s).rules, {
    "unsourced-figure": { default: "information", money: "error", ordinal: "off" },
    "vague-source": "off",
    "name-variant": { bogus: "error" },
  });
  assert.equal(toServerConfig(readSettings((k) => ({ rules: { "unsourced-figure": { count: "" } } })[k])).rules, undefined);
});

test("an empty list is sent: it clears the file's list", () => {
  const s = readSettings((k) => ({ exclude: [] })[k]);
  assert.deepEqual(toServerConfig(s), { exclude: [] });
});

test("only a change of factline.path restarts the server", () => {
  const a = readSettings((k) => ({ path: "" })[k]);
  const b = readSettings((k) => ({ path: "", defaultYear: 2025 })[k]);
  const c = readSettings((k) => ({ path: "/usr/bin/factline" })[k]);
  assert.equal(needsRestart(a, b), false);
  assert.equal(needsRestart(a, c), true);
  assert.equal(needsRestart(readSettings(() => undefined), a), false);
});

test("package.json offers every rule of docs/rules.md with every severity", () => {
  const docs = fs.readFileSync(path.join(root, "..", "..", "docs", "rules.md"), "utf8");
  const documented = [...docs.matchAll(/^## ([a-z-]+)\s*$/gm)].map((m) => m[1]);
  assert.deepEqual([...documented].sort(), [...RULE_CODES].sort());
  const rules = props["factline.rules"].properties ?? {};
  assert.deepEqual(Object.keys(rules).sort(), [...RULE_CODES].sort());
  for (const code of RULE_CODES) {
    if (code === "unsourced-figure") continue;
    assert.deepEqual(rules[code].enum, [...SEVERITIES], code);
  }
});

test("package.json lets unsourced-figure have a severity or one per figure kind, the kinds of docs/rules.md", () => {
  const docs = fs.readFileSync(path.join(root, "..", "..", "docs", "rules.md"), "utf8");
  const line = /Severity per figure kind \(kinds: ([a-z, ]+);\s*`default`/.exec(docs);
  assert.ok(line, "docs/rules.md lists the figure kinds");
  const documented = ["default", ...line[1].split(",").map((k) => k.trim())];
  assert.deepEqual([...FIGURE_KINDS].sort(), documented.sort());
  const schema = props["factline.rules"].properties?.["unsourced-figure"];
  const [one, perKind] = schema?.anyOf ?? [];
  assert.deepEqual(one, { type: "string", enum: [...SEVERITIES] });
  assert.equal(perKind.type, "object");
  assert.equal(perKind.additionalProperties, false);
  assert.deepEqual(Object.keys(perKind.properties ?? {}).sort(), [...FIGURE_KINDS].sort());
  for (const k of FIGURE_KINDS) assert.deepEqual(perKind.properties?.[k].enum, [...SEVERITIES], k);
});

test("every contributed setting is read by readSettings", () => {
  const seen: string[] = [];
  readSettings((k) => {
    seen.push(k);
    return undefined;
  });
  const contributed = Object.keys(props)
    .map((k) => k.replace(/^factline\./, ""))
    .filter((k) => k !== "trace.server"); // read by vscode-languageclient itself
  assert.deepEqual(seen.sort(), contributed.sort());
});
