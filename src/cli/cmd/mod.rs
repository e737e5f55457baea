//! One module per subcommand, each an `Args` struct and a `run` function.

pub mod analyze;
pub mod cite;
pub mod gazetteer;
pub mod kwic;
pub mod rank;
pub mod render;
