//! The typst project's files: which templates make it up (the built-ins and any extra
//! file of the override folder's `briefing/`), and their ids in typst's world.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use typst::foundations::Bytes;
use typst::syntax::{FileId, RootedPath, VirtualPath, VirtualRoot};

use crate::render::templates::Templates;

/// The folder of `templates/` that holds the typst project.
pub(super) const PROJECT_DIR: &str = "briefing/";
/// The generated data file, relative to the project.
pub(super) const DATA_FILE: &str = "data.json";
/// The generated facts of the running header and footer, relative to the project.
pub(super) const PAGE_FILE: &str = "page.json";
/// The labels of every code (levers, drafts, statuses), relative to the project.
pub(super) const LABELS_FILE: &str = "labels.json";

/// The id typst knows the project file `path` by.
pub(super) fn file_id(path: &str) -> Result<FileId> {
    let vpath = VirtualPath::new(path)
        .map_err(|err| anyhow::anyhow!("invalid project path {path}: {err:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// Names (in the template store) of every file of the typst project: the built-ins and
/// any extra file in the override folder's `briefing/`.
pub(super) fn template_names(templates: &Templates) -> Result<Vec<String>> {
    let mut names: Vec<String> = Templates::builtin_names(PROJECT_DIR)
        .map(str::to_string)
        .collect();
    if let Some(dir) = templates.override_dir() {
        let root = dir.join(PROJECT_DIR.trim_end_matches('/'));
        if root.is_dir() {
            let mut found = Vec::new();
            list_files(&root, &root, &mut found)?;
            names.extend(
                found
                    .into_iter()
                    .map(|relative| format!("{PROJECT_DIR}{relative}")),
            );
        }
    }
    names.sort();
    names.dedup();
    Ok(names)
}

/// Relative `/`-separated paths of the files under `dir`, recursively.
pub(super) fn list_files(root: &Path, dir: &Path, found: &mut Vec<String>) -> Result<()> {
    let entries =
        fs::read_dir(dir).with_context(|| format!("listing templates in {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("listing templates in {}", dir.display()))?;
        let path = entry.path();
        // The entry itself, not what a link points to: a linked folder is never walked
        // (a link to `/` would walk the whole disk), and a linked file is served only
        // when its real path is inside the folder (`Templates::get`).
        let kind = entry
            .file_type()
            .with_context(|| format!("listing templates in {}", dir.display()))?;
        if kind.is_dir() {
            list_files(root, &path, found)?;
        } else if kind.is_symlink() && path.is_dir() {
            continue;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Option<Vec<&str>> = relative
                .components()
                .map(|c| c.as_os_str().to_str())
                .collect();
            if let Some(parts) = parts {
                found.push(parts.join("/"));
            }
        }
    }
    Ok(())
}

/// Bytes typst reads, from bytes that are either embedded or read from a file.
pub(super) fn cow_bytes(bytes: std::borrow::Cow<'static, [u8]>) -> Bytes {
    match bytes {
        std::borrow::Cow::Borrowed(slice) => Bytes::new(slice),
        std::borrow::Cow::Owned(vec) => Bytes::new(vec),
    }
}
