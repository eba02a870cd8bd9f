use tower_lsp_server::ls_types::*;

use crate::analysis::completion::{self, CompletionKind};
use crate::lsp::convert::{self, Lines};
use crate::lsp::server::Backend;

pub fn completion(b: &Backend, params: CompletionParams) -> Option<CompletionResponse> {
    let pos = params.text_document_position;
    let path = convert::path(&pos.text_document.uri)?;
    let snap = b.snapshot();
    let text = snap.files.read(&path)?;
    let lines = Lines::new(&text, b.state.encoding());
    let items = completion::completions(&snap, &path, lines.offset(pos.position));
    let snippets = b.state.caps().snippets;
    let items = items
        .into_iter()
        .map(|mut i| {
            if i.snippet && !snippets {
                i.edit.new_text = plain_text(&i.edit.new_text);
                i.snippet = false;
            }
            i
        })
        .map(|i| CompletionItem {
            label: i.label,
            kind: Some(kind(i.kind)),
            detail: i.detail,
            documentation: i
                .documentation
                .map(|md| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: md })),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(lines.range(i.edit.range), i.edit.new_text))),
            insert_text_format: Some(if i.snippet { InsertTextFormat::SNIPPET } else { InsertTextFormat::PLAIN_TEXT }),
            sort_text: i.sort_text,
            filter_text: i.filter_text,
            ..Default::default()
        })
        .collect();
    // Incomplete: some lists (built-in categories) are filtered by the typed prefix on the server,
    // so the editor must ask again as the user types. Answers take about a millisecond.
    Some(CompletionResponse::List(CompletionList { is_incomplete: true, items }))
}

fn kind(k: CompletionKind) -> CompletionItemKind {
    match k {
        CompletionKind::Key => CompletionItemKind::PROPERTY,
        CompletionKind::Value => CompletionItemKind::VALUE,
        CompletionKind::Locale => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Category => CompletionItemKind::CONSTANT,
        CompletionKind::Bundle => CompletionItemKind::FOLDER,
        CompletionKind::Template => CompletionItemKind::VARIABLE,
        CompletionKind::Event => CompletionItemKind::EVENT,
        CompletionKind::Module => CompletionItemKind::MODULE,
        CompletionKind::File => CompletionItemKind::FILE,
    }
}

/// A snippet as plain text for clients without snippet support: tab stops (`$0`, `$1`) dropped,
/// placeholders (`${1:text}`) replaced by their text, `\$`, `\}` and `\\` unescaped.
fn plain_text(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len());
    let mut chars = snippet.chars().peekable();
    let mut open = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('$' | '}' | '\\')) => out.extend(chars.next()),
            '$' if chars.peek().is_some_and(char::is_ascii_digit) => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
            }
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                open += 1;
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                if chars.peek() == Some(&':') {
                    chars.next();
                }
            }
            '}' if open > 0 => open -= 1,
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(plain_text("title: $0"), "title: ");
        assert_eq!(plain_text("engine:\n  $0"), "engine:\n  ");
        assert_eq!(plain_text("[title:$1]"), "[title:]");
        assert_eq!(plain_text("${1:name}: \\$x \\} {{a}}"), "name: $x } {{a}}");
    }
}
