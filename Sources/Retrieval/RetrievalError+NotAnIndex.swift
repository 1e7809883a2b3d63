extension RetrievalError {
    /// What a path holds instead of an AlbertQA index.
    public enum NotAnIndex: CustomStringConvertible, Sendable, Equatable {
        case folder
        case symbolicLink
        case fifo
        case device
        case notRegularFile
        case emptyFile
        /// Its header cannot be read: the reason.
        case unreadable(reason: String)
        case notSQLite
        case otherProgramsDatabase
        /// An SQLite file whose `meta` table is not AlbertQA's.
        case notAlbertQA

        public var description: String {
            switch self {
            case .folder: "is a folder, not an AlbertQA index"
            case .symbolicLink: "is a symbolic link, not an AlbertQA index (give the index's own path)"
            case .fifo: "is a FIFO, not an AlbertQA index"
            case .device: "is a device, not an AlbertQA index"
            case .notRegularFile: "is not a regular file"
            case .emptyFile: "is an empty file, not an AlbertQA index"
            case let .unreadable(reason): "cannot be read (\(reason)), so it cannot be shown to be an AlbertQA index"
            case .notSQLite: "is not an AlbertQA index (not an SQLite database)"
            case .otherProgramsDatabase: "is another program's SQLite database, not an AlbertQA index"
            case .notAlbertQA: "is not an AlbertQA index"
            }
        }
    }
}
