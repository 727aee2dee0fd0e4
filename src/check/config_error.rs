//! `config-error`: not a rule over articles but a code of its own, reported by the
//! configuration and knowledge-base loaders at the line of the problem.

use super::{CodeInfo, Severity};

/// What `docs/rules.md`, SARIF and the editors' settings say of this code.
pub(crate) const INFO: CodeInfo = CodeInfo {
    code: "config-error",
    severity: Severity::Error,
    summary: "A syntax or value error in factline.toml or a knowledge-base file",
    doc: r#"A syntax or value error in `factline.toml` or a knowledge-base file, shown in
that file at its line. Bad values fall back to their defaults; a broken knowledge-base file
leaves the previous knowledge base in force.
"#,
};
