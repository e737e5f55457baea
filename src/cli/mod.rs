//! The command-line layer: clap definitions ([`args`]), terminal output
//! ([`report`]) and one file per subcommand ([`cmd`]).

/// `println!` that does not panic when standard output is gone (a pipe
/// to `head` closed early, a full disk): what cannot be shown is dropped.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprintln!` likewise, for standard error.
macro_rules! warn {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod args;
pub mod cmd;
pub mod report;

use std::process::ExitCode;

use args::{Cli, Command, GazetteerCommand};

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Analyze(args) => cmd::analyze::run(args),
        Command::Rank(args) => cmd::rank::run(args),
        Command::Cite(args) => cmd::cite::run(args),
        Command::Kwic(args) => cmd::kwic::run(args),
        Command::Render(args) => cmd::render::run(args),
        Command::Gazetteer {
            command: GazetteerCommand::Check(args),
        } => cmd::gazetteer::run(args),
    }
}
