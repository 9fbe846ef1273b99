//! The README's "Using the generated client" example is `src/bin/first_call.rs`, shown there
//! verbatim: this test checks that the README shows exactly that file, then runs the compiled
//! binary as a user would (environment variables, no arguments) against a fake Optimove API on
//! loopback (wiremock), through `OPTIMOVE_BASE_URL`.

use std::process::Command;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SOURCE: &str = include_str!("../src/bin/first_call.rs");

/// The first ```rust block of the README's "Using the generated client" section.
fn readme_example() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).expect("README.md");
    let section = readme.split("## Using the generated client").nth(1).expect("the README has the section");
    let block = section.split("```rust\n").nth(1).expect("the section has a rust block");
    block.split("\n```").next().expect("the block ends").to_owned()
}

#[test]
fn the_readme_shows_the_example_verbatim() {
    assert_eq!(readme_example().trim_end(), SOURCE.trim_end(), "README.md and examples/src/bin/first_call.rs differ: copy the file into the README");
}

#[tokio::test]
async fn the_readme_example_runs_against_a_loopback_server() {
    let server = MockServer::start().await;
    let key = "readme-example-key";
    Mock::given(method("GET"))
        .and(path("/current/general/GetRegisteredEventListeners"))
        .and(header("X-API-KEY", key))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"[{"EventTypeID": 13, "ListenerURL": "https://hooks.example.org/optimove", "ChannelID": 504}]"#))
        .expect(1)
        .mount(&server)
        .await;
    // Two pages: a full one of 10 000 would be long; the stream asks once more after a short page
    // (servers may cap pages), so the second, empty page ends it.
    Mock::given(method("GET"))
        .and(path("/current/customers/GetCustomerOneTimeActionsByCampaign"))
        .and(query_param("CampaignID", "1"))
        .and(query_param("$skip", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"[{"CustomerID": "231342", "ActionID": 42}, {"CustomerID": 940023, "ActionID": 42}]"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/current/customers/GetCustomerOneTimeActionsByCampaign"))
        .and(query_param("$skip", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_string("[]"))
        .expect(1)
        .mount(&server)
        .await;
    // The sandbox does not serve GetLastDataUpdate: the example reports the status it gets.
    Mock::given(method("GET")).and(path("/current/general/GetLastDataUpdate")).respond_with(ResponseTemplate::new(403).set_body_string("not in the sandbox")).expect(1).mount(&server).await;

    let uri = server.uri();
    let output = tokio::task::spawn_blocking(move || Command::new(env!("CARGO_BIN_EXE_first_call")).env("OPTIMOVE_API_KEY", key).env("OPTIMOVE_BASE_URL", uri).output())
        .await
        .expect("the runner thread")
        .expect("the example starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the example failed: {}\nstdout:\n{stdout}\nstderr:\n{stderr}", output.status);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "1 event listener(s) registered",
            "customer 231342 got action 42",
            "customer 940023 got action 42",
            "HTTP 403: The legacy `Authorization-Token` expired (body text `Authorization-Token expired`; log in again), or the key's role does not allow this function.",
        ],
        "stderr:\n{stderr}"
    );
    // Every mock was called exactly as often as expected.
    server.verify().await;
}

#[test]
fn without_a_key_the_example_says_what_to_set() {
    let output = Command::new(env!("CARGO_BIN_EXE_first_call")).env_remove("OPTIMOVE_API_KEY").output().expect("the example starts");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("set OPTIMOVE_API_KEY"), "{}", String::from_utf8_lossy(&output.stderr));
}
