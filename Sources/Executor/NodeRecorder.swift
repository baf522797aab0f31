package import HyperplanCore
package import Planner

/// Where finished nodes are recorded (the bundle's journal); `record` is called on the scheduling loop and
/// must not block.
package protocol NodeRecorder: Sendable {
    func record(_ node: PlanNode, output: JSONValue)
}
