//! `--listen unix:PATH`: a Unix stream socket, each connection a source named `unix:PATH`.
//!
//! A file already at PATH is taken over only when it is a socket nobody listens on (a run that
//! died left it): it is removed and bound again. Anything else there (a listening socket, a
//! regular file) is an error. The socket file this run made is removed at its end.

use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::{Accept, Conn};

/// A socket file this run created: removed at the end if it is still the same file.
#[derive(Debug)]
pub struct Created {
    path: PathBuf,
    /// Its device and inode.
    id: Option<(u64, u64)>,
}

impl Created {
    /// Removes the file, unless something else took its name since.
    pub(super) fn remove(self) {
        let same = std::fs::symlink_metadata(&self.path)
            .is_ok_and(|m| Some((m.dev(), m.ino())) == self.id);
        if same {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Binds a socket at `path`, replacing a stale socket file left there.
pub(super) fn bind(path: &Path) -> io::Result<(UnixListener, Created)> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if !meta.file_type().is_socket() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "a file that is not a socket is in the way",
            ));
        }
        match UnixStream::connect(path) {
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::AddrInUse,
                    "another process listens on this socket",
                ));
            }
            // Nobody listens: a socket file left by a run that ended without removing it.
            Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                std::fs::remove_file(path)?;
            }
            Err(e) => return Err(e),
        }
    }
    let listener = UnixListener::bind(path)?;
    listener.set_nonblocking(true)?;
    let id = std::fs::symlink_metadata(path)
        .ok()
        .map(|m| (m.dev(), m.ino()));
    let created = Created {
        path: path.to_owned(),
        id,
    };
    Ok((listener, created))
}

/// The path `listener` is bound to, as shown in source names.
pub(super) fn path_of(listener: &UnixListener) -> String {
    let address = listener.local_addr().ok();
    let path = address.as_ref().and_then(|a| a.as_pathname());
    path.map_or_else(|| "?".to_owned(), |p| p.display().to_string())
}

/// A Unix listener whose connections are all named `unix:PATH` (they have no address).
pub(super) struct Acceptor {
    listener: UnixListener,
    name: Arc<str>,
}

impl Acceptor {
    /// Accepts on `listener`, naming connections `name`.
    pub(super) fn new(listener: UnixListener, name: Arc<str>) -> Acceptor {
        Acceptor { listener, name }
    }
}

impl Accept for Acceptor {
    type Conn = UnixStream;

    fn accept(&self) -> io::Result<(UnixStream, Arc<str>)> {
        let (conn, _) = self.listener.accept()?;
        Ok((conn, Arc::clone(&self.name)))
    }
}

impl Conn for UnixStream {
    fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        UnixStream::set_read_timeout(self, timeout)
    }

    fn set_write_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        UnixStream::set_write_timeout(self, timeout)
    }

    fn set_nonblocking(&self, on: bool) -> io::Result<()> {
        UnixStream::set_nonblocking(self, on)
    }
}
