/// What is running in the background.
public enum Activity: Equatable, Sendable {
    case indexing(filesDone: Int, filesTotal: Int, megabytesPerSecond: Double)
    case answering(passagesRead: Int, passagesTotal: Int)
}
