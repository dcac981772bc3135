use super::*;
use crate::fixture;

fn checklist(analysis: &Analysis) -> Checklist {
    render_checklist(&Templates::builtin(), analysis).unwrap()
}

fn item<'a>(checklist: &'a Checklist, starts_with: &str) -> &'a ChecklistItem {
    checklist
        .sections
        .iter()
        .flat_map(|section| &section.items)
        .find(|item| item.text.starts_with(starts_with))
        .unwrap_or_else(|| {
            panic!(
                "no item starting {starts_with:?} in\n{}",
                checklist.markdown
            )
        })
}

#[test]
fn sections_follow_the_seed() {
    let checklist = checklist(&fixture::analysis());
    let titles: Vec<_> = checklist
        .sections
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Before negotiating",
            "During negotiation",
            "After negotiating"
        ]
    );
    assert!(checklist.sections.iter().all(|s| s.items.len() >= 6));
    assert!(checklist.markdown.ends_with('\n'));
    let task_lines = checklist
        .markdown
        .lines()
        .filter(|l| l.starts_with("- ["))
        .count();
    assert_eq!(
        task_lines,
        checklist
            .sections
            .iter()
            .map(|s| s.items.len())
            .sum::<usize>()
    );
}

#[test]
fn items_the_data_shows_done_are_ticked_with_their_evidence() {
    let checklist = checklist(&fixture::analysis());
    let market = item(&checklist, "Research market rates");
    assert!(market.done);
    assert!(
        market
            .text
            .contains("$180,000–$220,000 base for L6 in Seattle"),
        "{}",
        market.text
    );
    let walk_away = item(&checklist, "Calculate your walk-away number");
    assert!(
        walk_away.done && walk_away.text.contains("$280,000"),
        "{}",
        walk_away.text
    );
    let competing = item(&checklist, "Document competing opportunities");
    assert!(
        competing.done && competing.text.contains("Google (verbal)"),
        "{}",
        competing.text
    );
    assert!(
        item(&checklist, "Analyze the 4-year total")
            .text
            .contains("$1,325,000")
    );
    assert!(
        item(&checklist, "Calculate your true hourly rate")
            .text
            .contains("$141.83")
    );
    assert!(item(&checklist, "Decide by December 5, 2026").text.len() > 5);
    assert!(
        checklist
            .markdown
            .contains("- [x] Calculate your walk-away number: $280,000")
    );
}

#[test]
fn missing_data_leaves_items_open_as_next_actions() {
    let checklist = checklist(&fixture::sparse_round_one());
    for start in [
        "Calculate your walk-away number",
        "Document competing opportunities",
        "Identify your unique value",
        "Set up your BATNA",
    ] {
        assert!(!item(&checklist, start).done, "{start}");
    }
    assert!(
        item(&checklist, "Calculate your walk-away number")
            .text
            .contains("goals.walk_away_total")
    );
}

#[test]
fn field_text_is_escaped_in_markdown_and_plain_in_items() {
    let analysis = fixture::revised_with(
        "company: Google",
        "company: \"[Evil](http://x) *co* <b>\\n## Injected\"",
    );
    let checklist = checklist(&analysis);
    assert!(!checklist.markdown.contains("[Evil]"));
    assert!(
        !checklist
            .markdown
            .lines()
            .any(|l| l.starts_with("## Injected"))
    );
    let titles: Vec<_> = checklist
        .sections
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(titles.len(), 3);
    let competing = item(&checklist, "Document competing opportunities");
    assert!(
        competing
            .text
            .contains("[Evil](http://x) *co* <b> ## Injected"),
        "{}",
        competing.text
    );
}
