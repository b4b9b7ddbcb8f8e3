//! docs/guidelines.md describes exactly the rules the code has.
//! Run with RAPPORT_BLESS=1 to rewrite the generated part.

#[test]
fn guidelines_doc_matches_the_rules() {
    const START: &str = "<!-- rules:start (generated from src/guidelines; RAPPORT_BLESS=1 cargo test rewrites it) -->\n";
    const END: &str = "<!-- rules:end -->";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/guidelines.md");
    let doc = std::fs::read_to_string(&path).expect("docs/guidelines.md");
    let (Some(start), Some(end)) = (doc.find(START), doc.find(END)) else {
        panic!("docs/guidelines.md lacks the rules markers");
    };
    let generated = rapport::guidelines::rules_markdown();
    let current = &doc[start + START.len()..end];
    if std::env::var_os("RAPPORT_BLESS").is_some() {
        let updated = format!("{}{START}{generated}{}", &doc[..start], &doc[end..]);
        std::fs::write(&path, updated).expect("write docs");
        return;
    }
    assert_eq!(
        current, generated,
        "docs/guidelines.md is out of date: run RAPPORT_BLESS=1 cargo test --test it docs"
    );
}
