//! Profiling driver: scans the founding corpus once on a one-thread pool
//! (`valgrind --tool=callgrind target/release/examples/scan_once ROUNDS
//! [GAZETTEER_DIR]`; without a directory, the default gazetteer).

use namegraph::corpus;
use namegraph::document::{Outcome, scan_bytes};
use namegraph::scanner::Matcher;

fn main() {
    let dirs: Vec<std::path::PathBuf> = std::env::args().skip(2).map(Into::into).collect();
    let gazetteer = namegraph::gazetteer::load(&dirs).expect("gazetteer");
    let matcher = Matcher::new(&gazetteer, false).expect("matcher");
    let sources = corpus::embedded().expect("embedded corpus");
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let mut total = 0;
    pool.install(|| {
        for _ in 0..rounds {
            for (source, &(_, bytes)) in sources.iter().zip(corpus::EMBEDDED.iter()) {
                if let Outcome::Scanned(d) = scan_bytes(source, bytes, &matcher, &gazetteer) {
                    total += d.mentions.len();
                }
            }
        }
    });
    println!("{total} mentions");
}
