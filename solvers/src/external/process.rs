//! One child process under a deadline: its request written to standard input, both outputs
//! read while it runs, and its whole process group killed at the deadline (and after it
//! exits, so that no grandchild is left holding the pipes).

use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Bytes of standard error kept (the tail): enough for a traceback's last lines.
const STDERR_TAIL: usize = 64 * 1024;

/// How the child ended.
#[derive(Debug)]
pub struct Finished {
    /// Its exit status; `None` when it was killed at the deadline.
    pub status: Option<ExitStatus>,
    /// Everything it wrote to standard output.
    pub stdout: Vec<u8>,
    /// The tail of what it wrote to standard error.
    pub stderr: Vec<u8>,
}

impl Finished {
    /// The last non-empty line of standard error, if any.
    pub fn last_stderr_line(&self) -> Option<String> {
        String::from_utf8_lossy(&self.stderr)
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .map(str::to_owned)
    }
}

/// Runs `command` with `input` on its standard input until it exits or `kill_at` passes.
/// The child leads its own process group, which is killed (SIGKILL) at `kill_at` and once the
/// child has exited. Errors only when the program cannot be started.
pub fn run(command: &[String], input: Vec<u8>, kill_at: Option<Instant>) -> std::io::Result<Finished> {
    let mut cmd = Command::new(&command[0]);
    cmd.args(&command[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn()?;
    let mut stdin = child.stdin.take().expect("piped");
    let writer = thread::spawn(move || {
        // A child that exits without reading its input closes the pipe: not our error.
        let _ = stdin.write_all(&input);
    });
    let mut out = child.stdout.take().expect("piped");
    let stdout = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let mut err = child.stderr.take().expect("piped");
    let stderr = thread::spawn(move || {
        let mut tail = Vec::new();
        let mut chunk = [0u8; 8192];
        while let Ok(k) = err.read(&mut chunk) {
            if k == 0 {
                break;
            }
            tail.extend_from_slice(&chunk[..k]);
            if tail.len() > 2 * STDERR_TAIL {
                tail.drain(..tail.len() - STDERR_TAIL);
            }
        }
        tail
    });
    let pid = child.id();
    let mut pause = Duration::from_millis(1);
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        let now = Instant::now();
        if kill_at.is_some_and(|t| now >= t) {
            kill_group(pid);
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        let left = kill_at.map_or(pause, |t| t - now);
        thread::sleep(pause.min(left));
        pause = (pause * 2).min(Duration::from_millis(20));
    };
    // Whatever the child left behind in its group goes too, so the pipes close.
    kill_group(pid);
    let _ = writer.join();
    let stdout = stdout.join().unwrap_or_default();
    let mut stderr = stderr.join().unwrap_or_default();
    if stderr.len() > STDERR_TAIL {
        stderr.drain(..stderr.len() - STDERR_TAIL);
    }
    Ok(Finished { status, stdout, stderr })
}

/// SIGKILL to the process group `pid` leads (nothing when it is gone).
fn kill_group(pid: u32) {
    #[cfg(unix)]
    // SAFETY: kill(2) with a negative pid signals the process group; no memory is involved.
    unsafe {
        libc::kill(-(pid as libc::pid_t), libc::SIGKILL);
    }
    #[cfg(not(unix))]
    let _ = pid;
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Vec<String> {
        vec!["sh".into(), "-c".into(), script.into()]
    }

    #[test]
    fn output_and_exit_are_captured() {
        let f = run(&sh("cat; echo oops >&2; exit 3"), b"hello".to_vec(), None).unwrap();
        assert_eq!(f.stdout, b"hello");
        assert_eq!(f.last_stderr_line().as_deref(), Some("oops"));
        assert_eq!(f.status.unwrap().code(), Some(3));
    }

    #[test]
    fn a_sleeper_and_its_children_are_killed_at_the_deadline() {
        let start = Instant::now();
        // The grandchild holds stdout open: without killing the group the reader would wait.
        let f = run(
            &sh("sleep 30 & sleep 30; echo never"),
            Vec::new(),
            Some(start + Duration::from_millis(200)),
        )
        .unwrap();
        assert!(f.status.is_none());
        assert!(f.stdout.is_empty());
        assert!(start.elapsed() < Duration::from_secs(10), "{:?}", start.elapsed());
    }

    #[test]
    fn a_missing_program_is_an_error() {
        assert!(run(&["/nonexistent/solver".to_owned()], Vec::new(), None).is_err());
    }
}
