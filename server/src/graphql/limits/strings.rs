//! Every string a request carries, checked once for refused characters
//! (see [`crate::validate::text`]): the literals of the document and every
//! string inside the variables, whatever argument or input field it will
//! reach. No resolver can forget it, and a new input is covered the day it
//! is added. Strings nobody reads (a variable the document never uses) are
//! refused too: no well-behaved client sends control characters.

use std::collections::HashMap;

use async_graphql::{
    Name, Positioned, Value as ConstValue, Variables,
    parser::types::{Directive, ExecutableDocument, Selection, SelectionSet},
};
use async_graphql_value::Value;

use crate::{
    error::{AppResult, FieldErrors},
    validate::text,
};

/// Refuses the request when any string in `doc` or `variables` holds a
/// refused character, naming the argument or input field it was given for.
pub fn check(doc: &ExecutableDocument, variables: &Variables) -> AppResult<()> {
    let mut walk = Walk::default();
    for (_, op) in doc.operations.iter() {
        for var in &op.node.variable_definitions {
            if let Some(default) = &var.node.default_value {
                walk.constant(&default.node, var.node.name.node.as_str());
            }
            walk.directives(&var.node.directives);
        }
        walk.directives(&op.node.directives);
        walk.set(&op.node.selection_set.node);
    }
    for fragment in doc.fragments.values() {
        walk.directives(&fragment.node.directives);
        walk.set(&fragment.node.selection_set.node);
    }
    for (name, value) in variables.iter() {
        // A variable is named after the argument or input field it fills:
        // that is the field the client shows the message beside.
        let key = walk.usage.get(name).copied().unwrap_or(name.as_str()).to_owned();
        walk.constant(value, &key);
    }
    walk.errors.into_result()
}

#[derive(Default)]
struct Walk<'a> {
    usage: HashMap<&'a Name, &'a str>,
    errors: FieldErrors,
}

// Recursion here is bounded: documents and variables have passed the
// nesting limit before they were parsed.
impl<'a> Walk<'a> {
    fn set(&mut self, set: &'a SelectionSet) {
        for item in &set.items {
            match &item.node {
                Selection::Field(f) => {
                    for (name, value) in &f.node.arguments {
                        self.value(&value.node, name.node.as_str());
                    }
                    self.directives(&f.node.directives);
                    self.set(&f.node.selection_set.node);
                }
                Selection::InlineFragment(f) => {
                    self.directives(&f.node.directives);
                    self.set(&f.node.selection_set.node);
                }
                Selection::FragmentSpread(s) => self.directives(&s.node.directives),
            }
        }
    }

    fn directives(&mut self, directives: &'a [Positioned<Directive>]) {
        for directive in directives {
            for (name, value) in &directive.node.arguments {
                self.value(&value.node, name.node.as_str());
            }
        }
    }

    fn value(&mut self, value: &'a Value, key: &'a str) {
        match value {
            Value::Variable(name) => {
                self.usage.entry(name).or_insert(key);
            }
            Value::String(s) => self.string(s, key),
            Value::List(items) => items.iter().for_each(|item| self.value(item, key)),
            Value::Object(fields) => fields.iter().for_each(|(k, v)| self.value(v, k.as_str())),
            Value::Null | Value::Number(_) | Value::Boolean(_) | Value::Binary(_) | Value::Enum(_) => {}
        }
    }

    fn constant(&mut self, value: &ConstValue, key: &str) {
        match value {
            ConstValue::String(s) => self.string(s, key),
            ConstValue::List(items) => items.iter().for_each(|item| self.constant(item, key)),
            ConstValue::Object(fields) => fields.iter().for_each(|(k, v)| self.constant(v, k.as_str())),
            ConstValue::Null
            | ConstValue::Number(_)
            | ConstValue::Boolean(_)
            | ConstValue::Binary(_)
            | ConstValue::Enum(_) => {}
        }
    }

    fn string(&mut self, s: &str, key: &str) {
        if text::refused_char(s).is_some() {
            self.errors.add(key, crate::error::messages::CONTROL_CHARACTERS);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(query: &str, variables: serde_json::Value) -> Vec<String> {
        let doc = async_graphql::parser::parse_query(query).unwrap();
        let vars = Variables::from_json(variables);
        match check(&doc, &vars) {
            Ok(()) => vec![],
            Err(crate::error::AppError::Validation(fields)) => fields.into_keys().collect(),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn variables_are_named_after_the_field_they_fill() {
        let q = "mutation($h: ID!, $i: PersonInput!, $n: String) { addPerson(householdId: $h, input: $i) { id } x: me(note: $n) { id } }";
        let got =
            fields(q, serde_json::json!({ "h": "1", "i": { "name": "王\u{0}", "health": "ok" }, "n": "a\u{202e}" }));
        assert_eq!(got, ["name", "note"]);
    }

    #[test]
    fn literals_lists_and_unused_variables_are_checked() {
        assert_eq!(fields(r#"{ a(x: {y: ["ok", "b\u0007"]}) }"#, serde_json::json!({})), ["y"]);
        assert_eq!(fields("{ a }", serde_json::json!({ "spare": "\u{1b}" })), ["spare"]);
        assert!(fields("{ a(x: \"第一行\\n第二行\") }", serde_json::json!({ "t": "a\tb" })).is_empty());
    }
}
