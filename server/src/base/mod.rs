//! Editor-neutral basics shared by every layer: byte ranges, line/column conversion, and the
//! one layer that touches the disk (`FileSource`, `Vfs`).

pub mod alloc;
mod containment;
mod document;
mod file_source;
pub mod hash;
mod line_index;
pub mod parallel;
mod text_range;

pub use containment::{containment, Containment};
pub use document::{ContentChange, DocVersion, Document, Edited};
pub use file_source::{
    list_disk, read_disk, DirEntries, DiskLayer, DiskSource, FileSource, MemoryFs, OpenFile, OpenFiles, Vfs,
};
pub use line_index::{LineCol, LineIndex, PositionEncoding};
pub use text_range::{FileRange, TextRange};

/// `dir/name` in one allocation of exactly its size: `Path::join` leaves up to twice the length
/// spare (the index and the file lists hold tens of thousands of these), and shrinking it
/// afterwards costs a second reallocation. `name` is one folder entry (no separator).
pub fn join_exact(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let mut p = std::path::PathBuf::with_capacity(dir.as_os_str().len() + 1 + name.len());
    p.push(dir);
    p.push(name);
    p.shrink_to_fit();
    p
}
