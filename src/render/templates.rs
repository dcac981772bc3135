//! The template store: built-in templates and fonts embedded in the binary, each of
//! which a file of the same name in `--templates DIR` overrides.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::confined::Confined;

/// One built-in file: its name relative to `templates/`, and its bytes.
macro_rules! builtin {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/", $name)).as_slice(),
        )
    };
}

/// Built-in templates and fonts, by name relative to `templates/`. A test checks that this
/// list and the folder hold the same files.
pub static BUILTIN: &[(&str, &[u8])] = &[
    builtin!("briefing/call-sheet.typ"),
    builtin!("briefing/lib/charts.typ"),
    builtin!("briefing/lib/format.typ"),
    builtin!("briefing/lib/theme.typ"),
    builtin!("briefing/main.typ"),
    builtin!("briefing/sections/alternatives.typ"),
    builtin!("briefing/sections/checklist.typ"),
    builtin!("briefing/sections/competing.typ"),
    builtin!("briefing/sections/emails.typ"),
    builtin!("briefing/sections/levers.typ"),
    builtin!("briefing/sections/market.typ"),
    builtin!("briefing/sections/other-levers.typ"),
    builtin!("briefing/sections/rounds.typ"),
    builtin!("briefing/sections/scenarios.typ"),
    builtin!("briefing/sections/summary.typ"),
    builtin!("briefing/sections/time.typ"),
    builtin!("briefing/sections/years.typ"),
    builtin!("checklist.md.j2"),
    builtin!("emails/01-round-1-counter.md.j2"),
    builtin!("emails/02-round-2-follow-up.md.j2"),
    builtin!("emails/03-final-ask.md.j2"),
    builtin!("emails/04-acceptance.md.j2"),
    builtin!("emails/05-pre-offer-answers.md.j2"),
    builtin!("emails/06-level-review.md.j2"),
    builtin!("emails/07-start-date-and-relocation.md.j2"),
    builtin!("emails/08-reset-expectations.md.j2"),
    builtin!("emails/09-after-acceptance.md.j2"),
    builtin!("emails/_common.j2"),
    builtin!("fonts/DejaVu-LICENSE.txt"),
    builtin!("fonts/DejaVuSansMono.ttf"),
    builtin!("fonts/Inter-Bold.otf"),
    builtin!("fonts/Inter-Regular.otf"),
    builtin!("fonts/Inter-SemiBold.otf"),
    builtin!("fonts/OFL.txt"),
    builtin!("messages.j2"),
];

/// Where templates come from: the built-ins, and optionally a folder that overrides them.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    overrides: Option<PathBuf>,
}

impl Templates {
    /// The built-in templates only.
    pub fn builtin() -> Templates {
        Templates { overrides: None }
    }

    /// The built-ins, with any file of the same name in `dir` taking precedence.
    pub fn with_overrides(dir: Option<&Path>) -> Templates {
        Templates {
            overrides: dir.map(Path::to_path_buf),
        }
    }

    /// The override folder, if any.
    pub fn override_dir(&self) -> Option<&Path> {
        self.overrides.as_deref()
    }

    /// The bytes of template `name` (a path relative to `templates/`, with `/`), or `None`
    /// when neither the override folder nor the built-ins have it. An override is read
    /// only when its real path is inside the override folder: a link to a file outside
    /// it is an error, whoever asks (the typst world, minijinja, the fonts).
    pub fn get(&self, name: &str) -> Result<Option<Cow<'static, [u8]>>> {
        if let (Some(dir), Some(_)) = (&self.overrides, self.override_path(name)) {
            let folder = Confined::new(dir, format!("the templates folder {}", dir.display()));
            if let Some(bytes) = folder.read(Path::new(name))? {
                return Ok(Some(Cow::Owned(bytes)));
            }
        }
        Ok(builtin(name).map(Cow::Borrowed))
    }

    /// The text of template `name`; an error when it is missing or not UTF-8.
    pub fn text(&self, name: &str) -> Result<String> {
        let bytes = self
            .get(name)?
            .with_context(|| format!("template {name} not found"))?;
        String::from_utf8(bytes.into_owned())
            .with_context(|| format!("template {name} is not UTF-8 text"))
    }

    /// The path a user's override of `name` would have, when it exists.
    pub fn override_path(&self, name: &str) -> Option<PathBuf> {
        let dir = self.overrides.as_ref()?;
        if name
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        {
            return None;
        }
        Some(dir.join(name))
    }

    /// Names of all built-in files whose name starts with `prefix`, sorted.
    pub fn builtin_names(prefix: &str) -> impl Iterator<Item = &'static str> {
        BUILTIN
            .iter()
            .map(|(name, _)| *name)
            .filter(move |name| name.starts_with(prefix))
    }
}

/// A built-in file by name.
pub fn builtin(name: &str) -> Option<&'static [u8]> {
    BUILTIN
        .iter()
        .find(|(builtin, _)| *builtin == name)
        .map(|(_, bytes)| *bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn files_under(dir: &Path, root: &Path, found: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files_under(&path, root, found);
            } else {
                found.push(
                    path.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }

    #[test]
    fn every_file_in_templates_is_built_in() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut found = Vec::new();
        files_under(&root, &root, &mut found);
        found.sort();
        let listed: Vec<String> = BUILTIN.iter().map(|(name, _)| name.to_string()).collect();
        assert_eq!(listed, found, "add new files under templates/ to BUILTIN");
    }
}
