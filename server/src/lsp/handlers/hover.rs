use tower_lsp_server::ls_types::*;

use crate::analysis::hover;
use crate::lsp::convert::{self, Lines};
use crate::lsp::server::Backend;

pub fn hover(b: &Backend, params: HoverParams) -> Option<Hover> {
    let pos = params.text_document_position_params;
    let path = convert::path(&pos.text_document.uri)?;
    let snap = b.snapshot();
    let text = snap.files.read(&path)?;
    let lines = Lines::new(&text, b.state.encoding());
    let h = hover::hover(&snap, &path, lines.offset(pos.position))?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: h.markdown }),
        range: h.range.map(|r| lines.range(r)),
    })
}
