//! Watch mode's memory at the seam: an output asked again for the same analysis gives
//! back what it rendered last, without rendering it again. A save that changes only a
//! comment, or a figure no output shows, costs the analysis and nothing more.

use anyhow::Result;

use crate::render::seam::{Output, RenderContext, Rendered};

/// An output that remembers its last result, keyed by what it was rendered from.
pub struct Memoised {
    inner: Box<dyn Output>,
    last: Option<((usize, u64, bool), Rendered)>,
}

/// Every output of `outputs`, each remembering its last result, told that it will be
/// asked again after each save.
pub fn memoised(outputs: Vec<Box<dyn Output>>) -> Vec<Box<dyn Output>> {
    outputs
        .into_iter()
        .map(|mut inner| {
            inner.keep_between_builds();
            Box::new(Memoised { inner, last: None }) as Box<dyn Output>
        })
        .collect()
}

impl Output for Memoised {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    fn typeset(&self) -> bool {
        self.inner.typeset()
    }

    fn keep_between_builds(&mut self) {
        self.inner.keep_between_builds();
    }

    fn render(&mut self, context: &RenderContext) -> Result<Rendered> {
        let key = context.memo_key();
        if let (Some(key), Some((last_key, rendered))) = (key, &self.last)
            && *last_key == key
        {
            return Ok(rendered.clone());
        }
        // A failed render forgets the last result: the next one starts afresh.
        self.last = None;
        let rendered = self.inner.render(context)?;
        self.last = key.map(|key| (key, rendered.clone()));
        Ok(rendered)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::fixture;
    use crate::render::templates::Templates;

    /// An output that counts how often it is really rendered.
    struct Counted(Arc<AtomicUsize>);

    impl Output for Counted {
        fn name(&self) -> &'static str {
            "counted"
        }

        fn render(&mut self, context: &RenderContext) -> Result<Rendered> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(Rendered {
                files: vec![("a".into(), context.analysis_json().as_bytes().to_vec())],
                ..Rendered::default()
            })
        }
    }

    #[test]
    fn the_same_analysis_is_rendered_once_and_an_override_folder_every_time() {
        let renders = Arc::new(AtomicUsize::new(0));
        let mut outputs = memoised(vec![Box::new(Counted(Arc::clone(&renders)))]);
        let output = &mut outputs[0];
        let builtin = Templates::builtin();
        let analysis = fixture::analysis();
        let context = RenderContext::new(&analysis, &builtin, &[], false).unwrap();
        let first = output.render(&context).unwrap();
        let again = output.render(&context).unwrap();
        assert_eq!(renders.load(Ordering::SeqCst), 1);
        assert_eq!(first.files, again.files);

        let revised = fixture::revised_with("base: 195000", "base: 198000");
        let context = RenderContext::new(&revised, &builtin, &[], false).unwrap();
        let changed = output.render(&context).unwrap();
        assert_eq!(renders.load(Ordering::SeqCst), 2);
        assert_ne!(changed.files, first.files);

        let dir = std::env::temp_dir();
        let overridden = Templates::with_overrides(Some(&dir));
        let context = RenderContext::new(&revised, &overridden, &[], false).unwrap();
        output.render(&context).unwrap();
        output.render(&context).unwrap();
        assert_eq!(
            renders.load(Ordering::SeqCst),
            4,
            "an override folder may change"
        );
    }
}
