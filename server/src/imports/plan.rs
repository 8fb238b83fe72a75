//! The check of a whole file against itself and the registry (the dry
//! run), and what a commit would do with each row.
//!
//! - Each row's region: a code, or a village or grid name (`村/网格` for a
//!   grid), looked up among the regions of the importer's jurisdiction
//!   (within `--region` when given), or `--region` itself.
//! - Rows are grouped into households by region, head's name (户主姓名,
//!   or the last 户主 row above when the file has no such column) and
//!   address.
//! - An ID number twice in a file is an error: a repeated row after the
//!   first, and every row when they are in different households (one
//!   person in two households).
//! - An ID number registered in the jurisdiction is that person: the row
//!   updates them, or changes nothing when it says what the registry
//!   says (a second import of the same file is all `UNCHANGED`); a blank
//!   cell never clears a registered fact. Registered outside it, the row
//!   is refused as the form refuses it (`ID_NUMBER_TAKEN`), and audited
//!   the same way.
//! - A group whose registered members live in one household joins it;
//!   a member registered in another household is an error (the import
//!   does not move people between households: that is a change staff make
//!   on the household's page). A registered household's own facts
//!   (address, economic status) are left as they are.
//! - Family links (father, mother, spouse) are inferred for the people the
//!   import creates, from their relation to the head, where one person
//!   fits (a child's parents are the head and the head's only spouse).

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use entity::{EconomicStatus, RegionLevel, Relation, ResidenceStatus, Sex, household, person, region};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect as _};
use uuid::Uuid;

use super::{
    columns::Field,
    record::{Record, Severity},
};
use crate::{
    auth::Actor,
    db::Db,
    error::{AppError, AppResult, messages as msg},
    policy::scope,
    registry::person::PersonFacts,
};

/// What a commit does with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Unchanged,
    /// A row with an error: never written.
    Skip,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "CREATE",
            Action::Update => "UPDATE",
            Action::Unchanged => "UNCHANGED",
            Action::Skip => "SKIP",
        }
    }
}

/// A row with what a commit would do.
#[derive(Debug)]
pub struct Row {
    pub record: Record,
    pub action: Action,
    pub region: Option<Place>,
    pub group: usize,
    /// The registered person the row's ID number belongs to.
    pub existing: Option<Box<person::Model>>,
    /// For `Create`, the new person's id; for the others, the registered
    /// person's.
    pub person_id: Uuid,
    /// For `Create`, the links inferred; for `Update`, the facts to write.
    pub father_id: Option<Uuid>,
    pub mother_id: Option<Uuid>,
    pub spouse_id: Option<Uuid>,
    pub update: Option<Box<PersonFacts>>,
}

/// A row's region, as much of it as the plan needs (a row holds no copy
/// of the region's names: a district's ledger has a million rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub id: Uuid,
    pub scope_key: i64,
}

/// A household the rows of a group belong to.
#[derive(Debug)]
pub enum Household {
    Existing(household::Model),
    New(household::Model),
    /// The group's rows are all errors, or it lacks what a new household
    /// needs.
    None,
}

#[derive(Debug)]
pub struct Group {
    pub household: Household,
    pub rows: Vec<usize>,
}

/// The whole file checked.
#[derive(Debug)]
pub struct Plan {
    pub rows: Vec<Row>,
    pub groups: Vec<Group>,
    /// Registered people outside the jurisdiction whose ID numbers the
    /// file holds: audited like the form's refusals.
    pub foreign_holders: Vec<Uuid>,
}

impl Plan {
    pub fn errors(&self) -> usize {
        self.rows.iter().filter(|r| r.record.has_errors()).count()
    }
}

/// The regions of the jurisdiction, by code and by name.
struct Regions {
    by_code: HashMap<String, region::Model>,
    by_id: HashMap<Uuid, region::Model>,
}

impl Regions {
    async fn load(db: &Db, actor: &Actor) -> AppResult<Self> {
        let all = region::Entity::find().filter(scope::regions(actor, region::Column::KeyLo)).all(db).await?;
        Ok(Self {
            by_code: all.iter().map(|r| (r.code.clone(), r.clone())).collect(),
            by_id: all.into_iter().map(|r| (r.id, r)).collect(),
        })
    }

    /// A code, a name or `村/网格`, within `within` when given.
    fn find(&self, raw: &str, within: Option<&region::Model>) -> Result<region::Model, crate::error::Msg> {
        let raw = raw.trim();
        let inside = |r: &region::Model| within.is_none_or(|w| w.key_lo <= r.key_lo && r.key_hi <= w.key_hi);
        if raw.bytes().all(|b| b.is_ascii_digit()) {
            return self.by_code.get(raw).filter(|r| inside(r)).cloned().ok_or(msg::REGION_NOT_IN_SCOPE);
        }
        let (parent, name) = match raw.split_once(['/', '／']) {
            Some((p, n)) => (Some(p.trim()), n.trim()),
            None => (None, raw),
        };
        let found: Vec<&region::Model> = self
            .by_id
            .values()
            .filter(|r| r.name == name && matches!(r.level, RegionLevel::Village | RegionLevel::Grid) && inside(r))
            .filter(|r| {
                parent.is_none_or(|p| r.parent_id.and_then(|id| self.by_id.get(&id)).is_some_and(|up| up.name == p))
            })
            .collect();
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(msg::REGION_NOT_IN_SCOPE),
            many => {
                let mut codes: Vec<&str> = many.iter().map(|r| r.code.as_str()).collect();
                codes.sort_unstable();
                Err(msg::IMPORT_REGION_AMBIGUOUS.with("codes", codes.join("、")))
            }
        }
    }
}

/// Checks `rows` (each made by [`Row::new`] of a row's record) as `actor`
/// would import them; `default_region` is the `--region` code.
pub async fn plan(
    db: &Db,
    actor: &Actor,
    mut rows: Vec<Row>,
    default_region: Option<&str>,
    has_head_column: bool,
) -> AppResult<Plan> {
    // The request's read transaction (see `db::custom_plans`).
    crate::db::custom_plans(db).await?;
    let regions = Regions::load(db, actor).await?;
    let default = match default_region {
        None => None,
        Some(code) => Some(
            regions
                .by_code
                .get(code.trim())
                .cloned()
                .ok_or_else(|| AppError::invalid("region", msg::REGION_NOT_IN_SCOPE))?,
        ),
    };

    // Regions.
    for row in &mut rows {
        let found = match row.record.region.take() {
            Some(raw) => regions.find(&raw, default.as_ref()),
            None => match &default {
                Some(d) => Ok(d.clone()),
                None => Err(msg::REQUIRED),
            },
        };
        match found {
            Ok(r) if !matches!(r.level, RegionLevel::Village | RegionLevel::Grid) => {
                row.record.error(Some(Field::Region), msg::HOUSEHOLD_REGION_LEVEL)
            }
            Ok(r) => row.region = Some(Place { id: r.id, scope_key: r.key_lo }),
            Err(m) => row.record.error(Some(Field::Region), m),
        }
    }

    // Households as the file groups them.
    let mut keys: HashMap<(Option<Uuid>, String, String), usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut last_head: HashMap<Option<Uuid>, String> = HashMap::new();
    for (i, row) in rows.iter_mut().enumerate() {
        let region = row.region.as_ref().map(|r| r.id);
        // The head's name only groups the rows: taken, not copied.
        let head_name = row.record.head_name.take();
        let r = &row.record;
        let is_head = r.relation == Some(Relation::Head);
        let head = match (head_name, is_head, has_head_column) {
            (Some(h), _, _) => String::from(h),
            (None, true, _) => r.name.as_deref().unwrap_or_default().to_owned(),
            (None, false, false) => last_head.get(&region).cloned().unwrap_or_default(),
            (None, false, true) => String::new(),
        };
        if is_head {
            last_head.insert(region, head.clone());
        }
        let key = (region, head, r.address.as_deref().unwrap_or_default().to_owned());
        let next = groups.len();
        let g = *keys.entry(key).or_insert(next);
        if g == next {
            groups.push(Group { household: Household::None, rows: Vec::new() });
        }
        groups[g].rows.push(i);
        row.group = g;
    }

    // The same person twice in the file: the rows in the order of their
    // ID numbers (an index per row, not a map of copied numbers: a
    // district's ledger has a million rows), then each run of one number.
    let mut order: Vec<usize> = (0..rows.len()).filter(|&i| number(&rows[i]).is_some()).collect();
    order.sort_unstable_by(|&a, &b| number(&rows[a]).cmp(&number(&rows[b])).then(a.cmp(&b)));
    let runs: Vec<&[usize]> = order.chunk_by(|&a, &b| number(&rows[a]) == number(&rows[b])).collect();
    for same in runs.iter().filter(|run| run.len() > 1) {
        let first = same[0];
        let lines: Vec<String> = same.iter().map(|&i| rows[i].record.line.to_string()).collect();
        if same.iter().all(|&i| rows[i].group == rows[first].group) {
            let line = rows[first].record.line;
            for &i in &same[1..] {
                rows[i].record.error(Some(Field::IdNumber), msg::IMPORT_DUPLICATE_ROW.with("line", line));
            }
        } else {
            for &i in *same {
                let m = msg::IMPORT_PERSON_IN_TWO_HOUSEHOLDS.with("lines", lines.join("、"));
                rows[i].record.error(Some(Field::IdNumber), m);
            }
        }
    }

    // The registry: the people the numbers belong to, in the jurisdiction
    // or not, 500 numbers a statement.
    let mut registered: HashMap<String, person::Model> = HashMap::new();
    let mut foreign: HashMap<String, Uuid> = HashMap::new();
    for chunk in runs.chunks(500) {
        let numbers: Vec<String> = chunk.iter().filter_map(|run| number(&rows[run[0]]).map(str::to_owned)).collect();
        let found = person::Entity::find()
            .filter(person::Column::IdNumber.is_in(numbers.iter().cloned()))
            .filter(scope::registry(actor, person::Column::ScopeKey))
            .all(db)
            .await?;
        registered.extend(found.into_iter().filter_map(|p| p.id_number.clone().map(|n| (n, p))));
        let elsewhere: Vec<&String> = numbers.iter().filter(|n| !registered.contains_key(*n)).collect();
        if elsewhere.is_empty() {
            continue;
        }
        // Past the jurisdiction (and its row security), as the form's
        // duplicate check: only "held or not" and the holder's id.
        let held: Vec<(Uuid, Option<String>)> = person::Entity::find()
            .select_only()
            .column(person::Column::Id)
            .column(person::Column::IdNumber)
            .filter(person::Column::IdNumber.is_in(elsewhere.into_iter().cloned()))
            .into_tuple()
            .all(db.past_scope())
            .await?;
        foreign.extend(held.into_iter().filter_map(|(id, n)| n.map(|n| (n, id))));
    }
    drop(runs);
    drop(order);
    let mut foreign_holders = Vec::new();
    for row in &mut rows {
        let Some(number) = row.record.id.as_ref().map(|id| id.value.as_str()) else { continue };
        if let Some(p) = registered.get(number) {
            row.existing = Some(Box::new(p.clone()));
            row.person_id = p.id;
        } else if let Some(holder) = foreign.get(number) {
            row.record.error(Some(Field::IdNumber), msg::ID_NUMBER_TAKEN);
            foreign_holders.push(*holder);
        }
    }
    foreign_holders.sort_unstable();
    foreign_holders.dedup();

    // The households the groups join, and their registered members.
    let household_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.existing.as_ref().map(|p| p.household_id)).collect();
    let mut households: HashMap<Uuid, household::Model> = HashMap::new();
    let mut members: HashMap<Uuid, Vec<person::Model>> = HashMap::new();
    let unique: Vec<Uuid> = household_ids.into_iter().collect::<HashSet<_>>().into_iter().collect();
    for chunk in unique.chunks(500) {
        let found = household::Entity::find()
            .filter(household::Column::Id.is_in(chunk.iter().copied()))
            .filter(scope::registry(actor, household::Column::ScopeKey))
            .all(db)
            .await?;
        households.extend(found.into_iter().map(|h| (h.id, h)));
        let people = person::Entity::find()
            .filter(person::Column::HouseholdId.is_in(chunk.iter().copied()))
            .filter(scope::registry(actor, person::Column::ScopeKey))
            .all(db)
            .await?;
        for p in people {
            members.entry(p.household_id).or_default().push(p);
        }
    }

    let now = Utc::now();
    for group in &mut groups {
        let group_rows = group.rows.clone();
        let head_row = group_rows.iter().copied().find(|&i| rows[i].record.relation == Some(Relation::Head));
        let chosen = head_row
            .and_then(|i| rows[i].existing.as_ref())
            .or_else(|| group_rows.iter().find_map(|&i| rows[i].existing.as_ref()))
            .map(|p| p.household_id);
        for &i in &group_rows {
            if let (Some(p), Some(h)) = (&rows[i].existing, chosen)
                && p.household_id != h
            {
                rows[i].record.error(Some(Field::HeadName), msg::IMPORT_PERSON_IN_OTHER_HOUSEHOLD);
            }
        }
        // One head per household, the registered one included.
        let registered_head = chosen.and_then(|h| {
            members.get(&h).and_then(|m| m.iter().find(|p| p.relation_to_head == Relation::Head)).map(|p| p.id)
        });
        let mut heads = 0;
        for &i in &group_rows {
            if rows[i].record.relation != Some(Relation::Head) {
                continue;
            }
            let is_registered_head = rows[i].existing.as_ref().map(|p| p.id) == registered_head;
            if registered_head.is_some() && !is_registered_head || heads > 0 {
                rows[i].record.error(Some(Field::Relation), msg::IMPORT_SECOND_HEAD);
            }
            heads += 1;
        }
        let first = group_rows[0];
        group.household = match chosen.and_then(|h| households.get(&h)) {
            Some(h) => {
                let differs = group_rows.iter().any(|&i| {
                    let r = &rows[i].record;
                    r.address.as_deref().is_some_and(|a| a != h.address)
                        || r.economic.is_some_and(|e| e != h.economic_status)
                        || rows[i].region.is_some_and(|reg| reg.scope_key != h.scope_key)
                });
                if differs {
                    rows[first].record.warn(None, msg::IMPORT_HOUSEHOLD_KEPT);
                }
                Household::Existing(h.clone())
            }
            None => new_household(&mut rows, &group_rows, now),
        };
        if matches!(group.household, Household::New(_)) && heads == 0 {
            rows[first].record.warn(Some(Field::Relation), msg::IMPORT_NO_HEAD);
        }
    }

    // What each row does, and the links of the people created.
    for group in &groups {
        for &i in &group.rows {
            decide(&mut rows[i], &group.household);
        }
        let registered = match &group.household {
            Household::Existing(h) => members.get(&h.id).cloned().unwrap_or_default(),
            _ => Vec::new(),
        };
        link(&mut rows, &group.rows, &registered);
    }
    Ok(Plan { rows, groups, foreign_holders })
}

/// A row's ID number, if it has a valid one.
fn number(row: &Row) -> Option<&str> {
    row.record.id.as_ref().map(|id| id.value.as_str())
}

impl Row {
    /// A row not yet checked against the file and the registry.
    pub fn new(record: Record) -> Self {
        Row {
            record,
            action: Action::Skip,
            region: None,
            group: 0,
            existing: None,
            person_id: Uuid::now_v7(),
            father_id: None,
            mother_id: None,
            spouse_id: None,
            update: None,
        }
    }
}

/// A household for a group no registered member ties to one: its region,
/// address and economic status from the rows (the first that says).
fn new_household(rows: &mut [Row], group_rows: &[usize], now: chrono::DateTime<Utc>) -> Household {
    let region = group_rows.iter().find_map(|&i| rows[i].region);
    let address = group_rows.iter().find_map(|&i| rows[i].record.address.as_deref().map(str::to_owned));
    let economic = group_rows.iter().find_map(|&i| rows[i].record.economic);
    let (Some(region), Some(address)) = (region, address) else {
        if group_rows.iter().any(|&i| rows[i].region.is_some()) {
            for &i in group_rows {
                if rows[i].record.address.is_none()
                    && !rows[i].record.issues.iter().any(|x| x.field == Some(Field::Address))
                {
                    rows[i].record.error(Some(Field::Address), msg::IMPORT_ADDRESS_REQUIRED);
                }
            }
        }
        return Household::None;
    };
    for &i in group_rows {
        if rows[i].record.economic.is_some_and(|e| Some(e) != economic) {
            rows[i].record.warn(Some(Field::EconomicStatus), msg::IMPORT_ECONOMIC_DIFFERS);
        }
    }
    Household::New(household::Model {
        id: Uuid::now_v7(),
        region_id: region.id,
        scope_key: region.scope_key,
        address,
        lat: None,
        lng: None,
        economic_status: economic.unwrap_or(EconomicStatus::General),
        version: 1,
        created_at: now,
        updated_at: now,
    })
}

/// The row's action: skipped with an error (or with no household to go
/// to), an update when it says something new about a registered person.
fn decide(row: &mut Row, household: &Household) {
    if row.record.has_errors() || matches!(household, Household::None) {
        row.action = Action::Skip;
        return;
    }
    let Some(existing) = &row.existing else {
        row.action = Action::Create;
        return;
    };
    let before = PersonFacts::from(&**existing);
    let after = overlay(&row.record, before.clone());
    if row.record.name.as_deref().is_some_and(|n| *n != existing.name) {
        row.record.warn(Some(Field::Name), msg::IMPORT_NAME_DIFFERS);
    }
    if after == before {
        row.action = Action::Unchanged;
    } else {
        row.action = Action::Update;
        row.update = Some(Box::new(after));
    }
}

/// The registered facts with what the row says over them; a blank cell
/// keeps the registered value.
fn overlay(r: &Record, mut f: PersonFacts) -> PersonFacts {
    fn set<T>(slot: &mut Option<T>, value: &Option<T>)
    where
        T: Clone,
    {
        if let Some(v) = value {
            *slot = Some(v.clone());
        }
    }
    if let Some(name) = &r.name {
        f.name = name.to_string();
    }
    let text = |t: &Option<Box<str>>| t.as_deref().map(str::to_owned);
    set(&mut f.id_number, &r.id.as_ref().map(|id| id.value.clone()));
    set(&mut f.sex, &r.sex);
    set(&mut f.birth_date, &r.birth_date);
    set(&mut f.phone, &text(&r.phone));
    if let Some(relation) = r.relation {
        f.relation_to_head = relation;
    }
    if let Some(status) = r.residence {
        f.residence_status = status;
        // Home again: when and where one was away no longer holds.
        if !(status.is_away() || status == ResidenceStatus::MovedOut) {
            f.away_since = None;
            f.away_outside_county = None;
        }
    }
    set(&mut f.away_since, &r.away_since);
    set(&mut f.away_outside_county, &r.away_outside_county);
    set(&mut f.health, &text(&r.health));
    set(&mut f.disability, &text(&r.disability));
    set(&mut f.self_care, &r.self_care);
    set(&mut f.marital_status, &r.marital);
    set(&mut f.living_alone, &r.living_alone);
    f
}

/// A member of a household, as the links see it.
struct Member {
    id: Uuid,
    relation: Relation,
    sex: Option<Sex>,
}

/// Father, mother and spouse of the rows the import creates, where the
/// relations to the head leave one candidate.
fn link(rows: &mut [Row], group_rows: &[usize], registered: &[person::Model]) {
    let mut all: Vec<Member> =
        registered.iter().map(|p| Member { id: p.id, relation: p.relation_to_head, sex: p.sex }).collect();
    for &i in group_rows {
        let row = &rows[i];
        if row.action == Action::Skip || all.iter().any(|m| m.id == row.person_id) {
            continue;
        }
        if let Some(relation) = row.record.relation {
            all.push(Member { id: row.person_id, relation, sex: row.record.sex.or(row.record.relation_sex) });
        }
    }
    let only = |relation: Relation, sex: Option<Sex>| -> Option<Uuid> {
        let mut found = all.iter().filter(|m| m.relation == relation && (sex.is_none() || m.sex == sex));
        match (found.next(), found.next()) {
            (Some(m), None) => Some(m.id),
            _ => None,
        }
    };
    let head = only(Relation::Head, None);
    let spouse = only(Relation::Spouse, None);
    let sex_of = |id: Option<Uuid>| id.and_then(|id| all.iter().find(|m| m.id == id)).and_then(|m| m.sex);
    // The head and the head's spouse, as father and mother.
    let couple = |want: Sex| [head, spouse].into_iter().flatten().find(|id| sex_of(Some(*id)) == Some(want));
    let (father_of_children, mother_of_children) = match (head, spouse) {
        (Some(_), Some(_)) => (couple(Sex::Male), couple(Sex::Female)),
        (Some(h), None) => match sex_of(Some(h)) {
            Some(Sex::Male) => (Some(h), None),
            Some(Sex::Female) => (None, Some(h)),
            None => (None, None),
        },
        _ => (None, None),
    };
    let only_child = only(Relation::Child, None);
    let parents = (only(Relation::Parent, Some(Sex::Male)), only(Relation::Parent, Some(Sex::Female)));
    for &i in group_rows {
        if rows[i].action != Action::Create {
            continue;
        }
        let id = rows[i].person_id;
        let (father, mother, spouse_of) = match rows[i].record.relation {
            Some(Relation::Head) => (parents.0, parents.1, spouse),
            Some(Relation::Spouse) => (None, None, head),
            Some(Relation::Child) => (father_of_children, mother_of_children, None),
            Some(Relation::Grandchild) => match sex_of(only_child) {
                Some(Sex::Male) => (only_child, None, None),
                Some(Sex::Female) => (None, only_child, None),
                None => (None, None, None),
            },
            Some(Relation::Parent) => {
                let other = if sex_of(Some(id)) == Some(Sex::Male) { parents.1 } else { parents.0 };
                (None, None, other.filter(|_| parents.0.is_some() && parents.1.is_some()))
            }
            _ => (None, None, None),
        };
        let not_self = |x: Option<Uuid>| x.filter(|x| *x != id);
        rows[i].father_id = not_self(father).filter(|f| sex_of(Some(*f)) == Some(Sex::Male));
        rows[i].mother_id = not_self(mother).filter(|m| sex_of(Some(*m)) == Some(Sex::Female));
        rows[i].spouse_id = not_self(spouse_of);
    }
}

/// The rows' counts, as the report and the audit entry state them.
#[derive(Debug, Default, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub rows: usize,
    pub ok: usize,
    pub warnings: usize,
    pub errors: usize,
    pub households_created: usize,
    pub households_joined: usize,
    pub people_created: usize,
    pub people_updated: usize,
    pub people_unchanged: usize,
    pub skipped: usize,
}

impl Plan {
    pub fn counts(&self) -> Counts {
        let mut c = Counts { rows: self.rows.len(), ..Counts::default() };
        for row in &self.rows {
            match row.record.issues.iter().map(|i| i.severity).max() {
                None => c.ok += 1,
                Some(Severity::Warning) => c.warnings += 1,
                Some(Severity::Error) => c.errors += 1,
            }
            match row.action {
                Action::Create => c.people_created += 1,
                Action::Update => c.people_updated += 1,
                Action::Unchanged => c.people_unchanged += 1,
                Action::Skip => c.skipped += 1,
            }
        }
        for g in &self.groups {
            let writes = g.rows.iter().any(|&i| self.rows[i].action == Action::Create);
            match &g.household {
                Household::New(_) if writes => c.households_created += 1,
                Household::Existing(_) if writes => c.households_joined += 1,
                _ => {}
            }
        }
        c
    }
}

/// Today, for the checks of dates.
pub fn today() -> NaiveDate {
    crate::clock::today()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(relation: Relation, sex: Sex) -> Row {
        let record = Record { relation: Some(relation), sex: Some(sex), ..Record::default() };
        Row { action: Action::Create, ..Row::new(record) }
    }

    #[test]
    fn children_get_the_head_and_the_only_spouse_as_parents() {
        let mut rows = vec![
            member(Relation::Head, Sex::Male),
            member(Relation::Spouse, Sex::Female),
            member(Relation::Child, Sex::Female),
            member(Relation::Parent, Sex::Female),
        ];
        link(&mut rows, &[0, 1, 2, 3], &[]);
        let (head, spouse, mother) = (rows[0].person_id, rows[1].person_id, rows[3].person_id);
        assert_eq!((rows[2].father_id, rows[2].mother_id), (Some(head), Some(spouse)));
        assert_eq!((rows[0].spouse_id, rows[1].spouse_id), (Some(spouse), Some(head)));
        assert_eq!((rows[0].father_id, rows[0].mother_id), (None, Some(mother)));
    }

    #[test]
    fn two_spouses_leave_the_children_without_a_second_parent() {
        let mut rows = vec![
            member(Relation::Head, Sex::Female),
            member(Relation::Spouse, Sex::Male),
            member(Relation::Spouse, Sex::Male),
            member(Relation::Child, Sex::Male),
        ];
        link(&mut rows, &[0, 1, 2, 3], &[]);
        assert_eq!(
            (rows[3].father_id, rows[3].mother_id),
            (None, Some(rows[0].person_id)),
            "the head is the mother, the father unknown"
        );
        assert_eq!(rows[0].spouse_id, None);
    }
}
