//! Printer dispatch: list printers and the default, send PDF bytes to one, or open the PDF in
//! the system viewer.
//!
//! [`Printer`] is the seam between the desk and the operating system's print path. Linux (and
//! macOS) use [`CupsPrinter`], which drives the CUPS command-line tools `lpstat` and `lp` in the
//! C locale so their output can be parsed. Windows is not implemented yet; the intended design
//! is in `docs/forms.md` (EnumPrinters/GetDefaultPrinter for `list`/`default`, and a bundled PDF
//! printing helper for `print`, since Windows has no built-in PDF-to-printer path).
//!
//! Every failure is a [`PrintError`] with a Japanese message a clerk can act on: a printer that
//! does not exist, no default printer, CUPS not running, a job refused.
//!
//! Deliberately not here: the print queue (要求→作成済→印刷済…), which is a service above this.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};

use super::error::{PrintError, Result};
use super::layout::Paper;

/// A printer as the print system reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PrinterInfo {
    pub name: String,
    pub is_default: bool,
    /// Accepting and not disabled.
    pub enabled: bool,
    /// The print system's own status line (English, from CUPS), for diagnostics.
    pub status: String,
}

/// How to print one PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintOptions {
    /// Printer name; `None` means the default printer.
    pub printer: Option<String>,
    /// Number of copies, 1–99.
    pub copies: u32,
    pub paper: Paper,
    /// Job title shown in the print system's queue (use the form name, not a person's name).
    pub title: String,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            printer: None,
            copies: 1,
            paper: Paper::A4,
            title: "Madoguchi".into(),
        }
    }
}

/// The operating system's print path.
pub trait Printer {
    /// All printers, with the default flagged.
    fn list(&self) -> Result<Vec<PrinterInfo>>;
    /// The default printer's name, or `None` if none is set.
    fn default(&self) -> Result<Option<String>>;
    /// Send a PDF; returns the print system's job id.
    fn print(&self, pdf: &[u8], options: &PrintOptions) -> Result<String>;
}

/// CUPS through `lpstat -p -d` and `lp -d NAME -n COPIES -o media=A4`.
#[derive(Debug, Clone)]
pub struct CupsPrinter {
    lpstat: PathBuf,
    lp: PathBuf,
}

// No `Default`: `CupsPrinter::default()` would be ambiguous with `Printer::default()`.
#[allow(clippy::new_without_default)]
impl CupsPrinter {
    /// The `lpstat` and `lp` found on `PATH`.
    pub fn new() -> Self {
        CupsPrinter {
            lpstat: "lpstat".into(),
            lp: "lp".into(),
        }
    }

    /// Use other `lpstat`/`lp` programs (tests; unusual installations).
    pub fn with_commands(lpstat: impl Into<PathBuf>, lp: impl Into<PathBuf>) -> Self {
        CupsPrinter {
            lpstat: lpstat.into(),
            lp: lp.into(),
        }
    }

    fn command(program: &Path) -> Command {
        let mut cmd = Command::new(program);
        // Parse English output whatever the desk PC's language.
        cmd.env("LC_ALL", "C").env("LANG", "C");
        cmd
    }

    fn status(&self) -> Result<LpStat> {
        let out = Self::command(&self.lpstat)
            .args(["-p", "-d"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| {
                PrintError::PrintSystemUnavailable(format!("lpstat を実行できません: {e}"))
            })?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // lpstat exits 1 both for "no printers" and for "scheduler not running"; tell them apart.
        if let Some(reason) = scheduler_down(&stderr) {
            return Err(PrintError::PrintSystemUnavailable(reason));
        }
        Ok(parse_lpstat(&stdout))
    }
}

impl Printer for CupsPrinter {
    fn list(&self) -> Result<Vec<PrinterInfo>> {
        Ok(self.status()?.printers)
    }

    fn default(&self) -> Result<Option<String>> {
        Ok(self.status()?.default)
    }

    fn print(&self, pdf: &[u8], options: &PrintOptions) -> Result<String> {
        if !(1..=99).contains(&options.copies) {
            return Err(PrintError::InvalidCopies(options.copies));
        }
        let status = self.status()?;
        let name = match &options.printer {
            Some(name) => name.clone(),
            None => status.default.clone().ok_or(PrintError::NoDefaultPrinter)?,
        };
        match status.printers.iter().find(|p| p.name == name) {
            None => return Err(PrintError::PrinterNotFound(name)),
            Some(p) if !p.enabled => {
                return Err(PrintError::JobFailed(format!(
                    "プリンター「{name}」は停止中です"
                )))
            }
            Some(_) => {}
        }
        let mut child = Self::command(&self.lp)
            .arg("-d")
            .arg(&name)
            .arg("-n")
            .arg(options.copies.to_string())
            .arg("-o")
            .arg(format!("media={}", options.paper.cups_media()))
            .arg("-t")
            .arg(&options.title)
            .arg("--") // then no file: lp reads the job from standard input
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| PrintError::PrintSystemUnavailable(format!("lp を実行できません: {e}")))?;
        child.stdin.take().expect("piped stdin").write_all(pdf)?;
        let out = child.wait_with_output()?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            return Err(lp_error(&name, &stderr));
        }
        parse_request_id(&stdout).ok_or_else(|| {
            PrintError::JobFailed(format!("lp の応答を解釈できません: {}", stdout.trim()))
        })
    }
}

/// What `lpstat -p -d` said.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LpStat {
    pub printers: Vec<PrinterInfo>,
    pub default: Option<String>,
}

/// Parse `LC_ALL=C lpstat -p -d` output:
///
/// ```text
/// printer Office is idle.  enabled since Fri 21 Nov 2025 10:00:00 AM JST
/// printer Old disabled since Fri 21 Nov 2025 10:00:00 AM JST -
///     reason unknown
/// system default destination: Office
/// ```
pub fn parse_lpstat(out: &str) -> LpStat {
    let mut stat = LpStat::default();
    for line in out.lines() {
        if let Some(rest) = line.strip_prefix("printer ") {
            let mut parts = rest.splitn(2, ' ');
            let name = parts.next().unwrap_or_default().to_string();
            let status = parts.next().unwrap_or_default().trim().to_string();
            let enabled = !status.starts_with("disabled");
            stat.printers.push(PrinterInfo {
                name,
                is_default: false,
                enabled,
                status,
            });
        } else if let Some(name) = line.strip_prefix("system default destination: ") {
            stat.default = Some(name.trim().to_string());
        }
    }
    if let Some(d) = &stat.default {
        for p in &mut stat.printers {
            p.is_default = &p.name == d;
        }
    }
    stat
}

/// `Some(reason)` when lpstat's stderr says CUPS itself is unreachable.
fn scheduler_down(stderr: &str) -> Option<String> {
    let s = stderr.to_ascii_lowercase();
    if s.contains("scheduler is not running")
        || s.contains("unable to connect")
        || s.contains("bad file descriptor")
    {
        Some(format!("CUPS が動いていません: {}", stderr.trim()))
    } else {
        None
    }
}

/// `request id is Office-42 (1 file(s))` → `Office-42`.
pub fn parse_request_id(out: &str) -> Option<String> {
    out.lines()
        .find_map(|l| l.trim().strip_prefix("request id is "))
        .and_then(|r| r.split_whitespace().next())
        .map(str::to_string)
}

fn lp_error(printer: &str, stderr: &str) -> PrintError {
    let s = stderr.to_ascii_lowercase();
    if s.contains("does not exist") || s.contains("not found") {
        PrintError::PrinterNotFound(printer.to_string())
    } else if let Some(reason) = scheduler_down(stderr) {
        PrintError::PrintSystemUnavailable(reason)
    } else {
        PrintError::JobFailed(stderr.trim().to_string())
    }
}

/// Where viewer PDFs go: `$TMPDIR/madoguchi-<uid>/print`, a folder only this user can enter
/// (0700, owner checked — a folder planted by someone else is refused, not written into).
fn viewer_dir() -> std::io::Result<PathBuf> {
    crate::fsutil::private_dir(&crate::fsutil::private_temp_root()?.join("print"))
}

/// Write the PDF to a private temporary file and open it in the system's PDF viewer. Returns the
/// file's path. The file holds personal data: it is created exclusively (a planted file or
/// symlink is never followed), 0600, under an unpredictable name that carries this process's ID;
/// if no viewer starts it is deleted at once. The caller deletes it when the session ends, and
/// [`clean_viewer_files`] removes what a crashed session left.
pub fn open_in_viewer(pdf: &[u8], file_stem: &str) -> Result<PathBuf> {
    let dir = viewer_dir()?;
    let stem: String = file_stem
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(40)
        .collect();
    let file = tempfile::Builder::new()
        .prefix(&format!(
            "{}-{}-",
            if stem.is_empty() { "document" } else { &stem },
            std::process::id()
        ))
        .suffix(".pdf")
        .rand_bytes(16)
        .permissions(private_mode())
        .tempfile_in(&dir)?;
    let (mut f, path) = file.keep().map_err(|e| PrintError::Io(e.error))?;
    let written = f.write_all(pdf).and_then(|_| f.sync_all());
    drop(f);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&path);
        return Err(e.into());
    }

    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        Command::new("open")
    } else {
        Command::new("xdg-open")
    };
    cmd.arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Err(e) = cmd.spawn() {
        // No viewer: nothing may stay behind with a person's data and no audit entry.
        let _ = std::fs::remove_file(&path);
        return Err(PrintError::Viewer(e.to_string()));
    }
    Ok(path)
}

fn private_mode() -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o600)
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(std::env::temp_dir())
            .map(|m| m.permissions())
            .expect("temp dir exists")
    }
}

/// Remove viewer PDFs left by sessions whose process is gone (a crash, a power cut). Files of a
/// process still running — another window of the same user — are left alone. Best effort.
pub fn clean_viewer_files() {
    let Ok(dir) = viewer_dir() else { return };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_suffix(".pdf")
            .and_then(|n| n.rsplit('-').nth(1))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if !process_alive(pid) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        // SAFETY: signal 0 only checks whether the process exists.
        let r = unsafe { libc::kill(pid as libc::pid_t, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        pid == std::process::id()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LPSTAT: &str = "printer Office is idle.  enabled since Fri 21 Nov 2025 10:00:00 AM JST
printer Old disabled since Fri 21 Nov 2025 10:00:00 AM JST -
\treason unknown
printer PDF now printing PDF-3.  enabled since Fri 21 Nov 2025 10:00:00 AM JST
system default destination: Office
";

    #[test]
    fn parses_printers_and_default() {
        let s = parse_lpstat(LPSTAT);
        assert_eq!(s.default.as_deref(), Some("Office"));
        let names: Vec<_> = s
            .printers
            .iter()
            .map(|p| (p.name.as_str(), p.is_default, p.enabled))
            .collect();
        assert_eq!(
            names,
            [
                ("Office", true, true),
                ("Old", false, false),
                ("PDF", false, true)
            ]
        );
    }

    #[test]
    fn parses_no_default() {
        let s =
            parse_lpstat("printer A is idle.  enabled since x\nno system default destination\n");
        assert_eq!(s.default, None);
        assert_eq!(s.printers.len(), 1);
        assert_eq!(parse_lpstat(""), LpStat::default());
    }

    #[test]
    fn parses_request_id() {
        assert_eq!(
            parse_request_id("request id is Office-42 (1 file(s))\n").as_deref(),
            Some("Office-42")
        );
        assert_eq!(parse_request_id("nonsense"), None);
    }

    #[test]
    fn lp_errors_become_clear_messages() {
        let e = lp_error("X", "lp: The printer or class does not exist.");
        assert_eq!(e.to_string(), "プリンター「X」が見つかりません");
        assert_eq!(
            lp_error("X", "lpstat: Scheduler is not running.").code(),
            "PRINT_SYSTEM_UNAVAILABLE"
        );
        assert_eq!(lp_error("X", "lp: Forbidden").code(), "PRINT_JOB_FAILED");
    }

    /// A fake `lpstat`/`lp` pair in a temp dir, so the whole `print` path runs without CUPS.
    #[cfg(unix)]
    fn fake_cups(lpstat_out: &str, lpstat_err: &str) -> (tempfile::TempDir, CupsPrinter) {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, body: String| {
            let p = dir.path().join(name);
            std::fs::write(&p, body).unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
            p
        };
        let lpstat = write(
            "lpstat",
            format!(
                "#!/bin/sh\nprintf '%s' '{lpstat_out}'\nprintf '%s' '{lpstat_err}' >&2\nexit 0\n"
            ),
        );
        let args = dir.path().join("lp-args");
        let job = dir.path().join("lp-job");
        let lp = write(
            "lp",
            format!("#!/bin/sh\necho \"$@\" > '{}'\ncat > '{}'\necho 'request id is Office-7 (0 file(s))'\n", args.display(), job.display()),
        );
        (dir, CupsPrinter::with_commands(lpstat, lp))
    }

    #[cfg(unix)]
    #[test]
    fn print_sends_options_and_bytes_to_lp() {
        let (dir, cups) = fake_cups(LPSTAT, "");
        let opts = PrintOptions {
            printer: None,
            copies: 2,
            paper: Paper::A4,
            title: "保護受給証明書".into(),
        };
        assert_eq!(cups.print(b"%PDF-1.3 test", &opts).unwrap(), "Office-7");
        let args = std::fs::read_to_string(dir.path().join("lp-args")).unwrap();
        assert_eq!(
            args.trim(),
            "-d Office -n 2 -o media=A4 -t 保護受給証明書 --"
        );
        assert_eq!(
            std::fs::read(dir.path().join("lp-job")).unwrap(),
            b"%PDF-1.3 test"
        );
    }

    #[cfg(unix)]
    #[test]
    fn missing_and_disabled_printers_are_refused_before_lp() {
        let (_dir, cups) = fake_cups(LPSTAT, "");
        let opts = |p: &str| PrintOptions {
            printer: Some(p.into()),
            ..PrintOptions::default()
        };
        let e = cups.print(b"x", &opts("X")).unwrap_err();
        assert_eq!(e.to_string(), "プリンター「X」が見つかりません");
        assert_eq!(
            cups.print(b"x", &opts("Old")).unwrap_err().code(),
            "PRINT_JOB_FAILED"
        );
        assert_eq!(
            cups.print(
                b"x",
                &PrintOptions {
                    copies: 0,
                    ..opts("Office")
                }
            )
            .unwrap_err()
            .code(),
            "PRINT_INVALID_COPIES"
        );
    }

    #[cfg(unix)]
    #[test]
    fn no_default_and_no_scheduler_are_clear() {
        let (_dir, cups) = fake_cups("no system default destination\n", "");
        assert_eq!(
            cups.print(b"x", &PrintOptions::default())
                .unwrap_err()
                .code(),
            "PRINT_NO_DEFAULT_PRINTER"
        );
        let (_dir, cups) = fake_cups("", "lpstat: Scheduler is not running.");
        assert_eq!(cups.list().unwrap_err().code(), "PRINT_SYSTEM_UNAVAILABLE");
        let missing = CupsPrinter::with_commands("/nonexistent/lpstat", "/nonexistent/lp");
        assert_eq!(
            missing.default().unwrap_err().code(),
            "PRINT_SYSTEM_UNAVAILABLE"
        );
    }
}
