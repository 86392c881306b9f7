//! The thread limit, raised for 400 clients with a thread per connection:
//! a group declared once counts as one declaration, every actor it makes is
//! counted where the limits count starts, and past 1024 threads (or a count
//! past 1024) the file is refused at the line that says so.

use super::*;

/// main starts `groups` thread groups of `count` threads each.
fn threads(groups: usize, count: usize) -> String {
    let mut s = String::from(
        "id = \"many\"\ntitle = { en = \"t\", zh = \"t\" }\nsummary = { en = \"s\", zh = \"s\" }\n\
         [[actors]]\nname = \"main\"\nkind = \"process\"\nscript = [",
    );
    for g in 0..groups {
        s += &format!(" {{ start = \"g{g}x*\" }}, {{ join = \"g{g}x*\" }},");
    }
    s += " ]\n";
    for g in 0..groups {
        s += &format!(
            "[[actors]]\nname = \"g{g}x{{i}}\"\nkind = \"thread\"\ncount = {count}\nparent = \"main\"\n\
             script = [ {{ print = \"hi\" }} ]\n"
        );
    }
    s
}

fn errors(src: &str) -> Vec<String> {
    match parse_bytes("f.toml", src.as_bytes()) {
        Err(ScenarioError::Invalid(lines)) => lines,
        Ok(s) => match s.plan(None, &[]) {
            Err(ScenarioError::Invalid(lines)) => lines,
            Err(other) => panic!("{other:?}"),
            Ok(_) => Vec::new(),
        },
        Err(other) => panic!("{other:?}"),
    }
}

#[test]
fn eight_hundred_threads_in_two_groups_are_accepted() {
    assert_eq!(errors(&threads(2, 400)), Vec::<String>::new());
    assert_eq!(MAX_THREADS, 1024);
}

#[test]
fn past_1024_threads_the_start_that_crosses_is_refused() {
    let errs = errors(&threads(3, 400));
    assert!(
        errs.iter()
            .any(|e| e.starts_with("f.toml:") && e.contains("past 1024 threads")),
        "{errs:#?}"
    );
}

#[test]
fn a_count_past_1024_is_refused_at_its_line() {
    let errs = errors(&threads(1, 1025));
    let hit = errs
        .iter()
        .find(|e| e.contains("count 1025 must be between 1 and 1024"))
        .unwrap_or_else(|| panic!("{errs:#?}"));
    let line: usize = hit.split(':').nth(1).unwrap().parse().unwrap();
    let src = threads(1, 1025);
    assert!(
        src.lines().nth(line - 1).unwrap().starts_with("count"),
        "{hit}"
    );
}
