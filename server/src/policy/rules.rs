//! Every field of the GraphQL schema and the rule that guards it. A test
//! walks the schema and fails when a field has no rule here, so a new field
//! cannot ship without someone deciding who may see it.
//!
//! The rules are enforced where they say: [`Rule::Guarded`] fields by one
//! schema extension (`graphql::sensitive::guard`) that looks the rule
//! up here, refuses, masks and notes the read for the audit as [`verdict`]
//! says; their resolvers only name whose data they return, and a guarded
//! field whose resolver does not is withheld (`tests/api/fields.rs` reads
//! every guarded field of the schema to prove none does, and checks each
//! against every role). [`Rule::Action`] fields call [`super::may`];
//! [`Rule::Record`] fields belong to rows that only exist for a caller
//! through row scope ([`super::scope`]) and `ReadRegistry`.

use std::{collections::HashMap, sync::OnceLock};

use entity::Role;

use super::{
    Action,
    fields::{self, Access, Field},
};

/// Why a field may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Carries no personal data (region tree, structure, the caller's own account).
    Open,
    /// Part of a registry record; visible to whoever may read the record.
    Record,
    /// Visibility depends on the role: see [`super::fields::access`].
    Guarded(Field),
    /// Only for roles allowed to perform the action.
    Action(Action),
    /// A count, suppressed below 5 for dashboards.
    Aggregate,
}

use Rule::*;

/// (type, fields, rule). `*` covers every field of the type.
pub const RULES: &[(&str, &[&str], Rule)] = &[
    ("Query", &["me", "regions", "region"], Open),
    ("Query", &["households", "household", "people", "person"], Action(Action::ReadRegistry)),
    ("Query", &["visits", "visit"], Action(Action::ReadRegistry)),
    ("Query", &["classifications", "classification", "alerts"], Action(Action::ReadRegistry)),
    ("Query", &["dueVisits"], Action(Action::RecordVisit)),
    ("Query", &["stats"], Action(Action::ReadStats)),
    ("Query", &["users", "apiTokens"], Action(Action::ManageUsers)),
    ("Query", &["auditLog"], Action(Action::ReadAudit)),
    ("Query", &["pendingAccounts"], Action(Action::ApproveAccounts)),
    ("Mutation", &["login"], Open),
    ("Mutation", &["createHousehold", "updateHousehold", "addPerson", "updatePerson"], Action(Action::EditRegistry)),
    ("Mutation", &["addRelative", "updateRelative", "removeRelative"], Action(Action::EditRegistry)),
    ("Mutation", &["revealIdNumber"], Action(Action::RevealIdNumber)),
    ("Mutation", &["recordVisit"], Action(Action::RecordVisit)),
    ("Mutation", &["confirmClassification", "rejectClassification"], Action(Action::DecideClassification)),
    ("Mutation", &["acknowledgeAlert"], Action(Action::AcknowledgeAlert)),
    ("Mutation", &["createUser", "updateUser", "createApiToken", "revokeApiToken"], Action(Action::ManageUsers)),
    ("Mutation", &["approveAccount", "refuseAccount"], Action(Action::ApproveAccounts)),
    ("Query", &["reports", "report"], Action(Action::ReadReports)),
    ("Query", &["reportStatus"], Action(Action::ReadReportStatus)),
    ("Mutation", &["prepareReport", "submitReport"], Action(Action::PrepareReport)),
    ("Mutation", &["acceptReport", "returnReport"], Action(Action::DecideReport)),
    ("Mutation", &["suggestClassification"], Action(Action::SuggestClassification)),
    ("Query", &["spotCheckRounds", "spotCheckRound"], Action(Action::ReadSpotChecks)),
    ("Mutation", &["drawSpotCheck", "recordSpotCheck", "closeSpotCheck"], Action(Action::RunSpotChecks)),
    ("Mutation", &["answerSpotCheckFinding"], Action(Action::AnswerSpotChecks)),
    // A round, its items and figures exist for a caller only through
    // `policy::spot_checks` and row scope; they say which households were
    // drawn and who checked, while the people behind them are read through
    // `Household` and `Person` with their own rules.
    ("SpotCheckRound", &["*"], Record),
    ("SpotCheckItem", &["*"], Record),
    ("SpotCheckTownRate", &["*"], Record),
    ("SpotCheckVillageRate", &["*"], Record),
    ("SpotCheckCounts", &["*"], Record),
    ("SpotCheckSummary", &["*"], Record),
    // What the checker found and how the town answered: about the person,
    // read like a visit's notes.
    ("SpotCheckFinding", &["reason", "rectification"], Guarded(Field::Visit)),
    ("SpotCheckFinding", &["*"], Record),
    // A report exists for a caller only through `policy::scope::reports`;
    // its own fields say who reported what and when, not about whom.
    ("Report", &["*"], Record),
    ("ReportTotals", &["*"], Record),
    ("ReportCareLevelCount", &["*"], Record),
    ("ChangeCount", &["*"], Record),
    // A row is a person's data as the registry held it: read like the person.
    ("ReportRow", &["name"], Guarded(Field::PersonName)),
    ("ReportRow", &["birthDate"], Guarded(Field::BirthDate)),
    ("ReportRow", &["idNumber"], Guarded(Field::IdNumber)),
    ("ReportRow", &["address"], Guarded(Field::Location)),
    ("ReportRow", &["*"], Guarded(Field::Classification)),
    ("ReportCategory", &["*"], Guarded(Field::Classification)),
    // Dashboards see how many reports are in which state, nothing more.
    ("ReportStatusGrid", &["region", "periods", "counts", "late"], Action(Action::ReadReportStatus)),
    ("StatusCount", &["*"], Action(Action::ReadReportStatus)),
    ("ReportStatusGrid", &["rows"], Action(Action::ReadReports)),
    ("ReportStatusRow", &["*"], Action(Action::ReadReports)),
    ("ReportCell", &["*"], Action(Action::ReadReports)),
    ("AuthPayload", &["*"], Open),
    ("PageInfo", &["*"], Open),
    ("Region", &["*"], Open),
    ("User", &["*"], Open),
    // The policy table itself, per role: nothing about anyone.
    ("Capabilities", &["*"], Open),
    ("Household", &["id", "version", "region", "economicStatus", "members", "createdAt", "updatedAt"], Record),
    ("Household", &["address", "lat", "lng"], Guarded(Field::Location)),
    ("Household", &["lastVisitAt", "nextVisitDue", "visits"], Guarded(Field::Visit)),
    ("Household", &["classifications"], Guarded(Field::Classification)),
    ("Person", &["classifications"], Guarded(Field::Classification)),
    // Classifications and alerts are reached only through fields that
    // require `Field::Classification` in clear, within row scope.
    ("Classification", &["*"], Guarded(Field::Classification)),
    ("ClassificationEvent", &["*"], Guarded(Field::Classification)),
    ("Reason", &["*"], Guarded(Field::Classification)),
    ("Alert", &["*"], Guarded(Field::Classification)),
    // A staff member who decided or acknowledged: no data about the people cared for.
    ("StaffMember", &["*"], Open),
    ("CategoryCount", &["*"], Aggregate),
    ("CareLevelCount", &["*"], Aggregate),
    ("Visit", &["lat", "lng"], Guarded(Field::Location)),
    // 健康状况 found on a visit is health data like `Person.health`: every
    // clear read is recorded. Findings, living and safety are recorded when
    // a child under 14 was seen.
    ("Visit", &["health"], Guarded(Field::Health)),
    ("Visit", &["*"], Guarded(Field::Visit)),
    // Work-list rows exist only for roles that visit, within their scope.
    ("DueVisit", &["*"], Record),
    (
        "Person",
        &[
            "id",
            "version",
            "sex",
            "relationToHead",
            "residenceStatus",
            "awaySince",
            "awayOutsideCounty",
            "guardianshipCapable",
            "livingAlone",
            "selfCare",
            "maritalStatus",
            "father",
            "mother",
            "spouse",
            "household",
            "relatives",
            "createdAt",
            "updatedAt",
        ],
        Record,
    ),
    // Facts of a relative not registered here, read like the away facts of
    // a linked one; the free-text note like the person's own notes.
    ("Relative", &["note"], Guarded(Field::Health)),
    ("Relative", &["*"], Record),
    ("Person", &["name"], Guarded(Field::PersonName)),
    ("Person", &["idNumber"], Guarded(Field::IdNumber)),
    ("Person", &["phone"], Guarded(Field::Phone)),
    ("Person", &["birthDate", "age"], Guarded(Field::BirthDate)),
    ("Person", &["health", "disability"], Guarded(Field::Health)),
    ("Stats", &["*"], Aggregate),
    ("ChildStats", &["*"], Aggregate),
    ("Figures", &["*"], Aggregate),
    ("ApiToken", &["*"], Action(Action::ManageUsers)),
    ("ApiTokenPayload", &["*"], Action(Action::ManageUsers)),
    ("AuditEntry", &["*"], Action(Action::ReadAudit)),
];

/// Types whose fields are parts of the field that returned them: a
/// reason belongs to its classification or alert, an event to its
/// classification. Their guarded fields take their subject from there.
pub const PARTS: &[&str] = &["Reason", "ClassificationEvent", "ReportCategory"];

/// Whether a guarded read is recorded in the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audit {
    No,
    /// Every read of the field, whoever it is about.
    Always,
    /// Only reads of data of a child under [`fields::MINOR_AGE`].
    IfMinor,
}

/// What the guard does with a read of a guarded field.
#[derive(Debug, Clone, Copy)]
pub enum Verdict {
    /// `null` with `FORBIDDEN` on the field's path; the resolver never runs.
    Refuse,
    Show {
        mask: Option<fn(&str) -> String>,
        audit: Audit,
    },
}

/// The decision for `role` reading a field guarded by `field`. A masked read
/// is not recorded: what is left of the value says nothing about the person.
/// A field read masked that has no masked form is refused.
pub fn verdict(role: Role, field: Field) -> Verdict {
    match fields::access(role, field) {
        Access::Hidden => Verdict::Refuse,
        Access::Masked => match mask_of(field) {
            Some(mask) => Verdict::Show { mask: Some(mask), audit: Audit::No },
            None => Verdict::Refuse,
        },
        Access::Clear => {
            let audit = if fields::audited_on_clear_read(field) { Audit::Always } else { Audit::IfMinor };
            Verdict::Show { mask: None, audit }
        }
    }
}

/// The masked form of the fields that have one.
fn mask_of(field: Field) -> Option<fn(&str) -> String> {
    match field {
        Field::IdNumber => Some(fields::mask_id_number),
        Field::Phone => Some(fields::mask_phone),
        _ => None,
    }
}

/// The rule of `type_name.field`. Relay wrappers (`…Connection`, `…Edge`)
/// take the rule of the list field that returns them.
pub fn rule(type_name: &str, field: &str) -> Option<Rule> {
    if type_name.ends_with("Connection") || type_name.ends_with("Edge") {
        return Some(Open);
    }
    by_type()
        .get(type_name)?
        .iter()
        .find(|(fields, _)| fields.contains(&field) || fields.contains(&"*"))
        .map(|(_, r)| *r)
}

/// Per type name, its fields' rules in [`RULES`] order.
type RulesByType = HashMap<&'static str, Vec<(&'static [&'static str], Rule)>>;

/// [`RULES`] grouped by type, in their order: [`rule`] runs for every field
/// of every response, and a scan of all the rules for each was a visible
/// share of a large page's cost.
fn by_type() -> &'static RulesByType {
    static BY_TYPE: OnceLock<RulesByType> = OnceLock::new();
    BY_TYPE.get_or_init(|| {
        let mut map = RulesByType::new();
        for (t, fields, r) in RULES {
            map.entry(*t).or_default().push((*fields, *r));
        }
        map
    })
}

/// (type, field, named return type) of every field of every object type in
/// an SDL document: what the rule tests here and the field-policy walk in
/// `tests/api/fields.rs` go through.
pub fn sdl_fields(sdl: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_doc = false;
    for line in sdl.lines() {
        let t = line.trim();
        if t.starts_with("\"\"\"") {
            // A doc string either fits on one line or opens and closes on
            // lines of its own.
            let one_line = t.len() > 3 && t.ends_with("\"\"\"");
            if !one_line {
                in_doc = !in_doc;
            }
            continue;
        }
        if in_doc || t.is_empty() {
            continue;
        }
        if let Some(rest) = t.strip_prefix("type ") {
            current = rest.split_whitespace().next().map(str::to_owned);
        } else if t == "}" {
            current = None;
        } else if let Some(ty) = &current {
            let name: String = t.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            // The return type follows the last `:` after the arguments.
            let after_args = t.rfind(')').map_or(t, |i| &t[i..]);
            let ret = after_args.rsplit(':').next().unwrap_or_default();
            let named: String = ret.chars().filter(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.push((ty.clone(), name, named));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (type, field) of every object type in an SDL document.
    fn object_fields(sdl: &str) -> Vec<(String, String)> {
        sdl_fields(sdl).into_iter().map(|(t, f, _)| (t, f)).collect()
    }

    #[test]
    fn every_field_of_the_schema_has_a_rule() {
        let fields = object_fields(&crate::graphql::sdl());
        assert!(fields.len() > 50, "the SDL walk found the fields");
        let missing: Vec<String> =
            fields.iter().filter(|(t, f)| rule(t, f).is_none()).map(|(t, f)| format!("{t}.{f}")).collect();
        assert!(missing.is_empty(), "fields without a permission rule: {missing:?}");
    }

    #[test]
    fn the_verdicts_follow_the_domain_table() {
        let shows = |role, field| matches!(verdict(role, field), Verdict::Show { .. });
        assert!(!shows(Role::Admin, Field::BirthDate));
        assert!(!shows(Role::Dashboard, Field::Location));
        assert!(matches!(verdict(Role::Grid, Field::Phone), Verdict::Show { mask: None, audit: Audit::Always }));
        assert!(matches!(verdict(Role::Grid, Field::BirthDate), Verdict::Show { mask: None, audit: Audit::IfMinor }));
        assert!(matches!(verdict(Role::District, Field::Phone), Verdict::Show { mask: Some(_), audit: Audit::No }));
        assert_eq!(rule("Visit", "health"), Some(Guarded(Field::Health)));
        assert_eq!(rule("Visit", "findings"), Some(Guarded(Field::Visit)));
    }

    #[test]
    fn every_part_type_is_guarded() {
        let fields = object_fields(&crate::graphql::sdl());
        for part in PARTS {
            let of_part: Vec<_> = fields.iter().filter(|(t, _)| t == part).collect();
            assert!(!of_part.is_empty(), "{part} is in the schema");
            assert!(of_part.iter().all(|(t, f)| matches!(rule(t, f), Some(Guarded(_)))), "{part}");
        }
    }

    #[test]
    fn every_rule_names_a_field_that_exists() {
        let fields = object_fields(&crate::graphql::sdl());
        for (t, names, _) in RULES {
            for name in names.iter().filter(|n| **n != "*") {
                assert!(fields.iter().any(|(ft, ff)| ft == t && ff == name), "stale rule {t}.{name}");
            }
            assert!(fields.iter().any(|(ft, _)| ft == t), "stale rules for type {t}");
        }
    }
}
