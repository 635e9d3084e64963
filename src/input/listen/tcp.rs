//! `--listen tcp://ADDR:PORT` (and the socket of `http://`): a TCP listener, each connection a
//! source named `tcp://PEER:PORT`.

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use super::{Accept, Conn};

/// Binds `addr`, accepting without waiting (the accepting thread looks for the stop between
/// tries).
pub(super) fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let listener = TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

/// A TCP listener whose connections are named `SCHEME://PEER:PORT`.
pub(super) struct Acceptor {
    listener: TcpListener,
    scheme: &'static str,
}

impl Acceptor {
    /// Accepts on `listener`, naming connections with `scheme`.
    pub(super) fn new(listener: TcpListener, scheme: &'static str) -> Acceptor {
        Acceptor { listener, scheme }
    }
}

impl Accept for Acceptor {
    type Conn = TcpStream;

    fn accept(&self) -> io::Result<(TcpStream, Arc<str>)> {
        let (conn, peer) = self.listener.accept()?;
        Ok((
            conn,
            Arc::from(format!("{}://{peer}", self.scheme).as_str()),
        ))
    }
}

impl Conn for TcpStream {
    fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        TcpStream::set_read_timeout(self, timeout)
    }

    fn set_write_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        TcpStream::set_write_timeout(self, timeout)
    }

    fn set_nonblocking(&self, on: bool) -> io::Result<()> {
        TcpStream::set_nonblocking(self, on)
    }
}
