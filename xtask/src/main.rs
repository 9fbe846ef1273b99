//! Project automation. `cargo xtask codegen [--check] [--spec PATH] [--out DIR] [--name CRATE]`
//! is the only place that reads specs and writes generated files; `cargo xtask corpus` generates and
//! checks every shared real-world document; `cargo xtask test` runs everything.

mod bench;
mod codegen;
mod corpus;
mod test;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--strict] [--spec PATH] [--out DIR] [--name CRATE] [--version X.Y.Z]
       cargo xtask corpus [FILTER...] [--no-build]   (every ../shared/corpus and ../shared/specs document whose name contains a FILTER)
       cargo xtask test [-- TEST-ARGS]
       cargo xtask bench [generate] [generate_memory] [client] [compile]   (all when none is named; figures in README.md, Performance)

  --spec PATH     OpenAPI 3.0 document (YAML or JSON)   default: spec/optimove.yaml
  --out DIR       crate directory to write               default: generated-client
  --name CRATE    package name of the generated crate    default: optimove-client
  --version V     package version                        default: 0.1.0
  --check         write nothing; fail if DIR differs from what the spec generates
  --strict        repairs of the document (README, Generality) are errors, not warnings";

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
        Some("corpus") => corpus::run(&codegen::workspace_root(), &args[1..]),
        Some("bench") => bench::run(&codegen::workspace_root(), &args[1..]),
        Some("test") => test::run(&codegen::workspace_root(), args.get(2..).unwrap_or_default()),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
