//! Editor-neutral basics shared by every layer: byte ranges, line/column conversion, file access.

mod containment;
mod document;
mod file_source;
mod line_index;
mod text_range;

pub use containment::{classify as classify_containment, containment, may_read, Containment};
pub use document::{ContentChange, Document};
pub use file_source::{DiskSource, FileSource};
pub use line_index::{LineCol, LineIndex, PositionEncoding};
pub use text_range::{FileRange, TextRange};
