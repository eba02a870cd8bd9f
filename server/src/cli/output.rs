use std::io::{self, Write};

use crate::analysis::Severity;
use crate::base::LineCol;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Github,
}

/// One printed diagnostic: 0-based positions with UTF-16 columns.
#[derive(Debug, serde::Serialize)]
pub struct Row {
    pub path: String,
    #[serde(skip)]
    pub start: LineCol,
    #[serde(skip)]
    pub end: LineCol,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    /// The path is a folder (a finding with no file to show it on): printed without a position.
    #[serde(skip)]
    pub folder: bool,
    /// Other places that explain this one (the folder a finding is about, a first definition…).
    pub related: Vec<Related>,
}

/// A related place: a file position, or a folder (`start` is `None`).
#[derive(Debug, serde::Serialize)]
pub struct Related {
    pub path: String,
    #[serde(skip)]
    pub start: Option<LineCol>,
    pub message: String,
}

impl Related {
    /// `path:line:col` (1-based), or `path/` for a folder.
    fn location(&self) -> String {
        match self.start {
            Some(s) => format!("{}:{}:{}", self.path, s.line + 1, s.col + 1),
            None => format!("{}/", self.path),
        }
    }
}

pub fn write(rows: &[Row], format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => {
            for r in rows {
                let at = if r.folder {
                    format!("{}/", r.path)
                } else {
                    format!("{}:{}:{}", r.path, r.start.line + 1, r.start.col + 1)
                };
                writeln!(out, "{at}: {}[{}]: {}", r.severity.as_str(), r.code, r.message)?;
                for rel in &r.related {
                    writeln!(out, "    {}: note: {}", rel.location(), rel.message)?;
                }
            }
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let mut v = serde_json::json!({
                        "path": r.path,
                        "range": { "start": r.start, "end": r.end },
                        "severity": r.severity,
                        "code": r.code,
                        "message": r.message,
                    });
                    if !r.related.is_empty() {
                        v["related"] = r
                            .related
                            .iter()
                            .map(|rel| {
                                let mut j = serde_json::json!({ "path": rel.path, "message": rel.message });
                                if let Some(s) = rel.start {
                                    j["position"] = serde_json::json!(s);
                                }
                                j
                            })
                            .collect();
                    }
                    v
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &items)?;
            writeln!(out)?;
        }
        Format::Github => {
            for r in rows {
                let level = match r.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Information | Severity::Hint => "notice",
                };
                let mut message = r.message.clone();
                for rel in &r.related {
                    message.push_str(&format!("\n{}: {}", rel.location(), rel.message));
                }
                let title = property(&format!("pyrevit-ls {}", r.code));
                if r.folder {
                    writeln!(out, "::{level} file={},title={title}::{}", property(&r.path), data(&message))?;
                } else {
                    writeln!(
                        out,
                        "::{level} file={},line={},col={},endLine={},endColumn={},title={title}::{}",
                        property(&r.path),
                        r.start.line + 1,
                        r.start.col + 1,
                        r.end.line + 1,
                        r.end.col + 1,
                        data(&message)
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// Workflow-command escaping of a message.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Workflow-command escaping of a property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}
