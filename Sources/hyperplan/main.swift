import Foundation
import HyperplanCLI

// The executable only forwards to the CLI library, where the commands live and can be tested.
exit(await HyperplanCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))
