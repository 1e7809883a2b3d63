import Albert
import Answering
import Foundation
import Retrieval

/// `eval --follow-up`: recall@k or open EM/F1, plain and as follow-ups, for all questions, the
/// context-leaning ones and the others.
extension EvalCommand {
    static func evaluateFollowUps(_ arguments: ParsedArguments, dataset: SquadDataset, work: URL, setup: SquadEvaluator.OpenSetup,
                                  progress: @escaping @Sendable (Int, Int) -> Void, showProgress: Bool) throws {
        let weights = setup.settings.followUp
        let subsets = SquadEvaluator.FollowUpSubset.allCases
        if arguments[recall] {
            let k = arguments[recallDepth]
            let result = try SquadEvaluator.followUpRecall(dataset: dataset, workFolder: work, k: k, limit: arguments[limit],
                                                           setup: setup, progress: progress)
            if showProgress { try? Console.standardError.write("\r\u{1B}[K") }
            let rows = subsets.map { subset in
                (subset, result.plain[subset]!, result.followUp[subset]!)
            }
            if arguments[jsonOption] {
                var json: [String: Any] = ["k": k, "followed_up": result.followedUp, "seconds": round2(result.seconds),
                                           "weights": [weights.document, weights.previousQuestion], "retriever": setup.settings.retriever.rawValue]
                for (subset, plain, followed) in rows {
                    json[subset.rawValue] = ["questions": plain.questions, "plain": round2(plain.recall(at: k)), "follow_up": round2(followed.recall(at: k))]
                }
                return try Console.standardOutput.json(json)
            }
            try output(Span(String(format: "follow-ups (document %g, previous question %g): %d questions followed up, %@, %.1f s",
                                   weights.document, weights.previousQuestion, result.followedUp, setup.settings.retriever.rawValue, result.seconds)))
            for (subset, plain, followed) in rows {
                try output(Span(String(format: "%@: recall@%d %.2f → %.2f on %d questions", subset.rawValue, k,
                                       plain.recall(at: k), followed.recall(at: k), plain.questions)))
            }
            return
        }
        let reader = try loadReader(arguments)
        var options = AnsweringOptions()
        options.passages = arguments[passages]
        options.bm25Weight = Float(arguments[bm25Weight])
        options.wholeScopePassages = arguments[wholeScope]
        options.answers = 5
        options.readPassagesInParallel = !arguments[onePassageAtATime]
        let answerer = try QuestionAnswerer(reader: reader, options: options, calibrationPolicy: .shippedWithModel)
        let result = try SquadEvaluator.followUpOpen(answerer: answerer, dataset: dataset, workFolder: work, limit: arguments[limit],
                                                     setup: setup, progress: progress)
        if showProgress { try? Console.standardError.write("\r\u{1B}[K") }
        if arguments[jsonOption] {
            var json: [String: Any] = ["followed_up": result.followedUp, "seconds": round2(result.seconds),
                                       "weights": [weights.document, weights.previousQuestion], "retriever": setup.settings.retriever.rawValue]
            for subset in subsets {
                let plain = result.plain[subset]!, followed = result.followUp[subset]!
                json[subset.rawValue] = ["questions": plain.questions,
                                         "plain": ["exact_match": round2(plain.exactMatch), "f1": round2(plain.f1)],
                                         "follow_up": ["exact_match": round2(followed.exactMatch), "f1": round2(followed.f1)]]
            }
            return try Console.standardOutput.json(json)
        }
        try output(Span(String(format: "follow-ups (document %g, previous question %g): %d questions followed up, open, %@, %.1f s",
                               weights.document, weights.previousQuestion, result.followedUp, setup.settings.retriever.rawValue, result.seconds)))
        for subset in subsets {
            let plain = result.plain[subset]!, followed = result.followUp[subset]!
            try output(Span(String(format: "%@: EM %.2f / F1 %.2f → EM %.2f / F1 %.2f on %d questions", subset.rawValue,
                                   plain.exactMatch, plain.f1, followed.exactMatch, followed.f1, plain.questions)))
        }
    }
}
