import Dispatch
import Executor
import Foundation

/// Turns SIGINT and SIGTERM into a graceful stop: the first asks the run to start nothing new and finish
/// what is running; the second makes the journal durable and exits at once (finished work is kept, running
/// fits are abandoned). Exit status 130 either way.
///
/// The signals are caught by a handler that writes their number to a pipe, and a dispatch read source on the
/// pipe acts on them. This is written by hand rather than with `DispatchSource.makeSignalSource`, for a
/// reason measured here: on Linux a dispatch signal source reads a signalfd, which sees a signal only while
/// every thread blocks it, and the signal's disposition had to be SIG_IGN. swift-subprocess's monitor thread
/// waits in `epoll_pwait` with every signal unblocked, so a Ctrl-C the kernel gave to that thread was
/// discarded as ignored (a CI run hung on it, waiting for a run that never heard its Ctrl-C). A real handler
/// runs on whichever thread receives the signal, so none is lost (`scripts/dev/interrupt-stress.py`).
final class InterruptWatcher {
    private let source: (any DispatchSourceRead)?
    private let pipe: (read: Int32, write: Int32)
    let stop: StopRequest

    init(stop: StopRequest, flush: @escaping @Sendable () -> Void, resumeCommand: String) {
        self.stop = stop
        var descriptors: [Int32] = [-1, -1]
        // Both ends non-blocking: the handler must never block, and the reader drains until EAGAIN.
        if Glibc.pipe(&descriptors) != 0
            || descriptors.contains(where: {
                fcntl($0, F_SETFL, O_NONBLOCK) != 0 || fcntl($0, F_SETFD, FD_CLOEXEC) != 0
            })
        {
            // Without a pipe the signals keep their default action: Ctrl-C ends the run at once, and the
            // journal (flushed record by record) resumes it.
            descriptors = [-1, -1]
        }
        pipe = (descriptors[0], descriptors[1])
        guard pipe.read >= 0 else {
            source = nil
            return
        }
        let queue = DispatchQueue(label: "hyperplan.signals")
        let source = DispatchSource.makeReadSource(fileDescriptor: pipe.read, queue: queue)
        self.source = source
        // Signals seen; touched only on `queue`, which handles them one at a time.
        nonisolated(unsafe) var signalsSeen = 0
        let readEnd = pipe.read
        source.setEventHandler {
            var received = [UInt8](repeating: 0, count: 16)
            while true {
                let count = received.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                for signalNumber in received[0..<count].map(Int32.init) {
                    signalsSeen += 1
                    if signalsSeen == 1 {
                        stop.request(
                            signalNumber == SIGINT ? "interrupted (Ctrl-C)" : "terminated (SIGTERM)",
                            kind: .interrupted)
                        Terminal.standardError.write(
                            "\nstopping: no new trials start; running ones finish (press Ctrl-C again to abort them)\n")
                    } else {
                        // Trial commands run in their own process groups: end them, or they outlive the run.
                        TrialCommands.killAll()
                        flush()
                        Terminal.standardError.write(
                            "\naborted: finished work is in the journal; resume with: \(resumeCommand)\n")
                        exit(ExitStatus.interrupted)
                    }
                }
            }
        }
        source.resume()
        interruptPipeWriteEnd = pipe.write
        var action = sigaction()
        action.__sigaction_handler.sa_handler = forwardSignalToPipe
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        for signalNumber in [SIGINT, SIGTERM] { sigaction(signalNumber, &action, nil) }
    }

    /// Restores the default signal behaviour.
    func cancel() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        guard let source else { return }
        interruptPipeWriteEnd = -1
        // The descriptors are closed once the source has let go of them, as dispatch requires.
        let pipe = self.pipe
        source.setCancelHandler {
            close(pipe.write)
            close(pipe.read)
        }
        source.cancel()
    }
}

/// The pipe's write end for the handler; -1 when no watcher is on. A plain integer, set before the handler
/// is installed, so the handler reads it without any lazy initialisation.
nonisolated(unsafe) private var interruptPipeWriteEnd: Int32 = -1

/// The signal handler: only async-signal-safe calls (`write`), and errno as it was.
private func forwardSignalToPipe(_ signalNumber: Int32) {
    let savedErrno = errno
    var byte = UInt8(truncatingIfNeeded: signalNumber)
    _ = write(interruptPipeWriteEnd, &byte, 1)
    errno = savedErrno
}
