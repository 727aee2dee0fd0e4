//! The archive in the server: one worker thread per archive holds the connection and answers
//! lookups, so a slow or unreachable database never holds the state lock or delays a
//! keystroke. A handler publishes first, then asks for the lookup keys the archive has not
//! been asked yet and waits at most [`DEADLINE`]; the answer (even a late one) is merged into
//! the workspace and the document and the open articles it affects are republished when it
//! comes. A failed archive is logged once and
//! retried with backoff.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use crate::archive::{Archive, Candidate, Location, Mode, PER_KEY, Timeouts};

/// How long a handler waits for the archive after publishing.
pub const DEADLINE: Duration = Duration::from_millis(250);

/// Backoff after a failure: doubling from the first, up to the last.
const BACKOFF: (Duration, Duration) = (Duration::from_secs(1), Duration::from_secs(60));

/// Keys asked are asked again after this long: articles added to the archive meanwhile show.
const KEYS_FRESH_FOR: Duration = Duration::from_secs(300);

pub enum Job {
    Candidates(Vec<String>, oneshot::Sender<Result<Vec<Candidate>, String>>),
    Mentions(String, oneshot::Sender<Result<(i64, i64), String>>),
}

/// The archives in use, each with its worker, and the lookup keys already asked per project.
#[derive(Default)]
pub struct Archives {
    workers: HashMap<Location, mpsc::Sender<Job>>,
    asked: HashMap<(Location, Option<PathBuf>), (Instant, HashSet<String>)>,
}

impl Archives {
    /// The worker of `location`, started on first use.
    pub fn worker(&mut self, location: &Location) -> mpsc::Sender<Job> {
        self.workers
            .entry(location.clone())
            .or_insert_with(|| spawn_worker(location.clone()))
            .clone()
    }

    /// Of `keys`, those not asked recently for the project `root`; they count as asked now.
    pub fn new_keys(&mut self, location: &Location, root: &Option<PathBuf>, keys: Vec<String>) -> Vec<String> {
        let entry = self
            .asked
            .entry((location.clone(), root.clone()))
            .or_insert_with(|| (Instant::now(), HashSet::new()));
        if entry.0.elapsed() > KEYS_FRESH_FOR {
            *entry = (Instant::now(), HashSet::new());
        }
        keys.into_iter().filter(|k| entry.1.insert(k.clone())).collect()
    }

    /// Forgets what was asked for `root` (its lookups failed, or its configuration changed).
    pub fn forget(&mut self, location: &Location, root: &Option<PathBuf>) {
        self.asked.remove(&(location.clone(), root.clone()));
    }

    /// Forgets everything asked (the configuration changed).
    pub fn reset(&mut self) {
        self.asked.clear();
    }
}

fn spawn_worker(location: Location) -> mpsc::Sender<Job> {
    let (tx, rx) = mpsc::channel::<Job>();
    let spawned = std::thread::Builder::new()
        .name("factline-archive".into())
        .spawn(move || worker(location, rx));
    if let Err(e) = spawned {
        eprintln!("factline: archive worker not started: {e}");
    }
    tx
}

/// Holds the connection; on a failure drops it and refuses jobs until the backoff ends.
fn worker(location: Location, rx: mpsc::Receiver<Job>) {
    let timeouts = Timeouts {
        connect: Duration::from_secs(3),
        busy: Duration::from_millis(200),
    };
    let mut archive: Option<Archive> = None;
    let mut retry_at = Instant::now();
    let mut backoff = BACKOFF.0;
    let mut last_error = String::new();
    while let Ok(job) = rx.recv() {
        if archive.is_none() {
            if Instant::now() < retry_at {
                reply_err(job, &last_error);
                continue;
            }
            match Archive::open_with(&location, Mode::Read, timeouts) {
                Ok(a) => {
                    archive = Some(a);
                    backoff = BACKOFF.0;
                }
                Err(e) => {
                    last_error = e.to_string();
                    retry_at = Instant::now() + backoff;
                    backoff = (backoff * 2).min(BACKOFF.1);
                    reply_err(job, &last_error);
                    continue;
                }
            }
        }
        let Some(a) = archive.as_mut() else { continue };
        let failed = match job {
            Job::Candidates(keys, reply) => {
                let r = a.candidates(&keys, PER_KEY).map_err(|e| e.to_string());
                let failed = r.as_ref().err().cloned();
                let _ = reply.send(r);
                failed
            }
            Job::Mentions(entity, reply) => {
                let r = a.entity_mentions(&entity).map_err(|e| e.to_string());
                let failed = r.as_ref().err().cloned();
                let _ = reply.send(r);
                failed
            }
        };
        if let Some(e) = failed {
            // Reconnect on the next job after the backoff (a restarted server, a replaced file).
            archive = None;
            last_error = e;
            retry_at = Instant::now() + backoff;
            backoff = (backoff * 2).min(BACKOFF.1);
        }
    }
}

fn reply_err(job: Job, why: &str) {
    match job {
        Job::Candidates(_, reply) => {
            let _ = reply.send(Err(why.to_string()));
        }
        Job::Mentions(_, reply) => {
            let _ = reply.send(Err(why.to_string()));
        }
    }
}
