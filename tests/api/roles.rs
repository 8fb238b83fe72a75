//! Deployment roles on PostgreSQL: the owner migrates, the server runs as a
//! plain role that cannot rewrite or unguard the audit log.

use liushou::{app::Application, config::Settings};
use sea_orm::{ConnectionTrait as _, Database, DatabaseConnection};
use serde_json::json;

use crate::helpers::{Backend, as_role, pg_admin_url, pg_url_for, spawn_app};

async fn current_database(db: &DatabaseConnection) -> String {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT current_database()::text AS d",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "d").unwrap()
}

/// The server over `url`, on its own port, as `liushou serve` would start it.
async fn serve(url: String) -> String {
    let settings = Settings {
        database_url: url,
        bind: "127.0.0.1:0".parse().unwrap(),
        web_dir: std::env::temp_dir().join("liushou-no-web-roles"),
        mode: liushou::config::Mode::Production,
        jwt_secret: b"test-secret-test-secret-test-secret".to_vec(),
        token_ttl: std::time::Duration::from_secs(600),
    };
    let app = Application::build(settings).await.expect("the server starts as the plain role");
    let addr = app.local_addr().unwrap();
    tokio::spawn(app.run_until_stopped());
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plain_server_role_cannot_disable_the_audit_trigger_or_rewrite_the_log_but_serves() {
    let mut owner = spawn_app(Backend::Postgres).await;
    let admin = Database::connect(pg_admin_url()).await.unwrap();
    let role = format!("liushou_app_{}", uuid::Uuid::now_v7().simple());
    admin.execute_unprepared(&format!("CREATE ROLE {role} LOGIN")).await.unwrap();
    liushou::db::grant_app_role(&owner.db, &role).await.unwrap();
    let url = as_role(&pg_url_for(&current_database(&owner.db).await), &role);
    let plain = Database::connect(&url).await.unwrap();

    let disable = plain.execute_unprepared("ALTER TABLE audit_log DISABLE TRIGGER ALL").await;
    let update = plain.execute_unprepared("UPDATE audit_log SET outcome = 'DENIED'").await;
    let delete = plain.execute_unprepared("DELETE FROM audit_log").await;
    let truncate = plain.execute_unprepared("TRUNCATE audit_log").await;
    let create = plain.execute_unprepared("CREATE TABLE intruder (id int)").await;
    // From here on the client talks to a server connected as the plain role.
    owner.base = serve(url).await;
    let grid = owner.login("grid").await;
    let household = owner.create_household(&grid, &owner.regions().grid, "渡口村5排5号").await;
    let read = owner.gql(&grid, "query($h: ID!) { household(id: $h) { address } }", json!({ "h": household })).await;

    drop(plain);
    // Only a superuser may drop what another role holds, in this database.
    let superuser = Database::connect(pg_url_for(&current_database(&owner.db).await)).await.unwrap();
    superuser.execute_unprepared(&format!("DROP OWNED BY {role}")).await.unwrap();
    admin.execute_unprepared(&format!("DROP ROLE {role}")).await.ok();
    for (what, result) in [
        ("DISABLE TRIGGER", disable),
        ("UPDATE", update),
        ("DELETE", delete),
        ("TRUNCATE", truncate),
        ("CREATE TABLE", create),
    ] {
        let err = result.expect_err(what).to_string();
        assert!(err.contains("permission denied") || err.contains("must be owner"), "{what}: {err}");
    }
    assert_eq!(read["data"]["household"]["address"], "渡口村5排5号", "{read}");
    assert_eq!(liushou::audit::verify(&owner.db).await.unwrap().first_broken, None);
}
