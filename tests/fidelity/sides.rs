//! Running each side: the Python program (as a process group, bounded in
//! time) and the lab's headless run (its event log read as lines).

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use conlab::event::{Event, EventKind, Outcome};

use super::outcome::Out;

/// Longest a Python program or a lab run may take before the suite gives up on it.
pub const LIMIT: Duration = Duration::from_secs(90);

fn reader(mut r: impl Read + Send + 'static, tx: mpsc::Sender<(bool, String)>, out: bool) {
    std::thread::spawn(move || {
        let mut s = String::new();
        r.read_to_string(&mut s).ok();
        tx.send((out, s)).ok();
    });
}

/// Loaded before the program (`sitecustomize`): each print to stdout becomes
/// one write(2) of the whole line (Python writes a print's text and its
/// newline apart, so lines of processes printing at once would cut into each
/// other); a future's done callback says which thread it runs in, and a
/// Manager which process is its parent, in lines `fidelity: …` the listing
/// does not print. Nothing else the program does changes.
const WHOLE_LINES: &str = r#"import builtins, io, sys
sys.stdout.reconfigure(line_buffering=True)
_print = builtins.print
def _whole_line_print(*args, sep=" ", end="\n", file=None, flush=False):
    if file is None or file is sys.stdout:
        s = io.StringIO()
        _print(*args, sep=sep, end=end, file=s)
        sys.stdout.write(s.getvalue())
        sys.stdout.flush()
    else:
        _print(*args, sep=sep, end=end, file=file, flush=flush)
builtins.print = _whole_line_print
import concurrent.futures as _cf, threading as _th
_add_done = _cf.Future.add_done_callback
def _add_done_callback(self, fn):
    def noted(f):
        t = _th.current_thread()
        if t is _th.main_thread():
            where = "the main thread"
        elif t.name.startswith("ThreadPoolExecutor"):
            where = "a worker thread"
        else:
            where = "the result thread"
        print(f"fidelity: a done callback ran in {where}")
        return fn(f)
    return _add_done(self, noted)
_cf.Future.add_done_callback = _add_done_callback
import multiprocessing.managers as _mm, os as _os
_manager_start = _mm.BaseManager.start
def _start_noted(self, *args, **kwargs):
    r = _manager_start(self, *args, **kwargs)
    with open(f"/proc/{self._process.pid}/stat") as f:
        ppid = int(f.read().rsplit(")", 1)[1].split()[1])
    who = "main" if ppid == _os.getpid() else "another process"
    print(f"fidelity: the manager's parent is {who}")
    return r
_mm.BaseManager.start = _start_noted
"#;

/// Run `python3 prog.py` in `dir` (its own process group, so children go
/// too); `stuck_after`: a program that never ends is stopped then, as `stuck`.
pub fn python(dir: &Path, stuck_after: Option<Duration>) -> Out {
    std::fs::write(dir.join("sitecustomize.py"), WHOLE_LINES).unwrap();
    let mut child = Command::new("python3")
        .arg("prog.py")
        .env("PYTHONPATH", dir)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("start python3");
    let pgid = child.id() as i32;
    let (tx, rx) = mpsc::channel();
    reader(child.stdout.take().unwrap(), tx.clone(), true);
    reader(child.stderr.take().unwrap(), tx, false);
    let began = Instant::now();
    let limit = stuck_after.unwrap_or(LIMIT);
    let end = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break match st.code() {
                Some(0) => "finished".to_string(),
                Some(c) => format!("exit {c}"),
                None => "killed".to_string(),
            };
        }
        if began.elapsed() > limit {
            break "stuck".to_string();
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let wall = began.elapsed();
    // Children still holding the pipes (a daemon, an orphan) get a moment, then go.
    let (mut stdout, mut stderr) = (String::new(), String::new());
    let deadline = Instant::now() + Duration::from_secs(if end == "stuck" { 0 } else { 5 });
    for _ in 0..2 {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok((true, s)) => stdout = s,
            Ok((false, s)) => stderr = s,
            Err(_) => {
                // SAFETY: kill(2) on our own process group; no memory involved.
                unsafe { libc::kill(-pgid, libc::SIGKILL) };
                break;
            }
        }
    }
    // SAFETY: as above; the group may be gone already (ESRCH is fine).
    unsafe { libc::kill(-pgid, libc::SIGKILL) };
    let _ = child.wait();
    while let Ok((is_out, s)) = rx.recv_timeout(Duration::from_secs(2)) {
        if is_out {
            stdout = s;
        } else {
            stderr = s;
        }
    }
    let mut lines: Vec<String> = stdout.lines().map(String::from).collect();
    let prints = lines
        .iter()
        .filter(|l| !l.starts_with("fidelity: "))
        .cloned()
        .collect();
    for l in stderr.lines() {
        let head = l.split(": ").next().unwrap_or("");
        if !l.starts_with(' ') && (head.ends_with("Error") || head.ends_with("Exception")) {
            lines.push(format!("error: {l}"));
        }
    }
    Out {
        lines,
        prints,
        end,
        wall,
    }
}

/// `conlab run LESSON [--variant V] --headless`, read back as an `Out`.
pub fn lab(lesson: &str, variant: &str) -> Out {
    let mut args = vec!["run", lesson, "--headless", "--lang", "en"];
    if !variant.is_empty() {
        args.extend(["--variant", variant]);
    }
    let began = Instant::now();
    let f = crate::common::conlab(&args, LIMIT);
    let wall = began.elapsed();
    let mut events: Vec<Event> = f
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad event line {l:?}: {e}")))
        .collect();
    events.sort_by_key(|e| e.t_us);
    let mut lines = Vec::new();
    let mut prints = Vec::new();
    let mut end = format!("lab exit {}", f.code);
    let mut deadlock = false;
    let mut main_code = None;
    for e in &events {
        match &e.kind {
            EventKind::Print { text } => {
                lines.push(text.clone());
                prints.push(text.clone());
            }
            EventKind::Error { text } => lines.push(format!("error: {text}")),
            EventKind::Alive { alive, .. } => lines.push(format!(
                "is_alive: {}",
                if *alive { "True" } else { "False" }
            )),
            EventKind::Callback { .. } => {
                let where_ = if e.actor.ends_with("-results") {
                    "the result thread"
                } else if e.actor == "main" {
                    "the main thread"
                } else {
                    "a worker thread"
                };
                lines.push(format!("fidelity: a done callback ran in {where_}"))
            }
            EventKind::Spawned { parent, .. } if e.actor == "manager" => {
                let who = if parent.as_deref() == Some("main") {
                    "main"
                } else {
                    "another process"
                };
                lines.push(format!("fidelity: the manager's parent is {who}"))
            }
            EventKind::Deadlock { .. } => deadlock = true,
            EventKind::Exited { code, .. } if e.actor == "main" => main_code = *code,
            EventKind::RunEnded { outcome, .. } => {
                end = match (outcome, main_code) {
                    (Outcome::Completed, Some(0) | None) => "finished".into(),
                    (Outcome::Completed, Some(c)) => format!("exit {c}"),
                    (o, _) => format!("{o:?}"),
                }
            }
            _ => {}
        }
    }
    if deadlock {
        end = "stuck".into();
    }
    Out {
        lines,
        prints,
        end,
        wall,
    }
}
