//! The in-process cost of each stage of a build, per offer: YAML parsing and validation,
//! the analysis, the email and checklist templates, the typst compile with PDF export of
//! the briefing and of the call sheet,
//! and the whole render. Run with `cargo bench --bench pipeline`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use offerbrief::render::templates::Templates;
use offerbrief::render::{checklist, emails, pdf};
use offerbrief::{BuildOptions, analyse_round, offer, render_briefing};

const EXAMPLES: [&str; 3] = [
    "l6-seattle-first-offer",
    "l7-bay-area-three-rounds",
    "l6-austin-year3-cliff",
];

fn example(name: &str) -> (String, std::path::PathBuf) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("inputs")
        .join(format!("{name}.yaml"));
    (std::fs::read_to_string(&path).unwrap(), path)
}

fn stages(c: &mut Criterion) {
    for name in EXAMPLES {
        let (text, path) = example(name);
        let offer = offer::parse_offer(&text, name, Path::new(".")).unwrap();
        let templates = Templates::builtin();
        let analysis = analyse_round(&offer, None, &templates).unwrap();
        let drafts = emails::render_drafts(&templates, &analysis).unwrap();

        let mut group = c.benchmark_group(name);
        group.bench_function("parse", |b| {
            b.iter(|| offer::parse_offer(black_box(&text), name, Path::new(".")).unwrap())
        });
        group.bench_function("analysis", |b| {
            b.iter(|| analyse_round(black_box(&offer), None, &templates).unwrap())
        });
        group.bench_function("templates", |b| {
            b.iter(|| {
                let drafts = emails::render_drafts(&templates, black_box(&analysis)).unwrap();
                let list = checklist::render_checklist(&templates, &analysis).unwrap();
                (drafts, list)
            })
        });
        group.sample_size(20);
        for main in ["main.typ", "call-sheet.typ"] {
            group.bench_function(format!("pdf {main}"), |b| {
                b.iter(|| {
                    pdf::PdfCompiler::new(main, &templates, black_box(&analysis), &drafts, &[])
                        .unwrap()
                        .compile()
                        .unwrap()
                })
            });
        }
        let options = BuildOptions::default();
        group.bench_function("whole_render", |b| {
            b.iter(|| render_briefing(black_box(&path), &options).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
