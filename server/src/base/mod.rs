//! Editor-neutral basics shared by every layer: byte ranges, line/column conversion, and the
//! one layer that touches the disk (`FileSource`, `Vfs`).

mod containment;
mod document;
mod file_source;
pub mod hash;
mod line_index;
pub mod parallel;
mod text_range;

pub use containment::{containment, Containment};
pub use document::{ContentChange, Document};
pub use file_source::{
    list_disk, read_disk, DirEntries, DiskLayer, DiskSource, FileSource, MemoryFs, OpenFile, OpenFiles, Vfs,
};
pub use line_index::{LineCol, LineIndex, PositionEncoding};
pub use text_range::{FileRange, TextRange};
