//! The cursor-context finders (YAML and JSON) at every kind of offset, including inside a
//! multi-byte character and past the end. The first two bytes choose the offset.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let text = String::from_utf8_lossy(&data[2..]);
    let offset = u16::from_le_bytes([data[0], data[1]]) as usize % (text.len() + 2);
    let _ = pyrevit_ls::syntax::cursor_context(&text, offset);
    let _ = pyrevit_ls::syntax::json_cursor_context(&text, offset);
});
