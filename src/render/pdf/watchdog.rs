//! Typesetting within the limits of [`crate::render::limits`]: typst runs on threads of
//! its own (a pool) while the thread that asked for the PDF watches the clock and the
//! process's memory. typst cannot be interrupted, so a compilation past a limit is left running and
//! reported as [`Stopped`]: the build fails the way any failure does, dropping the round
//! folder it was staging (the earlier one stays whole), and the process ends once it has
//! said so. Until a runaway ends, no other compilation starts (a batch or watch would only
//! run the same templates again), and one that keeps growing past twice the memory limit
//! ends the process at once, with one line.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Once, OnceLock};
use std::time::{Duration, Instant};

/// Why a compilation did not finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Stopped {
    /// It ran past the time limit.
    TookTooLong(Duration),
    /// The process held more than this many MB while it ran.
    TooMuchMemory(u64),
    /// An earlier compilation was stopped and is still running.
    EarlierStillRunning,
    /// It panicked, saying this.
    Failed(String),
}

/// Compilations past a limit that have not ended yet.
static RUNAWAYS: AtomicUsize = AtomicUsize::new(0);

/// A compilation's state, settled once by whichever side gets there first.
const RUNNING: u8 = 0;
const FINISHED: u8 = 1;
const ABANDONED: u8 = 2;

/// How often the waiting thread looks at the clock and the memory.
const TICK: Duration = Duration::from_millis(10);

/// The limits one compilation runs within.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    pub time: Duration,
    pub memory_mb: u64,
    /// The exit code of the process should a runaway have to end it (SPEC §1).
    pub exit_code: i32,
}

/// The threads typst runs on: a pool of its own (one thread per core, or
/// `RAYON_NUM_THREADS`), so that typst's parallel layout runs there too and a thread
/// waiting for a compilation never has to help it along. Built on first use.
fn typesetters() -> Result<&'static rayon::ThreadPool, Stopped> {
    static POOL: OnceLock<Result<rayon::ThreadPool, String>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|index| format!("typst-{index}"))
            // What the main thread has: typst's layout can recurse deeply.
            .stack_size(8 << 20)
            .build()
            .map_err(|error| error.to_string())
    })
    .as_ref()
    .map_err(|error| Stopped::Failed(format!("starting the typesetter: {error}")))
}

/// Runs `work` on typst's threads and waits for it within `limits`.
pub(super) fn within_limits<T: Send + 'static>(
    limits: Limits,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Stopped> {
    if RUNAWAYS.load(Ordering::SeqCst) > 0 {
        return Err(Stopped::EarlierStillRunning);
    }
    let state = Arc::new(AtomicU8::new(RUNNING));
    let (sender, receiver) = mpsc::sync_channel(1);
    let worker_state = Arc::clone(&state);
    typesetters()?.spawn(move || {
        // A panic is caught here and reported: one in a job of the pool would abort.
        let result = std::panic::catch_unwind(AssertUnwindSafe(work)).map_err(panic_message);
        let _ = sender.send(result);
        if worker_state
            .compare_exchange(RUNNING, FINISHED, Ordering::SeqCst, Ordering::SeqCst)
            .is_err()
        {
            RUNAWAYS.fetch_sub(1, Ordering::SeqCst);
        }
    });

    let started = Instant::now();
    loop {
        match receiver.recv_timeout(TICK) {
            Ok(Ok(result)) => return Ok(result),
            Ok(Err(said)) => return Err(Stopped::Failed(said)),
            Err(RecvTimeoutError::Disconnected) => {
                return Err(Stopped::Failed("no message".to_string()));
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        let stopped = if started.elapsed() > limits.time {
            Some(Stopped::TookTooLong(limits.time))
        } else if resident_mb().is_some_and(|mb| mb > limits.memory_mb) {
            Some(Stopped::TooMuchMemory(limits.memory_mb))
        } else {
            None
        };
        if let Some(stopped) = stopped {
            RUNAWAYS.fetch_add(1, Ordering::SeqCst);
            if state
                .compare_exchange(RUNNING, ABANDONED, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                watch_runaways(limits);
                return Err(stopped);
            }
            // It finished just now: its result is in the channel.
            RUNAWAYS.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// What a panic said.
fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string())
}

/// Starts, once, the thread that ends the process when a runaway compilation keeps
/// growing past twice the memory limit: nothing else can stop it, and the machine's
/// memory is not offerbrief's to take. The build has already failed and said why.
fn watch_runaways(limits: Limits) {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        let ceiling = limits.memory_mb.saturating_mul(2);
        let _ = std::thread::Builder::new()
            .name("typst-runaway".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_millis(50));
                    if RUNAWAYS.load(Ordering::SeqCst) > 0
                        && resident_mb().is_some_and(|mb| mb > ceiling)
                    {
                        use std::io::Write;
                        let _ = writeln!(
                            std::io::stderr().lock(),
                            "error: a stopped typesetting went on growing past {ceiling} MB of memory; offerbrief ends here"
                        );
                        std::process::exit(limits.exit_code);
                    }
                }
            });
    });
}

/// The memory the process holds (its resident set), in MB; `None` where it cannot be
/// read (outside Linux), and then memory is not limited.
fn resident_mb() -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
        let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kilobytes / 1024)
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}
