//! Corpus-scale benchmark (being written).
#[path = "bench/corpus.rs"]
mod corpus;
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let n: u64 = std::env::args().nth(2).unwrap().parse().unwrap();
    corpus::write_corpus(&dir, n, 42).unwrap();
}
