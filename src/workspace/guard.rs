//! Runs one article's analysis so that a panic or a runaway costs that article's fresh results,
//! never the process. The extraction core is pure and should never panic; this is the fence for
//! when it does (an unforeseen input), so a reporter's editor keeps its language server.
//!
//! Two policies: inline (the CLI: catch the panic, no deadline) and with a deadline (the
//! server: the analysis runs on a worker thread and the caller waits at most the deadline). A
//! thread cannot be stopped from outside, so a runaway analysis is abandoned: its worker
//! finishes in the background, its result is dropped, and the next analysis gets a new worker.

use std::hash::{Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::extract::{Analysis, Context, analyze};

/// Why an article's latest text has no fresh analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The analysis panicked (a bug in factline); the panic's message and location.
    Panicked(String),
    /// The analysis took longer than the deadline and was abandoned.
    TimedOut(Duration),
}

/// A fault, with what identifies the input that caused it (the text itself is never logged:
/// articles may be under embargo).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultReport {
    pub fault: Fault,
    /// A hash of the text, to match a report with the input that caused it.
    pub input_hash: u64,
    pub bytes: usize,
}

impl FaultReport {
    /// One log line naming the article, e.g. `factline: analysis of a.txt (2048 bytes, input
    /// 3f2a…) panicked: …`; the caller adds what becomes of the article.
    pub fn log_line(&self, key: &str) -> String {
        let what = match &self.fault {
            Fault::Panicked(message) => format!("panicked: {message}"),
            Fault::TimedOut(limit) => format!("took longer than {} ms and was abandoned", limit.as_millis()),
        };
        format!(
            "factline: analysis of {key} ({} bytes, input {:016x}) {what}",
            self.bytes, self.input_hash
        )
    }

    /// What an editor shows on the document.
    pub fn user_message(&self) -> String {
        match &self.fault {
            Fault::Panicked(_) => format!(
                "factline could not analyse this version (an internal error, logged with input hash {:016x}); \
                 the findings shown are from the last version it could analyse",
                self.input_hash
            ),
            Fault::TimedOut(limit) => format!(
                "factline stopped analysing this version after {} ms; the findings shown are from the last \
                 version it could analyse",
                limit.as_millis()
            ),
        }
    }
}

/// A stable hash of an article's text (the same text gives the same value in every run).
pub fn input_hash(text: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

type Job = Box<dyn FnOnce() + Send>;

/// How analyses are run: inline, or on a worker with a deadline. Clones share the worker.
#[derive(Clone, Debug)]
pub struct Guard {
    deadline: Option<Duration>,
    worker: Arc<Mutex<Option<Sender<Job>>>>,
}

impl Guard {
    /// Panics are caught; there is no deadline (the analysis runs on the caller's thread).
    pub fn inline() -> Guard {
        Guard {
            deadline: None,
            worker: Arc::default(),
        }
    }

    /// Panics are caught, and an analysis running longer than `deadline` is abandoned.
    pub fn with_deadline(deadline: Duration) -> Guard {
        Guard {
            deadline: Some(deadline),
            worker: Arc::default(),
        }
    }

    /// The same policy with a worker of its own, for analyses running side by side (one
    /// worker runs one analysis at a time).
    pub fn own_worker(&self) -> Guard {
        Guard {
            deadline: self.deadline,
            worker: Arc::default(),
        }
    }

    /// Analyses `text`, or says why it could not.
    pub fn analyze(&self, text: &Arc<str>, ctx: &Context) -> Result<Analysis, FaultReport> {
        let report = |fault| FaultReport {
            fault,
            input_hash: input_hash(text),
            bytes: text.len(),
        };
        let Some(deadline) = self.deadline else {
            return caught(text, ctx).map_err(|m| report(Fault::Panicked(m)));
        };
        let (done_tx, done_rx) = mpsc::sync_channel(1);
        let job: Job = {
            let (text, ctx) = (text.clone(), ctx.clone());
            Box::new(move || {
                // The caller may have given up waiting; then nobody wants the result.
                let _ = done_tx.send(caught(&text, &ctx));
            })
        };
        if !self.submit(job) {
            return Err(report(Fault::Panicked("the analysis worker could not be started".into())));
        }
        match done_rx.recv_timeout(deadline) {
            Ok(result) => result.map_err(|m| report(Fault::Panicked(m))),
            Err(RecvTimeoutError::Timeout) => {
                // The worker is busy with the runaway: later analyses get a fresh one, and the
                // old one exits once it finishes, its queue being closed.
                self.lock().take();
                Err(report(Fault::TimedOut(deadline)))
            }
            Err(RecvTimeoutError::Disconnected) => Err(report(Fault::Panicked("the analysis worker stopped".into()))),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Sender<Job>>> {
        self.worker.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Hands `job` to the worker, starting one if there is none. False if no thread could be
    /// started.
    fn submit(&self, job: Job) -> bool {
        let mut worker = self.lock();
        let job = match worker.as_ref() {
            Some(tx) => match tx.send(job) {
                Ok(()) => return true,
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        let (tx, rx) = mpsc::channel::<Job>();
        let started = std::thread::Builder::new().name("factline-analysis".into()).spawn(move || {
            for job in rx {
                job();
            }
        });
        if started.is_err() || tx.send(job).is_err() {
            return false;
        }
        *worker = Some(tx);
        true
    }
}

/// Analyses on this thread, turning a panic into its message.
fn caught(text: &str, ctx: &Context) -> Result<Analysis, String> {
    let _quiet = crate::panics::Quiet::enter();
    catch_unwind(AssertUnwindSafe(|| {
        injected_fault(text);
        analyze(text, ctx)
    }))
    .map_err(|payload| crate::panics::describe(payload.as_ref()))
}

/// See [`crate::panics::injected`].
fn injected_fault(text: &str) {
    let hit = |kind| crate::panics::injected(kind).is_some_and(|marker| text.contains(marker.as_str()));
    if hit("analysis-panic") {
        panic!("injected fault");
    }
    if hit("analysis-sleep") {
        std::thread::sleep(Duration::from_secs(60));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::KnowledgeBase;

    fn ctx() -> Context {
        Context::new(KnowledgeBase::embedded())
    }

    #[test]
    fn an_ordinary_article_is_analysed_inline_and_on_the_worker_alike() {
        let text: Arc<str> = Arc::from("The port would cost $3.2 billion, officials said.\n\nIt opens in 2027.\n");
        let inline = Guard::inline().analyze(&text, &ctx()).expect("inline");
        let guard = Guard::with_deadline(Duration::from_secs(30));
        let worker = guard.analyze(&text, &ctx()).expect("worker");
        assert_eq!(inline.figures, worker.figures);
        // The worker is reused.
        assert!(guard.analyze(&text, &ctx()).is_ok());
    }

    #[test]
    fn hashes_are_stable_and_reports_name_the_input_not_its_text() {
        assert_eq!(input_hash("abc"), input_hash("abc"));
        assert_ne!(input_hash("abc"), input_hash("abd"));
        let r = FaultReport {
            fault: Fault::TimedOut(Duration::from_millis(250)),
            input_hash: 0xabc,
            bytes: 12,
        };
        assert_eq!(
            r.log_line("a.txt"),
            "factline: analysis of a.txt (12 bytes, input 0000000000000abc) took longer than 250 ms and was abandoned"
        );
        assert!(r.user_message().contains("after 250 ms"));
    }
}
