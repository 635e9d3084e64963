//! The `eddy` binary: run, print the error, pick the exit status.

use std::io::Write;
use std::process::ExitCode;

use eddy::error::{Error, exit};

#[cfg(feature = "mimalloc")]
mod allocator;
mod closed_stdout;

fn main() -> ExitCode {
    #[cfg(feature = "mimalloc")]
    allocator::tune();
    if closed_stdout::stdout_was_closed() {
        // Nothing could be written: fail before reading any input, as `cat` fails.
        let _ = writeln!(
            std::io::stderr().lock(),
            "eddy: stdout: Bad file descriptor"
        );
        return ExitCode::from(exit::RUNTIME as u8);
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(result) = eddy::complete::run(args.get(1..).unwrap_or_default()) {
        let status = match result {
            Ok(text) => {
                let _ = std::io::stdout().lock().write_all(text.as_bytes());
                exit::OK
            }
            Err(e) => report(&e),
        };
        return ExitCode::from(u8::try_from(status).unwrap_or(1));
    }
    let status = match eddy::cli::parse(args) {
        Ok(invocation) => {
            let strict = invocation.global.strict;
            let exit_status = invocation.global.exit_status;
            match eddy::pipeline::run(invocation) {
                Ok(report) => match report.signal {
                    Some(sig) => 128 + sig,
                    None if strict && report.anything_lost => exit::DROPPED,
                    None if exit_status && report.written == 0 => exit::NO_OUTPUT,
                    None => exit::OK,
                },
                Err(e) => report(&e),
            }
        }
        Err(e) => report(&e),
    };
    ExitCode::from(u8::try_from(status).unwrap_or(1))
}

/// Prints an error (help and version go to stdout) and returns its exit status.
fn report(e: &Error) -> i32 {
    match e {
        // Help and version, to stdout.
        Error::Clap(clap_error) if !clap_error.use_stderr() => {
            let _ = clap_error.print();
        }
        Error::Text(text) => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
        other => {
            if let Some(message) = other.render() {
                let _ = writeln!(std::io::stderr().lock(), "{message}");
            }
        }
    }
    e.exit_code()
}
