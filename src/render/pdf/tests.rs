use std::fs;
use std::str::FromStr;

use typst::World;
use typst::diag::FileError;
use typst::foundations::Datetime;
use typst::syntax::{RootedPath, VirtualPath, VirtualRoot};

use super::*;
use crate::fixture;
use crate::render::emails;

/// The fixture's briefing, compiled with `templates`.
fn compile_with(templates: &Templates, analysis: &Analysis) -> Result<Compiled> {
    let drafts = emails::render_drafts(&Templates::builtin(), analysis)?;
    PdfCompiler::new("main.typ", templates, analysis, &drafts, &[])?.compile()
}

fn compiler(analysis: &Analysis) -> PdfCompiler {
    let drafts = emails::render_drafts(&Templates::builtin(), analysis).unwrap();
    PdfCompiler::new("main.typ", &Templates::builtin(), analysis, &drafts, &[]).unwrap()
}

/// The PDF's text, read back in-process.
fn pdf_text(pdf: &[u8]) -> String {
    pdf_read::read(pdf).unwrap().text()
}

/// Every page's `/MediaBox`.
fn media_boxes(pdf: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/MediaBox")
        .filter_map(|(at, _)| text[at..].split_once(']').map(|(head, _)| head.to_string()))
        .collect()
}

#[test]
fn same_input_gives_identical_bytes_and_the_figures_of_the_analysis() {
    let analysis = fixture::analysis();
    let compiled = compile_with(&Templates::builtin(), &analysis).unwrap();
    assert!(
        compiled.warnings.is_empty(),
        "typst warned: {:?}",
        compiled.warnings
    );
    let first = compiled.pdf;
    let second = compile_with(&Templates::builtin(), &analysis).unwrap().pdf;
    assert!(first.starts_with(b"%PDF-"));
    assert!(first == second, "two builds of the same input differ");
    let pages = media_boxes(&first);
    assert!(
        pages.len() >= 5,
        "expected a multi-page briefing, got {}",
        pages.len()
    );
    assert!(
        pages.iter().all(|page| page == "/MediaBox[0 0 612 792"),
        "not all US Letter: {pages:?}"
    );
    {
        let text = pdf_text(&first);
        let total = analysis.four_year_total.to_string();
        assert_eq!(total, "$1,325,000");
        let down = analysis.scenarios.vs_flat.down_30.typeset();
        for expected in [
            "Jordan Lee",
            "Year by year",
            "Market position",
            "Lever plan",
            total.as_str(),
            down.as_str(),
            "Appendix: email drafts",
        ] {
            assert!(text.contains(expected), "the PDF text lacks {expected:?}");
        }
        assert!(!text.contains("**"), "markdown shows in the PDF");
        assert!(!text.contains("\\_"), "a markdown escape shows in the PDF");
    }
}

#[test]
fn markup_in_user_text_prints_literally_and_long_names_wrap() {
    let hostile = "#set page(width: 1pt) ] $x$ {{ x }} <b> \\\\ *bold* @ref";
    let long_run = "W".repeat(200);
    let analysis = fixture::revised_with(
        "name: Jordan Lee",
        &format!("name: \"{hostile} {long_run}\""),
    );
    let pdf = compile_with(&Templates::builtin(), &analysis).unwrap().pdf;
    let pages = media_boxes(&pdf);
    assert!(
        pages.iter().all(|page| page == "/MediaBox[0 0 612 792"),
        "page size changed: {pages:?}"
    );
    {
        let text = pdf_text(&pdf);
        let printed = hostile.replace("\\\\", "\\");
        assert!(
            text.contains(&printed),
            "the name is not printed as written"
        );
        // The unbroken run wraps: no line holds all of it.
        assert!(text.contains("WWWWWWWWWW"));
        assert!(
            !text.lines().any(|line| line.contains(&long_run)),
            "a 200-character run sits on one line"
        );
    }
}

#[test]
fn broken_override_template_names_file_line_and_column() {
    let dir = assert_fs::TempDir::new().unwrap();
    fs::create_dir_all(dir.path().join("briefing")).unwrap();
    let main = dir.path().join("briefing/main.typ");
    let templates = Templates::with_overrides(Some(dir.path()));
    let analysis = fixture::analysis();
    let failure = |source: &str| {
        fs::write(&main, source).unwrap();
        let err = compile_with(&templates, &analysis).unwrap_err();
        assert!(crate::error::is_input_error(&err));
        format!("{err:#}")
    };
    let shown = main.display().to_string();

    let message = failure("= Briefing\n\n#let total = (1, 2\n#undefined-thing\n");
    assert!(message.contains(&format!("{shown}:3:")), "{message}");
    assert!(
        !message.contains("SourceDiagnostic"),
        "a debug dump: {message}"
    );

    let message = failure("#let data = json(\"data.json\")\n#data.analysis.nope\n");
    assert!(
        message.contains(&format!(
            "{shown}:2:16: dictionary does not contain key \"nope\""
        )),
        "{message}"
    );

    let message = failure("Hello\n  #undefined-thing\n");
    assert!(
        message.contains(&format!("{shown}:2:4: unknown variable: undefined-thing")),
        "{message}"
    );
    assert!(
        message.contains("\n  hint: "),
        "typst's hint is missing: {message}"
    );
}

#[test]
fn project_holds_main_file_parts_data_labels_and_fonts() {
    let files = compiler(&fixture::analysis()).project().unwrap();
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    for expected in [
        "main.typ",
        "lib/format.typ",
        "sections/summary.typ",
        "data.json",
        "page.json",
        "labels.json",
        "fonts/Inter-Regular.otf",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    let file = |name: &str| -> serde_json::Value {
        let bytes = &files.iter().find(|(n, _)| n == name).unwrap().1;
        serde_json::from_slice(bytes).unwrap()
    };
    let data = file("data.json");
    assert_eq!(data["analysis"]["offer"]["candidate"]["name"], "Jordan Lee");
    assert_eq!(data["briefing"]["date"]["month"], 11);
    assert_eq!(data["drafts"][0]["file"], "emails/01-round-1-counter.md");
    assert_eq!(file("labels.json")["levers"]["rsu"]["title"], "RSU grant");
}

#[test]
fn world_serves_only_project_files_and_a_fixed_date() {
    let compiler = compiler(&fixture::analysis());
    let world = &compiler.world;
    assert_eq!(world.today(None), Datetime::from_ymd(2026, 11, 25));
    assert!(world.source(world.main()).is_ok());
    assert!(world.file(project::file_id("data.json").unwrap()).is_ok());
    let page = world.file(project::file_id("page.json").unwrap()).unwrap();
    let page: serde_json::Value = serde_json::from_slice(page.as_slice()).unwrap();
    assert_eq!(page["candidate"], "Jordan Lee");
    assert_eq!(page["round"]["name"], "Revised offer");
    assert!(matches!(
        world.file(project::file_id("nope.typ").unwrap()),
        Err(FileError::NotFound(_))
    ));
    let package = typst::syntax::package::PackageSpec::from_str("@preview/example:0.1.0").unwrap();
    let in_package = RootedPath::new(
        VirtualRoot::Package(package),
        VirtualPath::new("lib.typ").unwrap(),
    )
    .intern();
    assert!(world.source(in_package).is_err());
    assert!(world.font(usize::MAX).is_none());
    assert!(
        world
            .book()
            .select("inter", typst::text::FontVariant::default())
            .is_some()
    );

    let undated = compiler_for_sparse();
    assert_eq!(undated.world.today(None), Datetime::from_ymd(2026, 1, 1));
}

fn compiler_for_sparse() -> PdfCompiler {
    compiler(&fixture::sparse_round_one())
}

#[test]
fn a_layout_like_the_last_reuses_its_pdf_and_a_changed_one_is_exported_afresh() {
    let analysis = fixture::analysis();
    let mut compiler = compiler(&analysis);
    assert!(
        !compiler.compile().unwrap().reused,
        "reuse is for watch mode only"
    );
    assert!(!compiler.compile().unwrap().reused);
    compiler.reuse_unchanged_layouts();
    let first = compiler.compile().unwrap();
    assert!(!first.reused);
    let again = compiler.compile().unwrap();
    assert!(again.reused, "an unchanged layout was exported again");
    assert!(again.pdf == first.pdf);

    // The same briefing handed over again (a save that changes nothing printed).
    let drafts = emails::render_drafts(&Templates::builtin(), &analysis).unwrap();
    compiler.update(&analysis, &drafts).unwrap();
    assert!(compiler.compile().unwrap().reused);

    // Another base: a new PDF, the same bytes as a compiler that never saw the first.
    let revised = fixture::revised_with("base: 195000", "base: 198000");
    let drafts = emails::render_drafts(&Templates::builtin(), &revised).unwrap();
    compiler.update(&revised, &drafts).unwrap();
    let changed = compiler.compile().unwrap();
    assert!(!changed.reused);
    assert!(changed.pdf != first.pdf);
    assert!(changed.pdf == compile_with(&Templates::builtin(), &revised).unwrap().pdf);
}

#[test]
fn an_update_that_changes_nothing_read_repeats_the_last_result_and_an_edited_template_does_not() {
    let dir = assert_fs::TempDir::new().unwrap();
    fs::create_dir_all(dir.path().join("briefing")).unwrap();
    let main = dir.path().join("briefing/main.typ");
    fs::write(&main, "= First words\n").unwrap();
    let templates = Templates::with_overrides(Some(dir.path()));
    let analysis = fixture::analysis();
    let drafts = emails::render_drafts(&Templates::builtin(), &analysis).unwrap();
    let mut compiler = PdfCompiler::new("main.typ", &templates, &analysis, &drafts, &[]).unwrap();
    compiler.reuse_unchanged_layouts();
    let first = compiler.compile().unwrap();

    compiler.update(&analysis, &drafts).unwrap();
    assert!(
        compiler.unchanged,
        "the same inputs were taken for new ones"
    );
    let again = compiler.compile().unwrap();
    assert!(again.reused && again.pdf == first.pdf);

    // The override edited on disk: read again, compiled again.
    fs::write(&main, "= Other words\n").unwrap();
    compiler.update(&analysis, &drafts).unwrap();
    assert!(!compiler.unchanged, "an edited template went unnoticed");
    let edited = compiler.compile().unwrap();
    assert!(!edited.reused && edited.pdf != first.pdf);
    {
        let text = pdf_text(&edited.pdf);
        assert!(text.contains("Other words"), "{text}");
    }
}
