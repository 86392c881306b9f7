//! Deserializers for the values a file may write in two ways (a number or a
//! text, one name or a list): in place of serde's untagged enums, whose error
//! is "data did not match any variant of untagged enum", they say what was
//! expected in plain words.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::raw::{BoolOrText, IntOrText, PyLine, RawListing, RawPrint, Targets};
use super::text::Text;

/// A visitor built from functions: what it expects, and what it does with a
/// whole number, a bool, a text, a list or a table (None: not accepted).
struct Either<T> {
    expecting: &'static str,
    int: fn(i64) -> Option<T>,
    boolean: fn(bool) -> Option<T>,
    text: fn(String) -> Option<T>,
    list: Option<fn(Vec<String>) -> T>,
    table: Option<fn(Text) -> T>,
}

fn none<A, T>(_: A) -> Option<T> {
    None
}

impl<T> Either<T> {
    fn new(expecting: &'static str) -> Self {
        Either {
            expecting,
            int: none,
            boolean: none,
            text: none,
            list: None,
            table: None,
        }
    }
}

impl<'de, T> Visitor<'de> for Either<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        (self.int)(v).ok_or_else(|| E::invalid_type(de::Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        match i64::try_from(v) {
            Ok(i) => self.visit_i64(i),
            Err(_) => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        (self.boolean)(v).ok_or_else(|| E::invalid_type(de::Unexpected::Bool(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.text)(v.to_string()).ok_or_else(|| E::invalid_type(de::Unexpected::Str(v), &self))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let Some(from_list) = self.list else {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
        };
        let mut items = Vec::new();
        while let Some(s) = seq.next_element::<String>()? {
            items.push(s);
        }
        Ok(from_list(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let Some(from_table) = self.table else {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        };
        let text = Text::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(from_table(text))
    }
}

impl<'de> Deserialize<'de> for IntOrText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Either {
            int: |i| Some(IntOrText::Int(i)),
            text: |s| Some(IntOrText::Text(s)),
            ..Either::new("a whole number, or a text such as \"{n}\" or \"t - 1\"")
        })
    }
}

impl<'de> Deserialize<'de> for BoolOrText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Either {
            boolean: |b| Some(BoolOrText::Bool(b)),
            text: |s| Some(BoolOrText::Text(s)),
            ..Either::new("true or false, or a parameter such as \"{daemon}\"")
        })
    }
}

impl<'de> Deserialize<'de> for RawListing {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Either {
            text: |s| Some(RawListing::Same(s)),
            table: Some(RawListing::Both),
            ..Either::new("a text, or a table { en = \"...\", zh = \"...\" }")
        })
    }
}

impl<'de> Deserialize<'de> for RawPrint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Either {
            text: |s| Some(RawPrint::Same(s)),
            table: Some(RawPrint::Both),
            ..Either::new("a text, or a table { en = \"...\", zh = \"...\" }")
        })
    }
}

impl<'de> Deserialize<'de> for PyLine {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Either {
            int: |i| Some(PyLine::Number(i)),
            text: |s| Some(PyLine::Containing(s)),
            ..Either::new("a line number, or a text found on one line of the listing")
        })
    }
}

impl<'de> Deserialize<'de> for Targets {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Either {
            text: |s| Some(Targets::One(s)),
            list: Some(Targets::Many),
            ..Either::new("an actor name such as \"child\" or \"child*\", or a list of them")
        })
    }
}
