//! textDocument/semanticTokens/full: `{{template}}` tags.

use tower_lsp_server::ls_types::*;

use crate::analysis::highlight::{self, HighlightKind};
use crate::lsp::convert::{self, Lines};
use crate::lsp::server::Backend;

/// The token types, in legend order.
pub const TOKEN_TYPES: &[SemanticTokenType] = &[SemanticTokenType::MACRO];

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend { token_types: TOKEN_TYPES.to_vec(), token_modifiers: Vec::new() }
}

pub fn semantic_tokens_full(b: &Backend, params: SemanticTokensParams) -> Option<SemanticTokensResult> {
    let path = convert::path(&params.text_document.uri)?;
    let snap = b.snapshot();
    let text = snap.files.read(&path)?;
    let lines = Lines::new(&text, b.state.encoding());
    let (mut prev_line, mut prev_start) = (0, 0);
    let mut data = Vec::new();
    for (range, kind) in highlight::highlights(&snap, &path) {
        let (start, end) = (lines.position(range.start as usize), lines.position(range.end as usize));
        if start.line != end.line {
            continue; // tags never span lines; be safe
        }
        let delta_line = start.line - prev_line;
        let delta_start = if delta_line == 0 { start.character - prev_start } else { start.character };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: match kind {
                HighlightKind::Template => 0,
            },
            token_modifiers_bitset: 0,
        });
        (prev_line, prev_start) = (start.line, start.character);
    }
    Some(SemanticTokensResult::Tokens(SemanticTokens { result_id: None, data }))
}
