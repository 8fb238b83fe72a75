//! The audit log's chains (#15): reads are recorded on the reader's own
//! chain, so one reader's open entry — or a write holding the writes'
//! chain — does not hold up another reader; `verify` still proves every
//! chain, and an anchor per chain catches a cut at the end of any of them.

use std::time::Duration;

use entity::{audit_log, user};
use liushou::audit::{self, Chain, Entry};
use liushou::auth::actor::RequestMeta;
use sea_orm::{ColumnTrait as _, ConnectionTrait as _, EntityTrait as _, QueryFilter as _};
use serde_json::json;
use uuid::Uuid;

use crate::db_tests;
use crate::helpers::{Backend, TestApp, person, spawn_app};

/// A child in the grid, whose birth date is an audited read.
async fn child(app: &TestApp, grid: &str) -> String {
    let household = app.create_household(grid, &app.regions().grid, "渡口村6排6号").await;
    let mut input = person("小明");
    input["birthDate"] = json!("2018-05-01");
    input["relationToHead"] = json!("CHILD");
    app.add_person(grid, &household, input).await
}

async fn user_id(app: &TestApp, username: &str) -> Uuid {
    user::Entity::find().filter(user::Column::Username.eq(username)).one(&app.db).await.unwrap().unwrap().id
}

const READ: &str = "query($id: ID!) { person(id: $id) { birthDate } }";

/// A reads chain other than `reader`'s.
fn another_chain(reader: Uuid) -> Chain {
    loop {
        let other = Chain::Reads(Uuid::now_v7());
        if other.number() != Chain::Reads(reader).number() {
            return other;
        }
    }
}

/// Holds `chain`'s lock in an open transaction while `reader` reads the
/// child: the read must be answered and recorded before the lock is let go.
async fn read_while_held(app: &TestApp, chain: Chain, reader: &str, child: &str) {
    let token = app.login(reader).await;
    let txn = liushou::db::begin_write(&app.db).await.unwrap();
    audit::record_on(
        &txn,
        chain,
        None,
        &RequestMeta::default(),
        Entry::write("test.hold", "person", Uuid::now_v7(), json!({})),
    )
    .await
    .unwrap();
    let read = tokio::time::timeout(Duration::from_secs(20), app.gql(&token, READ, json!({ "id": child }))).await;
    txn.rollback().await.unwrap();
    let body = read.expect("the read waited for a lock it does not need");
    assert_eq!(body["data"]["person"]["birthDate"], "2018-05-01", "{body}");
}

async fn a_reader_does_not_wait_for_another_readers_chain_or_for_writes(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let child = child(&app, &grid).await;
    let reader = "town";
    let reader_id = user_id(&app, reader).await;
    if let Backend::Postgres = backend {
        // SQLite has one writer at a time whatever the chain: only
        // PostgreSQL can show that the chains do not wait for each other.
        read_while_held(&app, another_chain(reader_id), reader, &child).await;
        read_while_held(&app, Chain::Main, reader, &child).await;
    } else {
        app.gql(&app.login(reader).await, READ, json!({ "id": child })).await;
    }
    let recorded = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("person.read_sensitive"))
        .filter(audit_log::Column::ActorId.eq(reader_id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(recorded.len(), if let Backend::Postgres = backend { 2 } else { 1 }, "each read recorded");
    assert!(recorded.iter().all(|r| r.chain == Chain::Reads(reader_id).number()), "on the reader's chain");
    let writes = audit_log::Entity::find().filter(audit_log::Column::Action.eq("person.create")).all(&app.db).await;
    assert!(writes.unwrap().iter().all(|r| r.chain == 0), "writes stay on chain 0");
    assert_eq!(audit::verify(&app.db).await.unwrap().first_broken, None);
}

async fn reads_on_several_chains_verify_and_a_cut_read_chain_is_caught(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let child = child(&app, &grid).await;
    let mut expected = std::collections::BTreeSet::from([0]);
    for name in ["grid", "village", "town", "district"] {
        expected.insert(Chain::Reads(user_id(&app, name).await).number());
        let token = app.login(name).await;
        for _ in 0..2 {
            let body = app.gql(&token, READ, json!({ "id": child })).await;
            assert!(body["errors"].is_null(), "{body}");
        }
    }
    let reads = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("person.read_sensitive"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(reads.len(), 8);
    for read in &reads {
        assert_eq!(read.chain, Chain::Reads(read.actor_id.unwrap()).number(), "each on its reader's chain");
    }
    assert_eq!(audit::verify(&app.db).await.unwrap().first_broken, None);

    let heads = audit::heads(&app.db).await.unwrap();
    assert_eq!(heads.len(), expected.len(), "one anchor per chain in use: {heads:?}");
    // Someone past the database's guard removes one reader's newest entry:
    // every chain still links, only its anchor tells.
    let newest = reads.iter().max_by_key(|r| r.seq).unwrap();
    let delete = format!("DELETE FROM audit_log WHERE seq = {}", newest.seq);
    if let Backend::Postgres = backend {
        app.db.execute_unprepared("ALTER TABLE audit_log DISABLE TRIGGER ALL").await.unwrap();
    }
    app.db.execute_unprepared(&delete).await.unwrap();
    if let Backend::Postgres = backend {
        app.db.execute_unprepared("ALTER TABLE audit_log ENABLE TRIGGER ALL").await.unwrap();
    }
    assert_eq!(audit::verify(&app.db).await.unwrap().first_broken, None);
    let lost: Vec<_> = {
        let mut lost = Vec::new();
        for anchor in &heads {
            if !audit::holds(&app.db, anchor).await.unwrap() {
                lost.push(anchor.seq);
            }
        }
        lost
    };
    assert_eq!(lost, vec![newest.seq], "exactly the cut chain's anchor is gone");

    // A row moved to another chain breaks both.
    let older = reads.iter().filter(|r| r.seq != newest.seq).min_by_key(|r| r.seq).unwrap();
    let moved = format!("UPDATE audit_log SET chain = {} WHERE seq = {}", (older.chain % 16) + 1, older.seq);
    if let Backend::Postgres = backend {
        app.db.execute_unprepared("ALTER TABLE audit_log DISABLE TRIGGER ALL").await.unwrap();
    }
    app.db.execute_unprepared(&moved).await.unwrap();
    if let Backend::Postgres = backend {
        app.db.execute_unprepared("ALTER TABLE audit_log ENABLE TRIGGER ALL").await.unwrap();
    }
    assert!(audit::verify(&app.db).await.unwrap().first_broken.is_some());
}

db_tests!(
    a_reader_does_not_wait_for_another_readers_chain_or_for_writes,
    reads_on_several_chains_verify_and_a_cut_read_chain_is_caught,
);
