use super::*;

#[test]
fn json_fixtures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/syntax/test_data/json");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("fixture dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    assert!(names.len() >= 5);
    for path in names {
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let doc = parse_json(&text);
        assert_eq!(doc.format, Format::Json);
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        insta::assert_snapshot!(format!("json_{stem}"), render(&text, &doc));
    }
}

#[test]
fn json_values_are_strings() {
    let doc = parse_json(r#"{"a": true, "b": 12.5, "c": null, "d": "x\ny"}"#);
    assert!(doc.errors.is_empty());
    let m = doc.root_mapping().expect("mapping");
    assert_eq!(m.value("a").and_then(Node::as_str), Some("true"));
    assert_eq!(m.value("b").and_then(Node::as_str), Some("12.5"));
    assert!(m.value("c").and_then(Node::as_scalar).is_some_and(|s| s.null));
    assert_eq!(m.value("d").and_then(Node::as_str), Some("x\ny"));
}

#[test]
fn json_cursor_cases() {
    let cases = [
        r#"{"na|"#,
        r#"{"templates": {"|"#,
        r#"{"templates": {"author": "{{au|"}}"#,
        r#"{"name": "My|Tools"}"#,
        "{\n  \"name\": \"x\",\n  \"aut|\n}",
        r#"{"authors": ["Ana", "B|"]}"#,
        r#"{"builtin": tr|}"#,
        r#"{"a": {"b": [{"c": |}]}}"#,
        r#"{"a": 1}|"#,
        r#"|{"a": 1}"#,
        r#"{|}"#,
        "\u{feff}{\"na|",
    ];
    let mut out = String::new();
    for src in cases {
        let i = src.find('|').expect("marker");
        let text = format!("{}{}", &src[..i], &src[i + 1..]);
        let ctx = json_cursor_context(&text, i);
        out.push_str(&format!("{src}\n    {}\n", super::cursor_cases::render_ctx(&text, &ctx)));
    }
    insta::assert_snapshot!(out);
}
