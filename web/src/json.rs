//! The app's JSON, read and written by hand over `serde_json::Value`.
//!
//! Why not `#[derive(Deserialize, Serialize)]`: each derived type carries a
//! visitor for maps and sequences and a field-name matcher, and with some
//! fifty types those were the largest share of the bundle after Leptos
//! itself (measured: ~40 KiB of ~415 KiB gzip). Here each type is a list
//! of `field(..)` calls over small shared helpers. serde_json stays for
//! parsing and printing `Value`, one instantiation of each.
//!
//! Decoding is as strict as the derives were where it matters: a missing
//! or mistyped required field is an error (client and server disagree),
//! `null` or a missing key is `None` for an `Option` and empty for a `Vec`,
//! and an enum value this bundle does not know is the enum's `Unknown`.

use serde_json::{Map, Value};

/// Where an answer did not fit: the key of the innermost bad field. Never
/// the value: it can be personal data, and this ends up in the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mismatch(pub &'static str);

pub type Decoded<T> = Result<T, Mismatch>;

/// A type read from an API answer.
pub trait FromJson: Sized {
    fn from_json(value: &Value) -> Decoded<Self>;
}

/// A type sent in a request's variables (or kept in session storage).
pub trait ToJson {
    fn to_json(&self) -> Value;
}

/// `value[key]` as `T`; a missing key reads as `null`.
pub fn field<T: FromJson>(value: &Value, key: &'static str) -> Decoded<T> {
    T::from_json(value.get(key).unwrap_or(&Value::Null)).map_err(|Mismatch(inner)| Mismatch(innermost(inner, key)))
}

fn innermost(inner: &'static str, key: &'static str) -> &'static str {
    if inner.is_empty() { key } else { inner }
}

/// An object of the given fields, in order; `None`s are sent as `null`.
pub fn object(fields: Vec<(&'static str, Value)>) -> Value {
    Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map<_, _>>())
}

/// An object without its `null` fields: filters, where an absent field
/// means "any" and reads better in the request than a `null`.
pub fn object_without_nulls(fields: Vec<(&'static str, Value)>) -> Value {
    object(fields.into_iter().filter(|(_, v)| !v.is_null()).collect())
}

impl FromJson for String {
    fn from_json(value: &Value) -> Decoded<Self> {
        value.as_str().map(str::to_owned).ok_or(Mismatch(""))
    }
}

impl FromJson for bool {
    fn from_json(value: &Value) -> Decoded<Self> {
        value.as_bool().ok_or(Mismatch(""))
    }
}

impl FromJson for i64 {
    fn from_json(value: &Value) -> Decoded<Self> {
        value.as_i64().ok_or(Mismatch(""))
    }
}

impl FromJson for i32 {
    fn from_json(value: &Value) -> Decoded<Self> {
        value.as_i64().and_then(|n| i32::try_from(n).ok()).ok_or(Mismatch(""))
    }
}

impl FromJson for f64 {
    fn from_json(value: &Value) -> Decoded<Self> {
        value.as_f64().ok_or(Mismatch(""))
    }
}

/// Any JSON, as is (e.g. an audit entry's `detail`).
impl FromJson for Value {
    fn from_json(value: &Value) -> Decoded<Self> {
        Ok(value.clone())
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &Value) -> Decoded<Self> {
        if value.is_null() { Ok(None) } else { T::from_json(value).map(Some) }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: &Value) -> Decoded<Self> {
        T::from_json(value).map(Box::new)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value) -> Decoded<Self> {
        match value {
            Value::Null => Ok(Vec::new()),
            Value::Array(items) => items.iter().map(T::from_json).collect(),
            _ => Err(Mismatch("")),
        }
    }
}

impl ToJson for String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToJson for i32 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl ToJson for i64 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl ToJson for u32 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl ToJson for f64 {
    fn to_json(&self) -> Value {
        // Not finite (never from a parsed input) has no JSON spelling.
        serde_json::Number::from_f64(*self).map_or(Value::Null, Value::Number)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToJson::to_json)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl<T: ToJson> ToJson for Box<T> {
    fn to_json(&self) -> Value {
        (**self).to_json()
    }
}

/// A type read from an API answer, declared once: the struct, each field
/// with the key it is read from (`pub name: Option<String> = "name"`), and
/// so its `FromJson` and, for the contract test, its [`Shape`]. A leading
/// `#[to_json]` also writes it back under the same keys (the session).
macro_rules! decoded {
    (#[to_json] $($rest:tt)*) => {
        $crate::json::decoded!($($rest)*);
        $crate::json::decoded!(@to_json $($rest)*);
    };
    (@to_json $(#[$meta:meta])* $vis:vis struct $ty:ident {
        $($(#[$fmeta:meta])* $fvis:vis $field:ident: $fty:ty = $key:literal),+ $(,)?
    }) => {
        impl $crate::json::ToJson for $ty {
            fn to_json(&self) -> serde_json::Value {
                $crate::json::object(vec![$(($key, $crate::json::ToJson::to_json(&self.$field))),+])
            }
        }
    };
    ($(#[$meta:meta])* $vis:vis struct $ty:ident {
        $($(#[$fmeta:meta])* $fvis:vis $field:ident: $fty:ty = $key:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        $vis struct $ty {
            $($(#[$fmeta])* $fvis $field: $fty),+
        }

        impl $crate::json::FromJson for $ty {
            fn from_json(value: &serde_json::Value) -> $crate::json::Decoded<Self> {
                Ok(Self { $($field: $crate::json::field(value, $key)?),+ })
            }
        }

        #[cfg(test)]
        impl $crate::json::Describe for $ty {
            fn shape() -> $crate::json::Shape {
                $crate::json::Shape::Object(vec![$(($key, <$fty as $crate::json::Describe>::shape as fn() -> _)),+])
            }
        }
    };
}
pub(crate) use decoded;

/// The keys a decoder reads, for the contract test (`api::contract`):
/// nested objects are behind a function, as a type may contain itself
/// (a region's parent) and only as much is unfolded as a query selects.
#[cfg(test)]
pub enum Shape {
    /// A scalar, an enum or JSON kept as is: nothing below it is read.
    Leaf,
    Object(Vec<ShapeKey>),
    /// An `Option` or a `Vec`: a missing key reads as `None` or empty, so
    /// a query may leave it out (one decoder serves several queries).
    Optional(fn() -> Shape),
}

/// A key an object decoder reads, and the shape of what it reads there.
#[cfg(test)]
pub type ShapeKey = (&'static str, fn() -> Shape);

#[cfg(test)]
pub trait Describe {
    fn shape() -> Shape;
}

#[cfg(test)]
mod describe {
    use super::{Describe, Shape};

    macro_rules! leaves {
        ($($ty:ty),+) => { $(impl Describe for $ty { fn shape() -> Shape { Shape::Leaf } })+ };
    }
    leaves!(String, bool, i32, i64, f64, serde_json::Value);

    impl<T: Describe> Describe for Option<T> {
        fn shape() -> Shape {
            Shape::Optional(T::shape)
        }
    }

    impl<T: Describe> Describe for Vec<T> {
        fn shape() -> Shape {
            Shape::Optional(T::shape)
        }
    }

    impl<T: Describe> Describe for Box<T> {
        fn shape() -> Shape {
            T::shape()
        }
    }
}

/// `impl ToJson` for a struct: an object of each field under its key.
/// For the contract test, the keys are also `INPUT_KEYS`.
macro_rules! to_json {
    ($ty:ident { $($field:ident: $key:literal),+ $(,)? }) => {
        impl $crate::json::ToJson for $ty {
            fn to_json(&self) -> serde_json::Value {
                $crate::json::object(vec![$(($key, $crate::json::ToJson::to_json(&self.$field))),+])
            }
        }

        #[cfg(test)]
        impl $ty {
            pub const INPUT_KEYS: &'static [&'static str] = &[$($key),+];
        }
    };
}
pub(crate) use to_json;

#[cfg(test)]
mod tests {
    use super::*;

    decoded! {
        #[to_json]
        #[derive(Debug, PartialEq)]
        struct Row {
            id: String = "id",
            count: Option<i64> = "count",
            tags: Vec<String> = "tags",
            nested: Option<Box<Row>> = "nested",
        }
    }

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).expect("valid JSON")
    }

    #[test]
    fn reads_fields_with_null_and_missing_as_empty() {
        let row = Row::from_json(&parse(r#"{"id":"1","count":null,"nested":{"id":"2","count":3,"tags":["a"]}}"#));
        let inner = Row { id: "2".into(), count: Some(3), tags: vec!["a".into()], nested: None };
        assert_eq!(row, Ok(Row { id: "1".into(), count: None, tags: Vec::new(), nested: Some(Box::new(inner)) }));
    }

    #[test]
    fn a_missing_or_mistyped_required_field_names_the_innermost_key() {
        assert_eq!(Row::from_json(&parse(r#"{"count":1}"#)), Err(Mismatch("id")));
        assert_eq!(Row::from_json(&parse(r#"{"id":"1","nested":{"id":7}}"#)), Err(Mismatch("id")));
        assert_eq!(Row::from_json(&parse(r#"{"id":"1","tags":"a"}"#)), Err(Mismatch("tags")));
        assert_eq!(Row::from_json(&parse(r#"{"id":"1","count":1.5}"#)), Err(Mismatch("count")));
        assert_eq!(Row::from_json(&parse("[]")), Err(Mismatch("id")));
    }

    #[test]
    fn writes_and_reads_back_the_same_value() {
        let row = Row {
            id: "户<1>".into(),
            count: Some(-4),
            tags: vec!["x".into()],
            nested: Some(Box::new(Row { id: "2".into(), count: None, tags: Vec::new(), nested: None })),
        };
        let text = serde_json::to_string(&row.to_json()).expect("printable");
        assert_eq!(Row::from_json(&parse(&text)), Ok(row));
    }

    #[test]
    fn filters_leave_out_nulls_and_inputs_keep_them() {
        let fields = || vec![("a", Value::Null), ("b", Value::from(1))];
        assert_eq!(serde_json::to_string(&object(fields())).ok().as_deref(), Some(r#"{"a":null,"b":1}"#));
        assert_eq!(serde_json::to_string(&object_without_nulls(fields())).ok().as_deref(), Some(r#"{"b":1}"#));
    }

    #[test]
    fn numbers_keep_their_range() {
        assert_eq!(i32::from_json(&Value::from(i64::from(i32::MAX) + 1)), Err(Mismatch("")));
        assert_eq!(f64::from_json(&Value::from(2)), Ok(2.0));
        assert_eq!(f64::NAN.to_json(), Value::Null);
    }
}
