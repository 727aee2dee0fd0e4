//! Embeds every `data/kb/*.toml` file in the binary, so the default knowledge base needs no
//! files at run time and a new data file needs no code change.

use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new("data/kb");
    println!("cargo:rerun-if-changed=data/kb");
    let mut files: Vec<_> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code = String::from("pub(crate) static EMBEDDED: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap_or_default().to_string_lossy();
        let abs = fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        code.push_str(&format!("    ({name:?}, include_str!({:?})),\n", abs.display().to_string()));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("embedded_kb.rs");
    fs::write(out, code).unwrap_or_else(|e| panic!("cannot write embedded_kb.rs: {e}"));
}
