//! Accountability: reads the policy audits leave exactly the promised rows,
//! lookups of foreign ids leave a trace, and the chain is anchored.

use chrono::{Duration, Utc};
use entity::audit_log;
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QueryOrder as _};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    db_tests,
    discovery::{UPDATE_PERSON, someone, years_ago},
    helpers::{Backend, TestApp, error_code, spawn_app},
    visit_support::{record_ok, registered_days_ago, visit},
};

/// The `person.read_sensitive` rows written for `role`'s requests, oldest first.
async fn reads_by(app: &TestApp, role: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("person.read_sensitive"))
        .filter(audit_log::Column::ActorRole.eq(role))
        .order_by_asc(audit_log::Column::Seq)
        .all(&app.db)
        .await
        .unwrap()
}

/// The (whom, fields) pairs of a read entry, `whom` being `person:<id>` or
/// `household:<id>`.
fn read_pairs(entry: &audit_log::Model) -> Vec<(String, Vec<String>)> {
    let rows = entry.detail["reads"].as_array().unwrap();
    let mut pairs: Vec<(String, Vec<String>)> = rows
        .iter()
        .map(|r| {
            let whom = match (r["person"].as_str(), r["household"].as_str()) {
                (Some(p), _) => format!("person:{p}"),
                (_, Some(h)) => format!("household:{h}"),
                _ => panic!("a read names whom: {r}"),
            };
            let fields = r["fields"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_owned()).collect();
            (whom, fields)
        })
        .collect();
    pairs.sort();
    pairs
}

fn ok(body: &Value) -> &Value {
    assert!(body["errors"].is_null(), "{body}");
    &body["data"]
}

/// A household in grid 1 with a 45-year-old mother and her 9-year-old son,
/// and three visits: one that saw the son, one that saw the mother, one
/// that recorded nobody; each with a health note. Returns (household,
/// mother, son).
async fn family_with_visits(app: &TestApp) -> (String, String, String) {
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村7排3号").await;
    let mother =
        app.add_person(&grid, &h, someone("李母", "HEAD", "AT_HOME", json!({ "birthDate": years_ago(45) }))).await;
    let son =
        app.add_person(&grid, &h, someone("李小", "CHILD", "AT_HOME", json!({ "birthDate": years_ago(9) }))).await;
    registered_days_ago(app, &h, 3).await;
    for (hours, seen, health) in [(30, Some(&son), "发烧已退"), (20, Some(&mother), "血压偏高"), (10, None, "家中无人")]
    {
        let mut v = visit(&h, "MONTHLY_SWEEP", Utc::now() - Duration::hours(hours));
        if let Some(p) = seen {
            v["personIds"] = json!([p]);
        }
        v["health"] = json!(health);
        v["findings"] = json!("正常");
        record_ok(app, &grid, v).await;
    }
    (h, mother, son)
}

async fn reading_a_childs_birth_date_address_and_visit_health_leaves_exactly_the_promised_rows(backend: Backend) {
    let app = spawn_app(backend).await;
    let (h, mother, son) = family_with_visits(&app).await;
    let village = app.login("village").await;

    // 1: a child's birth date and age — recorded against the child.
    let child = app.gql(&village, "query($p: ID!) { person(id: $p) { birthDate age } }", json!({ "p": son })).await;
    // 2: the same fields of an adult — not recorded.
    let adult =
        app.gql(&village, "query($p: ID!) { person(id: $p) { birthDate age sex } }", json!({ "p": mother })).await;
    // 3: the household's address — a child's address, recorded against the child only.
    let address = app.gql(&village, "query($h: ID!) { household(id: $h) { address lat } }", json!({ "h": h })).await;
    // 4: every visit's health — recorded for everyone it is about, in one entry.
    let health = app.gql(&village, "{ visits(first: 10) { nodes { health } } }", json!({})).await;
    // 5: the adult's visit without health — not recorded.
    let plain = app
        .gql(
            &village,
            "query($p: ID!) { visits(filter: { personId: $p }, first: 10) { nodes { kind findings } } }",
            json!({ "p": mother }),
        )
        .await;
    // 6: the child's visit without health — recorded (a child's data).
    let childs_visit = app
        .gql(
            &village,
            "query($p: ID!) { visits(filter: { personId: $p }, first: 10) { nodes { findings } } }",
            json!({ "p": son }),
        )
        .await;

    assert!(ok(&child)["person"]["age"].as_i64().is_some_and(|a| a == 9 || a == 8), "{child}");
    ok(&adult);
    assert_eq!(ok(&address)["household"]["address"], "渡口村7排3号");
    assert_eq!(ok(&health)["visits"]["nodes"].as_array().unwrap().len(), 3);
    assert_eq!(ok(&plain)["visits"]["nodes"].as_array().unwrap().len(), 1);
    assert_eq!(ok(&childs_visit)["visits"]["nodes"].as_array().unwrap().len(), 1);
    let reads = reads_by(&app, "VILLAGE").await;
    let pairs: Vec<Vec<(String, Vec<String>)>> = reads.iter().map(read_pairs).collect();
    let (son_key, mother_key, h_key) = (format!("person:{son}"), format!("person:{mother}"), format!("household:{h}"));
    let fields = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let mut expected_health = vec![
        (son_key.clone(), fields(&["Visit.health"])),
        (mother_key, fields(&["Visit.health"])),
        (h_key, fields(&["Visit.health"])),
    ];
    expected_health.sort();
    assert_eq!(
        pairs,
        vec![
            vec![(son_key.clone(), fields(&["Person.age", "Person.birthDate"]))],
            vec![(son_key.clone(), fields(&["Household.address", "Household.lat"]))],
            expected_health,
            vec![(son_key.clone(), fields(&["Visit.findings"]))],
        ],
        "one entry per request that read audited data, none for the adult's plain fields"
    );
    let son_id = Uuid::parse_str(&son).unwrap();
    assert_eq!(reads[0].person_id, Some(son_id), "a read of one person names the person");
    assert!(reads.iter().all(|r| r.outcome == "OK" && !r.detail.to_string().contains("发烧")), "never a value");
    assert_eq!(liushou::audit::verify(&app.db).await.unwrap().first_broken, None);
}

async fn a_read_of_a_childs_data_that_cannot_be_recorded_is_withheld(backend: Backend) {
    use sea_orm::ConnectionTrait as _;
    let app = spawn_app(backend).await;
    let (_, mother, son) = family_with_visits(&app).await;
    let village = app.login("village").await;
    let refuse = match backend {
        Backend::Sqlite => vec![
            "CREATE TRIGGER refuse_reads BEFORE INSERT ON audit_log WHEN NEW.action = 'person.read_sensitive' \
             BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END"
                .to_owned(),
        ],
        Backend::Postgres => vec![
            "CREATE FUNCTION refuse_reads() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF NEW.action = 'person.read_sensitive' THEN RAISE EXCEPTION 'audit store unavailable'; END IF; \
             RETURN NEW; END $$"
                .to_owned(),
            "CREATE TRIGGER refuse_reads BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_reads()"
                .to_owned(),
        ],
    };
    for sql in refuse {
        app.db.execute_unprepared(&sql).await.unwrap();
    }

    let (status, child) =
        app.post(Some(&village), "query($p: ID!) { person(id: $p) { birthDate } }", json!({ "p": son })).await;
    let adult = app.gql(&village, "query($p: ID!) { person(id: $p) { birthDate } }", json!({ "p": mother })).await;

    assert_eq!(status, 500, "{child}");
    assert!(child["data"].is_null() && !child.to_string().contains(&years_ago(9)), "no data leaves: {child}");
    assert_eq!(error_code(&child), Some("INTERNAL"));
    assert!(ok(&adult)["person"]["birthDate"].is_string(), "reads that need no record still work");
}

const PERSON: &str = "query($p: ID!) { person(id: $p) { id } }";

/// The `access.out_of_scope` rows, oldest first.
async fn denials(app: &TestApp) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("access.out_of_scope"))
        .order_by_asc(audit_log::Column::Seq)
        .all(&app.db)
        .await
        .unwrap()
}

async fn probing_an_id_outside_ones_jurisdiction_is_recorded_and_answered_like_a_missing_one(backend: Backend) {
    let app = spawn_app(backend).await;
    let (h, mother, _) = family_with_visits(&app).await;
    let grid2 = app.login("grid2").await;
    let town2 = app.login("town2").await;
    let missing = Uuid::now_v7().to_string();

    let foreign = app.gql(&grid2, PERSON, json!({ "p": mother })).await;
    let absent = app.gql(&grid2, PERSON, json!({ "p": missing })).await;
    let twice = app
        .gql(
            &grid2,
            "query($a: ID!, $b: ID!) { a: household(id: $a) { id } b: household(id: $b) { id } }",
            json!({ "a": h, "b": h }),
        )
        .await;
    let input = someone("李母", "HEAD", "AT_HOME", json!({}));
    let update = app.gql(&town2, UPDATE_PERSON, json!({ "id": mother, "v": 1, "i": input.clone() })).await;
    let update_missing = app.gql(&town2, UPDATE_PERSON, json!({ "id": missing, "v": 1, "i": input })).await;

    assert_eq!(foreign, absent, "a foreign id is answered exactly like a missing one");
    assert_eq!(foreign["data"]["person"], Value::Null);
    assert_eq!(twice["data"], json!({ "a": null, "b": null }));
    assert_eq!(error_code(&update), Some("NOT_FOUND"));
    assert_eq!(update["errors"][0]["message"], update_missing["errors"][0]["message"]);
    let rows = denials(&app).await;
    let seen: Vec<String> = rows
        .iter()
        .map(|r| {
            format!("{:?} {:?} {:?} {}", r.actor_role, r.target_type, r.target_id.map(|t| t.to_string()), r.outcome)
        })
        .collect();
    let row = |role: &str, kind: &str, id: &str| format!("Some({role:?}) Some({kind:?}) Some({id:?}) DENIED");
    assert_eq!(
        seen,
        vec![row("GRID", "person", &mother), row("GRID", "household", &h), row("TOWN", "person", &mother)],
        "one entry per request that probed an existing foreign id, none for missing ids"
    );
    assert_eq!(rows[0].person_id, Some(Uuid::parse_str(&mother).unwrap()));
    assert_eq!(liushou::audit::verify(&app.db).await.unwrap().first_broken, None);
}

async fn deleting_the_newest_audit_rows_is_caught_by_an_anchor_kept_outside(backend: Backend) {
    use liushou::audit;
    use sea_orm::ConnectionTrait as _;
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    app.create_household(&grid, &app.regions().grid, "渡口村8排1号").await;
    let anchor = audit::head(&app.db).await.unwrap().expect("entries to anchor");
    app.create_household(&grid, &app.regions().grid, "渡口村8排2号").await;
    let intact = audit::holds(&app.db, &anchor).await.unwrap();

    // The newest rows, the anchored one among them, removed by someone who
    // can get past the database's own guard.
    let delete = format!("DELETE FROM audit_log WHERE seq >= {}", anchor.seq);
    match backend {
        Backend::Sqlite => {
            app.db.execute_unprepared(&delete).await.unwrap();
        }
        Backend::Postgres => {
            assert!(app.db.execute_unprepared(&delete).await.is_err(), "the trigger refuses while enabled");
            app.db.execute_unprepared("ALTER TABLE audit_log DISABLE TRIGGER ALL").await.unwrap();
            app.db.execute_unprepared(&delete).await.unwrap();
            app.db.execute_unprepared("ALTER TABLE audit_log ENABLE TRIGGER ALL").await.unwrap();
        }
    }

    assert!(intact, "the log holds its own head");
    let chain = audit::verify(&app.db).await.unwrap();
    assert_eq!(chain.first_broken, None, "a chain cut at its end is still a chain: only the anchor can tell");
    assert!(!audit::holds(&app.db, &anchor).await.unwrap(), "the anchor {anchor} is gone");
    let newest = audit::head(&app.db).await.unwrap().unwrap();
    assert!(newest.seq < anchor.seq, "{newest} is older than the anchor {anchor}");
}

db_tests!(
    deleting_the_newest_audit_rows_is_caught_by_an_anchor_kept_outside,
    reading_a_childs_birth_date_address_and_visit_health_leaves_exactly_the_promised_rows,
    a_read_of_a_childs_data_that_cannot_be_recorded_is_withheld,
    probing_an_id_outside_ones_jurisdiction_is_recorded_and_answered_like_a_missing_one,
);
