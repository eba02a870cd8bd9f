//! One `layout` entry of a container's metadata (spec §9.1): `Name` or `Name[directive:target]`,
//! split the way the Python loader's regex `(.+)\[(.+):(.*)\]` splits it.

/// An entry's child name and its optional `[directive:target]`, borrowed from the entry text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutItem<'t> {
    pub name: &'t str,
    pub directive: Option<LayoutDirective<'t>>,
}

/// `[directive:target]` with the byte offsets of both parts in the entry text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutDirective<'t> {
    pub name: &'t str,
    pub name_at: usize,
    pub target: &'t str,
    pub target_at: usize,
}

/// Split an entry. Without a well-formed `[x:y]` at its end the whole text is the name.
pub fn split_layout_item(text: &str) -> LayoutItem<'_> {
    if let Some(body) = text.strip_suffix(']') {
        if let Some(open) = body.rfind('[') {
            let inner = &body[open + 1..];
            if let Some(colon) = inner.rfind(':') {
                if open > 0 && colon > 0 {
                    let directive = LayoutDirective {
                        name: &inner[..colon],
                        name_at: open + 1,
                        target: &inner[colon + 1..],
                        target_at: open + 2 + colon,
                    };
                    return LayoutItem { name: &text[..open], directive: Some(directive) };
                }
            }
        }
    }
    LayoutItem { name: text, directive: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_directives() {
        let i = split_layout_item("Views[before:Sheets]");
        assert_eq!(i.name, "Views");
        let d = i.directive.unwrap();
        assert_eq!((d.name, d.name_at, d.target, d.target_at), ("before", 6, "Sheets", 13));
        let d = split_layout_item("Tools[beforeall:]").directive.unwrap();
        assert_eq!((d.name, d.name_at, d.target, d.target_at), ("beforeall", 6, "", 16));
        assert!(split_layout_item("Plain").directive.is_none());
        assert!(split_layout_item("[x:y]").directive.is_none());
        assert_eq!(split_layout_item("a[b").name, "a[b");
    }

    #[test]
    fn parts_are_slices_of_the_entry_at_their_offsets() {
        for text in ["é[ü:ö]", "a[b:c][d:e]", "x[:y]", "x[y:]", "[[:]]", "a[b:c:d]"] {
            let i = split_layout_item(text);
            assert!(text.starts_with(i.name));
            if let Some(d) = i.directive {
                assert_eq!(&text[d.name_at..d.name_at + d.name.len()], d.name);
                assert_eq!(&text[d.target_at..d.target_at + d.target.len()], d.target);
            }
        }
    }
}
