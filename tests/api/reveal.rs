//! Audited reveal of ID numbers and the audit trail of sensitive reads.

use entity::audit_log;
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QueryOrder as _};
use serde_json::json;

use crate::{
    db_tests,
    helpers::{Backend, TestApp, error_code, id_number, spawn_app},
};

const REVEAL: &str = "mutation($p: ID!, $r: String!) { revealIdNumber(personId: $p, reason: $r) }";

async fn person_with_id(app: &TestApp) -> (String, String) {
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let id = id_number("19450808", false, 2);
    let p = app
        .add_person(
            &grid,
            &h,
            json!({ "name": "李奶奶", "idNumber": id, "phone": "13900001111", "relationToHead": "HEAD", "residenceStatus": "AT_HOME" }),
        )
        .await;
    (p, id)
}

async fn a_town_cadre_reveals_an_id_number_with_a_reason_on_record(backend: Backend) {
    let app = spawn_app(backend).await;
    let (person, id) = person_with_id(&app).await;
    let town = app.login("town").await;

    let body = app.gql(&town, REVEAL, json!({ "p": person, "r": "核实低保申请材料" })).await;

    assert_eq!(body["data"]["revealIdNumber"], id.as_str(), "{body}");
    let pid = uuid::Uuid::parse_str(&person).unwrap();
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("person.reveal_id_number"))
        .filter(audit_log::Column::PersonId.eq(pid))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].reason.as_deref(), Some("核实低保申请材料"));
    assert_eq!(entries[0].actor_role.as_deref(), Some("TOWN"));
    assert!(!format!("{:?}", entries[0]).contains(&id), "the value is never logged");
}

async fn reveals_are_for_town_and_district_in_jurisdiction_with_a_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let (person, _) = person_with_id(&app).await;
    let vars = json!({ "p": person, "r": "核实身份信息" });

    let grid = app.gql(&app.login("grid").await, REVEAL, vars.clone()).await;
    let village = app.gql(&app.login("village").await, REVEAL, vars.clone()).await;
    let town2 = app.gql(&app.login("town2").await, REVEAL, vars.clone()).await;
    let no_reason = app.gql(&app.login("district").await, REVEAL, json!({ "p": person, "r": " " })).await;
    let district = app.gql(&app.login("district").await, REVEAL, vars).await;

    assert_eq!(error_code(&grid), Some("FORBIDDEN"));
    assert_eq!(error_code(&village), Some("FORBIDDEN"));
    assert_eq!(error_code(&town2), Some("NOT_FOUND"), "{town2}");
    assert!(no_reason["errors"][0]["extensions"]["fields"]["reason"].is_string(), "{no_reason}");
    assert!(district["data"]["revealIdNumber"].is_string(), "{district}");
}

async fn reveals_are_rate_limited_per_user(backend: Backend) {
    let app = spawn_app(backend).await;
    let (person, _) = person_with_id(&app).await;
    let town = app.login("town").await;
    let vars = json!({ "p": person, "r": "批量核对台账" });
    for _ in 0..20 {
        assert!(app.gql(&town, REVEAL, vars.clone()).await["data"]["revealIdNumber"].is_string());
    }

    let refused = app.gql(&town, REVEAL, vars.clone()).await;
    let other_user = app.gql(&app.login("district").await, REVEAL, vars).await;

    assert_eq!(error_code(&refused), Some("RATE_LIMITED"));
    assert!(other_user["data"]["revealIdNumber"].is_string(), "the limit is per user");
}

async fn clear_reads_of_phones_and_health_are_audited_without_values(backend: Backend) {
    let app = spawn_app(backend).await;
    let (person, _) = person_with_id(&app).await;
    let village = app.login("village").await;

    app.gql(&village, "query($p: ID!) { person(id: $p) { phone } }", json!({ "p": person })).await;
    app.gql(&village, "query($p: ID!) { person(id: $p) { residenceStatus } }", json!({ "p": person })).await;

    let pid = uuid::Uuid::parse_str(&person).unwrap();
    let reads = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("person.read_sensitive"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(reads.len(), 1, "only the request that read the phone is recorded");
    assert_eq!(reads[0].person_id, Some(pid));
    assert_eq!(reads[0].actor_role.as_deref(), Some("VILLAGE"));
    let detail = reads[0].detail.to_string();
    assert!(detail.contains("phone") && !detail.contains("13900001111"), "{detail}");
}

async fn the_audit_log_is_for_admins_and_the_district_with_filters(backend: Backend) {
    let app = spawn_app(backend).await;
    let (person, _) = person_with_id(&app).await;
    app.gql(&app.login("town").await, REVEAL, json!({ "p": person, "r": "入户核查前核对" })).await;
    let q = "query($f: AuditFilter) { auditLog(filter: $f, first: 10) { totalCount edges { node { action actorRole reason personId } } } }";
    let filter = json!({ "f": { "action": "person.reveal_id_number" } });

    let admin = app.gql(&app.login("admin").await, q, filter.clone()).await;
    let district = app.gql(&app.login("district").await, q, filter.clone()).await;
    let town = app.gql(&app.login("town").await, q, filter).await;
    let newest = app.gql(&app.login("admin").await, q, json!({ "f": null })).await;

    assert_eq!(admin["data"]["auditLog"]["totalCount"], 1, "{admin}");
    assert_eq!(admin["data"]["auditLog"]["edges"][0]["node"]["reason"], "入户核查前核对");
    assert_eq!(admin["data"]["auditLog"]["edges"][0]["node"]["personId"], person.as_str());
    assert_eq!(district["data"]["auditLog"]["totalCount"], 1);
    assert_eq!(error_code(&town), Some("FORBIDDEN"));
    assert_eq!(newest["data"]["auditLog"]["edges"][0]["node"]["action"], "login.success", "newest first: {newest}");
}

async fn tampering_with_the_audit_log_is_detected(backend: Backend) {
    use sea_orm::{ConnectionTrait as _, sea_query::Expr};
    let app = spawn_app(backend).await;
    person_with_id(&app).await;
    assert_eq!(liushou::audit::verify(&app.db).await.unwrap().first_broken, None);

    let edit = audit_log::Entity::update_many()
        .col_expr(audit_log::Column::Outcome, Expr::value("DENIED"))
        .filter(audit_log::Column::Action.eq("household.create"))
        .exec(&app.db)
        .await;

    match backend {
        Backend::Postgres => {
            assert!(edit.is_err(), "PostgreSQL refuses UPDATE on the audit log");
            assert!(app.db.execute_unprepared("DELETE FROM audit_log").await.is_err(), "and DELETE");
        }
        Backend::Sqlite => {
            edit.unwrap();
            let report = liushou::audit::verify(&app.db).await.unwrap();
            assert!(report.first_broken.is_some(), "the chain exposes the edit");
        }
    }
}

async fn concurrent_writes_keep_the_audit_chain_intact(backend: Backend) {
    let app = std::sync::Arc::new(spawn_app(backend).await);
    let grid = app.login("grid").await;

    let mut tasks = Vec::new();
    for i in 0..12 {
        let (app, grid) = (app.clone(), grid.clone());
        tasks.push(tokio::spawn(async move {
            if i % 3 == 0 {
                app.post(None, "mutation { login(username: \"nobody\", password: \"x\") { token } }", json!({})).await;
            } else {
                app.create_household(&grid, &app.regions().grid, &format!("渡口村6排{i}号")).await;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }

    let report = liushou::audit::verify(&app.db).await.unwrap();
    assert_eq!(report.first_broken, None);
    assert!(report.entries >= 13, "{report:?}");
}

async fn a_masked_id_number_with_birth_date_sex_and_region_leaves_hundreds_of_candidates(backend: Backend) {
    let app = spawn_app(backend).await;
    let (person, _) = person_with_id(&app).await;
    let grid = app.login("grid").await;
    let read = "query($p: ID!) { person(id: $p) { idNumber birthDate sex } }";

    // Everything a grid worker reads about the person, and the area code
    // guessed from the district the grid lies in (120116, as `id_number`
    // writes it).
    let seen = app.gql(&grid, read, json!({ "p": person })).await["data"]["person"].clone();
    let mask = seen["idNumber"].as_str().unwrap().to_owned();
    let birth = seen["birthDate"].as_str().unwrap().replace('-', "");
    let male = seen["sex"] == "MALE";
    // Every sequence code of that sex, each with its check character.
    let candidates: Vec<String> = (0..500)
        .map(|seq| id_number(&birth, male, seq))
        .filter(|c| c.chars().zip(mask.chars()).all(|(c, m)| m == '*' || m == c))
        .collect();
    let town = app.login("town").await;
    let revealed = app.gql(&town, REVEAL, json!({ "p": person, "r": "核对脱敏效果" })).await;
    let full = revealed["data"]["revealIdNumber"].as_str().unwrap().to_owned();

    assert!(candidates.contains(&full), "the reconstruction is right in principle: {mask}");
    assert!(candidates.len() >= 400, "only {} candidates for {mask}", candidates.len());
}

async fn parallel_reveals_never_exceed_the_hourly_limit(backend: Backend) {
    let app = std::sync::Arc::new(spawn_app(backend).await);
    let (person, _) = person_with_id(&app).await;
    let town = app.login("town").await;

    let mut tasks = Vec::new();
    for _ in 0..40 {
        let (app, town, person) = (app.clone(), town.clone(), person.clone());
        tasks.push(tokio::spawn(async move {
            app.gql(&town, REVEAL, json!({ "p": person, "r": "并发核对台账" })).await
        }));
    }
    let mut revealed = 0;
    let mut limited = 0;
    for task in tasks {
        let body = task.await.unwrap();
        if body["data"]["revealIdNumber"].is_string() {
            revealed += 1;
        } else if error_code(&body) == Some("RATE_LIMITED") {
            limited += 1;
        } else {
            panic!("neither a number nor RATE_LIMITED: {body}");
        }
    }

    assert_eq!((revealed, limited), (20, 20));
    let on_record = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("person.reveal_id_number"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(on_record.len(), 20, "one entry per number handed out");
}

async fn audit_fingerprints_cannot_be_matched_by_hashing_a_guess(backend: Backend) {
    use sha2::{Digest as _, Sha256};
    let app = spawn_app(backend).await;
    let (person, _) = person_with_id(&app).await;
    let grid = app.login("grid").await;
    let update =
        "mutation($p: ID!, $v: Int!, $i: PersonInput!) { updatePerson(id: $p, version: $v, input: $i) { version } }";
    let input = |phone: &str| json!({ "name": "李奶奶", "phone": phone, "relationToHead": "HEAD", "residenceStatus": "AT_HOME" });
    app.gql(&grid, update, json!({ "p": person, "v": 1, "i": input("13900002222") })).await;
    app.gql(&grid, update, json!({ "p": person, "v": 2, "i": input("13900003333") })).await;

    let updates = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("person.update"))
        .order_by_asc(audit_log::Column::Seq)
        .all(&app.db)
        .await
        .unwrap();
    let phone = |i: usize, side: &str| updates[i].detail["phone"][side].as_str().unwrap().to_owned();
    // What an attacker with the log would compute for the right guess.
    let guess: String =
        Sha256::digest(json!("13900002222").to_string()).iter().take(8).map(|b| format!("{b:02x}")).collect();

    assert_eq!(updates.len(), 2);
    assert_eq!(phone(0, "after"), phone(1, "before"), "the same value gives the same fingerprint");
    assert!(!phone(0, "after").contains(&guess), "{} matches an unkeyed hash", phone(0, "after"));
    assert!(!updates[0].detail.to_string().contains("13900002222"));
}

db_tests!(
    a_masked_id_number_with_birth_date_sex_and_region_leaves_hundreds_of_candidates,
    parallel_reveals_never_exceed_the_hourly_limit,
    audit_fingerprints_cannot_be_matched_by_hashing_a_guess,
    concurrent_writes_keep_the_audit_chain_intact,
    a_town_cadre_reveals_an_id_number_with_a_reason_on_record,
    reveals_are_for_town_and_district_in_jurisdiction_with_a_reason,
    reveals_are_rate_limited_per_user,
    clear_reads_of_phones_and_health_are_audited_without_values,
    the_audit_log_is_for_admins_and_the_district_with_filters,
    tampering_with_the_audit_log_is_detected,
);
