//! The manager role: a separate process holding a dict of values that other
//! processes reach over a Unix socket, as Python's multiprocessing.Manager does.
//! Each get and set is one round trip, so read-modify-write is not atomic.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

/// One request to the manager.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    Get {
        name: String,
    },
    Set {
        name: String,
        value: i64,
    },
    /// Done inside the manager under its lock: atomic.
    Add {
        name: String,
        value: i64,
    },
    /// Stop serving and exit (what Python's manager.shutdown() asks).
    Shutdown,
}

/// Its answer: the value after the request.
#[derive(Debug, Serialize, Deserialize)]
pub struct Reply {
    pub value: i64,
}

/// Where the manager listens, in the run's private directory.
pub fn socket_path(run_dir: &Path) -> PathBuf {
    run_dir.join("manager.sock")
}

/// Entry point of the `__manager RUN_DIR NAME=VALUE…` role, started by main
/// (see manager_proc). Serves until asked to shut down, or killed.
pub fn main(run_dir: &Path, initial: &[String]) -> i32 {
    // SIGTERM must end us, whatever mask we inherited.
    let _ = nix::sys::signal::SigSet::all().thread_unblock();
    let dict: HashMap<String, i64> = initial
        .iter()
        .filter_map(|kv| kv.split_once('='))
        .filter_map(|(k, v)| v.parse().ok().map(|v| (k.to_string(), v)))
        .collect();
    let dict = Arc::new(Mutex::new(dict));
    let listener = match UnixListener::bind(socket_path(run_dir)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("conlab manager: {e}");
            return 70;
        }
    };
    for stream in listener.incoming().flatten() {
        let dict = dict.clone();
        std::thread::spawn(move || serve(stream, &dict));
    }
    0
}

fn serve(stream: UnixStream, dict: &Mutex<HashMap<String, i64>>) {
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    for line in BufReader::new(stream).lines().map_while(Result::ok) {
        let Ok(req) = serde_json::from_str::<Request>(&line) else {
            return;
        };
        let stop = matches!(req, Request::Shutdown);
        let value = {
            let mut d = dict.lock().unwrap();
            match req {
                Request::Get { name } => *d.get(&name).unwrap_or(&0),
                Request::Set { name, value } => {
                    d.insert(name, value);
                    value
                }
                Request::Add { name, value } => {
                    let slot = d.entry(name).or_insert(0);
                    *slot += value;
                    *slot
                }
                Request::Shutdown => 0,
            }
        };
        let reply = serde_json::to_string(&Reply { value }).unwrap_or_default();
        let sent = writeln!(out, "{reply}");
        if stop {
            // Answered first, as Python's server does, then the process ends.
            let _ = out.flush();
            std::process::exit(0);
        }
        if sent.is_err() {
            return;
        }
    }
}

/// A client's connection to the manager (one per process, shared by its threads).
pub struct Client {
    conn: Mutex<Option<(UnixStream, BufReader<UnixStream>)>>,
    path: PathBuf,
}

impl Client {
    pub fn new(run_dir: &Path) -> Client {
        Client {
            conn: Mutex::new(None),
            path: socket_path(run_dir),
        }
    }

    /// One round trip.
    pub fn call(&self, req: &Request) -> Result<i64, String> {
        let mut conn = self.conn.lock().unwrap();
        if conn.is_none() {
            let s = UnixStream::connect(&self.path).map_err(|e| format!("manager: {e}"))?;
            let r = BufReader::new(s.try_clone().map_err(|e| e.to_string())?);
            *conn = Some((s, r));
        }
        let (w, r) = conn.as_mut().unwrap();
        let line = serde_json::to_string(req).map_err(|e| e.to_string())?;
        writeln!(w, "{line}").map_err(|e| format!("manager: {e}"))?;
        let mut answer = String::new();
        r.read_line(&mut answer)
            .map_err(|e| format!("manager: {e}"))?;
        let reply: Reply = serde_json::from_str(&answer)
            .map_err(|e| format!("manager answered {answer:?}: {e}"))?;
        Ok(reply.value)
    }
}
