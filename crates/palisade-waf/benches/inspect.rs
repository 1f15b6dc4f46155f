//! Inspection throughput (filled in later).
fn main() {}
