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
}

pub fn write(rows: &[Row], format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => {
            for r in rows {
                writeln!(
                    out,
                    "{}:{}:{}: {}[{}]: {}",
                    r.path,
                    r.start.line + 1,
                    r.start.col + 1,
                    r.severity.as_str(),
                    r.code,
                    r.message
                )?;
            }
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "path": r.path,
                        "range": { "start": r.start, "end": r.end },
                        "severity": r.severity,
                        "code": r.code,
                        "message": r.message,
                    })
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
                writeln!(
                    out,
                    "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                    property(&r.path),
                    r.start.line + 1,
                    r.start.col + 1,
                    r.end.line + 1,
                    r.end.col + 1,
                    property(&format!("pyrevit-ls {}", r.code)),
                    data(&r.message)
                )?;
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
