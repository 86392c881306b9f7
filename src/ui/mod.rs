//! The terminal UI (ratatui).
