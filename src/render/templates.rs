//! The template store: built-in templates and fonts embedded in the binary, each of
//! which a file of the same name in `--templates DIR` overrides.

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));

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
    /// when neither the override folder nor the built-ins have it.
    pub fn get(&self, name: &str) -> Result<Option<Cow<'static, [u8]>>> {
        if let Some(path) = self.override_path(name) {
            if path.is_file() {
                let bytes = fs::read(&path)
                    .with_context(|| format!("reading template {}", path.display()))?;
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
