use super::*;
use crate::analysis::model::checklist::ChecklistEntry;
use crate::fixture;
use crate::render::text::checklist_sections;

fn markdown(analysis: &Analysis) -> String {
    render_checklist(&Templates::builtin(), analysis).unwrap()
}

/// The item the checklist names `title`, with its words in one line.
fn item<'a>(analysis: &'a Analysis, title: &str) -> (&'a ChecklistEntry, String) {
    let item = analysis
        .checklist
        .iter()
        .find(|item| item.item.starts_with(title))
        .unwrap_or_else(|| panic!("no item {title:?} in {:#?}", analysis.checklist));
    let words = item
        .evidence
        .clone()
        .or_else(|| item.todo.clone())
        .unwrap_or_default();
    (item, format!("{}: {words}", item.item))
}

#[test]
fn sections_follow_the_seed_and_the_markdown_ticks_the_done_items() {
    let analysis = fixture::analysis();
    let sections = checklist_sections(&analysis);
    let titles: Vec<_> = sections.iter().map(|s| s.title).collect();
    assert_eq!(
        titles,
        [
            "Before negotiating",
            "During negotiation",
            "After negotiating"
        ]
    );
    assert!(sections.iter().all(|s| s.items.len() >= 6));
    let markdown = markdown(&analysis);
    assert!(markdown.ends_with('\n'));
    let ticks: Vec<bool> = markdown
        .lines()
        .filter_map(|line| {
            line.strip_prefix("- [x] ")
                .map(|_| true)
                .or_else(|| line.strip_prefix("- [ ] ").map(|_| false))
        })
        .collect();
    let done: Vec<bool> = analysis.checklist.iter().map(|item| item.done).collect();
    assert_eq!(ticks, done, "{markdown}");
    assert!(
        analysis
            .checklist
            .iter()
            .all(|item| item.done == item.evidence.is_some() && item.done != item.todo.is_some())
    );
}

#[test]
fn items_the_data_shows_done_are_ticked_with_their_evidence() {
    let analysis = fixture::analysis();
    let (market, text) = item(&analysis, "Research market rates");
    assert!(market.done);
    assert!(
        text.contains("$180,000–$220,000 base for L6 in Seattle"),
        "{text}"
    );
    let (walk_away, text) = item(&analysis, "Calculate your walk-away number");
    assert!(walk_away.done && text.contains("$280,000"), "{text}");
    let (competing, text) = item(&analysis, "Document competing opportunities");
    assert!(competing.done && text.contains("Google (verbal)"), "{text}");
    assert!(
        item(&analysis, "Analyze the 4-year total")
            .1
            .contains("$1,325,000")
    );
    assert!(
        item(&analysis, "Calculate your true hourly rate")
            .1
            .contains("$141.83")
    );
    assert!(
        item(&analysis, "Decide by your deadline")
            .1
            .contains("December 5, 2026")
    );
    assert!(
        markdown(&analysis).contains("- [x] Calculate your walk-away number: $280,000"),
        "{}",
        markdown(&analysis)
    );
}

#[test]
fn missing_data_leaves_items_open_as_next_actions() {
    let analysis = fixture::sparse_round_one();
    for title in [
        "Calculate your walk-away number",
        "Document competing opportunities",
        "Identify your unique value",
        "Set up your BATNA",
    ] {
        assert!(!item(&analysis, title).0.done, "{title}");
    }
    assert!(
        item(&analysis, "Calculate your walk-away number")
            .1
            .contains("goals.walk_away_total")
    );
}

#[test]
fn field_text_is_escaped_in_markdown_and_plain_in_items() {
    let analysis = fixture::revised_with(
        "company: Google",
        "company: \"[Evil](http://x) *co* <b>\\n## Injected\"",
    );
    let markdown = markdown(&analysis);
    assert!(!markdown.contains("[Evil]"));
    assert!(!markdown.lines().any(|l| l.starts_with("## Injected")));
    assert_eq!(checklist_sections(&analysis).len(), 3);
    let (_, text) = item(&analysis, "Document competing opportunities");
    assert!(
        text.contains("[Evil](http://x) *co* <b> ## Injected"),
        "{text}"
    );
}

#[test]
fn an_item_points_only_at_a_draft_the_round_writes() {
    for analysis in [fixture::analysis(), fixture::sparse_round_one()] {
        for item in &analysis.checklist {
            let words = item.evidence.as_deref().or(item.todo.as_deref()).unwrap();
            for word in words.split_whitespace() {
                if let Some(file) = word.strip_prefix("emails/") {
                    let file = format!("emails/{}", file.trim_end_matches(['.', ',', ';']));
                    assert!(
                        analysis.drafts.iter().any(|draft| draft.file == file),
                        "{} points at {file}, which is not written",
                        item.item
                    );
                }
            }
        }
    }
}
