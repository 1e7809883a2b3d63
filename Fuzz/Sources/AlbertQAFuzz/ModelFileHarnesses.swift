import Albert
import Foundation

enum ModelFileHarnesses {
    static let url = URL(fileURLWithPath: "/fuzz/model.safetensors")

    /// Any bytes as a safetensors file: parsing either fails with an error or gives entries
    /// whose every tensor loads (or fails) without trapping.
    static let safetensors: @Sendable (Data) -> Void = { data in
        guard let file = try? SafeTensorsFile(data: data, url: url) else { return }
        for (name, entry) in file.entries {
            require(entry.shape.allSatisfy { $0 >= 0 }, "negative dimension in \(name)")
            if let tensor = try? file.tensor(name, shape: entry.shape) {
                require(tensor.count == entry.shape.reduce(1, *), "tensor \(name) has the wrong element count")
                require(tensor.buffer.allSatisfy(\.isFinite), "tensor \(name) loaded with non-finite values")
            }
        }
    }

    /// Any bytes as a checkpoint's data.pkl: the restricted unpickler refuses it with an error
    /// or gives tensor records whose shapes are sane; it never traps, loops or runs anything.
    static let torchPickle: @Sendable (Data) -> Void = { data in
        guard let shapes = try? CheckpointTensors.stateDictShapes(pickle: Array(data)) else { return }
        for (name, shape) in shapes {
            require(shape.count <= 8 && shape.allSatisfy { $0 >= 0 }, "tensor \(name) has shape \(shape)")
        }
    }

    /// Any bytes as config.json (of any `ModelType`): an error, or a configuration within the
    /// sane limits.
    static let config: @Sendable (Data) -> Void = { data in
        guard let config = try? AlbertConfig.parse(data, source: URL(fileURLWithPath: "/fuzz/config.json")) else { return }
        require(config.hiddenSize % config.numAttentionHeads == 0, "heads do not divide the hidden size")
        require(config.numHiddenGroups <= config.numHiddenLayers, "more groups than layers")
        require((1...128).contains(config.numHiddenLayers) && (1...128).contains(config.innerGroupNum), "layer counts unbounded")
        require((5...4096).contains(config.maxPositionEmbeddings), "positions unbounded")
        require(config.positionOffset >= 0 && config.maxSequenceLength >= 5, "no room for a pair after the position offset")
        require(config.hasTokenTypes || config.modelType == .distilbert, "only DistilBERT goes without token types")
        require(config.layerNormEps.isFinite && config.layerNormEps > 0, "layer_norm_eps not a positive number")
        for layer in 0..<config.numHiddenLayers {
            require((0..<config.numHiddenGroups).contains(config.groupIndex(forLayer: layer)), "layer \(layer) maps to no group")
        }
    }
}
