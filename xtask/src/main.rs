//! Project automation. `cargo xtask codegen [--check] [--spec PATH] [--out DIR] [--name CRATE]`
//! is the only place that reads specs and writes generated files; `cargo xtask diff` reports what
//! a spec change does to the generated API; `cargo xtask corpus` generates and checks every shared
//! real-world document; `cargo xtask test` runs everything.

mod bench;
mod codegen;
mod corpus;
mod diff;
mod mutations;
mod owned;
mod semver_check;
mod test;

use std::process::ExitCode;

/// Generation allocates and frees many small blocks (tokens, syntax trees, strings); mimalloc
/// does that in a fraction of glibc malloc's time (README, Performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--strict] [--force] [--bump] [--spec PATH] [--out DIR] [--name CRATE] [--version X.Y.Z]
                            [--license SPDX] [--repository URL] [--homepage URL]
       cargo xtask diff OLD NEW [--format text|json] [--fail-on breaking] [--crate-version X.Y.Z]
       cargo xtask corpus [FILTER...] [--no-build]   (every ../shared/corpus and ../shared/specs document whose name contains a FILTER)
       cargo xtask semver-check   (our diff verdicts against cargo-semver-checks on mutated specs; installs it when missing)
       cargo xtask test [-- TEST-ARGS]
       cargo xtask bench [generate] [generate_memory] [client] [compile]   (all when none is named; figures in README.md, Performance)

  --spec PATH     OpenAPI 3.0 document (YAML or JSON)   default: spec/optimove.yaml
  --out DIR       crate directory to write               default: generated-client
  --name CRATE    package name of the generated crate    default: optimove-client
  --version V     package version                        default: the version DIR has, else 0.1.0
  --bump          set the version from the API diff against the committed spec (HEAD)
  --check         write nothing; fail if DIR differs from what the spec generates
  --strict        repairs of the document (README, Generality) are errors, not warnings
  --force         write into a non-empty DIR that is not a generated crate, replacing files at generated paths
  --license SPDX  manifest license                       default: the spec's info.license.name when it is SPDX
  --repository U  manifest repository                    default: none
  --homepage URL  manifest homepage                      default: the spec's info.contact.url

  codegen replaces and removes only the files it generated (their first line carries the @generated
  marker, or DIR/generated-files.txt lists them); target/, Cargo.lock, dotfiles and your files stay.

diff: OLD and NEW are spec files or REV:PATH (git show), e.g.
  cargo xtask diff HEAD:spec/optimove.yaml spec/optimove.yaml";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => match codegen::Options::parse(&args[1..]) {
            Ok(options) => codegen::run(&options),
            Err(message) => {
                eprintln!("error: {message}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some("diff") => diff::run(&args[1..]),
        Some("semver-check") => semver_check::run(&args[1..]),
        Some("corpus") => corpus::run(&codegen::workspace_root(), &args[1..]),
        Some("bench") => bench::run(&codegen::workspace_root(), &args[1..]),
        Some("test") => test::run(&codegen::workspace_root(), args.get(2..).unwrap_or_default()),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
