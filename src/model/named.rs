//! Objects kept by name in the order first named (locks, values, queues,
//! pools): a list for order and indexes, a map to find one by its name.

use std::collections::HashMap;
use std::ops::{Index, IndexMut};

#[derive(Debug, Clone)]
pub struct Named<T> {
    list: Vec<T>,
    index: HashMap<String, usize>,
}

impl<T> Default for Named<T> {
    fn default() -> Self {
        Named {
            list: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T> Named<T> {
    /// The place of `name`, made with `make` on first sight.
    pub fn slot(&mut self, name: &str, make: impl FnOnce() -> T) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.list.push(make());
        self.index.insert(name.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }

    /// The object named `name`, made with `make` on first sight.
    pub fn entry(&mut self, name: &str, make: impl FnOnce() -> T) -> &mut T {
        let i = self.slot(name, make);
        &mut self.list[i]
    }

    pub fn get(&self, name: &str) -> Option<&T> {
        self.index.get(name).map(|&i| &self.list[i])
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.list.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.list.iter_mut()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl<T> Index<usize> for Named<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.list[i]
    }
}

impl<T> IndexMut<usize> for Named<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.list[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_made_once_and_keeps_its_place() {
        let mut named: Named<String> = Named::default();
        assert!(named.is_empty());
        assert_eq!(named.slot("b", || "b1".into()), 0);
        assert_eq!(named.slot("a", || "a1".into()), 1);
        named.entry("b", || "b2".into()).push('!');
        assert_eq!(
            named.get("b").map(String::as_str),
            Some("b1!"),
            "not made again"
        );
        assert_eq!(named[1], "a1");
        let order: Vec<&String> = named.iter().collect();
        assert_eq!(order, ["b1!", "a1"]);
        assert!(named.get("c").is_none());
    }
}
