//! The source rules `tests/tidy.rs` holds `src/` to, measured on the syntax tree (syn, with
//! proc-macro2's line numbers): file and function length, the layer order of the imports, data
//! globals and inline word lists. Each rule reads one file's text and returns its offences, so
//! the unit tests at the end feed each a small violation.

use std::collections::BTreeSet;

use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};

/// Longest file, in lines (tests inside it count).
pub const MAX_FILE_LINES: usize = 800;
/// Longest function, from its `fn` line to its closing brace.
pub const MAX_FN_LINES: usize = 100;
/// Most string literals one array, `vec!` or or-pattern may hold before it is a word list that
/// belongs in `data/lexicon/`.
pub const MAX_INLINE_WORDS: usize = 8;
/// A file carrying this in its first lines is a generated table, exempt from the length rule.
pub const GENERATED_MARKER: &str = "@generated";

/// The layers, lowest first. A module names (`crate::x`, `super::…` up to the root) only
/// modules of lower layers, or of its own layer where the layer allows it (`MUTUAL`).
pub const LAYERS: &[&[&str]] = &[
    &["panics"],
    &["text"],
    &["kb"],
    &["extract"],
    &["check"],
    &["workspace", "archive"],
    &["lsp", "cli"],
];
/// Modules of one layer that name each other: the archive is the workspace's store (the
/// workspace files archived statements, the archive imports workspaces).
pub const MUTUAL: &[&str] = &["workspace", "archive"];

pub fn parse(text: &str) -> syn::File {
    syn::parse_file(text).unwrap_or_else(|e| panic!("syn cannot parse: {e} at {:?}", e.span().start()))
}

/// The file's length when it is over [`MAX_FILE_LINES`] and not generated.
pub fn too_long(text: &str) -> Option<usize> {
    let lines = text.lines().count();
    let generated = text.lines().take(5).any(|l| l.contains(GENERATED_MARKER));
    (lines > MAX_FILE_LINES && !generated).then_some(lines)
}

/// Every function (free, method, trait default, nested, in tests too) over [`MAX_FN_LINES`]:
/// `name:line (n lines)`.
pub fn long_functions(file: &syn::File) -> Vec<String> {
    functions_over(file, MAX_FN_LINES)
}

/// Every function over `max` lines, counted from its `fn` line to its closing brace:
/// `name:line (n lines)`.
pub fn functions_over(file: &syn::File, max: usize) -> Vec<String> {
    struct Lengths {
        max: usize,
        found: Vec<String>,
    }
    impl Lengths {
        fn measure(&mut self, name: &syn::Ident, fn_token: &syn::token::Fn, body: &syn::Block) {
            let (start, end) = (fn_token.span.start().line, body.brace_token.span.close().end().line);
            let lines = end + 1 - start;
            if lines > self.max {
                self.found.push(format!("{name}:{start} ({lines} lines)"));
            }
        }
    }
    impl<'ast> Visit<'ast> for Lengths {
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            self.measure(&f.sig.ident, &f.sig.fn_token, &f.block);
            visit::visit_item_fn(self, f);
        }
        fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
            self.measure(&f.sig.ident, &f.sig.fn_token, &f.block);
            visit::visit_impl_item_fn(self, f);
        }
        fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
            if let Some(body) = &f.default {
                self.measure(&f.sig.ident, &f.sig.fn_token, body);
            }
            visit::visit_trait_item_fn(self, f);
        }
    }
    let mut v = Lengths { max, found: Vec::new() };
    v.visit_file(file);
    v.found
}

/// The crate's top-level modules a file names, by `crate::x` or by enough `super`s to reach the
/// root. `module` is the file's own module path (`["check", "index"]` for `src/check/index.rs`).
pub fn named_modules(file: &syn::File, module: &[String]) -> BTreeSet<String> {
    struct Names {
        module: Vec<String>,
        found: BTreeSet<String>,
    }
    impl Names {
        /// The top-level module a path starting `first, rest…` names, if it leaves for the root.
        fn resolve<'a>(&mut self, mut idents: impl Iterator<Item = &'a syn::Ident>) {
            let Some(first) = idents.next() else { return };
            let mut depth = self.module.len();
            let mut next = if first == "crate" {
                depth = 0;
                idents.next()
            } else if first == "super" {
                let mut seg = Some(first);
                while seg.is_some_and(|s| s == "super") {
                    depth = depth.saturating_sub(1);
                    seg = idents.next();
                }
                seg
            } else {
                return;
            };
            if depth > 0 {
                return;
            }
            if let Some(name) = next.take() {
                self.found.insert(name.to_string());
            }
        }
        fn use_tree(&mut self, tree: &syn::UseTree, prefix: &mut Vec<syn::Ident>) {
            match tree {
                syn::UseTree::Path(p) => {
                    prefix.push(p.ident.clone());
                    self.use_tree(&p.tree, prefix);
                    prefix.pop();
                }
                syn::UseTree::Name(n) => self.resolve_with(prefix, &n.ident),
                syn::UseTree::Rename(r) => self.resolve_with(prefix, &r.ident),
                syn::UseTree::Glob(_) => self.resolve(prefix.iter()),
                syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.use_tree(t, prefix)),
            }
        }
        fn resolve_with(&mut self, prefix: &[syn::Ident], last: &syn::Ident) {
            self.resolve(prefix.iter().chain(std::iter::once(last)));
        }
    }
    impl<'ast> Visit<'ast> for Names {
        fn visit_path(&mut self, p: &'ast syn::Path) {
            self.resolve(p.segments.iter().map(|s| &s.ident));
            visit::visit_path(self, p);
        }
        fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
            self.use_tree(&u.tree, &mut Vec::new());
        }
        fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
            self.module.push(m.ident.to_string());
            visit::visit_item_mod(self, m);
            self.module.pop();
        }
    }
    let mut v = Names {
        module: module.to_vec(),
        found: BTreeSet::new(),
    };
    v.visit_file(file);
    v.found
}

/// The modules `from` names against the layer order: `from -> to` for each.
pub fn layer_violations(from: &str, named: &BTreeSet<String>) -> Vec<String> {
    let layer_of = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
    let Some(own) = layer_of(from) else {
        return vec![format!("{from} is in no layer of LAYERS")];
    };
    named
        .iter()
        .filter(|to| to.as_str() != from)
        .filter(|to| match layer_of(to) {
            Some(l) => l > own || (l == own && !(MUTUAL.contains(&from) && MUTUAL.contains(&to.as_str()))),
            // Not a module of the crate (a function or type at the root, such as `crate::run`).
            None => false,
        })
        .map(|to| format!("{from} -> {to}"))
        .collect()
}

/// Every path the file's code names outside test code, `::`-joined (`std::fs::read`), with `use`
/// trees flattened (`use std::{fs, io}` names `std::fs` and `std::io`).
pub fn paths(file: &syn::File) -> BTreeSet<String> {
    #[derive(Default)]
    struct Paths(BTreeSet<String>);
    impl Paths {
        fn use_tree(&mut self, tree: &syn::UseTree, prefix: &str) {
            let join = |ident: &syn::Ident| {
                if prefix.is_empty() {
                    ident.to_string()
                } else {
                    format!("{prefix}::{ident}")
                }
            };
            match tree {
                syn::UseTree::Path(p) => self.use_tree(&p.tree, &join(&p.ident)),
                syn::UseTree::Name(n) => drop(self.0.insert(join(&n.ident))),
                syn::UseTree::Rename(r) => drop(self.0.insert(join(&r.ident))),
                syn::UseTree::Glob(_) => drop(self.0.insert(prefix.to_string())),
                syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.use_tree(t, prefix)),
            }
        }
    }
    impl<'ast> Visit<'ast> for Paths {
        fn visit_path(&mut self, p: &'ast syn::Path) {
            let joined: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
            self.0.insert(joined.join("::"));
            visit::visit_path(self, p);
        }
        fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
            self.use_tree(&u.tree, "");
        }
        fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
            if !is_test(&m.attrs) {
                visit::visit_item_mod(self, m);
            }
        }
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            if !is_test(&f.attrs) {
                visit::visit_item_fn(self, f);
            }
        }
    }
    let mut v = Paths::default();
    v.visit_file(file);
    v.0
}

/// The paths among `named` that are `prefix` or inside it.
pub fn naming<'a>(named: &'a BTreeSet<String>, prefix: &str) -> Vec<&'a str> {
    named
        .iter()
        .filter(|p| p.as_str() == prefix || p.strip_prefix(prefix).is_some_and(|rest| rest.starts_with("::")))
        .map(String::as_str)
        .collect()
}

/// Editor positions the file's code makes outside test code — a `Position` or `TextPosition`
/// written as a struct or by its `new` — as `line n: Type`.
pub fn positions_made(file: &syn::File) -> Vec<String> {
    const POSITIONS: [&str; 2] = ["Position", "TextPosition"];
    #[derive(Default)]
    struct Made(Vec<String>);
    impl Made {
        fn note(&mut self, ty: &syn::PathSegment) {
            if POSITIONS.contains(&ty.ident.to_string().as_str()) {
                self.0.push(format!("line {}: {}", ty.ident.span().start().line, ty.ident));
            }
        }
    }
    impl<'ast> Visit<'ast> for Made {
        fn visit_expr_struct(&mut self, e: &'ast syn::ExprStruct) {
            if let Some(ty) = e.path.segments.last() {
                self.note(ty);
            }
            visit::visit_expr_struct(self, e);
        }
        fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
            if let syn::Expr::Path(p) = &*c.func {
                let segments: Vec<&syn::PathSegment> = p.path.segments.iter().collect();
                if let [.., ty, f] = segments.as_slice()
                    && f.ident == "new"
                {
                    self.note(ty);
                }
            }
            visit::visit_expr_call(self, c);
        }
        fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
            if !is_test(&m.attrs) {
                visit::visit_item_mod(self, m);
            }
        }
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            if !is_test(&f.attrs) {
                visit::visit_item_fn(self, f);
            }
        }
    }
    let mut v = Made::default();
    v.visit_file(file);
    v.0
}

/// Whether an item is test code: `#[cfg(test)]` or `#[test]`.
fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test") || (a.path().is_ident("cfg") && matches!(&a.meta, syn::Meta::List(l) if l.tokens.to_string() == "test"))
    })
}

/// Statics whose type is a lazily built global (`OnceLock`, `LazyLock`, once_cell's `Lazy`),
/// and `lazy_static!` blocks, outside test code: their names.
pub fn data_globals(file: &syn::File) -> Vec<String> {
    #[derive(Default)]
    struct Globals(Vec<String>);
    #[derive(Default)]
    struct Lazy(bool);
    impl<'ast> Visit<'ast> for Lazy {
        fn visit_path_segment(&mut self, s: &'ast syn::PathSegment) {
            self.0 |= ["OnceLock", "LazyLock", "Lazy", "OnceCell"].iter().any(|n| s.ident == n);
            visit::visit_path_segment(self, s);
        }
    }
    impl<'ast> Visit<'ast> for Globals {
        fn visit_item_static(&mut self, s: &'ast syn::ItemStatic) {
            let mut lazy = Lazy::default();
            lazy.visit_type(&s.ty);
            if lazy.0 {
                self.0.push(s.ident.to_string());
            }
            visit::visit_item_static(self, s);
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            if m.path.segments.last().is_some_and(|s| s.ident == "lazy_static") {
                self.0.push("lazy_static!".into());
            }
            visit::visit_macro(self, m);
        }
        fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
            if !is_test(&m.attrs) {
                visit::visit_item_mod(self, m);
            }
        }
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            if !is_test(&f.attrs) {
                visit::visit_item_fn(self, f);
            }
        }
    }
    let mut v = Globals::default();
    v.visit_file(file);
    v.0
}

/// Arrays, slices, `vec!`s and or-patterns (`match` arms, `matches!`) of more than
/// [`MAX_INLINE_WORDS`] string literals outside test code: `line (n words)` for each.
pub fn word_lists(file: &syn::File) -> Vec<String> {
    #[derive(Default)]
    struct Lists(Vec<String>);
    fn is_str_expr(e: &syn::Expr) -> bool {
        matches!(e, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(_), .. }))
    }
    fn is_str_pat(p: &syn::Pat) -> bool {
        matches!(p, syn::Pat::Lit(syn::PatLit { lit: syn::Lit::Str(_), .. }))
    }
    impl Lists {
        fn count(&mut self, line: usize, words: usize) {
            if words > MAX_INLINE_WORDS {
                self.0.push(format!("line {line} ({words} words)"));
            }
        }
    }
    /// `matches!(expr, pattern)` and `matches!(expr, pattern if guard)`.
    fn matches_pattern(input: syn::parse::ParseStream) -> syn::Result<syn::Pat> {
        let _: syn::Expr = input.parse()?;
        let _: syn::Token![,] = input.parse()?;
        let pat = syn::Pat::parse_multi_with_leading_vert(input)?;
        let _: proc_macro2::TokenStream = input.parse()?;
        Ok(pat)
    }
    impl<'ast> Visit<'ast> for Lists {
        fn visit_expr_array(&mut self, a: &'ast syn::ExprArray) {
            let line = a.bracket_token.span.open().start().line;
            self.count(line, a.elems.iter().filter(|e| is_str_expr(e)).count());
            visit::visit_expr_array(self, a);
        }
        fn visit_pat_or(&mut self, p: &'ast syn::PatOr) {
            let line = p.cases.iter().find_map(|c| match c {
                syn::Pat::Lit(l) => Some(l.lit.span().start().line),
                _ => None,
            });
            let line = line.unwrap_or(0);
            self.count(line, p.cases.iter().filter(|c| is_str_pat(c)).count());
            visit::visit_pat_or(self, p);
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            let line = m.path.segments.first().map_or(0, |s| s.ident.span().start().line);
            let name = m.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
            if name == "vec" {
                if let Ok(elems) = m.parse_body_with(Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated) {
                    self.count(line, elems.iter().filter(|e| is_str_expr(e)).count());
                    elems.iter().for_each(|e| self.visit_expr(e));
                }
            } else if name == "matches"
                && let Ok(pat) = m.parse_body_with(matches_pattern)
            {
                self.visit_pat(&pat);
            }
            visit::visit_macro(self, m);
        }
        fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
            if !is_test(&m.attrs) {
                visit::visit_item_mod(self, m);
            }
        }
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            if !is_test(&f.attrs) {
                visit::visit_item_fn(self, f);
            }
        }
    }
    let mut v = Lists::default();
    v.visit_file(file);
    v.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(lines: usize) -> String {
        (0..lines).map(|i| format!("    let _x{i} = {i};\n")).collect()
    }

    #[test]
    fn a_file_is_too_long_past_the_limit_unless_generated() {
        let at_limit = "//! x\n".repeat(MAX_FILE_LINES);
        assert_eq!(too_long(&at_limit), None);
        let over = format!("{at_limit}fn f() {{}}\n");
        assert_eq!(too_long(&over), Some(MAX_FILE_LINES + 1));
        assert_eq!(too_long(&format!("// {GENERATED_MARKER} by scripts/x.py\n{over}")), None);
    }

    #[test]
    fn a_function_is_too_long_from_its_fn_line_to_its_brace() {
        // 98 body lines + the `fn` line + the closing brace = 100: allowed.
        let ok = format!("fn fine() {{\n{}}}\n", body(MAX_FN_LINES - 2));
        assert!(long_functions(&parse(&ok)).is_empty());
        let free = format!("/// doc\n#[inline]\nfn long() {{\n{}}}\n", body(MAX_FN_LINES - 1));
        assert_eq!(long_functions(&parse(&free)), vec![format!("long:3 ({} lines)", MAX_FN_LINES + 1)]);
        let method = format!("struct S;\nimpl S {{\n    fn m(&self) {{\n{}    }}\n}}\n", body(MAX_FN_LINES));
        assert_eq!(long_functions(&parse(&method)).len(), 1);
        let in_trait = format!("trait T {{\n    fn d(&self) {{\n{}    }}\n}}\n", body(MAX_FN_LINES));
        assert_eq!(long_functions(&parse(&in_trait)).len(), 1);
        let nested = format!("fn outer() {{\n    fn inner() {{\n{}    }}\n}}\n", body(MAX_FN_LINES));
        let found = long_functions(&parse(&nested));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[1].starts_with("inner:2"), "{found:?}");
        let in_tests = format!(
            "#[cfg(test)]\nmod tests {{\n    #[test]\n    fn t() {{\n{}    }}\n}}\n",
            body(MAX_FN_LINES)
        );
        assert_eq!(long_functions(&parse(&in_tests)).len(), 1);
    }

    #[test]
    fn named_modules_follow_crate_and_super_paths_to_the_root() {
        let src = "use crate::text::Span;\nuse crate::{kb, extract::Analysis};\nuse super::sibling::X;\n\
                   fn f() { let _ = crate::workspace::lexical_normal(\"\"); let _ = super::super::lsp::run; }\n\
                   mod inner { use super::super::super::cli::Thing; }\n";
        let found = named_modules(&parse(src), &["check".into(), "index".into()]);
        let found: Vec<&str> = found.iter().map(String::as_str).collect();
        assert_eq!(found, ["cli", "extract", "kb", "lsp", "text", "workspace"]);
        // One `super` from a folder's own file stays in the folder.
        assert!(named_modules(&parse("use super::x::Y;"), &["check".into(), "index".into()]).is_empty());
    }

    #[test]
    fn layers_name_only_lower_layers() {
        let set = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert!(layer_violations("check", &set(&["text", "kb", "extract", "panics", "check"])).is_empty());
        assert_eq!(
            layer_violations("extract", &set(&["workspace", "lsp", "text"])),
            ["extract -> lsp", "extract -> workspace"]
        );
        assert_eq!(layer_violations("check", &set(&["workspace"])), ["check -> workspace"]);
        assert!(layer_violations("workspace", &set(&["archive"])).is_empty());
        assert!(layer_violations("archive", &set(&["workspace"])).is_empty());
        assert_eq!(layer_violations("cli", &set(&["lsp"])), ["cli -> lsp"]);
        assert_eq!(layer_violations("text", &set(&["panics", "kb"])), ["text -> kb"]);
        // A root item such as `crate::run` is not a module.
        assert!(layer_violations("text", &set(&["run"])).is_empty());
    }

    #[test]
    fn paths_are_named_by_use_trees_and_expressions_outside_tests() {
        let src = "use std::{fs, io::Read};\nuse rusqlite as sql;\n\
                   fn f() { let _ = std::fs::read(\"x\"); let _ = postgres::Client::connect; }\n\
                   #[cfg(test)]\nmod tests { fn t() { let _ = tempfile::tempdir(); } }\n";
        let named = paths(&parse(src));
        assert_eq!(naming(&named, "std::fs"), ["std::fs", "std::fs::read"]);
        assert_eq!(naming(&named, "rusqlite"), ["rusqlite"]);
        assert_eq!(naming(&named, "postgres"), ["postgres::Client::connect"]);
        assert!(naming(&named, "tempfile").is_empty());
        // A prefix of a name is not the name.
        assert!(naming(&named, "std::f").is_empty());
    }

    #[test]
    fn positions_are_made_by_struct_literals_and_new_outside_tests() {
        let src = "fn f(i: &Index) -> Position {\n\
                   let a = Position::new(1, 2);\n\
                   let b = ls_types::Position { line: 1, character: 0 };\n\
                   let c = TextPosition { line: 0, character: 0 };\n\
                   let d = LspPosition { line: 0 };\n\
                   i.position(a)\n\
                   }\n\
                   #[cfg(test)]\nmod tests { fn t() { let _ = Position::new(0, 0); } }\n";
        assert_eq!(
            positions_made(&parse(src)),
            ["line 2: Position", "line 3: Position", "line 4: TextPosition"]
        );
    }

    #[test]
    fn lazily_built_statics_are_data_globals() {
        let src = "use std::sync::{OnceLock, LazyLock};\n\
                   static A: OnceLock<Vec<String>> = OnceLock::new();\n\
                   fn f() -> usize { static B: std::sync::LazyLock<u8> = LazyLock::new(|| 1); *B as usize }\n\
                   static C: u32 = 3;\n\
                   lazy_static::lazy_static! { static ref D: u8 = 1; }\n\
                   #[cfg(test)]\nmod tests { static T: std::sync::OnceLock<u8> = std::sync::OnceLock::new(); }\n";
        assert_eq!(data_globals(&parse(src)), ["A", "B", "lazy_static!"]);
    }

    #[test]
    fn more_than_a_handful_of_string_literals_is_a_word_list() {
        let words = |n: usize| (0..n).map(|i| format!("\"w{i}\"")).collect::<Vec<_>>();
        let few = words(MAX_INLINE_WORDS).join(", ");
        let many = words(MAX_INLINE_WORDS + 1).join(", ");
        let alts = words(MAX_INLINE_WORDS + 1).join(" | ");
        let few_alts = words(MAX_INLINE_WORDS).join(" | ");
        assert!(word_lists(&parse(&format!("const A: [&str; {MAX_INLINE_WORDS}] = [{few}];"))).is_empty());
        assert_eq!(
            word_lists(&parse(&format!("const A: &[&str] = &[\n{many}];"))),
            [format!("line 1 ({} words)", MAX_INLINE_WORDS + 1)]
        );
        assert_eq!(
            word_lists(&parse(&format!("fn f() -> Vec<&'static str> {{ vec![{many}] }}"))).len(),
            1
        );
        assert_eq!(
            word_lists(&parse(&format!("fn f(w: &str) -> bool {{ matches!(w, {alts}) }}"))).len(),
            1
        );
        assert_eq!(
            word_lists(&parse(&format!("fn f(w: &str) -> u8 {{ match w {{ {alts} => 1, _ => 0 }} }}"))).len(),
            1
        );
        assert!(word_lists(&parse(&format!("fn f(w: &str) -> bool {{ matches!(w, {few_alts}) }}"))).is_empty());
        // Numbers are not words; test code may list inputs.
        let numbers = (0..20).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
        assert!(word_lists(&parse(&format!("const N: [u8; 20] = [{numbers}];"))).is_empty());
        assert!(word_lists(&parse(&format!("#[cfg(test)]\nmod tests {{ const A: &[&str] = &[{many}]; }}"))).is_empty());
    }
}
