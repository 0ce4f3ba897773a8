//! Getting a set's files into memory safely: a directory is read without following symbolic
//! links, and every text is checked to be UTF-8 before it is parsed. A file saved by Excel as
//! 「CSV（コンマ区切り）」 is Shift_JIS; the office is told to save it as 「CSV UTF-8」.

use super::RateError;
use std::path::Path;

/// Largest file of a set (the biggest national table is a few KiB): anything much larger is not
/// one, and is refused before it is parsed or stored — read from a directory or sent by the UI.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// Most files in a set.
pub const MAX_FILES: usize = 64;

fn shown_path(p: &Path) -> String {
    p.display()
        .to_string()
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

fn io_error(p: &Path, e: &std::io::Error) -> RateError {
    use std::io::ErrorKind::*;
    let message = match e.kind() {
        NotFound => "見つかりません。フォルダの場所を確認してください",
        PermissionDenied => "読む権限がありません。ファイルの権限を確認してください",
        NotADirectory => "フォルダではありません。表のファイルが入ったフォルダを指定してください",
        _ => "読み込めません。ファイルが開けるか確認してください",
    };
    RateError::Io {
        path: shown_path(p),
        message: message.into(),
    }
}

/// The line (1-based) of a byte offset.
fn line_at(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// The file's bytes as text, or an encoding error saying how to fix it.
pub(super) fn decode(file: &str, bytes: Vec<u8>) -> Result<String, RateError> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let bytes = e.into_bytes();
            let bad_at = std::str::from_utf8(&bytes)
                .err()
                .map_or(0, |u| u.valid_up_to());
            let (_, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes);
            let detail = if had_errors {
                "文字コードが UTF-8 ではありません。表計算ソフトやエディタで「UTF-8」を選んで保存し直してください"
            } else {
                "Shift_JIS（Excel の「CSV（コンマ区切り）」）で保存されています。Excel では「CSV UTF-8（コンマ区切り）」を選んで保存し直してください"
            };
            Err(RateError::Encoding {
                file: file.to_string(),
                line: line_at(&bytes, bad_at),
                detail: detail.into(),
            })
        }
    }
}

/// Text that reached us already decoded (the import screen reads the file in the browser): a
/// replacement character means it was not UTF-8.
pub(super) fn check_text(file: &str, text: &str) -> Result<(), RateError> {
    if let Some(pos) = text.find('\u{fffd}') {
        return Err(RateError::Encoding {
            file: file.to_string(),
            line: line_at(text.as_bytes(), pos),
            detail: "UTF-8 として読めない文字があります（Shift_JIS などで保存されたファイルです）。「CSV UTF-8（コンマ区切り）」などUTF-8で保存し直してください".into(),
        });
    }
    Ok(())
}

/// Read a file that `symlink_metadata` said is a regular file, checking that what was opened
/// is that same file (a link swapped in between is not followed into).
fn read_regular(p: &Path, meta: &std::fs::Metadata) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let f = std::fs::File::open(p)?;
    let opened = f.metadata()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if (opened.dev(), opened.ino()) != (meta.dev(), meta.ino()) {
            return Err(std::io::Error::other("file changed while reading"));
        }
    }
    if !opened.is_file() || opened.len() != meta.len() {
        return Err(std::io::Error::other("file changed while reading"));
    }
    let mut bytes = Vec::with_capacity(opened.len() as usize);
    f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Every file of a set directory as (name, text), sorted by name. Hidden files and `README*`
/// are skipped so a directory can carry its own notes; sub-directories are skipped; a symbolic
/// link is refused (never followed, and its target is never read or named).
pub fn read_set_dir(path: &Path) -> Result<Vec<(String, String)>, RateError> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(path).map_err(|e| io_error(path, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_error(path, &e))?;
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || name.starts_with("README") {
            continue;
        }
        let p = entry.path();
        let meta = std::fs::symlink_metadata(&p).map_err(|e| io_error(&p, &e))?;
        if meta.file_type().is_symlink() {
            return Err(RateError::Symlink {
                file: shown_path(Path::new(&name)),
            });
        }
        if meta.is_dir() {
            continue;
        }
        if !meta.is_file() {
            return Err(RateError::Io {
                path: shown_path(Path::new(&name)),
                message: "通常のファイルではありません（取り込めません）".into(),
            });
        }
        if meta.len() > MAX_FILE_BYTES as u64 {
            return Err(RateError::Io {
                path: shown_path(Path::new(&name)),
                message: format!(
                    "大きすぎます（{} バイト）。基準額表のファイルか確認してください",
                    meta.len()
                ),
            });
        }
        if files.len() >= MAX_FILES {
            return Err(RateError::Io {
                path: shown_path(path),
                message: format!(
                    "ファイルが多すぎます（{MAX_FILES} 個まで）。表のファイルだけを入れてください"
                ),
            });
        }
        let bytes = read_regular(&p, &meta).map_err(|e| io_error(&p, &e))?;
        files.push((name.clone(), decode(&name, bytes)?));
    }
    // Sorted so that the first error reported does not depend on directory order.
    files.sort();
    Ok(files)
}
