use std::process::ExitCode;

use clap::Parser;
use pyrevit_ls::cli::{self, Cli};

#[global_allocator]
static GLOBAL: pyrevit_ls::base::alloc::ServerAlloc = pyrevit_ls::base::alloc::ServerAlloc;

fn main() -> ExitCode {
    limit_malloc_arenas();
    // Logs go to stderr: stdout carries the protocol (or the check report).
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PYREVIT_LS_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .init();
    let cli = Cli::parse();
    if let Some(code) = cli::run(cli) {
        return code;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("pyrevit-ls: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(pyrevit_ls::lsp::run_stdio());
    // The runtime's threads end here and are joined before the process exits: under Wine a
    // thread that is ending while the process exits crashes it (see `lsp::stdio`), which
    // `shutdown_background` caused. A background job still running (a republish, a blocking
    // task) holds the exit up to `EXIT_WAIT`; past that the process exits with it running.
    runtime.shutdown_timeout(EXIT_WAIT);
    ExitCode::SUCCESS
}

/// How long the exit waits for the runtime's jobs and threads to end.
const EXIT_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// mimalloc's defaults keep freed memory for a while and commit an arena up front: the server's
/// peak after indexing was 85 MB instead of 49 (glibc). Purging at once and committing on demand
/// gives 49.4 MB and keeps the speed. Set before `main`: the first arena is reserved, with the
/// options of that moment, by the first allocation, which the runtime makes before `main`. (The
/// environment's `MIMALLOC_PURGE_DELAY` / `MIMALLOC_ARENA_EAGER_COMMIT` no longer apply.) Once
/// the index is built, the purge delay changes for editing (`base::alloc`).
#[ctor::ctor(unsafe)]
fn tune_mimalloc() {
    // `mi_option_e` in mimalloc 2.x's `mimalloc.h` (libmimalloc-sys does not name them).
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const ALLOW_THP: libmimalloc_sys::mi_option_t = 37;
    // SAFETY: only sets allocator options (no allocation, no std), before any other thread.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        // No transparent huge pages: mimalloc asks for them on its arenas, and the first touch of
        // each 2 MiB then zeroes all of it; a reparse of a 10 MB document that touched fresh
        // memory took 19–23 ms instead of 7 (bench/README.md, "Keystrokes, sixth pass").
        libmimalloc_sys::mi_option_set(ALLOW_THP, 0);
    }
    pyrevit_ls::base::alloc::indexing();
}

/// glibc's malloc still serves the C code (tree-sitter's parser and the grammars' scanners). It
/// gives each thread that allocates its own arena (up to 8 per core), and memory freed in one is
/// not reused by another (bench/README.md, "Memory"): two arenas. `MALLOC_ARENA_MAX` in the
/// environment still wins.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: called first thing in `main`, before any other thread exists; `mallopt` only
        // sets an allocator parameter.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
