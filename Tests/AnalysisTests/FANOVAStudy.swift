import Analysis
import HyperplanCore
import HyperplanTestSupport

/// One study of `fanova.json`: its dimensions, trials and Optuna's importances over several seeds.
struct FANOVAStudy {
    var dimensions: [ImportanceDimension]
    var rows: [[Double]]
    var values: [Double]
    /// Optuna's importances per dimension: mean, population standard deviation, minimum and maximum over seeds.
    var mean: [Double]
    var spread: [Double]
    var minimum: [Double]
    var maximum: [Double]
    /// Dimension names by decreasing mean importance.
    var ranking: [String]
    /// Trees of Optuna's forest for its first seed, with the variances Optuna's `_FanovaTree` computed.
    var trees: [JSONValue]

    init(_ fixture: FixtureCase) throws {
        dimensions = try fixture.member("dimensions").array().map(Self.dimension)
        rows = try fixture.member("rows").doubleRows()
        values = try fixture.member("values").doubles()
        mean = try fixture.member("importance_mean").doubles()
        spread = try fixture.member("importance_std").doubles()
        minimum = try fixture.member("importance_min").doubles()
        maximum = try fixture.member("importance_max").doubles()
        ranking = try fixture.member("ranking").strings()
        trees = try fixture.member("trees").array()
    }

    static func dimension(_ json: JSONValue) throws -> ImportanceDimension {
        let name = try json.member("name").string()
        let log = json["log"].map { $0 == .bool(true) } ?? false
        switch try json.member("kind").string() {
        case "float":
            return ImportanceDimension(
                name: name,
                kind: .numeric(low: try json.member("low").double(), high: try json.member("high").double(), log: log))
        case "int":
            return ImportanceDimension(
                name: name,
                kind: .integer(low: try json.member("low").int(), high: try json.member("high").int(), log: log))
        case "categorical":
            return ImportanceDimension(name: name, kind: .categorical(count: try json.member("choices").array().count))
        case let kind:
            throw FixtureError("dimension '\(name)': unknown kind '\(kind)'")
        }
    }
}
