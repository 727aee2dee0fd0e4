// Generated from the rule registry (src/check/mod.rs; src/cli/generated.rs) by `FACTLINE_BLESS=1 cargo test --test tidy`;
// do not edit. tests/tidy.rs fails when it is stale.

/** Every diagnostic code the server emits (docs/rules.md). */
export const RULE_CODES = [
  "unsourced-figure",
  "unattributed-quote",
  "inconsistent-number",
  "superseded-figure",
  "weekday-mismatch",
  "duration-mismatch",
  "arithmetic-mismatch",
  "name-variant",
  "unintroduced-name",
  "vague-source",
  "config-error",
] as const;

/** The severities a rule can be set to. */
export const SEVERITIES = [
  "error",
  "warning",
  "information",
  "hint",
  "off",
] as const;

/**
 * The keys of `unsourced-figure`'s severity per figure kind: `default` is the rule's own, the
 * others figure kinds.
 */
export const FIGURE_KINDS = [
  "default",
  "money",
  "percent",
  "count",
  "measure",
  "duration",
  "ordinal",
] as const;
