//! Every GraphQL document the app sends, in one place: the request
//! functions in `api` take a [`Query`], which only this module can make,
//! and `api::contract` (a host test) validates each of them, and the keys
//! its decoder reads, against `server/schema.graphql`.

use std::borrow::Cow;
use std::marker::PhantomData;

use serde_json::Value;

use super::admin::{CreatedAccount, CreatedToken};
use super::alerts::Alert;
use crate::model::{
    AuthPayload, Classification, Connection, DuePage, HouseholdDetail, HouseholdPoint, HouseholdRow, PersonDetail,
    Region, Saved, Stats, VisitHousehold,
};

/// One operation: its name, its document, and the field of `data` that
/// the answer is read from as `T`.
pub struct Query<T> {
    name: &'static str,
    root: &'static str,
    text: Cow<'static, str>,
    decodes: PhantomData<fn() -> T>,
}

impl<T> Query<T> {
    const fn new(name: &'static str, root: &'static str, text: &'static str) -> Self {
        Self { name, root, text: Cow::Borrowed(text), decodes: PhantomData }
    }

    /// The operation name, sent as `operationName` and named in logs.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The field of `data` the answer is read from; `""` for all of `data`.
    pub fn root(&self) -> &'static str {
        self.root
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

/// The fields of a classification every view asks for.
macro_rules! classification_fields {
    () => {
        "id category status careLevel suggestedCareLevel since until \
         person { id name } reasons { text } careReasons { text }"
    };
}

/// The fields of a region shown on a page, with its ancestors up to the
/// caller's root for the breadcrumb (the tree is four levels deep).
macro_rules! region_with_trail {
    () => {
        "id name level code rural lat lng \
         parent { id name level parent { id name level parent { id name level } } }"
    };
}

/// The fields of a spot-check item the round's page shows: each
/// household's members with their open classifications, for the result form.
macro_rules! spot_check_item_fields {
    () => {
        "id version stratum status dueOn checkedAt town { id name } village { name } \
         assignee { displayName } lastSweptBy { displayName } lastSweptAt \
         household { id address lat lng members { id name age \
         classifications(status: [SUGGESTED, CONFIRMED]) { id category status } } } \
         findings { id version result category reason rectification rectifiedAt person { id name } }"
    };
}

/// Declares the queries and the list the contract test walks, so that a
/// query cannot be added without being checked.
macro_rules! queries {
    ($($(#[$doc:meta])* $name:ident: $ty:ty = ($op:literal, $root:literal, $text:expr);)+) => {
        $($(#[$doc])* pub static $name: Query<$ty> = Query::new($op, $root, $text);)+

        /// Every query the app sends, for the contract test.
        #[cfg(test)]
        pub fn all() -> Vec<Checked> {
            let mut all = vec![$($name.checked()),+];
            // Built per batch size: each size is a document of its own.
            all.extend((1..=super::regions::COUNT_BATCH).map(|n| region_counts(n).checked()));
            all
        }
    };
}

queries! {
    LOGIN: AuthPayload = ("Login", "login", "mutation Login($username: String!, $password: String!) {
        login(username: $username, password: $password) {
            token expiresAt
            user { id username displayName role region { id name level }
                can { readRegistry editRegistry decideClassifications recordVisits acknowledgeAlerts
                    readStats revealIdNumbers manageUsers readAudit approveAccounts
                    readSpotChecks runSpotChecks answerSpotChecks visitKinds } }
        }
    }");

    /// The accounts of the admin's region, read as JSON (`page_of_values`).
    USERS: Connection<Value> = ("Users", "users",
        "query Users($first: Int, $after: String) { users(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { username displayName role status refusalReason region { id name } }
    } }");
    CREATE_USER: CreatedAccount = ("CreateUser", "createUser",
        "mutation CreateUser($input: UserInput!) { createUser(input: $input) { status } }");
    /// The accounts awaiting the caller's approval, as JSON.
    PENDING_ACCOUNTS: Connection<Value> = ("PendingAccounts", "pendingAccounts",
        "query PendingAccounts($first: Int, $after: String) { pendingAccounts(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { id version username displayName role pendingChanges approvalRequestedAt
            approvalRequestedBy { displayName role } region { name } }
    } }");
    APPROVE_ACCOUNT: Value = ("ApproveAccount", "approveAccount",
        "mutation ApproveAccount($id: ID!, $version: Int!) { approveAccount(id: $id, version: $version) { status } }");
    REFUSE_ACCOUNT: Value = ("RefuseAccount", "refuseAccount",
        "mutation RefuseAccount($id: ID!, $version: Int!, $reason: String!) { refuseAccount(id: $id, version: $version, reason: $reason) { status } }");
    /// The tokens of the admin's region, oldest first, as JSON.
    API_TOKENS: Connection<Value> = ("ApiTokens", "apiTokens",
        "query ApiTokens($first: Int, $after: String) { apiTokens(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { id name createdAt expiresAt revokedAt region { id name } }
    } }");
    CREATE_API_TOKEN: CreatedToken = ("CreateApiToken", "createApiToken",
        "mutation CreateApiToken($name: String!, $regionId: ID!, $expiresAt: DateTime) {
        createApiToken(name: $name, regionId: $regionId, expiresAt: $expiresAt) { token }
    }");
    REVOKE_API_TOKEN: Value = ("RevokeApiToken", "revokeApiToken",
        "mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) }");

    ALERTS: Connection<Alert> = ("Alerts", "alerts",
        "query Alerts($filter: AlertFilter, $first: Int, $after: String) {
        alerts(filter: $filter, first: $first, after: $after) {
            totalCount pageInfo { hasNextPage endCursor }
            nodes { id kind status raisedAt clearedOn acknowledgedAt note acknowledgedBy { displayName }
                reasons { text } person { id name age household { id address } } }
        }
    }");
    ACKNOWLEDGE_ALERT: Value = ("AcknowledgeAlert", "acknowledgeAlert",
        "mutation AcknowledgeAlert($id: ID!, $note: String!) {
        acknowledgeAlert(id: $id, note: $note) { id }
    }");

    /// 台账上报: the status grid of the caller's region, as JSON.
    REPORT_STATUS: Value = ("ReportStatus", "reportStatus",
        "query ReportStatus { reportStatus { region { id name level } periods late
        rows { region { id name } cells { period status late report { id } } } } }");
    /// One report with its first rows and totals, as JSON.
    REPORT: Value = ("Report", "report",
        "query Report($id: ID!) { report(id: $id) { id version level period reportVersion status
        region { id name } submittedAt decisionNote gapReason deadline rowCount
        totals { people households sweptHouseholds byChange { change count } }
        rows(first: 100) { totalCount nodes { seq villageName name sex birthDate idNumber categories { category }
          careLevel lastVisitAt change changedFields endReason } } } }");
    /// The towns' ledgers the district sees, as JSON.
    LEDGERS: Value = ("Ledgers", "reports",
        "query Ledgers { reports(filter: { level: TOWN }, first: 8) { nodes { id period reportVersion status } } }");
    PREPARE_REPORT: Value = ("PrepareReport", "prepareReport",
        "mutation PrepareReport($r: ID!, $p: String!) { prepareReport(regionId: $r, period: $p) { id } }");
    SUBMIT_REPORT: Value = ("SubmitReport", "submitReport",
        "mutation SubmitReport($id: ID!, $v: Int!, $t: String) { submitReport(id: $id, version: $v, reason: $t) { id } }");
    ACCEPT_REPORT: Value = ("AcceptReport", "acceptReport",
        "mutation AcceptReport($id: ID!, $v: Int!, $t: String) { acceptReport(id: $id, version: $v, note: $t) { id } }");
    RETURN_REPORT: Value = ("ReturnReport", "returnReport",
        "mutation ReturnReport($id: ID!, $v: Int!, $t: String!) { returnReport(id: $id, version: $v, reason: $t) { id } }");

    /// Spot-check rounds, newest first, as JSON.
    SPOT_CHECK_ROUNDS: Value = ("SpotCheckRounds", "spotCheckRounds",
        "query SpotCheckRounds { spotCheckRounds { id quarter status itemCount seed } }");
    /// One round with its items (each household's members and their open
    /// classifications, for the result form) and the rates per town.
    SPOT_CHECK_ROUND: Value = ("SpotCheckRound", "spotCheckRound", concat!(
        "query SpotCheckRound($id: ID!) { spotCheckRound(id: $id) {
        id quarter seed perTown classified unclassified dueOn status itemCount sampleHash version drawnAt
        drawnBy { displayName } closedAt
        rates { town { id name } sampled checked
            counts { consistent missed wrong dataError unreachable compared toAnswer answered errorRate }
            villages { village { name } counts { missed wrong dataError unreachable answered } } }
        items(first: 100) { totalCount pageInfo { hasNextPage endCursor } nodes { ", spot_check_item_fields!(), " } } } }"));
    /// The next page of a round's items, for rounds over 100 households.
    SPOT_CHECK_ITEMS: Value = ("SpotCheckItems", "spotCheckRound", concat!(
        "query SpotCheckItems($id: ID!, $after: String) { spotCheckRound(id: $id) {
        items(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ", spot_check_item_fields!(), " } } } }"));
    DRAW_SPOT_CHECK: Value = ("DrawSpotCheck", "drawSpotCheck",
        "mutation DrawSpotCheck($q: String!, $n: Int!, $st: SpotCheckStrataInput, $s: Int) {
        drawSpotCheck(quarter: $q, perTown: $n, strata: $st, seed: $s) { id } }");
    RECORD_SPOT_CHECK: Value = ("RecordSpotCheck", "recordSpotCheck",
        "mutation RecordSpotCheck($item: ID!, $v: VisitInput!, $f: [SpotCheckFindingInput!]!) {
        recordSpotCheck(itemId: $item, visit: $v, findings: $f) { id status } }");
    CLOSE_SPOT_CHECK: Value = ("CloseSpotCheck", "closeSpotCheck",
        "mutation CloseSpotCheck($id: ID!, $v: Int!) { closeSpotCheck(id: $id, version: $v) { id status } }");
    ANSWER_SPOT_CHECK: Value = ("AnswerSpotCheck", "answerSpotCheckFinding",
        "mutation AnswerSpotCheck($id: ID!, $v: Int!, $n: String!) {
        answerSpotCheckFinding(id: $id, version: $v, note: $n) { id } }");

    /// The audit log, newest first, as JSON; `filter` is an `AuditFilter`.
    AUDIT_LOG: Connection<Value> = ("AuditLog", "auditLog",
        "query AuditLog($filter: AuditFilter, $first: Int, $after: String) {
        auditLog(filter: $filter, first: $first, after: $after) {
            totalCount pageInfo { hasNextPage endCursor }
            nodes { at actorId actorRole actorRegion action targetType targetId personId reason outcome detail }
        } }");

    QUEUE: Connection<Classification> = ("Queue", "classifications", concat!(
        "query Queue($first: Int, $after: String) {
            classifications(filter: {status: SUGGESTED}, first: $first, after: $after) {
            totalCount pageInfo { hasNextPage endCursor } nodes { ",
        classification_fields!(),
        " } } }"
    ));
    CONFIRM: Value = ("Confirm", "confirmClassification",
        "mutation Confirm($id: ID!, $careLevel: CareLevel!, $note: String) {
        confirmClassification(id: $id, careLevel: $careLevel, note: $note) { id }
    }");
    REJECT: Value = ("Reject", "rejectClassification",
        "mutation Reject($id: ID!, $reason: String!) {
        rejectClassification(id: $id, reason: $reason) { id }
    }");
    REVEAL: String = ("Reveal", "revealIdNumber",
        "mutation Reveal($personId: ID!, $reason: String!) {
        revealIdNumber(personId: $personId, reason: $reason)
    }");
    DUE: DuePage = ("Due", "dueVisits",
        "query Due($first: Int, $after: String) { dueVisits(first: $first, after: $after) {
        totalCount overdueCount pageInfo { hasNextPage endCursor }
        edges { node { household { id address } person { id name } kind reason dueAt overdue lastVisitAt } }
    } }");
    VISIT_HOUSEHOLD: Option<VisitHousehold> = ("VisitHousehold", "household",
        "query VisitHousehold($id: ID!) { household(id: $id) { id address members { id name } } }");
    RECORD_VISIT: Value = ("RecordVisit", "recordVisit",
        "mutation RecordVisit($input: VisitInput!) { recordVisit(input: $input) { id } }");
    STATS: Stats = ("Stats", "stats",
        "query Stats($regionId: ID) { stats(regionId: $regionId) {
        totals { households people sweptThisMonthShare overdueCareVisits byCategory { category count } }
        children { region { id name level } figures {
            households people sweptThisMonthShare overdueCareVisits byCategory { category count } } }
    } }");

    HOUSEHOLDS: Connection<HouseholdRow> = ("Households", "households",
        "query Households($filter: HouseholdFilter, $first: Int, $after: String) {
        households(filter: $filter, first: $first, after: $after) {
            totalCount
            nodes { id address economicStatus region { id name level } members { id name } }
            pageInfo { hasNextPage endCursor }
        }
    }");
    /// Only the first page asks for `totalCount` (`$count`): each count is
    /// a query of its own.
    HOUSEHOLD_POINTS: Connection<HouseholdPoint> = ("HouseholdPoints", "households",
        "query HouseholdPoints($filter: HouseholdFilter, $first: Int, $after: String, $count: Boolean!) {
        households(filter: $filter, first: $first, after: $after) {
            totalCount @include(if: $count)
            nodes {
                id lat lng economicStatus address
                classifications(status: [CONFIRMED]) { id category status careLevel }
            }
            pageInfo { hasNextPage endCursor }
        }
    }");
    HOUSEHOLD: Option<HouseholdDetail> = ("Household", "household", concat!(
        "query Household($id: ID!) { household(id: $id) {
            id version address lat lng economicStatus createdAt updatedAt
            region { ",
        region_with_trail!(),
        " }
            members { id name sex age idNumber phone relationToHead residenceStatus }
        } }"
    ));
    UPDATE_HOUSEHOLD: Saved = ("UpdateHousehold", "updateHousehold",
        "mutation UpdateHousehold($id: ID!, $version: Int!, $input: HouseholdInput!) {
        updateHousehold(id: $id, version: $version, input: $input) { id version }
    }");

    PERSON: Option<PersonDetail> = ("Person", "person", concat!(
        "query Person($id: ID!) { person(id: $id) {
            id version name sex birthDate age idNumber phone relationToHead residenceStatus
            awaySince awayOutsideCounty guardianshipCapable livingAlone health disability
            selfCare maritalStatus createdAt updatedAt
            father { id name } mother { id name } spouse { id name }
            relatives { id version relation awaySince outsideCounty deceased guardianshipCapable note }
            classifications { ",
        classification_fields!(),
        " }
            household { id address members { id name sex } region { ",
        region_with_trail!(),
        " } }
        } }"
    ));
    ADD_PERSON: Saved = ("AddPerson", "addPerson",
        "mutation AddPerson($householdId: ID!, $input: PersonInput!) {
        addPerson(householdId: $householdId, input: $input) { id version }
    }");
    UPDATE_PERSON: Saved = ("UpdatePerson", "updatePerson",
        "mutation UpdatePerson($id: ID!, $version: Int!, $input: PersonInput!) {
        updatePerson(id: $id, version: $version, input: $input) { id version }
    }");

    ADD_RELATIVE: Saved = ("AddRelative", "addRelative",
        "mutation AddRelative($personId: ID!, $input: RelativeInput!) {
        addRelative(personId: $personId, input: $input) { id version }
    }");
    UPDATE_RELATIVE: Saved = ("UpdateRelative", "updateRelative",
        "mutation UpdateRelative($id: ID!, $version: Int!, $input: RelativeInput!) {
        updateRelative(id: $id, version: $version, input: $input) { id version }
    }");
    REMOVE_RELATIVE: Value = ("RemoveRelative", "removeRelative",
        "mutation RemoveRelative($id: ID!, $version: Int!) { removeRelative(id: $id, version: $version) }");

    REGIONS: Vec<Region> = ("Regions", "regions",
        "query Regions($parentId: ID) {
        regions(parentId: $parentId) { id name level code rural lat lng }
    }");
    REGION: Option<Region> = ("Region", "region",
        concat!("query Region($id: ID!) { region(id: $id) { ", region_with_trail!(), " } }"));
}

/// `query RegionCounts($r0: ID, ..) { h0: households(..) { totalCount } p0: people(..) .. }`
/// for `n` regions, read whole (`h0`, `p0`, …); `first: 0` because only the
/// count is wanted.
pub fn region_counts(n: usize) -> Query<Value> {
    let params: Vec<String> = (0..n).map(|i| format!("$r{i}: ID")).collect();
    let mut text = format!("query RegionCounts({}) {{", params.join(", "));
    for i in 0..n {
        text.push_str(&format!(
            " h{i}: households(filter: {{ regionId: $r{i} }}, first: 0) {{ totalCount }} \
             p{i}: people(filter: {{ regionId: $r{i} }}, first: 0) {{ totalCount }}"
        ));
    }
    text.push_str(" }");
    Query { name: "RegionCounts", root: "", text: Cow::Owned(text), decodes: PhantomData }
}

/// A query as the contract test sees it: its document and the shape of
/// what its decoder reads below its root field.
#[cfg(test)]
pub struct Checked {
    pub name: &'static str,
    pub root: &'static str,
    pub text: String,
    pub reads: fn() -> crate::json::Shape,
}

#[cfg(test)]
impl<T: crate::json::Describe> Query<T> {
    fn checked(&self) -> Checked {
        Checked { name: self.name, root: self.root, text: self.text.to_string(), reads: T::shape }
    }
}
