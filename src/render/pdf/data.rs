//! The files typst reads besides the templates: `data.json` (the analysis, its checklist
//! by section, and the drafts), `page.json` (the few facts the running header and footer print: kept apart so
//! that page styles hold no offer data and an edit leaves typst's layout cache warm) and
//! `labels.json` (the labels of every code, from [`crate::vocab`]).

use std::sync::LazyLock;

use anyhow::{Context, Result};
use serde::Serialize;
use typst::foundations::{Bytes, Datetime};

use super::project::{DATA_FILE, LABELS_FILE, PAGE_FILE};
use crate::analysis::Analysis;
use crate::render::emails::Draft;
use crate::render::text::{ChecklistSectionView, checklist_sections};
use crate::vocab::Date;

/// The date `today()` returns when the analysed round has none: a constant, never the clock.
const FALLBACK_DATE: Date = Date {
    year: 2026,
    month: 1,
    day: 1,
};

/// The generated input files of one briefing, and the date typst takes for today.
pub(super) struct Inputs {
    pub data: Bytes,
    pub page: Bytes,
    /// The analysed round's date, else [`FALLBACK_DATE`].
    pub today: Option<Datetime>,
}

/// `labels.json`: the same for every briefing, made once.
static LABELS: LazyLock<Bytes> = LazyLock::new(|| {
    Bytes::new(serde_json::to_vec_pretty(&crate::vocab::labels()).unwrap_or_default())
});

impl Inputs {
    /// The generated files' names, relative to the project.
    pub const NAMES: [&str; 3] = [DATA_FILE, PAGE_FILE, LABELS_FILE];

    /// The inputs of the briefing of `analysis`.
    pub fn of(analysis: &Analysis, drafts: &[Draft]) -> Result<Inputs> {
        let date = analysis.offer.round.date;
        let data = BriefingData {
            analysis,
            checklist: checklist_sections(analysis),
            view: super::view::view(analysis, drafts),
            drafts,
            briefing: BriefingMeta {
                date: date.map(TypstDate::from),
                generator: format!("offerbrief {}", env!("CARGO_PKG_VERSION")),
            },
        };
        let today = TypstDate::from(date.unwrap_or(FALLBACK_DATE));
        Ok(Inputs {
            // Every figure as the documents print it: the template never formats one.
            data: Bytes::new(
                crate::money::printed(|| serde_json::to_vec_pretty(&data))
                    .context("serialising the briefing data for typst")?,
            ),
            page: Bytes::new(crate::money::printed(|| page_data(analysis))?),
            today: Datetime::from_ymd(today.year, today.month, today.day),
        })
    }

    /// The file `name` (relative to the project), when it is one of these.
    pub fn file(&self, name: &str) -> Option<Bytes> {
        match name {
            DATA_FILE => Some(self.data.clone()),
            PAGE_FILE => Some(self.page.clone()),
            LABELS_FILE => Some(LABELS.clone()),
            _ => None,
        }
    }

    /// The text typst prints from these files (and more: keys and figures), for the
    /// fonts to cover.
    pub fn text(&self) -> String {
        let mut text = String::from_utf8_lossy(self.data.as_slice()).into_owned();
        text.push_str(&String::from_utf8_lossy(self.page.as_slice()));
        text
    }

    /// Every generated file, for `--emit-typ`.
    pub fn files(&self) -> Vec<(&'static str, Bytes)> {
        Inputs::NAMES
            .iter()
            .filter_map(|name| Some((*name, self.file(name)?)))
            .collect()
    }
}

/// What `data.json` holds: the analysis, its checklist by section, the drafts rendered
/// from it, and a few facts about the document.
#[derive(Serialize)]
struct BriefingData<'a> {
    analysis: &'a Analysis,
    checklist: Vec<ChecklistSectionView<'a>>,
    /// Chart geometry and table layout, worked out from the analysis.
    view: super::view::View,
    drafts: &'a [Draft],
    briefing: BriefingMeta,
}

/// Facts about the document itself.
#[derive(Serialize)]
struct BriefingMeta {
    /// The analysed round's date, for the PDF's creation date; `null` when it has none.
    date: Option<TypstDate>,
    /// `offerbrief 0.1.0`.
    generator: String,
}

/// A calendar date as typst's `datetime(year:, month:, day:)` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
struct TypstDate {
    year: i32,
    month: u8,
    day: u8,
}

impl From<Date> for TypstDate {
    fn from(date: Date) -> TypstDate {
        TypstDate {
            year: date.year,
            month: u8::try_from(date.month).unwrap_or(1),
            day: u8::try_from(date.day).unwrap_or(1),
        }
    }
}

/// What `page.json` holds: the facts the running header and footer print.
#[derive(Serialize)]
struct PageFacts<'a> {
    candidate: &'a str,
    company: &'a str,
    level: &'a str,
    location: &'a str,
    round: PageRound<'a>,
    rounds_in_file: usize,
}

/// The analysed round, as the footer names it.
#[derive(Serialize)]
struct PageRound<'a> {
    number: usize,
    name: &'a str,
    date: Option<Date>,
}

fn page_data(analysis: &Analysis) -> Result<Vec<u8>> {
    let offer = &analysis.offer;
    let facts = PageFacts {
        candidate: &offer.candidate.name,
        company: &offer.company,
        level: &offer.level,
        location: &offer.location,
        round: PageRound {
            number: offer.round.number,
            name: &offer.round.name,
            date: offer.round.date,
        },
        rounds_in_file: offer.rounds_in_file,
    };
    serde_json::to_vec_pretty(&facts).context("serialising the page facts for typst")
}
