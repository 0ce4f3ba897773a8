//! Private files: created exclusively, readable by their owner only, replaced by rename.
//!
//! Every file the program writes that holds personal data or keys goes through here, so that a
//! planted symlink is never followed, an existing file's looser mode is never kept, two processes
//! never share a temporary name, and a reader sees either the old or the new file, never half.
//! It knows nothing of what the files contain.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rand::RngCore;

/// An unpredictable name beside `path` (same folder, so a rename is atomic).
pub fn unique_sibling(path: &Path) -> PathBuf {
    let mut r = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut r);
    let mut s = path.as_os_str().to_owned();
    s.push(format!(".{}.tmp", hex::encode(r)));
    PathBuf::from(s)
}

/// Create `path` new (fails if anything, a symlink included, is already there), mode 0600.
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    opts.open(path)
}

/// Replace `path` with `bytes`: a new private temporary file beside it, synced, renamed over it.
/// A symlink at `path` is replaced, not followed; the result is 0600 whatever was there before.
pub fn write_atomic_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // Staged unnamed where the system allows it, so a kill mid-write leaves no stray file.
    stage_private(path, bytes)?.commit()
}

/// A file written beside its target but not yet visible there: [`Staged::commit`] puts it in
/// place (after the transaction that numbered it has committed); dropped uncommitted, it leaves
/// nothing behind — on Linux it has no name at all until then (`O_TMPFILE`), so even a kill
/// leaves no stray copy of the document.
pub struct Staged {
    file: File,
    /// The fallback's temporary name (file systems without `O_TMPFILE`, other systems).
    named: Option<PathBuf>,
    target: PathBuf,
}

pub fn stage_private(target: &Path, bytes: &[u8]) -> io::Result<Staged> {
    let (mut file, named) = match unnamed_beside(target) {
        Some(f) => (f, None),
        None => {
            let tmp = unique_sibling(target);
            (create_private(&tmp)?, Some(tmp))
        }
    };
    let staged = Staged {
        file: file.try_clone()?,
        named,
        target: target.to_path_buf(),
    };
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(staged)
}

#[cfg(target_os = "linux")]
fn unnamed_beside(target: &Path) -> Option<File> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::FromRawFd;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: a valid C string; the descriptor returned is owned by the File.
    let fd = unsafe {
        libc::open(
            c.as_ptr(),
            libc::O_TMPFILE | libc::O_WRONLY | libc::O_CLOEXEC,
            0o600 as libc::c_uint,
        )
    };
    (fd >= 0).then(|| unsafe { File::from_raw_fd(fd) })
}

#[cfg(not(target_os = "linux"))]
fn unnamed_beside(_target: &Path) -> Option<File> {
    None
}

impl Staged {
    /// Give the staged file its name: linked under a fresh temporary name, then renamed over the
    /// target (a symlink there is replaced, not followed).
    pub fn commit(mut self) -> io::Result<()> {
        let tmp = match self.named.take() {
            Some(p) => p,
            None => {
                // Nothing there yet (the usual case): the link itself is the atomic step.
                if fs::symlink_metadata(&self.target).is_err()
                    && link_unnamed(&self.file, &self.target).is_ok()
                {
                    sync_parent(&self.target);
                    return Ok(());
                }
                let tmp = unique_sibling(&self.target);
                link_unnamed(&self.file, &tmp)?;
                tmp
            }
        };
        let r = fs::rename(&tmp, &self.target);
        if r.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        r?;
        sync_parent(&self.target);
        Ok(())
    }
}

#[cfg(target_os = "linux")]
fn link_unnamed(file: &File, to: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;
    let from =
        std::ffi::CString::new(format!("/proc/self/fd/{}", file.as_raw_fd())).expect("no NUL");
    let to = std::ffi::CString::new(to.as_os_str().as_bytes())
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    // SAFETY: valid C strings; linkat has no other preconditions.
    let r = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn link_unnamed(_file: &File, _to: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "unnamed files are Linux-only",
    ))
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(p) = self.named.take() {
            let _ = fs::remove_file(p);
        }
    }
}

/// Make the rename itself durable (best effort: not every file system supports it).
pub fn sync_parent(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// `$TMPDIR/madoguchi-<uid>`: this user's private temporary folder (0700, owner checked), for
/// viewer PDFs and scratch copies. Left-overs of a crashed session are removed at the next start
/// (`print::viewer`).
pub fn private_temp_root() -> io::Result<PathBuf> {
    #[cfg(unix)]
    // SAFETY: geteuid has no preconditions and cannot fail.
    let name = format!("madoguchi-{}", unsafe { libc::geteuid() });
    #[cfg(not(unix))]
    let name = "madoguchi".to_string();
    private_dir(&std::env::temp_dir().join(name))
}

/// A folder only the current user can enter: created 0700 if missing; refused if it is a symlink,
/// not a folder, owned by someone else, or open to group or others.
pub fn private_dir(path: &Path) -> io::Result<PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
        match fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::DirBuilder::new().mode(0o700).create(path)?;
            }
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        let meta = fs::symlink_metadata(path)?;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if !meta.file_type().is_dir() || meta.uid() != me {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{} は本人専用のフォルダではありません（別の利用者のもの、またはリンクです）",
                    path.display()
                ),
            ));
        }
        if meta.permissions().mode() & 0o077 != 0 {
            // Ours but too open (e.g. made by an older version): close it rather than refuse.
            fs::set_permissions(path, fs::Permissions::from_mode(0o700))?;
        }
    }
    #[cfg(not(unix))]
    fs::create_dir_all(path)?;
    Ok(path.to_path_buf())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    #[test]
    fn atomic_write_replaces_a_symlink_instead_of_following_it_and_is_0600() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"keep me").unwrap();
        fs::set_permissions(&victim, fs::Permissions::from_mode(0o644)).unwrap();
        let out = dir.path().join("out.pdf");
        std::os::unix::fs::symlink(&victim, &out).unwrap();
        write_atomic_private(&out, b"%PDF").unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");
        assert!(!fs::symlink_metadata(&out).unwrap().file_type().is_symlink());
        assert_eq!(fs::metadata(&out).unwrap().mode() & 0o777, 0o600);

        let plain = dir.path().join("plain.pdf");
        fs::write(&plain, b"old").unwrap();
        fs::set_permissions(&plain, fs::Permissions::from_mode(0o644)).unwrap();
        write_atomic_private(&plain, b"new").unwrap();
        assert_eq!(fs::metadata(&plain).unwrap().mode() & 0o777, 0o600);
        assert_eq!(fs::read(&plain).unwrap(), b"new");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[test]
    fn create_private_refuses_an_existing_name_or_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a");
        fs::write(&p, b"x").unwrap();
        assert!(create_private(&p).is_err());
        let l = dir.path().join("l");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &l).unwrap();
        assert!(create_private(&l).is_err());
        assert!(!dir.path().join("nowhere").exists());
    }

    #[test]
    fn private_dir_is_0700_and_refuses_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let p = private_dir(&dir.path().join("mine")).unwrap();
        assert_eq!(fs::metadata(&p).unwrap().mode() & 0o777, 0o700);
        let open = dir.path().join("open");
        fs::create_dir(&open).unwrap();
        fs::set_permissions(&open, fs::Permissions::from_mode(0o755)).unwrap();
        private_dir(&open).unwrap();
        assert_eq!(fs::metadata(&open).unwrap().mode() & 0o777, 0o700);
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        assert!(private_dir(&link).is_err());
    }
}
