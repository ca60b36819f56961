/// Finds the closest known word to a misspelt one, for "did you mean" hints.
public enum Suggestion {
    /// Returns the candidate closest to `word` when it is close enough to be a likely typo.
    ///
    /// Close enough means an edit distance (ignoring case) of at most 2, and less than half the
    /// word's length, so short words do not match everything; failing that, a candidate that the
    /// word starts with or that starts with the word.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = Array(word.lowercased())
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, Array(candidate.lowercased()))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        if let best, best.distance <= 2, best.distance * 2 < max(lowered.count, 2) { return best.candidate }

        // A word that extends or shortens a known one (`hostname`, `configurationSet`) is likely
        // that one, when the shared part is long enough to mean something.
        let word = word.lowercased()
        return candidates.first { candidate in
            let known = candidate.lowercased()
            return min(word.count, known.count) >= 4 && (known.hasPrefix(word) || word.hasPrefix(known))
        }
    }

    /// The optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// two neighbouring characters each cost 1, so `tsl` is one edit from `tls`.
    static func editDistance(_ first: [Character], _ second: [Character]) -> Int {
        if first.isEmpty { return second.count }
        if second.isEmpty { return first.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: second.count + 1), count: first.count + 1)
        for i in 0...first.count { table[i][0] = i }
        for j in 0...second.count { table[0][j] = j }
        for i in 1...first.count {
            for j in 1...second.count {
                let cost = first[i - 1] == second[j - 1] ? 0 : 1
                table[i][j] = Swift.min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, first[i - 1] == second[j - 2], first[i - 2] == second[j - 1] {
                    table[i][j] = Swift.min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[first.count][second.count]
    }
}
