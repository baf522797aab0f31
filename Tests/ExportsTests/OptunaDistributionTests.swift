import Exports
import HyperplanCore
import ResultBundle
import Testing

/// Hyperplan's domains as Optuna's distributions, in the JSON text Optuna's `json_to_distribution` reads.
@Suite("Optuna distributions")
struct OptunaDistributionTests {
    @Test(
        "each domain maps to its Optuna distribution",
        arguments: [
            (
                #"{"name":"model.alpha","domain":{"uniform":[0.0,0.5]}}"#,
                #"{"attributes":{"high":0.5,"log":false,"low":0.0,"step":null},"name":"FloatDistribution"}"#
            ),
            (
                #"{"name":"model.C","domain":{"loguniform":[0.001,1000.0],"grid":7}}"#,
                #"{"attributes":{"high":1000.0,"log":true,"low":0.001,"step":null},"name":"FloatDistribution"}"#
            ),
            (
                #"{"name":"model.layers","domain":{"int":[1,4]}}"#,
                #"{"attributes":{"high":4,"log":false,"low":1,"step":1},"name":"IntDistribution"}"#
            ),
            (
                #"{"name":"schedule.batch_size","domain":{"int":[8,256],"log":true}}"#,
                #"{"attributes":{"high":256,"log":true,"low":8,"step":1},"name":"IntDistribution"}"#
            ),
            (
                #"{"name":"model.penalty","domain":{"choice":["l2","none",true,3,0.5]}}"#,
                #"{"attributes":{"choices":["l2","none",true,3,0.5]},"name":"CategoricalDistribution"}"#
            ),
            (
                #"{"name":"model.hidden_layers","domain":{"choice":[[16],[32,16]]}}"#,
                #"{"attributes":{"choices":["[16]","[32,16]"]},"name":"CategoricalDistribution"}"#
            ),
        ])
    func distribution(dimension: String, expected: String) throws {
        let distribution = OptunaDistribution(try ExportFixtures.dimension(dimension))
        #expect(distribution.json == expected)
    }

    @Test("a category is stored as its position, a list choice by its value")
    func categoricalValues() throws {
        let layers = OptunaDistribution(
            try ExportFixtures.dimension(#"{"name":"h","domain":{"choice":[[16],[32,16]]}}"#))
        #expect(layers.internalValue(of: try JSONValue.parse("[32,16]")) == .success(.int(1)))
        #expect(layers.internalValue(of: try JSONValue.parse("[16]")) == .success(.int(0)))
        #expect(layers.internalValue(of: try JSONValue.parse("[8]")) == .failure(.notAChoice))
        #expect(layers.optunaChoices == [.string("[16]"), .string("[32,16]")])
        // A real hyperparameter's choice written `1` is recorded as `1.0`.
        let shrinkage = OptunaDistribution(try ExportFixtures.dimension(#"{"name":"s","domain":{"choice":[0,1]}}"#))
        #expect(shrinkage.internalValue(of: .double(1)) == .success(.int(1)))
    }

    @Test("numbers keep their value; integers must be whole")
    func numericValues() throws {
        let real = OptunaDistribution.float(low: 0.001, high: 1000, log: true)
        #expect(real.internalValue(of: .double(0.1)) == .success(.double(0.1)))
        #expect(real.internalValue(of: .int(10)) == .success(.double(10)))
        #expect(real.internalValue(of: .string("x")) == .failure(.notANumber))
        let integer = OptunaDistribution.int(low: 1, high: 10, log: false)
        #expect(integer.internalValue(of: .double(3)) == .success(.int(3)))
        #expect(integer.internalValue(of: .double(2.5)) == .failure(.notAnInteger))
    }

    @Test("a numeric distribution widens to a value outside its bounds; a categorical one never changes")
    func covering() {
        #expect(
            OptunaDistribution.float(low: 1, high: 2, log: false).covering(.double(2.0000000000000004))
                == .float(low: 1, high: 2.0000000000000004, log: false))
        #expect(
            OptunaDistribution.int(low: 1, high: 4, log: true).covering(.int(5)) == .int(low: 1, high: 5, log: true))
        #expect(
            OptunaDistribution.int(low: 1, high: 4, log: false).covering(.int(3)) == .int(low: 1, high: 4, log: false))
        let choice = OptunaDistribution.categorical([.string("a")])
        #expect(choice.covering(.string("b")) == choice)
    }
}
