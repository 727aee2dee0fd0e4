//! Panics as one log line. The server's stderr is its log, and a caught panic (an analysis, a
//! rule, a request) is reported once by whoever caught it, naming the file; the default hook
//! would add a multi-line message (and a backtrace when `RUST_BACKTRACE` is set) of its own.
//!
//! [`install_hook`] replaces the hook: inside a [`Quiet`] region it only records where the
//! panic happened, for [`describe`]; elsewhere it prints one line.

use std::any::Any;
use std::cell::{Cell, RefCell};

thread_local! {
    static QUIET: Cell<u32> = const { Cell::new(0) };
    static LAST_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// While alive, a panic on this thread is expected to be caught and reported by the caller.
pub struct Quiet(());

impl Quiet {
    pub fn enter() -> Quiet {
        QUIET.with(|q| q.set(q.get() + 1));
        Quiet(())
    }
}

impl Drop for Quiet {
    fn drop(&mut self) {
        QUIET.with(|q| q.set(q.get().saturating_sub(1)));
    }
}

/// Installs the one-line hook (the binary calls this once at start).
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!("{}:{}", l.file(), l.line()));
        let quiet = QUIET.with(Cell::get) > 0;
        LAST_LOCATION.with(|last| *last.borrow_mut() = location.clone());
        if !quiet {
            let message = payload_message(info.payload());
            eprintln!("factline: internal error at {}: {message}", location.as_deref().unwrap_or("?"));
        }
    }));
}

/// The message of a caught panic, with where it happened when the hook saw it.
pub fn describe(payload: &(dyn Any + Send)) -> String {
    let message = payload_message(payload);
    match LAST_LOCATION.with(|last| last.borrow_mut().take()) {
        Some(at) => format!("{message} (at {at})"),
        None => message,
    }
}

fn payload_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Fault injection for the real-binary tests of the fences, in debug builds only (a release
/// binary has no such hook): with `FACTLINE_TEST_FAULT=KIND:ARG` set, `injected(KIND)` gives
/// ARG. Kinds: `analysis-panic` and `analysis-sleep` (ARG: a marker in the text),
/// `request-panic` (ARG: an LSP method).
#[cfg(debug_assertions)]
pub fn injected(kind: &str) -> Option<String> {
    let spec = std::env::var("FACTLINE_TEST_FAULT").ok()?;
    let (k, arg) = spec.split_once(':')?;
    (k == kind && !arg.is_empty()).then(|| arg.to_string())
}

#[cfg(not(debug_assertions))]
pub fn injected(_: &str) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_is_described_by_its_message() {
        let _quiet = Quiet::enter();
        let caught = std::panic::catch_unwind(|| panic!("boom {}", 7)).expect_err("panicked");
        assert!(describe(caught.as_ref()).starts_with("boom 7"));
        let caught = std::panic::catch_unwind(|| std::panic::panic_any(3u8)).expect_err("panicked");
        assert!(describe(caught.as_ref()).starts_with("a panic without a message"));
    }
}
