import Foundation

extension CheckpointTensors {
    /// The largest `model.safetensors.index.json` read (a 24-layer BERT's is about 40 KB).
    static let maxShardIndexBytes = 4 << 20
    /// The most shard files an index may name (7B-parameter models ship a few dozen).
    static let maxShards = 1_000

    /// Sharded safetensors: `model.safetensors.index.json`'s `weight_map` names, for each
    /// tensor, the shard file beside it that holds it. Shard names must be plain file names in
    /// the same folder (no path, no `..`), and each tensor must be in the shard named for it.
    init(shardIndex url: URL) throws {
        let data = try ModelFile.read(url, what: "the shard index", limit: Self.maxShardIndexBytes)
        guard let object = try? JSONSerialization.jsonObject(with: data), let index = object as? [String: Any],
              let weightMap = index["weight_map"] as? [String: Any]
        else {
            throw AlbertError.file(url, .badShardIndex(reason: "not a JSON object with a \"weight_map\" object"))
        }
        guard weightMap.count <= SafeTensorsFile.maxEntries else {
            throw AlbertError.file(url, .tooManyEntries(count: weightMap.count, limit: SafeTensorsFile.maxEntries))
        }
        var shardNames: [String: Int] = [:]
        var tensorShard: [(tensor: String, shard: Int)] = []
        for (tensor, value) in weightMap {
            guard let name = value as? String, Self.isPlainShardName(name) else {
                throw AlbertError.file(url, .badShardIndex(reason: "tensor \(Self.printable(tensor)) names no shard file beside the index"))
            }
            if shardNames[name] == nil {
                guard shardNames.count < Self.maxShards else {
                    throw AlbertError.file(url, .badShardIndex(reason: "more than \(Self.maxShards) shard files"))
                }
                shardNames[name] = shardNames.count
            }
            tensorShard.append((tensor, shardNames[name]!))
        }
        let folder = url.deletingLastPathComponent()
        let shards = try shardNames.sorted { $0.value < $1.value }.map {
            try SafeTensorsFile(contentsOf: folder.appendingPathComponent($0.key))
        }
        var entries: [String: Entry] = [:]
        let shardEntries = shards.enumerated().map { $0.element.checkpointEntries(source: $0.offset) }
        for (tensor, shard) in tensorShard {
            guard let entry = shardEntries[shard][tensor] else {
                throw AlbertError.file(shards[shard].url, .missingTensor(tensor))
            }
            entries[tensor] = entry
        }
        self.init(url: url, entries: entries, sources: shards.map { Source(url: $0.url, data: $0.data) })
    }

    /// A file name with no folder in it, not hidden, ending in `.safetensors`.
    private static func isPlainShardName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255 && !name.contains("/") && !name.hasPrefix(".")
            && !name.contains("\0") && name.hasSuffix(".safetensors")
    }

    /// A name from a file, cut to 200 characters with control characters replaced, for errors.
    static func printable(_ name: String) -> String {
        String(name.unicodeScalars.prefix(200).map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "?" : Character($0) })
    }
}
