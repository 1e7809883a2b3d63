/// Merges ranked passage lists from different retrievers into one.
public enum RankFusion {
    /// Reciprocal-rank fusion (Cormack et al. 2009): each passage scores Σ 1 / (k + rank) over
    /// the lists it appears in (rank from 1). Needs no score calibration between BM25 and
    /// cosine, which live on unrelated scales. Ties keep the first list's order.
    /// `weights` (one per list, default 1) scale each list's contributions.
    public static func reciprocalRank(_ lists: [[PassageHit]], weights: [Double]? = nil, k: Double = 60, limit: Int) -> [PassageHit] {
        var fused: [Int64: (hit: PassageHit, score: Double, order: Int)] = [:]
        var order = 0
        for (number, list) in lists.enumerated() {
            let weight = weights.map { number < $0.count ? $0[number] : 1 } ?? 1
            for (rank, hit) in list.enumerated() {
                let contribution = weight / (k + Double(rank + 1))
                if var entry = fused[hit.passageID] {
                    entry.score += contribution
                    fused[hit.passageID] = entry
                } else {
                    fused[hit.passageID] = (hit, contribution, order)
                    order += 1
                }
            }
        }
        return best(fused, limit: limit, kind: .reciprocalRank)
    }

    /// The `limit` best fused passages (ties: the order first seen), carrying their fused score.
    static func best(_ fused: [Int64: (hit: PassageHit, score: Double, order: Int)], limit: Int, kind: RetrievalScoreKind) -> [PassageHit] {
        fused.values
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.order < $1.order }
            .prefix(limit)
            .map { entry in
                var hit = entry.hit
                hit.score = entry.score
                hit.scoreKind = kind
                return hit
            }
    }
}

extension RankFusion {
    /// Score fusion: BM25 scores min-max normalised over the lexical list (a passage it left out
    /// scores 0), cosines min-max normalised over every candidate, combined as
    /// (1 × bm25 + denseWeight × cosine) / (1 + denseWeight). `cosines` gives the cosine of
    /// lexical passages the dense list left out (one missing from it too scores 0 there).
    /// Ties keep the lexical list's order, then the dense list's.
    ///
    /// Within a small scope a third score can join (`SentenceEvidence`: each passage's best
    /// sentence, 0–1): (bm25 + denseWeight × cosine + sentenceWeight × sentence) / (1 +
    /// denseWeight + sentenceWeight). A passage neither list found but a sentence of which holds
    /// question words then competes on that score alone, its hit taken from `sentenceHits`.
    public static func convex(lexical: [PassageHit], dense: [PassageHit], cosines: [Int64: Float], denseWeight: Double,
                              sentences: [Int64: Double] = [:], sentenceWeight: Double = 0, sentenceHits: [Int64: PassageHit] = [:],
                              limit: Int) -> [PassageHit] {
        var cosine: [Int64: Double] = cosines.mapValues(Double.init)
        for hit in dense { cosine[hit.passageID] = hit.score }
        func normaliser(_ values: [Double]) -> (Double) -> Double {
            guard let low = values.min(), let high = values.max(), high > low else { return { _ in 1 } }
            return { ($0 - low) / (high - low) }
        }
        let bm25 = normaliser(lexical.map(\.score))
        let cos = normaliser(Array(cosine.values))
        let weight = max(0, denseWeight)
        let sentenceWeight = sentences.isEmpty ? 0 : max(0, sentenceWeight)
        var fused: [Int64: (hit: PassageHit, score: Double, order: Int)] = [:]
        var lexicalScores: [Int64: Double] = [:]
        for hit in lexical where lexicalScores[hit.passageID] == nil { lexicalScores[hit.passageID] = bm25(hit.score) }
        // Sentence-only passages follow the lists, in the scope's order (ids are in reading order).
        let sentenceOnly = sentenceWeight > 0 ? sentences.keys.sorted().compactMap { sentenceHits[$0] } : []
        for (order, hit) in (lexical + dense + sentenceOnly).enumerated() where fused[hit.passageID] == nil {
            let lexicalScore = lexicalScores[hit.passageID] ?? 0
            let denseScore = cosine[hit.passageID].map(cos) ?? 0
            let sentenceScore = sentences[hit.passageID] ?? 0
            fused[hit.passageID] = (hit, (lexicalScore + weight * denseScore + sentenceWeight * sentenceScore) / (1 + weight + sentenceWeight), order)
        }
        return best(fused, limit: limit, kind: .fused)
    }
}

extension RankFusion {
    /// The fused list with BM25's best passages at fixed places: place p (1-based) in `places`
    /// takes the lexical list's best passage not placed yet, every other place the fused list's
    /// best not placed yet. A passage BM25 ranks first or second cannot fall out of the top few
    /// because the dense side disagrees (a question's rare words, a domain the encoder does not
    /// know), while the fusion still orders the rest. A placed lexical passage keeps its fused
    /// score when the fused list holds it; the list is then not sorted by score.
    public static func reservingPlaces(_ places: [Int], lexical: [PassageHit], fused: [PassageHit], limit: Int) -> [PassageHit] {
        let reserved = Set(places.filter { $0 >= 1 })
        guard !reserved.isEmpty, !lexical.isEmpty else { return Array(fused.prefix(limit)) }
        var fusedByID: [Int64: PassageHit] = [:]
        for hit in fused where fusedByID[hit.passageID] == nil { fusedByID[hit.passageID] = hit }
        var placed = Set<Int64>()
        var lexicalNext = lexical.startIndex, fusedNext = fused.startIndex
        var result: [PassageHit] = []
        func next(_ list: [PassageHit], from index: inout Int) -> PassageHit? {
            while index < list.count {
                let hit = list[index]
                index += 1
                if !placed.contains(hit.passageID) { return hit }
            }
            return nil
        }
        while result.count < limit {
            let place = result.count + 1
            let pick = reserved.contains(place)
                ? next(lexical, from: &lexicalNext).map { fusedByID[$0.passageID] ?? $0 } ?? next(fused, from: &fusedNext)
                : next(fused, from: &fusedNext) ?? next(lexical, from: &lexicalNext).map { fusedByID[$0.passageID] ?? $0 }
            guard let pick else { break }
            placed.insert(pick.passageID)
            result.append(pick)
        }
        return result
    }
}
