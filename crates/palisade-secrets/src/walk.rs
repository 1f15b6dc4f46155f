//! Directory scanning (placeholder; filled in below).
