//! The feeder thread of a process queue, as multiprocessing.Queue has one:
//! put() only appends the item to this process's buffer and wakes the
//! feeder, which writes it into the pipe a moment later. Until then the item
//! is counted by qsize() (the semaphore was taken in put) but the pipe is
//! still empty, so empty() says True and get_nowait() raises Empty.
//!
//! One feeder per queue per process, started at the first put. At the end of
//! the process's code it is told to finish and joined, so every item put
//! reaches the pipe before the process exits (Python's `_finalize_join`).

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use super::control::Control;
use super::fifo::{Fifo, Msg};

/// Items put by this process and not yet written to the pipe.
#[derive(Default)]
struct Buffer {
    items: VecDeque<Msg>,
    /// The process is ending: write what is left, then stop.
    closing: bool,
}

#[derive(Default)]
struct Shared {
    buffer: Mutex<Buffer>,
    not_empty: Condvar,
}

pub struct Feeder {
    shared: Arc<Shared>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Feeder {
    pub fn new() -> Feeder {
        Feeder {
            shared: Arc::default(),
            thread: Mutex::new(None),
        }
    }

    /// Hand `msg` to the feeder (starting it at the first call) and return at once.
    pub fn push(&self, pipe: &Arc<Fifo>, control: &Arc<Control>, msg: Msg) -> Result<(), String> {
        let mut thread = self.thread.lock().unwrap();
        if thread.is_none() {
            let (shared, pipe, control) = (self.shared.clone(), pipe.clone(), control.clone());
            let handle = std::thread::Builder::new()
                .name("queue-feeder".into())
                .spawn(move || feed(&shared, &pipe, &control))
                .map_err(|e| format!("could not start the queue's feeder thread: {e}"))?;
            *thread = Some(handle);
        }
        drop(thread);
        self.shared.buffer.lock().unwrap().items.push_back(msg);
        self.shared.not_empty.notify_one();
        Ok(())
    }

    /// Let the feeder write everything buffered, then wait for it to end.
    pub fn flush(&self) {
        let Some(handle) = self.thread.lock().unwrap().take() else {
            return;
        };
        self.shared.buffer.lock().unwrap().closing = true;
        self.shared.not_empty.notify_one();
        let _ = handle.join();
    }
}

/// The feeder's loop: take the oldest buffered item, write it, again.
fn feed(shared: &Shared, pipe: &Fifo, control: &Control) {
    loop {
        let msg = {
            let mut buffer = shared.buffer.lock().unwrap();
            loop {
                if let Some(m) = buffer.items.pop_front() {
                    break m;
                }
                if buffer.closing {
                    return;
                }
                buffer = shared.not_empty.wait(buffer).unwrap();
            }
        };
        // Fails only when the run is aborted: every process is being killed.
        if pipe.send(&msg, control).is_err() {
            return;
        }
    }
}
