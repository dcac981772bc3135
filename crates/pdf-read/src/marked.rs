//! The marked-content sequences of a page, for their `/ActualText`.
//!
//! hayro tells a device where a marked-content sequence begins (its tag) and ends, but
//! not its properties, so this reads them from the content streams beforehand: the
//! page's, and those of the forms it draws, in the order hayro runs them.

use hayro_syntax::content::TypedIter;
use hayro_syntax::content::ops::TypedInstruction;
use hayro_syntax::object::{Dict, Name, Object, Stream};
use hayro_syntax::page::{Page, Resources};

use crate::info::decode_text_string;

/// How deep forms drawing forms are followed (hayro stops at a similar depth).
const MAX_DEPTH: usize = 16;

/// One marked-content sequence (`BMC` or `BDC` … `EMC`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marked {
    /// Its tag (`Span`, `P`, `ReversedChars`, …).
    pub(crate) tag: Vec<u8>,
    /// The text its glyphs stand for, if it says.
    pub(crate) actual_text: Option<String>,
}

/// Every marked-content sequence `page` begins, in order.
pub(crate) fn sequences(page: &Page<'_>) -> Vec<Marked> {
    let mut out = Vec::new();
    if let Some(data) = page.page_stream() {
        scan(data, page.resources(), &mut out, 0);
    }
    out
}

fn scan(content: &[u8], resources: &Resources<'_>, out: &mut Vec<Marked>, depth: usize) {
    let mut ops = TypedIter::new(content);
    while let Some(op) = ops.next() {
        match op {
            TypedInstruction::BeginMarkedContent(bmc) => out.push(Marked {
                tag: bmc.0.as_ref().to_vec(),
                actual_text: None,
            }),
            TypedInstruction::BeginMarkedContentWithProperties(bdc) => {
                let properties = match bdc.1 {
                    Object::Dict(dict) => Some(dict.clone()),
                    Object::Name(name) => property_list(resources, name),
                    _ => None,
                };
                let actual_text = properties
                    .and_then(|props| props.get::<hayro_syntax::object::String<'_>>(b"ActualText"))
                    .map(|text| decode_text_string(text.as_bytes()));
                out.push(Marked {
                    tag: bdc.0.as_ref().to_vec(),
                    actual_text,
                });
            }
            TypedInstruction::XObject(x_object) if depth < MAX_DEPTH => {
                let Some(form) = resources.get_x_object(x_object.0) else {
                    continue;
                };
                if form.dict().get::<Name<'_>>(b"Subtype").as_deref() != Some(b"Form") {
                    continue;
                }
                scan_form(&form, resources, out, depth + 1);
            }
            _ => {}
        }
    }
}

fn scan_form(form: &Stream<'_>, parent: &Resources<'_>, out: &mut Vec<Marked>, depth: usize) {
    let Ok(data) = form.decoded() else {
        return;
    };
    let resources = Resources::from_parent(
        form.dict()
            .get::<Dict<'_>>(b"Resources")
            .unwrap_or_default(),
        parent.clone(),
    );
    scan(&data, &resources, out, depth);
}

/// A named property list, from the resources or those they inherit.
fn property_list<'a>(resources: &Resources<'a>, name: &Name<'_>) -> Option<Dict<'a>> {
    resources
        .properties
        .get::<Dict<'_>>(name.as_ref())
        .or_else(|| resources.parent().and_then(|p| property_list(p, name)))
}
