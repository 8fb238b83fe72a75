//! The app's side of the API checked against `server/schema.graphql`, on
//! the host, so that a server change that breaks the app fails the test
//! command before any browser starts: every document in [`queries::all`]
//! is parsed and validated (fields, arguments, variables and their types,
//! enum literals, fragments), the keys each decoder reads must be selected
//! by its query, the JSON-valued tables may only read selected paths, and
//! the copied enums must have exactly the schema's values.
//!
//! The validator is small on purpose: it covers what the app's documents
//! use, and the tests at the end prove it catches each kind of mistake.

use std::collections::{BTreeSet, HashMap};

use async_graphql_parser::Positioned;
use async_graphql_parser::types::{
    BaseType, DocumentOperations, ExecutableDocument, Field, InputValueDefinition, OperationType, Selection,
    SelectionSet, Type, TypeKind, TypeSystemDefinition,
};
use async_graphql_value::Value;

use super::queries::{self, Checked};
use crate::json::Shape;

const SCHEMA: &str = include_str!("../../../server/schema.graphql");

/// A named type of the schema, as much of it as validation needs.
enum Def {
    Scalar,
    /// Object and interface types: field → (arguments, type).
    Object(HashMap<String, (Vec<InputValueDefinition>, Type)>),
    Enum(BTreeSet<String>),
    Input(Vec<InputValueDefinition>),
}

struct Schema {
    types: HashMap<String, Def>,
    directives: HashMap<String, Vec<InputValueDefinition>>,
    query: String,
    mutation: String,
}

impl Schema {
    fn parse(sdl: &str) -> Schema {
        let doc = async_graphql_parser::parse_schema(sdl).expect("the schema parses");
        let mut types: HashMap<String, Def> =
            ["String", "Int", "Float", "Boolean", "ID"].into_iter().map(|s| (s.to_owned(), Def::Scalar)).collect();
        let mut directives = HashMap::new();
        let (mut query, mut mutation) = ("Query".to_owned(), "Mutation".to_owned());
        for definition in doc.definitions {
            match definition {
                TypeSystemDefinition::Schema(s) => {
                    if let Some(q) = &s.node.query {
                        query = q.node.to_string();
                    }
                    if let Some(m) = &s.node.mutation {
                        mutation = m.node.to_string();
                    }
                }
                TypeSystemDefinition::Directive(d) => {
                    let args = d.node.arguments.into_iter().map(|a| a.node).collect();
                    directives.insert(d.node.name.node.to_string(), args);
                }
                TypeSystemDefinition::Type(t) => {
                    let fields = |fields: Vec<Positioned<async_graphql_parser::types::FieldDefinition>>| {
                        fields
                            .into_iter()
                            .map(|f| {
                                let f = f.node;
                                (
                                    f.name.node.to_string(),
                                    (f.arguments.into_iter().map(|a| a.node).collect(), f.ty.node),
                                )
                            })
                            .collect()
                    };
                    let def = match t.node.kind {
                        TypeKind::Scalar => Def::Scalar,
                        TypeKind::Object(o) => Def::Object(fields(o.fields)),
                        TypeKind::Interface(i) => Def::Object(fields(i.fields)),
                        // The app selects no union; one would need its members here.
                        TypeKind::Union(_) => Def::Object(HashMap::new()),
                        TypeKind::Enum(e) => {
                            Def::Enum(e.values.iter().map(|v| v.node.value.node.to_string()).collect())
                        }
                        TypeKind::InputObject(i) => Def::Input(i.fields.into_iter().map(|f| f.node).collect()),
                    };
                    types.insert(t.node.name.node.to_string(), def);
                }
            }
        }
        Schema { types, directives, query, mutation }
    }
}

fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(inner) => named(inner),
    }
}

/// Whether a variable declared as `var` may be used where `expected` is
/// wanted (the spec's "variable usage is allowed", without defaults).
fn fits(var: &Type, expected: &Type) -> bool {
    if !expected.nullable && var.nullable {
        return false;
    }
    match (&var.base, &expected.base) {
        (BaseType::Named(a), BaseType::Named(b)) => a == b,
        (BaseType::List(a), BaseType::List(b)) => fits(a, b),
        _ => false,
    }
}

/// What is wrong with one document, each problem a line.
struct Validator<'a> {
    schema: &'a Schema,
    doc: &'a ExecutableDocument,
    variables: HashMap<String, Type>,
    used: BTreeSet<String>,
    errors: Vec<String>,
}

impl Validator<'_> {
    fn value(&mut self, at: &str, value: &Value, expected: &Type) {
        match value {
            Value::Variable(name) => match self.variables.get(name.as_str()) {
                None => self.errors.push(format!("{at}: ${name} is not declared")),
                Some(declared) => {
                    self.used.insert(name.to_string());
                    if !fits(declared, expected) {
                        self.errors.push(format!("{at}: ${name} is {declared}, the schema wants {expected}"));
                    }
                }
            },
            Value::Null if !expected.nullable => self.errors.push(format!("{at}: null for {expected}")),
            Value::Null => {}
            Value::List(items) => match &expected.base {
                BaseType::List(inner) => items.iter().for_each(|item| self.value(at, item, inner)),
                BaseType::Named(_) => self.errors.push(format!("{at}: a list for {expected}")),
            },
            // A single value where a list is wanted is a list of one.
            _ if matches!(expected.base, BaseType::List(_)) => {
                if let BaseType::List(inner) = &expected.base {
                    self.value(at, value, inner);
                }
            }
            _ => self.named_value(at, value, named(expected)),
        }
    }

    fn named_value(&mut self, at: &str, value: &Value, type_name: &str) {
        let ok = match (self.schema.types.get(type_name), value) {
            (Some(Def::Enum(values)), Value::Enum(v)) => {
                if !values.contains(v.as_str()) {
                    self.errors.push(format!("{at}: {type_name} has no value {v}"));
                }
                true
            }
            (Some(Def::Input(fields)), Value::Object(given)) => {
                for (key, v) in given {
                    match fields.iter().find(|f| f.name.node == *key) {
                        Some(f) => self.value(&format!("{at}.{key}"), v, &f.ty.node),
                        None => self.errors.push(format!("{at}: {type_name} has no field {key}")),
                    }
                }
                for f in fields.iter().filter(|f| !f.ty.node.nullable && f.default_value.is_none()) {
                    if !given.contains_key(f.name.node.as_str()) {
                        self.errors.push(format!("{at}: {type_name}.{} is required", f.name.node));
                    }
                }
                true
            }
            (Some(Def::Scalar), v) => match type_name {
                "Int" | "Float" => matches!(v, Value::Number(_)),
                "String" => matches!(v, Value::String(_)),
                "ID" => matches!(v, Value::String(_) | Value::Number(_)),
                "Boolean" => matches!(v, Value::Boolean(_)),
                // Custom scalars (dates, JSON) parse their own literals.
                _ => !matches!(v, Value::Enum(_)),
            },
            _ => false,
        };
        if !ok {
            self.errors.push(format!("{at}: {value} is not a {type_name}"));
        }
    }

    fn arguments(
        &mut self,
        at: &str,
        given: &[(Positioned<async_graphql_value::Name>, Positioned<Value>)],
        defined: &[InputValueDefinition],
    ) {
        for (name, value) in given {
            match defined.iter().find(|d| d.name.node == name.node) {
                Some(d) => self.value(&format!("{at}({})", name.node), &value.node, &d.ty.node),
                None => self.errors.push(format!("{at}: no argument {}", name.node)),
            }
        }
        for d in defined.iter().filter(|d| !d.ty.node.nullable && d.default_value.is_none()) {
            if !given.iter().any(|(name, _)| name.node == d.name.node) {
                self.errors.push(format!("{at}: argument {} is required", d.name.node));
            }
        }
    }

    fn directives(&mut self, at: &str, directives: &[Positioned<async_graphql_parser::types::Directive>]) {
        for d in directives {
            match self.schema.directives.get(d.node.name.node.as_str()) {
                Some(defined) => self.arguments(&format!("{at} @{}", d.node.name.node), &d.node.arguments, defined),
                None => self.errors.push(format!("{at}: no directive @{}", d.node.name.node)),
            }
        }
    }

    fn selection_set(&mut self, parent: &str, set: &SelectionSet) {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => self.field(parent, &field.node),
                Selection::InlineFragment(fragment) => {
                    self.directives(parent, &fragment.node.directives);
                    let on = fragment.node.type_condition.as_ref().map(|c| c.node.on.node.to_string());
                    let on = on.unwrap_or_else(|| parent.to_owned());
                    self.fragment_on(&on, &fragment.node.selection_set.node);
                }
                Selection::FragmentSpread(spread) => {
                    self.directives(parent, &spread.node.directives);
                    let name = &spread.node.fragment_name.node;
                    match self.doc.fragments.get(name) {
                        Some(fragment) => {
                            let on = fragment.node.type_condition.node.on.node.to_string();
                            self.fragment_on(&on, &fragment.node.selection_set.node);
                        }
                        None => self.errors.push(format!("{parent}: no fragment {name}")),
                    }
                }
            }
        }
    }

    fn fragment_on(&mut self, on: &str, set: &SelectionSet) {
        if matches!(self.schema.types.get(on), Some(Def::Object(_))) {
            self.selection_set(on, set);
        } else {
            self.errors.push(format!("a fragment on {on}, which is no object type"));
        }
    }

    fn field(&mut self, parent: &str, field: &Field) {
        let name = field.name.node.as_str();
        let at = format!("{parent}.{name}");
        self.directives(&at, &field.directives);
        if name == "__typename" {
            return;
        }
        let Some(Def::Object(fields)) = self.schema.types.get(parent) else {
            self.errors.push(format!("{at}: {parent} is no object type"));
            return;
        };
        let Some((args, ty)) = fields.get(name) else {
            self.errors.push(format!("{at}: no such field"));
            return;
        };
        self.arguments(&at, &field.arguments, args);
        let child = named(ty);
        let has_selection = !field.selection_set.node.items.is_empty();
        match self.schema.types.get(child) {
            Some(Def::Object(_)) if has_selection => self.selection_set(child, &field.selection_set.node),
            Some(Def::Object(_)) => self.errors.push(format!("{at}: an object ({child}) needs a selection")),
            _ if has_selection => self.errors.push(format!("{at}: {child} has no fields to select")),
            _ => {}
        }
    }
}

fn parse(text: &str) -> Result<ExecutableDocument, String> {
    async_graphql_parser::parse_query(text).map_err(|e| format!("does not parse: {e}"))
}

/// Everything wrong with `text` against `schema`; empty when it is valid.
fn validate(schema: &Schema, text: &str) -> Vec<String> {
    let doc = match parse(text) {
        Ok(doc) => doc,
        Err(e) => return vec![e],
    };
    let mut errors = Vec::new();
    let operations: Vec<_> = match &doc.operations {
        DocumentOperations::Single(op) => vec![op],
        DocumentOperations::Multiple(ops) => ops.values().collect(),
    };
    for op in operations {
        let op = &op.node;
        let root = match op.ty {
            OperationType::Query => &schema.query,
            OperationType::Mutation => &schema.mutation,
            OperationType::Subscription => {
                errors.push("a subscription, which the server has none of".to_owned());
                continue;
            }
        };
        let mut v =
            Validator { schema, doc: &doc, variables: HashMap::new(), used: BTreeSet::new(), errors: Vec::new() };
        for var in &op.variable_definitions {
            let ty = &var.node.var_type.node;
            match schema.types.get(named(ty)) {
                Some(Def::Scalar | Def::Enum(_) | Def::Input(_)) => {}
                _ => v.errors.push(format!("${}: {ty} is no input type", var.node.name.node)),
            }
            v.variables.insert(var.node.name.node.to_string(), ty.clone());
        }
        v.directives(root, &op.directives);
        v.selection_set(root, &op.selection_set.node);
        for declared in v.variables.keys() {
            if !v.used.contains(declared) {
                v.errors.push(format!("${declared} is declared but never used"));
            }
        }
        errors.append(&mut v.errors);
    }
    errors
}

/// The fields selected under `set` by their response keys (aliases
/// included), with inline fragments and named fragments flattened.
fn selected<'a>(doc: &'a ExecutableDocument, set: &'a SelectionSet, out: &mut Vec<&'a Field>) {
    for item in &set.items {
        match &item.node {
            Selection::Field(f) => out.push(&f.node),
            Selection::InlineFragment(f) => selected(doc, &f.node.selection_set.node, out),
            Selection::FragmentSpread(s) => {
                if let Some(f) = doc.fragments.get(&s.node.fragment_name.node) {
                    selected(doc, &f.node.selection_set.node, out);
                }
            }
        }
    }
}

fn response_key(field: &Field) -> &str {
    field.alias.as_ref().unwrap_or(&field.name).node.as_str()
}

/// `shape` without its `Optional`s, and whether there was one.
fn required(shape: Shape) -> (Shape, bool) {
    match shape {
        Shape::Optional(inner) => (required(inner()).0, true),
        other => (other, false),
    }
}

/// What the decoder of `shape` reads under `at` (a value of `type_name`)
/// that `set` does not select: a required key must be selected; an
/// optional one may be left out by a query, but must be a field of the
/// type, or the decoder could never see it.
fn unselected(
    cx: (&Schema, &ExecutableDocument),
    at: &str,
    type_name: &str,
    shape: Shape,
    set: &SelectionSet,
    errors: &mut Vec<String>,
) {
    let (schema, doc) = cx;
    let Shape::Object(keys) = required(shape).0 else { return };
    let Some(Def::Object(type_fields)) = schema.types.get(type_name) else {
        errors.push(format!("{at}: the decoder reads an object, the schema has a {type_name}"));
        return;
    };
    let mut fields = Vec::new();
    selected(doc, set, &mut fields);
    for (key, inner) in keys {
        let (inner, optional) = required(inner());
        match fields.iter().find(|f| response_key(f) == key) {
            Some(field) => {
                if matches!(inner, Shape::Object(_)) && field.selection_set.node.items.is_empty() {
                    errors.push(format!("{at}.{key}: the decoder reads an object, the query a scalar"));
                }
                let child = type_fields.get(field.name.node.as_str()).map_or("", |(_, ty)| named(ty));
                unselected(cx, &format!("{at}.{key}"), child, inner, &field.selection_set.node, errors);
            }
            None if optional && type_fields.contains_key(key) => {}
            None if optional => {
                errors.push(format!("{at}.{key}: read by the decoder, but {type_name} has no such field"))
            }
            None => errors.push(format!("{at}.{key}: required by the decoder, not selected")),
        }
    }
}

/// What the decoder of `query` reads that its document does not select.
fn decoder_mismatches(schema: &Schema, query: &Checked) -> Vec<String> {
    let Ok(doc) = parse(&query.text) else { return Vec::new() };
    if query.root.is_empty() {
        // Read whole, by hand (`regions::counts`).
        return Vec::new();
    }
    let mut errors = Vec::new();
    for (_, op) in doc.operations.iter() {
        let root_type = match op.node.ty {
            OperationType::Mutation => &schema.mutation,
            _ => &schema.query,
        };
        let mut top = Vec::new();
        selected(&doc, &op.node.selection_set.node, &mut top);
        let Some(root) = top.iter().find(|f| response_key(f) == query.root) else {
            errors.push(format!("{}: the answer is read from `{}`, which is not selected", query.name, query.root));
            continue;
        };
        let Some(Def::Object(fields)) = schema.types.get(root_type.as_str()) else { continue };
        let Some((_, ty)) = fields.get(root.name.node.as_str()) else { continue };
        let shape = (query.reads)();
        unselected((schema, &doc), query.root, named(ty), shape, &root.selection_set.node, &mut errors);
    }
    errors
}

#[test]
fn every_query_the_app_sends_is_valid_against_the_schema() {
    let schema = Schema::parse(SCHEMA);
    let all = queries::all();
    assert!(all.len() > 30, "the registry lists the app's queries");
    let mut errors = Vec::new();
    for query in &all {
        for e in validate(&schema, &query.text) {
            errors.push(format!("{}: {e}", query.name));
        }
        let doc = parse(&query.text);
        let named_as_sent =
            doc.as_ref().is_ok_and(|d| d.operations.iter().any(|(n, _)| n.is_some_and(|n| *n == *query.name)));
        if !named_as_sent {
            errors.push(format!("{}: no operation of that name, which is sent as `operationName`", query.name));
        }
    }
    assert!(errors.is_empty(), "the app's queries do not fit server/schema.graphql:\n{}", errors.join("\n"));
}

#[test]
fn every_key_a_decoder_reads_is_selected_by_its_query() {
    let schema = Schema::parse(SCHEMA);
    let errors: Vec<String> = queries::all().iter().flat_map(|q| decoder_mismatches(&schema, q)).collect();
    assert!(errors.is_empty(), "decoders read what their queries do not ask for:\n{}", errors.join("\n"));
}

/// The pages that read JSON nodes with `api::field(node, "path")`, and the
/// query whose nodes they read: each path they name must be selected.
#[test]
fn every_path_a_json_table_reads_is_selected() {
    let pages = [
        ("pages/admin.rs", include_str!("../pages/admin.rs"), &queries::USERS),
        ("pages/tokens.rs", include_str!("../pages/tokens.rs"), &queries::API_TOKENS),
        ("pages/audit.rs", include_str!("../pages/audit.rs"), &queries::AUDIT_LOG),
        ("pages/approvals.rs", include_str!("../pages/approvals.rs"), &queries::PENDING_ACCOUNTS),
    ];
    let mut errors = Vec::new();
    for (file, source, query) in pages {
        let doc = parse(query.text()).expect("validated above");
        let mut top = Vec::new();
        let mut nodes = Vec::new();
        for (_, op) in doc.operations.iter() {
            selected(&doc, &op.node.selection_set.node, &mut top);
        }
        for root in top.iter().filter(|f| response_key(f) == query.root()) {
            selected(&doc, &root.selection_set.node, &mut nodes);
        }
        let nodes = nodes.into_iter().find(|f| response_key(f) == "nodes").expect("a connection's nodes");
        let paths = field_paths(source);
        assert!(!paths.is_empty(), "{file} reads fields");
        for path in paths {
            let mut set = &nodes.selection_set.node;
            for key in path.split('.') {
                let mut fields = Vec::new();
                selected(&doc, set, &mut fields);
                match fields.into_iter().find(|f| response_key(f) == key) {
                    Some(f) => set = &f.selection_set.node,
                    None => {
                        errors.push(format!("{file} reads `{path}`, which {} does not select", query.name()));
                        break;
                    }
                }
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The string literals passed as the path of `field(node, "…")` in `source`.
fn field_paths(source: &str) -> Vec<&str> {
    source
        .match_indices("field(")
        .filter_map(|(at, _)| {
            let call = &source[at + "field(".len()..];
            let args = &call[..call.find(')')?];
            let (_, path) = args.split_once(", \"")?;
            path.strip_suffix('"')
        })
        .collect()
}

/// The input objects the app sends as variables, by their schema names:
/// each key must be a field of the input type, and each required field
/// must be sent.
#[test]
fn every_input_the_app_sends_fits_its_input_type() {
    let schema = Schema::parse(SCHEMA);
    let inputs = [
        ("UserInput", super::admin::UserInput::INPUT_KEYS),
        ("VisitInput", super::care::VisitInput::INPUT_KEYS),
        ("HouseholdInput", super::households::HouseholdInput::INPUT_KEYS),
        ("PersonInput", super::people::PersonInput::INPUT_KEYS),
    ];
    let mut errors = Vec::new();
    for (name, keys) in inputs {
        let Some(Def::Input(fields)) = schema.types.get(name) else {
            errors.push(format!("the schema has no input {name}"));
            continue;
        };
        for key in keys.iter().filter(|k| !fields.iter().any(|f| f.name.node == **k)) {
            errors.push(format!("{name}.{key}: sent, but not a field of the input"));
        }
        for f in fields.iter().filter(|f| !f.ty.node.nullable && f.default_value.is_none()) {
            if !keys.contains(&f.name.node.as_str()) {
                errors.push(format!("{name}.{}: required, never sent", f.name.node));
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn the_copied_enums_have_exactly_the_schemas_values() {
    let schema = Schema::parse(SCHEMA);
    let enums = crate::model::API_ENUMS;
    assert!(enums.len() >= 13, "the app's enums are listed");
    for (name, values) in enums {
        let Some(Def::Enum(in_schema)) = schema.types.get(*name) else {
            panic!("the schema has no enum {name}");
        };
        let in_app: BTreeSet<String> = values.iter().map(|v| (*v).to_owned()).collect();
        assert_eq!(&in_app, in_schema, "enum {name}: the app's values, then the schema's");
    }
}

// The checks must be able to fail: each broken document names its fault.

fn faults(text: &str) -> Vec<String> {
    validate(&Schema::parse(SCHEMA), text)
}

#[test]
fn a_field_the_schema_lacks_is_reported() {
    let errors = faults("query Me { me { id nickname region { id colour } } }");
    assert_eq!(errors, ["User.nickname: no such field", "Region.colour: no such field"]);
}

#[test]
fn a_field_the_schema_lacks_is_reported_inside_fragments() {
    let errors = faults(
        "query Me { me { ...U ... on User { region { shoeSize } } } } fragment U on User { id favouriteColour }",
    );
    assert_eq!(errors, ["User.favouriteColour: no such field", "Region.shoeSize: no such field"]);
}

#[test]
fn a_wrong_or_missing_argument_is_reported() {
    let errors = faults("query P($id: ID!) { person(id: $id, withSecrets: true) { id } household { id } }");
    assert_eq!(errors, ["Query.person: no argument withSecrets", "Query.household: argument id is required"]);
}

#[test]
fn a_variable_of_the_wrong_type_or_undeclared_is_reported() {
    let errors = faults("query P($id: String!, $spare: Int) { person(id: $id) { id } region(id: $other) { id } }");
    assert_eq!(
        errors,
        [
            "Query.person(id): $id is String!, the schema wants ID!",
            "Query.region(id): $other is not declared",
            "$spare is declared but never used",
        ]
    );
}

#[test]
fn a_nullable_variable_for_a_required_argument_is_reported() {
    assert_eq!(
        faults("query P($id: ID) { person(id: $id) { id } }"),
        ["Query.person(id): $id is ID, the schema wants ID!"]
    );
}

#[test]
fn an_enum_literal_the_schema_lacks_is_reported() {
    let errors = faults("query Q { classifications(filter: {status: PONDERING, colour: RED}) { totalCount } }");
    assert_eq!(
        errors,
        [
            "Query.classifications(filter).status: ClassificationStatus has no value PONDERING",
            "Query.classifications(filter): ClassificationFilter has no field colour",
        ]
    );
}

#[test]
fn selections_must_fit_leaves_and_objects() {
    let errors = faults("query Me { me { region id { x } } }");
    assert_eq!(errors, ["User.region: an object (Region) needs a selection", "User.id: ID has no fields to select"]);
}

/// A decoder over `{ id name level?, colour? }`, as `decoded!` would describe it.
fn region_reader() -> Shape {
    fn optional_leaf() -> Shape {
        Shape::Optional(|| Shape::Leaf)
    }
    Shape::Object(vec![
        ("id", || Shape::Leaf),
        ("name", || Shape::Leaf),
        ("code", optional_leaf),
        ("colour", optional_leaf),
    ])
}

#[test]
fn a_decoder_reading_an_unselected_or_unknown_key_is_reported() {
    let schema = Schema::parse(SCHEMA);
    let query = Checked {
        name: "Regions",
        root: "regions",
        text: "query Regions { regions { id } }".to_owned(),
        reads: region_reader,
    };
    assert_eq!(
        decoder_mismatches(&schema, &query),
        [
            "regions.name: required by the decoder, not selected",
            "regions.colour: read by the decoder, but Region has no such field"
        ]
    );
}

#[test]
fn a_decoder_reading_the_wrong_root_is_reported() {
    let schema = Schema::parse(SCHEMA);
    let query = Checked {
        name: "Regions",
        root: "region",
        text: "query Regions { regions { id name } }".to_owned(),
        reads: region_reader,
    };
    assert_eq!(
        decoder_mismatches(&schema, &query),
        ["Regions: the answer is read from `region`, which is not selected"]
    );
}

#[test]
fn field_paths_are_found_in_page_sources() {
    let source = r#"let a = field(v, "username"); let b = field(&account, "region.name").to_owned();"#;
    assert_eq!(field_paths(source), ["username", "region.name"]);
}
