//! Files and folders below a folder the user named, never through a symbolic link.
//!
//! The user names a few folders: `--out`, `--emit-typ`, `--templates` and the folder of
//! `templates export`. Each is trusted as given, a link in its own path included; below
//! it offerbrief names every path itself, and a symbolic link there (a round's `emails/`
//! pointing elsewhere, a `data.json` pointing at another file) would let a write land, or
//! a template come, from outside. So every writer goes through a [`Confined`] folder,
//! which creates folders and files only where no part of the path below it is a link,
//! writes a file by renaming a new one into place (a rename replaces what is there, never
//! writes through it), and refuses a link where it would write; and the template store
//! reads through [`Confined::read`], which serves a file only when its real path lies
//! inside the folder (a link inside it to another of its files is fine).
//!
//! The checks look at the path just before each step: a link that another process swaps
//! in between the check and the write is not guarded against.

use std::ffi::OsStr;
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};

use crate::error::InputError;

/// Tells apart the temporary files and folders of writes running at once in one process.
static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A name no other write uses: the process id and a counter.
pub fn unique_suffix() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A folder the user named, below which nothing is written or read through a link.
#[derive(Debug, Clone)]
pub struct Confined {
    root: PathBuf,
    /// How messages name the folder: `--out out`, `--emit-typ project`, `mine`.
    shown: String,
}

impl Confined {
    /// The folder `root`, named `shown` in messages.
    pub fn new(root: &Path, shown: impl Into<String>) -> Confined {
        Confined {
            root: root.to_path_buf(),
            shown: shown.into(),
        }
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `root/relative`, where `relative` is made of plain names only: no `..`, `.`, root
    /// or drive, and not empty.
    pub fn path(&self, relative: &Path) -> Result<PathBuf> {
        parts(relative)?;
        Ok(self.root.join(relative))
    }

    /// Checks every part of `relative` that exists: none may be a symbolic link, and each
    /// but the last must be a folder. Returns the full path (the root for an empty one).
    pub fn check(&self, relative: &Path) -> Result<PathBuf> {
        let parts = parts_or_none(relative)?;
        let mut path = self.root.clone();
        for (index, part) in parts.iter().enumerate() {
            path.push(part);
            let metadata = match fs::symlink_metadata(&path) {
                Ok(metadata) => metadata,
                Err(error) if error.kind() == ErrorKind::NotFound => {
                    return Ok(self.root.join(relative));
                }
                Err(error) => {
                    return Err(error).with_context(|| format!("looking at {}", path.display()));
                }
            };
            if metadata.file_type().is_symlink() {
                return Err(self.link_refused(&path));
            }
            if index + 1 < parts.len() && !metadata.is_dir() {
                return Err(InputError::new(format!(
                    "{}: is a file where offerbrief needs a folder; move the file away",
                    path.display()
                ))
                .into());
            }
        }
        Ok(path)
    }

    /// The error for a link found at `path` below the folder.
    pub fn link_refused(&self, path: &Path) -> anyhow::Error {
        InputError::new(format!(
            "{}: is a symbolic link; offerbrief never writes through one, so that nothing outside {} changes — remove the link",
            path.display(),
            self.shown
        ))
        .into()
    }

    /// Creates the folder `relative` and every missing one above it, the root included
    /// (the user named it), refusing a link on the way. Returns the full path.
    pub fn create_dirs(&self, relative: &Path) -> Result<PathBuf> {
        fs::create_dir_all(&self.root)
            .with_context(|| format!("creating the folder {}", self.root.display()))?;
        let mut path = self.root.clone();
        let mut walked = PathBuf::new();
        for part in parts_or_none(relative)? {
            path.push(part);
            walked.push(part);
            self.check(&walked)?;
            match fs::create_dir(&path) {
                Ok(()) => {}
                Err(error) if error.kind() == ErrorKind::AlreadyExists => {
                    // Made by another build meanwhile, or there before: checked once more.
                    self.check(&walked)?;
                }
                Err(error) => {
                    return Err(error)
                        .with_context(|| format!("creating the folder {}", path.display()));
                }
            }
        }
        Ok(path)
    }

    /// Writes `bytes` to a new temporary file in the folder of `relative` (created as
    /// needed), to be renamed over it: returns the temporary file and the file's path.
    pub fn stage_file(&self, relative: &Path, bytes: &[u8]) -> Result<(PathBuf, PathBuf)> {
        let path = self.check(relative)?;
        self.create_dirs(relative.parent().unwrap_or(Path::new("")))?;
        let temporary = path.with_file_name(format!(".offerbrief-{}.tmp", unique_suffix()));
        if let Err(error) = write_new(&temporary, bytes) {
            let _ = fs::remove_file(&temporary);
            return Err(error).with_context(|| format!("writing {}", path.display()));
        }
        Ok((temporary, path))
    }

    /// Writes `bytes` to `relative`, replacing at once a file that is there; a link there,
    /// or on the way, is refused.
    pub fn replace(&self, relative: &Path, bytes: &[u8]) -> Result<()> {
        let (temporary, path) = self.stage_file(relative, bytes)?;
        // Checked again just before the rename: a link put there since is not replaced.
        let renamed = self
            .check(relative)
            .and_then(|_| fs::rename(&temporary, &path).map_err(anyhow::Error::from));
        if renamed.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        renamed.with_context(|| format!("writing {}", path.display()))
    }

    /// Writes `bytes` to `relative` when nothing is there (not even a link); returns
    /// whether it did. The folders on the way are created, never through a link.
    pub fn create_new(&self, relative: &Path, bytes: &[u8]) -> Result<bool> {
        let path = self.path(relative)?;
        self.create_dirs(relative.parent().unwrap_or(Path::new("")))?;
        match write_new(&path, bytes) {
            Ok(()) => Ok(true),
            Err(error) if error.kind() == ErrorKind::AlreadyExists => Ok(false),
            Err(error) => {
                let _ = fs::remove_file(&path);
                Err(error).with_context(|| format!("writing {}", path.display()))
            }
        }
    }

    /// The bytes of the file `relative`, when its real path (every link followed) lies
    /// inside the folder's; `None` when nothing, a folder or a broken link is there. A
    /// file whose real path is outside is refused, with the place it leads to.
    pub fn read(&self, relative: &Path) -> Result<Option<Vec<u8>>> {
        let path = self.path(relative)?;
        let real = match path.canonicalize() {
            Ok(real) => real,
            Err(error)
                if matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) =>
            {
                return Ok(None);
            }
            Err(error) => {
                return Err(error).with_context(|| format!("reading {}", path.display()));
            }
        };
        let root = self
            .root
            .canonicalize()
            .with_context(|| format!("reading the folder {}", self.root.display()))?;
        if !real.starts_with(&root) {
            return Err(InputError::new(format!(
                "{}: its real path {} is outside {}; offerbrief reads only files inside it — copy the file there instead of linking to it",
                path.display(),
                real.display(),
                self.shown
            ))
            .into());
        }
        if !real.is_file() {
            return Ok(None);
        }
        fs::read(&real)
            .map(Some)
            .with_context(|| format!("reading {}", path.display()))
    }
}

/// A new file with `bytes`; an error when anything (a link included) has the name.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)
}

/// The names `relative` is made of; an error for `..`, `.`, a root, a drive or nothing.
fn parts(relative: &Path) -> Result<Vec<&OsStr>> {
    let parts = parts_or_none(relative)?;
    anyhow::ensure!(!parts.is_empty(), "no file named in {}", relative.display());
    Ok(parts)
}

/// The names `relative` is made of, none for an empty path.
fn parts_or_none(relative: &Path) -> Result<Vec<&OsStr>> {
    relative
        .components()
        .map(|part| match part {
            Component::Normal(name) => Ok(name),
            _ => Err(anyhow::anyhow!(
                "refusing the path {}: it would leave its folder",
                relative.display()
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temporary_folder() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("offerbrief-confined-{}", unique_suffix()));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        let root = Confined::new(Path::new("/tmp/x"), "x");
        for bad in ["../a", "a/../b", "/etc/passwd", "", "./a"] {
            assert!(root.path(Path::new(bad)).is_err(), "{bad}");
        }
        assert_eq!(
            root.path(Path::new("a/b.txt")).unwrap(),
            Path::new("/tmp/x/a/b.txt")
        );
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_written_through_a_link_below_the_folder() {
        let dir = temporary_folder();
        let elsewhere = dir.join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        fs::write(dir.join("secret"), "mine").unwrap();
        let root = Confined::new(&dir.join("root"), "root");
        root.create_dirs(Path::new("a")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.join("root/a/linked")).unwrap();
        std::os::unix::fs::symlink(dir.join("secret"), dir.join("root/a/file")).unwrap();

        for relative in ["a/linked/x.txt", "a/linked/deeper/x.txt", "a/file"] {
            let relative = Path::new(relative);
            let error = root.replace(relative, b"x").unwrap_err();
            assert!(
                crate::error::is_input_error(&error) && error.to_string().contains("symbolic link"),
                "{error:#}"
            );
            assert!(root.create_dirs(relative).is_err());
        }
        assert!(!root.create_new(Path::new("a/file"), b"x").unwrap(), "kept");
        assert!(root.create_new(Path::new("a/linked/x"), b"x").is_err());
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
        assert_eq!(fs::read_to_string(dir.join("secret")).unwrap(), "mine");

        root.replace(Path::new("a/b/c.txt"), b"new").unwrap();
        root.replace(Path::new("a/b/c.txt"), b"newer").unwrap();
        assert_eq!(fs::read(dir.join("root/a/b/c.txt")).unwrap(), b"newer");
        let left: Vec<_> = fs::read_dir(dir.join("root/a/b")).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_file_is_read_only_when_its_real_path_is_inside_the_folder() {
        let dir = temporary_folder();
        fs::write(dir.join("secret"), "outside").unwrap();
        let root = Confined::new(&dir.join("root"), "the templates folder root");
        root.replace(Path::new("real.txt"), b"inside").unwrap();
        root.create_dirs(Path::new("sub")).unwrap();
        std::os::unix::fs::symlink("../real.txt", dir.join("root/sub/inside")).unwrap();
        std::os::unix::fs::symlink(dir.join("secret"), dir.join("root/sub/outside")).unwrap();
        std::os::unix::fs::symlink("..", dir.join("root/up")).unwrap();
        std::os::unix::fs::symlink("nowhere", dir.join("root/broken")).unwrap();

        assert_eq!(
            root.read(Path::new("sub/inside")).unwrap().unwrap(),
            b"inside"
        );
        for outside in ["sub/outside", "up/secret"] {
            let error = root.read(Path::new(outside)).unwrap_err();
            assert!(
                error
                    .to_string()
                    .contains("is outside the templates folder"),
                "{error:#}"
            );
        }
        assert_eq!(root.read(Path::new("broken")).unwrap(), None);
        assert_eq!(root.read(Path::new("missing")).unwrap(), None);
        assert_eq!(root.read(Path::new("sub")).unwrap(), None);
        assert_eq!(root.read(Path::new("real.txt/x")).unwrap(), None);
        fs::remove_dir_all(&dir).unwrap();
    }
}
