/// Named character references of the HTML standard (§13.5) that occur in real pages: markup escapes, spacing,
/// punctuation, currency, Latin-1 letters, arrows, math and Greek. The full table has 2,231 names; the rest are rare
/// enough that leaving them as written beats carrying the table.
enum HTMLEntities {
    /// Replacement text by name (without `&` and `;`).
    static let named: [String: String] = [
        // Markup and spacing
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "ensp": "\u{2002}",
        "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}", "zwj": "\u{200D}", "lrm": "\u{200E}",
        "rlm": "\u{200F}", "shy": "\u{AD}", "Tab": "\t", "NewLine": "\n",
        // Punctuation
        "ndash": "–", "mdash": "—", "hellip": "…", "lsquo": "‘", "rsquo": "’", "sbquo": "‚", "ldquo": "“",
        "rdquo": "”", "bdquo": "„", "laquo": "«", "raquo": "»", "lsaquo": "‹", "rsaquo": "›", "bull": "•",
        "middot": "·", "prime": "′", "Prime": "″", "dagger": "†", "Dagger": "‡", "permil": "‰", "sect": "§",
        "para": "¶", "iexcl": "¡", "iquest": "¿", "brvbar": "¦", "uml": "¨", "macr": "¯", "acute": "´",
        "cedil": "¸", "ordf": "ª", "ordm": "º", "not": "¬", "deg": "°", "oline": "‾", "frasl": "⁄",
        "excl": "!", "num": "#", "dollar": "$", "percnt": "%", "lpar": "(", "rpar": ")", "ast": "*", "plus": "+",
        "comma": ",", "period": ".", "sol": "/", "colon": ":", "semi": ";", "equals": "=", "quest": "?",
        "commat": "@", "lsqb": "[", "rsqb": "]", "bsol": "\\", "lowbar": "_", "grave": "`", "lcub": "{",
        "rcub": "}", "verbar": "|", "vert": "|", "Hat": "^", "tilde": "˜", "circ": "ˆ",
        // Symbols and currency
        "copy": "©", "reg": "®", "trade": "™", "cent": "¢", "pound": "£", "yen": "¥", "euro": "€", "curren": "¤",
        "micro": "µ", "sup1": "¹", "sup2": "²", "sup3": "³", "frac14": "¼", "frac12": "½", "frac34": "¾",
        "check": "✓", "star": "☆", "starf": "★", "hearts": "♥", "spades": "♠", "clubs": "♣", "diams": "♦",
        // Arrows and math
        "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "harr": "↔", "lArr": "⇐", "rArr": "⇒", "hArr": "⇔",
        "times": "×", "divide": "÷", "plusmn": "±", "minus": "−", "lowast": "∗", "radic": "√", "infin": "∞",
        "ne": "≠", "le": "≤", "ge": "≥", "asymp": "≈", "equiv": "≡", "sum": "∑", "prod": "∏", "part": "∂",
        "int": "∫", "forall": "∀", "exist": "∃", "empty": "∅", "nabla": "∇", "isin": "∈", "notin": "∉",
        "sub": "⊂", "sup": "⊃", "cap": "∩", "cup": "∪", "and": "∧", "or": "∨", "ang": "∠", "there4": "∴",
        "prop": "∝", "sim": "∼", "cong": "≅", "fnof": "ƒ", "loz": "◊",
        // Latin-1 letters
        "Agrave": "À", "Aacute": "Á", "Acirc": "Â", "Atilde": "Ã", "Auml": "Ä", "Aring": "Å", "AElig": "Æ",
        "Ccedil": "Ç", "Egrave": "È", "Eacute": "É", "Ecirc": "Ê", "Euml": "Ë", "Igrave": "Ì", "Iacute": "Í",
        "Icirc": "Î", "Iuml": "Ï", "ETH": "Ð", "Ntilde": "Ñ", "Ograve": "Ò", "Oacute": "Ó", "Ocirc": "Ô",
        "Otilde": "Õ", "Ouml": "Ö", "Oslash": "Ø", "Ugrave": "Ù", "Uacute": "Ú", "Ucirc": "Û", "Uuml": "Ü",
        "Yacute": "Ý", "THORN": "Þ", "szlig": "ß", "agrave": "à", "aacute": "á", "acirc": "â", "atilde": "ã",
        "auml": "ä", "aring": "å", "aelig": "æ", "ccedil": "ç", "egrave": "è", "eacute": "é", "ecirc": "ê",
        "euml": "ë", "igrave": "ì", "iacute": "í", "icirc": "î", "iuml": "ï", "eth": "ð", "ntilde": "ñ",
        "ograve": "ò", "oacute": "ó", "ocirc": "ô", "otilde": "õ", "ouml": "ö", "oslash": "ø", "ugrave": "ù",
        "uacute": "ú", "ucirc": "û", "uuml": "ü", "yacute": "ý", "thorn": "þ", "yuml": "ÿ", "OElig": "Œ",
        "oelig": "œ", "Scaron": "Š", "scaron": "š", "Yuml": "Ÿ",
        // Greek
        "Alpha": "Α", "Beta": "Β", "Gamma": "Γ", "Delta": "Δ", "Epsilon": "Ε", "Zeta": "Ζ", "Eta": "Η",
        "Theta": "Θ", "Iota": "Ι", "Kappa": "Κ", "Lambda": "Λ", "Mu": "Μ", "Nu": "Ν", "Xi": "Ξ", "Omicron": "Ο",
        "Pi": "Π", "Rho": "Ρ", "Sigma": "Σ", "Tau": "Τ", "Upsilon": "Υ", "Phi": "Φ", "Chi": "Χ", "Psi": "Ψ",
        "Omega": "Ω", "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
        "omicron": "ο", "pi": "π", "rho": "ρ", "sigmaf": "ς", "sigma": "σ", "tau": "τ", "upsilon": "υ",
        "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    ]
}
