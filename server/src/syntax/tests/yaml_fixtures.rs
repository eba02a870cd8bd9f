use super::*;

fn fixture_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/syntax/test_data/yaml")
}

#[test]
fn yaml_fixtures() {
    let mut names: Vec<_> = std::fs::read_dir(fixture_dir())
        .expect("fixture dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    names.sort();
    assert!(names.len() > 10);
    for path in names {
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let doc = parse_yaml(&text);
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        insta::assert_snapshot!(format!("yaml_{stem}"), render(&text, &doc));
    }
}
