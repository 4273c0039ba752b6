/// The pseudo-locale `en-XA`: English with every letter accented and about 40% more length,
/// bracketed so a cut-off end shows. Placeholders (`{count}`) are kept as they are.
enum PseudoLocale {
    static let accents: [Character: Character] = [
        "a": "á", "b": "ƀ", "c": "ç", "d": "ð", "e": "é", "f": "ƒ", "g": "ĝ", "h": "ĥ", "i": "î", "j": "ĵ",
        "k": "ķ", "l": "ļ", "m": "ɱ", "n": "ñ", "o": "ö", "p": "þ", "q": "ǫ", "r": "ŕ", "s": "š", "t": "ţ",
        "u": "û", "v": "ṽ", "w": "ŵ", "x": "ẋ", "y": "ý", "z": "ž",
        "A": "Å", "B": "Ɓ", "C": "Ç", "D": "Ð", "E": "É", "F": "Ƒ", "G": "Ĝ", "H": "Ĥ", "I": "Î", "J": "Ĵ",
        "K": "Ķ", "L": "Ļ", "M": "Ṁ", "N": "Ñ", "O": "Ö", "P": "Þ", "Q": "Ǫ", "R": "Ŕ", "S": "Š", "T": "Ţ",
        "U": "Û", "V": "Ṽ", "W": "Ŵ", "X": "Ẋ", "Y": "Ý", "Z": "Ž",
    ]

    static func transform(_ text: String) -> String {
        var result = ""
        var inPlaceholder = false
        for character in text {
            if character == "{" { inPlaceholder = true }
            if inPlaceholder {
                result.append(character)
            } else if let accented = accents[character] {
                result.append(accented)
            } else {
                result.append(character)
            }
            if character == "}" { inPlaceholder = false }
        }
        // 40% longer: pad with 40% of the text's length, in words of up to
        // 8 so that lines can still break.
        let extra = max(1, (text.count * 2 + 4) / 5)
        var padding = ""
        for index in 0..<extra {
            if index % 8 == 0 { padding += " " }
            padding += "·"
        }
        return "[" + result + padding + "]"
    }

    static func catalogue(from english: Catalogue) -> Catalogue {
        var messages: [String: Message] = [:]
        for (key, message) in english.messages {
            switch message {
            case .text(let text): messages[key] = .text(transform(text))
            case .plural(let forms): messages[key] = .plural(forms.mapValues(transform))
            }
        }
        let vocabulary = english.vocabulary.mapValues { words in
            words.mapValues { Catalogue.VocabularyEntry(label: transform($0.label), help: transform($0.help)) }
        }
        return Catalogue(language: "en-XA", messages: messages, vocabulary: vocabulary)
    }
}
