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
        return fused.values
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.order < $1.order }
            .prefix(limit)
            .map { entry in
                var hit = entry.hit
                hit.score = entry.score
                hit.scoreKind = .reciprocalRank
                return hit
            }
    }
}
