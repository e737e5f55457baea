//! The `namegraph` command: parse the arguments, run one subcommand, print the
//! error chain once, and exit with its status.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    stop_cleanly_on_signals();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Nothing is left to do if standard error is gone too.
            let _ = writeln!(std::io::stderr(), "namegraph: {}", message(&err));
            ExitCode::FAILURE
        }
    }
}

/// On Ctrl-C, `kill` or a closed terminal, the run's temporary files (the
/// staged `documents/`, files not yet in place, spilled mentions) are
/// removed before the process exits with status 130; files already in
/// place stay as they were.
fn stop_cleanly_on_signals() {
    // If no handler can be installed, a signal stops the run as before.
    let _ = ctrlc::set_handler(|| {
        let removed = namegraph::cleanup::remove_all();
        let line = if std::io::stderr().is_terminal() {
            "\n"
        } else {
            ""
        };
        let _ = writeln!(
            std::io::stderr(),
            "{line}namegraph: stopped by a signal; its {removed} temporary files and directories are removed"
        );
        std::process::exit(130);
    });
}

/// The error and its causes, each said once: a library error that names
/// its cause in its own message (`cannot write PATH: CAUSE`) also gives it
/// as its source.
fn message(err: &anyhow::Error) -> String {
    let mut out = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !out.contains(&cause) {
            out.push_str(": ");
            out.push_str(&cause);
        }
    }
    out
}

/// A closed pipe (`namegraph kwic Trotsky | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
