//! A keystroke in a 10 MB `bundle.yaml`, in process: the next version's model from the previous
//! one's (`reparse_yaml`), for the two shapes of `examples/keystroke_latency.rs` (one long
//! `tooltip: |`; a combo box's `members:` list of 185,000 items). Each iteration types a character
//! or takes it away again (two texts, made once), so the model goes on from version to version as
//! in the server. `cargo bench -p pyrevit-ls --bench big_yaml`.

use std::cell::RefCell;

use pyrevit_ls::syntax::{parse_yaml_reusable, reparse_yaml, MetaDocument, YamlReuse};

// The server's allocator, with its options while the user types into a big document.
#[global_allocator]
static GLOBAL: pyrevit_ls::base::alloc::ServerAlloc = pyrevit_ls::base::alloc::ServerAlloc;

fn main() {
    pyrevit_ls::base::alloc::typing(usize::MAX);
    divan::main();
}

/// The two versions (without and with one typed character) and the model of the last one parsed.
struct Session {
    texts: [String; 2],
    state: RefCell<Option<(usize, MetaDocument, YamlReuse)>>,
}

fn session(members: bool) -> Session {
    let mut a = String::from(if members { "title: Big\nmembers:\n" } else { "title: Big\ntooltip: |\n" });
    let mut m = 0;
    while a.len() < 10_000_000 {
        match members {
            true => a.push_str(&format!("  - id: m{m}\n    text: Member {m} of a long list\n")),
            false => a.push_str("  a long line of tooltip text, again and again and again and again\n"),
        }
        m += 1;
    }
    a.push_str("author: me\n");
    // In the middle: a member's text, or a tooltip line.
    let at = a.len() / 2;
    let at = at + a[at..].find(if members { "text: " } else { "\n  a " }).unwrap() + 6;
    let mut b = a.clone();
    b.insert(at, 'x');
    let (doc, reuse) = parse_yaml_reusable(&a);
    Session { texts: [a, b], state: RefCell::new(Some((0, doc, reuse))) }
}

fn keystroke(s: &Session) {
    let (i, doc, reuse) = s.state.borrow_mut().take().unwrap();
    let (doc, reuse) = reparse_yaml(&s.texts[i], doc, &reuse, &s.texts[1 - i]).expect("reused");
    *s.state.borrow_mut() = Some((1 - i, doc, reuse));
}

#[divan::bench(sample_count = 100, sample_size = 1)]
fn members_keystroke(bencher: divan::Bencher) {
    let s = session(true);
    bencher.bench_local(|| keystroke(&s));
}

#[divan::bench(sample_count = 100, sample_size = 1)]
fn tooltip_keystroke(bencher: divan::Bencher) {
    let s = session(false);
    bencher.bench_local(|| keystroke(&s));
}
