use liushou::config::Mode;

use crate::{
    db_tests,
    helpers::{Backend, spawn_app, spawn_app_with},
};

async fn healthz_answers_when_the_database_does(backend: Backend) {
    let app = spawn_app(backend).await;
    let res = app.http.get(format!("{}/healthz", app.base)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
}

async fn deep_links_get_the_web_app_index(backend: Backend) {
    let dir = std::env::temp_dir().join(format!("liushou-web-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<html>留守关爱 app shell</html>").unwrap();
    std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
    let app = spawn_app_with(backend, Mode::Production, Some(dir.clone())).await;

    let deep = app.http.get(format!("{}/households/abc", app.base)).send().await.unwrap();
    let asset = app.http.get(format!("{}/app.js", app.base)).send().await.unwrap();

    assert_eq!(deep.status().as_u16(), 200);
    assert!(deep.text().await.unwrap().contains("app shell"));
    assert_eq!(asset.text().await.unwrap(), "console.log(1)");
    let _ = std::fs::remove_dir_all(dir);
}

async fn graphiql_is_served_in_dev_mode_only(backend: Backend) {
    let prod = spawn_app(backend).await;
    let dev = spawn_app_with(backend, Mode::Dev, None).await;

    let in_prod = prod.http.get(format!("{}/graphql", prod.base)).send().await.unwrap();
    let in_dev = dev.http.get(format!("{}/graphql", dev.base)).send().await.unwrap();

    assert_eq!(in_prod.status().as_u16(), 405, "production has no GET /graphql");
    assert!(in_dev.text().await.unwrap().to_lowercase().contains("graphiql"));
}

db_tests!(
    healthz_answers_when_the_database_does,
    deep_links_get_the_web_app_index,
    graphiql_is_served_in_dev_mode_only
);
