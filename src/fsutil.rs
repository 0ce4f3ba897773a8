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
    let tmp = unique_sibling(path);
    let result = (|| {
        let mut f = create_private(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_parent(path);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
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
