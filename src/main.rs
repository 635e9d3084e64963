//! The `eddy` binary: run, print the error, pick the exit status.

use std::io::Write;
use std::process::ExitCode;

use eddy::error::{Error, exit};

#[cfg(feature = "mimalloc")]
mod allocator;
mod closed_stdout;

fn main() -> ExitCode {
    // ELF platforms set mimalloc's options before `main` (src/allocator.rs).
    #[cfg(all(feature = "mimalloc", not(all(unix, not(target_vendor = "apple")))))]
    allocator::tune();
    // Nothing could be written to a closed stdout: the run fails before reading any input, as
    // `cat` fails, unless its output goes to --to-http (then stdout is not written).
    let closed = closed_stdout::stdout_was_closed();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(result) = eddy::complete::run(args.get(1..).unwrap_or_default()) {
        if closed {
            return bad_stdout();
        }
        let status = match result {
            Ok(text) => {
                let _ = std::io::stdout().lock().write_all(text.as_bytes());
                exit::OK
            }
            Err(e) => report(&e),
        };
        return ExitCode::from(u8::try_from(status).unwrap_or(1));
    }
    let parsed = eddy::cli::parse(args);
    if closed && !(parsed.as_ref()).is_ok_and(|i| i.global.http.to_http.is_some()) {
        return bad_stdout();
    }
    let status = match parsed {
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

/// Says that stdout is closed and gives exit status 3.
fn bad_stdout() -> ExitCode {
    let _ = writeln!(
        std::io::stderr().lock(),
        "eddy: stdout: Bad file descriptor"
    );
    ExitCode::from(exit::RUNTIME as u8)
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
