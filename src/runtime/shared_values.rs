//! Shared values: in a process (a global), in a file of the run directory
//! (a JSON file each, written as Python's json.dump writes), or kept by the
//! manager process.

use super::*;

impl Shared {
    fn kind(&self, value: &str) -> Result<ValueKind, String> {
        self.plan
            .values
            .iter()
            .find(|v| v.name == value)
            .map(|v| v.kind)
            .ok_or_else(|| format!("no value {value}"))
    }

    /// Read a shared value. A file half-written by another process fails: a torn read.
    /// A global is told while its memory is held, so reads and writes are
    /// logged in the order they really happened.
    pub fn read(&self, value: &str, say: Say) -> Result<i64, String> {
        let told = |v: i64| {
            say(EventKind::ValueRead {
                name: value.into(),
                value: v.into(),
            });
            v
        };
        Ok(match self.kind(value)? {
            ValueKind::Global => told(*self.globals.lock().unwrap().get(value).unwrap_or(&0)),
            ValueKind::File => told(read_file(&self.file(value), value)?),
            ValueKind::Manager => told(self.manager.call(&Request::Get { name: value.into() })?),
        })
    }

    pub fn write(&self, value: &str, v: i64, say: Say) -> Result<(), String> {
        let told = || {
            say(EventKind::Value {
                name: value.into(),
                value: v.into(),
            })
        };
        match self.kind(value)? {
            ValueKind::Global => {
                let mut globals = self.globals.lock().unwrap();
                globals.insert(value.to_string(), v);
                told();
            }
            ValueKind::File => {
                write_file(&self.file(value), value, v)?;
                told();
            }
            ValueKind::Manager => {
                let set = Request::Set {
                    name: value.into(),
                    value: v,
                };
                self.manager.call(&set)?;
                told();
            }
        }
        Ok(())
    }

    /// Add in one atomic step (for a file: under its own flock), tell the new value.
    pub fn add(&self, value: &str, delta: i64, say: Say) -> Result<(), String> {
        let told = |new: i64| {
            say(EventKind::Value {
                name: value.into(),
                value: new.into(),
            })
        };
        match self.kind(value)? {
            ValueKind::Global => {
                let mut g = self.globals.lock().unwrap();
                let slot = g.entry(value.to_string()).or_insert(0);
                *slot += delta;
                told(*slot);
            }
            ValueKind::File => {
                let guard = self.dir.join(format!("{value}.json.lock"));
                let file = OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&guard)
                    .map_err(|e| e.to_string())?;
                let _held =
                    Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, e)| e.to_string())?;
                let path = self.file(value);
                let new = read_file(&path, value)? + delta;
                write_file(&path, value, new)?;
                told(new); // still under the file's lock
            }
            ValueKind::Manager => {
                let add = Request::Add {
                    name: value.into(),
                    value: delta,
                };
                told(self.manager.call(&add)?);
            }
        }
        Ok(())
    }

    fn file(&self, value: &str) -> PathBuf {
        file_path(&self.dir, value)
    }
}

/// Where a file value lives in the run directory.
pub fn file_path(dir: &Path, value: &str) -> PathBuf {
    dir.join(format!("{value}.json"))
}

fn read_file(path: &Path, value: &str) -> Result<i64, String> {
    let mut text = String::new();
    File::open(path)
        .and_then(|mut f| f.read_to_string(&mut text))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let parsed: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        format!("torn read: {value}.json held {text:?} (half-written by another process?): {e}")
    })?;
    parsed
        .get(value)
        .and_then(|v| v.as_i64())
        .ok_or_else(|| format!("torn read: {value}.json held {text:?}"))
}

/// How long CPython 3.11 keeps a file empty in `json.dump(d, open(f, 'w'))`:
/// open() truncates, then the interpreter builds the text object by object
/// and writes it on close (measured here: 35 to 70 µs, the median about 50).
const PY_DUMP: std::time::Duration = std::time::Duration::from_micros(50);

/// Truncate, then write: like Python's json.dump into open(path, 'w'), and
/// just as non-atomic — a reader in between sees a short or empty file, for
/// as long as Python's would be empty (PY_DUMP; a spin, as sleeps this short
/// overshoot).
pub fn write_file(path: &Path, value: &str, v: i64) -> Result<(), String> {
    let mut f = File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let body = format!("{{\"{value}\": {v}}}");
    let emptied = std::time::Instant::now();
    while emptied.elapsed() < PY_DUMP {
        std::hint::spin_loop();
    }
    f.write_all(body.as_bytes()).map_err(|e| e.to_string())
}
