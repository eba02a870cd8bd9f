//! The server's end of stdin and stdout for the transport: each served by a thread of its own
//! and a channel, instead of tokio's `Stdin`/`Stdout`, which run every read and write as a task
//! on the blocking pool (and `Stdout`'s line buffering wrote each message in two tasks). A message
//! crosses one thread on its way in (the stdin thread wakes the transport) and one on its way out.
//! Nothing here blocks a runtime thread; the channels are unbounded (a client that stops reading
//! makes the writer thread wait, not the server).
//!
//! No thread may be ending while the process exits: under Wine, `ExitProcess` has the wineserver
//! signal every thread it still counts, and a thread caught between its own exit and the server
//! noticing it runs Wine's signal handler without its TEB and takes the whole process down with
//! SIGSEGV (seen about once in 400 exits of the Windows leg). So the stdout thread is joined
//! (a joined thread is no longer signalled) and the stdin thread never ends ([`park_forever`]).

use std::io::Write;
use std::pin::Pin;
use std::sync::mpsc;
use std::task::{ready, Context, Poll};
use std::thread::JoinHandle;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// The transport's input: the chunks sent into its channel, in order; the end of input once every
/// sender is gone.
pub struct ChannelReader {
    rx: UnboundedReceiver<Vec<u8>>,
    chunk: Vec<u8>,
    pos: usize,
}

/// A sender of input chunks and the reader that yields them.
pub fn channel_reader() -> (UnboundedSender<Vec<u8>>, ChannelReader) {
    let (tx, rx) = unbounded_channel();
    (tx, ChannelReader { rx, chunk: Vec::new(), pos: 0 })
}

impl AsyncRead for ChannelReader {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        while this.pos >= this.chunk.len() {
            match ready!(this.rx.poll_recv(cx)) {
                Some(chunk) => (this.chunk, this.pos) = (chunk, 0),
                None => return Poll::Ready(Ok(())),
            }
        }
        let n = buf.remaining().min(this.chunk.len() - this.pos);
        buf.put_slice(&this.chunk[this.pos..this.pos + n]);
        this.pos += n;
        Poll::Ready(Ok(()))
    }
}

/// The transport's output: bytes written are collected and handed to the stdout thread at each
/// flush (the transport flushes after each message, or after a burst).
pub struct ChannelWriter {
    tx: mpsc::Sender<Vec<u8>>,
    pending: Vec<u8>,
}

/// Stdout, written by a thread of its own (its handle: see [`finish`]).
pub fn stdout() -> (ChannelWriter, Option<JoinHandle<()>>) {
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    let spawned = std::thread::Builder::new().name("pyrevit-ls-stdout".into()).spawn(move || {
        let stdout = std::io::stdout();
        for chunk in rx {
            let mut out = stdout.lock();
            if let Err(e) = out.write_all(&chunk).and_then(|()| out.flush()) {
                tracing::error!("cannot write to stdout: {e}");
                return;
            }
        }
    });
    if let Err(e) = &spawned {
        tracing::error!("cannot start the stdout thread: {e}");
    }
    (ChannelWriter { tx, pending: Vec::new() }, spawned.ok())
}

/// Once the transport (and with it the writer) is gone: let the stdout thread write what is
/// left, for up to a second (a client that no longer reads does not hold up the exit), and join
/// it when it is done. A writer still blocked in a write after that stays as it is: a thread
/// waiting in a system call is ended safely with the process; one that is ending is not (see the
/// module comment), and `is_finished` is true before the thread has ended.
pub fn finish(writer: Option<JoinHandle<()>>) {
    let Some(writer) = writer else { return };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
    while !writer.is_finished() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    if writer.is_finished() {
        let _ = writer.join();
    }
}

/// For a thread whose work is over but that must not end before the process does (see the
/// module comment): waits, without using the processor, until the process exits.
pub fn park_forever() -> ! {
    loop {
        std::thread::park();
    }
}

impl AsyncWrite for ChannelWriter {
    fn poll_write(mut self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        self.pending.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        if self.pending.is_empty() {
            return Poll::Ready(Ok(()));
        }
        let chunk = std::mem::take(&mut self.pending);
        let sent = self.tx.send(chunk).map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        Poll::Ready(sent)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.poll_flush(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    #[tokio::test]
    async fn chunks_come_out_in_order_then_the_end() {
        let (tx, mut reader) = channel_reader();
        tx.send(b"Content-".to_vec()).unwrap();
        tx.send(Vec::new()).unwrap();
        tx.send(b"Length".to_vec()).unwrap();
        drop(tx);
        let mut small = [0u8; 3];
        assert_eq!(reader.read(&mut small).await.unwrap(), 3);
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).await.unwrap();
        assert_eq!([&small[..], &rest].concat(), b"Content-Length");
    }
}
