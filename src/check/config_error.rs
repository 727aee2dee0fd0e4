//! `config-error`: not a rule over articles but a code of its own, reported by the
//! configuration and knowledge-base loaders at the line of the problem.

use super::{CodeInfo, Severity};

/// What `docs/rules.md`, SARIF and the editors' settings say of this code.
pub(crate) const INFO: CodeInfo = CodeInfo {
    code: "config-error",
    severity: Severity::Error,
    summary: "A syntax or value error in factline.toml or a knowledge-base file",
    doc: r#"A syntax or value error in `factline.toml` or a knowledge-base file, shown in
that file at its line (an `include`/`exclude` glob that does not parse is one too). A bad value
keeps its last good value (the default in `factline check`); in the editor, a file with a syntax
error keeps its last good version in force, and a broken knowledge-base file gives way to its
last good version while the other files load.
"#,
};
