import CProcessControl
import Foundation
import HyperplanCore
import Synchronization

/// Ends a trial program's descendants that escaped its process group, and those a killed run left behind.
///
/// A trial program runs in a process group of its own, which a timeout or a stop ends. A descendant that
/// calls `setsid()` or `setpgid()` leaves that group: it would outlive the trial, keep its pipes open, and
/// after a `kill -9` of Hyperplan write into a trial folder a rerun is using. Every trial program gets
/// `HYPERPLAN_PROCESS_TAG=OWNER:TRIAL` in its environment, which its descendants inherit; OWNER names the
/// bundle. When a trial ends, every process whose environment carries its tag is killed, and a run that takes
/// a bundle's lock first kills every process tagged with that bundle's OWNER (only a dead run can have left
/// them: the lock is exclusive). The scan reads `/proc/PID/environ`, which Linux lets a process read for its
/// own user's processes.
///
/// Hyperplan is also a child subreaper (`PR_SET_CHILD_SUBREAPER`): a trial's orphans become its children
/// rather than init's, and the sweep reaps those that have exited, so no zombie is left.
///
/// Out of reach, and documented: a descendant that clears or replaces its environment before `exec` carries
/// no tag (a cgroup per trial would catch it, but needs a delegated cgroup tree, which a user's shell does not
/// have), and another user's processes cannot be read.
enum TrialProcessSweep {
    static let variable = "HYPERPLAN_PROCESS_TAG"

    /// The OWNER part of the tags of trials whose folders are under `workspace` (a bundle).
    static func owner(of workspace: URL) -> String {
        String(ContentHash(string: workspace.standardizedFileURL.path).hex.prefix(16))
    }

    /// A new trial tag under `owner`, unique to this launch (this process's ID and a counter), so that runs
    /// sharing a folder in one process or in several never end each other's programs.
    static func newTag(owner: String) -> String {
        _ = subreaper
        return "\(owner):\(getpid())-\(launches.add(1, ordering: .relaxed).newValue)"
    }

    private static let launches = Atomic<Int>(0)

    /// Makes this process the subreaper of its descendants' orphans, once, before the first trial program
    /// starts; ignored where unsupported.
    private static let subreaper: Void = { _ = hyperplan_become_child_subreaper() }()

    /// Ends what is left of a trial once its program (the leader of process group `leader`, already awaited)
    /// has exited or been stopped: the rest of its group, then every process carrying its `tag`.
    ///
    /// The tag scan reads every process's environment, a few milliseconds a trial; it is skipped when nothing
    /// can have escaped: the group is gone and this process has no children but running trial programs (an
    /// escaped descendant whose parent died is this process's child, as its subreaper).
    static func endTrial(leader: pid_t?, tag: String?) {
        var groupRemains = false
        if let leader {
            kill(-leader, SIGKILL)
            groupRemains = kill(-leader, 0) == 0
        }
        guard let tag, groupRemains || hasStrayChildren() else { return }
        killTagged(tag, exact: true)
    }

    /// Whether this process has a child that is not a running trial program (an orphan it adopted).
    private static func hasStrayChildren() -> Bool {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        for task in tasks {
            guard let data = FileManager.default.contents(atPath: "/proc/self/task/\(task)/children") else {
                // Without the children list (an old kernel), assume the worst.
                return true
            }
            for child in data.split(separator: UInt8(ascii: " ")) {
                if let pid = pid_t(String(decoding: child, as: UTF8.self)), !RunningChildren.shared.contains(pid) {
                    return true
                }
            }
        }
        return false
    }

    /// Kills every process tagged `tag` (`exact`) or tagged with a tag starting with `tag` + ":" (an owner), and
    /// reaps those that were this process's children. Scans again until none is found, as a tagged process may
    /// fork while it is being killed (at most 20 scans).
    ///
    /// - Returns: how many processes were killed.
    @discardableResult
    static func killTagged(_ tag: String, exact: Bool) -> Int {
        let entry = Array("\(variable)=\(tag)".utf8)
        var killed = Set<pid_t>()
        for _ in 0..<20 {
            let found = taggedProcesses { value in
                exact
                    ? value == entry
                    : (value.starts(with: entry) && value.count > entry.count
                        && value[entry.count] == UInt8(ascii: ":"))
            }.subtracting(killed)
            if found.isEmpty { break }
            for pid in found { kill(pid, SIGKILL) }
            killed.formUnion(found)
        }
        if !killed.isEmpty { reapOrphans() }
        return killed.count
    }

    /// Processes other than this one whose environment has an entry for which `matches` is true.
    private static func taggedProcesses(_ matches: ([UInt8]) -> Bool) -> Set<pid_t> {
        let own = getpid()
        var found = Set<pid_t>()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(name), pid != own,
                let environment = FileManager.default.contents(atPath: "/proc/\(name)/environ")
            else { continue }
            for entry in environment.split(separator: 0) where entry.starts(with: variable.utf8) {
                if matches(Array(entry)) { found.insert(pid) }
            }
        }
        return found
    }

    /// Reaps this process's exited children that are not trial programs it launched (those are awaited by
    /// their launcher): orphans of trial programs, which the subreaper setting made its children.
    ///
    /// A trial program leads its own process group in this process's session; an orphan either does not lead
    /// a group or leads a session of its own (it called `setsid()`).
    static func reapOrphans() {
        let own = getpid()
        let session = getsid(0)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(name), pid != own, let stat = ProcessStat(pid: pid), stat.parent == own,
                stat.state == "Z", !RunningChildren.shared.contains(pid),
                stat.group != pid || stat.session != session
            else { continue }
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
        }
    }

    /// The fields of `/proc/PID/stat` the sweep needs.
    private struct ProcessStat {
        var state: Character
        var parent: pid_t
        var group: pid_t
        var session: pid_t

        init?(pid: pid_t) {
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
            let text = String(decoding: data, as: UTF8.self)
            // `pid (comm) state ppid pgrp session …`; comm may hold spaces and parentheses, so read after the last ')'.
            guard let close = text.lastIndex(of: ")") else { return nil }
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count >= 4, let state = fields[0].first, let parent = pid_t(fields[1]),
                let group = pid_t(fields[2]), let session = pid_t(fields[3])
            else { return nil }
            self.state = state
            self.parent = parent
            self.group = group
            self.session = session
        }
    }
}
