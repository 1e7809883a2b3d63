import Foundation

extension CheckpointTensors {
    /// The weight files of a Hugging Face model directory, in the order they are looked for
    /// (`from_pretrained`'s order: safetensors before the pickle).
    public static let weightFileNames = ["model.safetensors", "model.safetensors.index.json", "pytorch_model.bin"]

    /// The tensors of the first of `weightFileNames` that `directory` holds. A name that is
    /// there but unreadable (a link to a device, a folder) is that file's error, not a reason
    /// to fall through to the next format.
    public init(directory: URL) throws {
        let urls = Self.weightFileNames.map { directory.appendingPathComponent($0) }
        guard let found = urls.firstIndex(where: Self.isPresent) else {
            throw AlbertError.file(urls[0], .noWeights(alsoLookedFor: Array(Self.weightFileNames.dropFirst())))
        }
        switch found {
        case 0: self.init(try SafeTensorsFile(contentsOf: urls[0]))
        case 1: try self.init(shardIndex: urls[1])
        default: try self.init(torchCheckpoint: urls[2])
        }
    }

    /// Whether a directory entry of that name exists (a dangling link counts: its open fails
    /// with that file's own error).
    private static func isPresent(_ url: URL) -> Bool {
        var status = stat()
        return lstat(url.path, &status) == 0
    }
}
