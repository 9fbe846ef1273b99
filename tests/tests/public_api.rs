//! The public Rust API of the Optimove client, one line per item with its signature, sorted
//! (the generator's model of what it emits, `generator::surface`). A spec change shows up here
//! as a short diff beside thousands of changed generated lines; review it with `cargo insta review`
//! or the `.snap.new` file, and see `cargo xtask diff` for what breaks.

use workspace_tests::workspace_root;

#[test]
fn optimove_public_api() {
    let text = std::fs::read_to_string(workspace_root().join("spec/optimove.yaml")).expect("spec exists");
    let spec = generator::changes::load(&text).unwrap_or_else(|d| panic!("spec/optimove.yaml does not load:\n{d}"));
    let lines = generator::surface::public_api(&spec.api).lines();
    // Its own directory: tests/tests/snapshots/ holds exactly the fixtures' snapshots (snapshots.rs checks).
    insta::with_settings!({ snapshot_path => "snapshots/public-api", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("optimove_public_api", lines);
    });
}
