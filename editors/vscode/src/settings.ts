// The extension's `factline.*` settings and the JSON the server accepts for them: the keys of
// `factline.toml` (the README's "Configuration"), sent as `initializationOptions` and in
// `workspace/didChangeConfiguration`, both under `factline`. No `vscode` import here, so the
// mapping is unit-tested in plain Node and reused by the protocol test against the real server.

import { FIGURE_KINDS, RULE_CODES, SEVERITIES } from "./registry";

// The lists come from the rule registry (generated into registry.ts); re-exported for callers.
export { FIGURE_KINDS, RULE_CODES, SEVERITIES };

/** A rule's setting: one severity, or (`unsourced-figure`) one per figure kind. */
export type RuleLevel = string | Record<string, string>;

/** The `factline.*` settings as VS Code stores them; `null`/absent means "not set here". */
export interface FactlineSettings {
  path?: string | null;
  rules?: Record<string, unknown> | null;
  include?: unknown;
  exclude?: unknown;
  knowledgeBase?: unknown;
  defaultYear?: unknown;
  maxFileSize?: unknown;
  attributionVerbs?: unknown;
  attributionPhrases?: unknown;
}

/** The server's configuration object: `factline.toml`'s keys, only those the user set. */
export interface ServerConfig {
  include?: string[];
  exclude?: string[];
  knowledge_base?: string[];
  default_year?: number;
  max_file_size?: string | number;
  rules?: Record<string, RuleLevel>;
  attribution?: { verbs?: string[]; phrases?: string[] };
}

/** Reads the settings through a getter such as `WorkspaceConfiguration.get`. */
export function readSettings(get: (key: string) => unknown): FactlineSettings {
  const rules = get("rules");
  const path = get("path");
  return {
    path: typeof path === "string" ? path : null,
    rules: rules !== null && typeof rules === "object" && !Array.isArray(rules) ? (rules as Record<string, unknown>) : null,
    include: get("include"),
    exclude: get("exclude"),
    knowledgeBase: get("knowledgeBase"),
    defaultYear: get("defaultYear"),
    maxFileSize: get("maxFileSize"),
    attributionVerbs: get("attribution.verbs"),
    attributionPhrases: get("attribution.phrases"),
  };
}

function severity(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim().toLowerCase() : undefined;
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items = value.filter((v): v is string => typeof v === "string" && v.trim() !== "");
  return items.length === value.length ? items : undefined;
}

/**
 * Maps settings to the server's keys. Unset values are left out so that `factline.toml` keeps
 * them (the server applies client settings on top of the file); values VS Code's schema would
 * already reject (a year that is not an integer, a list with a non-string) are left out too.
 * Rule names, figure kinds and severities pass through as written (lowercased): the server
 * reports unknown ones.
 */
export function toServerConfig(s: FactlineSettings): ServerConfig {
  const out: ServerConfig = {};
  const include = stringList(s.include);
  if (include) out.include = include;
  const exclude = stringList(s.exclude);
  if (exclude) out.exclude = exclude;
  const kb = stringList(s.knowledgeBase);
  if (kb) out.knowledge_base = kb;
  if (typeof s.defaultYear === "number" && Number.isInteger(s.defaultYear)) out.default_year = s.defaultYear;
  if (typeof s.maxFileSize === "string" && s.maxFileSize.trim() !== "") out.max_file_size = s.maxFileSize.trim();
  else if (typeof s.maxFileSize === "number" && Number.isInteger(s.maxFileSize) && s.maxFileSize > 0) out.max_file_size = s.maxFileSize;
  if (s.rules) {
    const rules: Record<string, RuleLevel> = {};
    for (const [code, level] of Object.entries(s.rules)) {
      const one = severity(level);
      if (one) {
        rules[code] = one;
      } else if (level !== null && typeof level === "object" && !Array.isArray(level)) {
        // `{"unsourced-figure": {"money": "error"}}`: factline.toml's `[rules.unsourced-figure]`.
        const perKind: Record<string, string> = {};
        for (const [kind, l] of Object.entries(level as Record<string, unknown>)) {
          const k = severity(l);
          if (k) perKind[kind] = k;
        }
        if (Object.keys(perKind).length > 0) rules[code] = perKind;
      }
    }
    if (Object.keys(rules).length > 0) out.rules = rules;
  }
  const verbs = stringList(s.attributionVerbs);
  const phrases = stringList(s.attributionPhrases);
  if (verbs || phrases) {
    out.attribution = {};
    if (verbs) out.attribution.verbs = verbs;
    if (phrases) out.attribution.phrases = phrases;
  }
  return out;
}

/** `initializationOptions` for the `initialize` request. */
export function initializationOptions(s: FactlineSettings): { factline: ServerConfig } {
  return { factline: toServerConfig(s) };
}

/**
 * Parameters of `workspace/didChangeConfiguration`. The whole object is sent each time: the
 * server replaces the previous client settings with it, so a setting removed here is removed
 * there.
 */
export function didChangeConfigurationParams(s: FactlineSettings): { settings: { factline: ServerConfig } } {
  return { settings: { factline: toServerConfig(s) } };
}

/** Settings whose change needs a new server process rather than a configuration notification. */
export function needsRestart(before: FactlineSettings, after: FactlineSettings): boolean {
  return (before.path ?? "") !== (after.path ?? "");
}
