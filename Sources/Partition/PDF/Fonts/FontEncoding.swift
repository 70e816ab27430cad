/// The predefined simple-font encodings of PDF 32000-1 Annex D — Standard, WinAnsi (where unused codes show a bullet,
/// note 3 of D.2), MacRoman, and the built-in encoding of the Symbol font — as code → glyph name. Names, not
/// Unicode, because `/Differences` and font programs speak in glyph names too; `GlyphList` maps them.
enum FontEncoding: Sendable {
    case standard, winAnsi, macRoman, symbol

    /// The encoding a `/BaseEncoding` or `/Encoding` name selects (§9.6.6.1); nil for unknown names.
    init?(name: String) {
        switch name {
        case "StandardEncoding": self = .standard
        case "WinAnsiEncoding": self = .winAnsi
        case "MacRomanEncoding", "MacExpertEncoding": self = .macRoman
        default: return nil
        }
    }

    /// 256 glyph names, nil where the encoding leaves the code undefined.
    var glyphNames: [String?] {
        switch self {
        case .standard: Self.standardTable
        case .winAnsi: Self.winAnsiTable
        case .macRoman: Self.macRomanTable
        case .symbol: Self.symbolTable
        }
    }

    private static let standardTable = parse(standardNames)
    private static let winAnsiTable = parse(winAnsiNames)
    private static let macRomanTable = parse(macRomanNames)
    private static let symbolTable = parse(symbolNames)

    private static func parse(_ text: String) -> [String?] {
        let names = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { $0 == "." ? nil : String($0) }
        precondition(names.count == 256, "an encoding table has 256 entries")
        return names
    }

    private static let standardNames = """
        . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . space exclam quotedbl numbersign dollar
        percent ampersand quoteright parenleft parenright asterisk plus comma hyphen period slash zero one two
        three four five six seven eight nine colon semicolon less equal greater question at A B C D E F G H I J K L
        M N O P Q R S T U V W X Y Z bracketleft backslash bracketright asciicircum underscore quoteleft a b c d e f
        g h i j k l m n o p q r s t u v w x y z braceleft bar braceright asciitilde . . . . . . . . . . . . . . . .
        . . . . . . . . . . . . . . . . . . exclamdown cent sterling fraction yen florin section currency
        quotesingle quotedblleft guillemotleft guilsinglleft guilsinglright fi fl . endash dagger daggerdbl
        periodcentered . paragraph bullet quotesinglbase quotedblbase quotedblright guillemotright ellipsis
        perthousand . questiondown . grave acute circumflex tilde macron breve dotaccent dieresis . ring cedilla .
        hungarumlaut ogonek caron emdash . . . . . . . . . . . . . . . . AE . ordfeminine . . . . Lslash Oslash OE
        ordmasculine . . . . . ae . . . dotlessi . . lslash oslash oe germandbls . . . .
        """

    private static let winAnsiNames = """
        . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . space exclam quotedbl numbersign dollar
        percent ampersand quotesingle parenleft parenright asterisk plus comma hyphen period slash zero one two
        three four five six seven eight nine colon semicolon less equal greater question at A B C D E F G H I J K L
        M N O P Q R S T U V W X Y Z bracketleft backslash bracketright asciicircum underscore grave a b c d e f g h
        i j k l m n o p q r s t u v w x y z braceleft bar braceright asciitilde bullet Euro bullet quotesinglbase
        florin quotedblbase ellipsis dagger daggerdbl circumflex perthousand Scaron guilsinglleft OE bullet Zcaron
        bullet bullet quoteleft quoteright quotedblleft quotedblright bullet endash emdash tilde trademark scaron
        guilsinglright oe bullet zcaron Ydieresis space exclamdown cent sterling currency yen brokenbar section
        dieresis copyright ordfeminine guillemotleft logicalnot hyphen registered macron degree plusminus
        twosuperior threesuperior acute mu paragraph periodcentered cedilla onesuperior ordmasculine guillemotright
        onequarter onehalf threequarters questiondown Agrave Aacute Acircumflex Atilde Adieresis Aring AE Ccedilla
        Egrave Eacute Ecircumflex Edieresis Igrave Iacute Icircumflex Idieresis Eth Ntilde Ograve Oacute
        Ocircumflex Otilde Odieresis multiply Oslash Ugrave Uacute Ucircumflex Udieresis Yacute Thorn germandbls
        agrave aacute acircumflex atilde adieresis aring ae ccedilla egrave eacute ecircumflex edieresis igrave
        iacute icircumflex idieresis eth ntilde ograve oacute ocircumflex otilde odieresis divide oslash ugrave
        uacute ucircumflex udieresis yacute thorn ydieresis
        """

    private static let macRomanNames = """
        . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . space exclam quotedbl numbersign dollar
        percent ampersand quotesingle parenleft parenright asterisk plus comma hyphen period slash zero one two
        three four five six seven eight nine colon semicolon less equal greater question at A B C D E F G H I J K L
        M N O P Q R S T U V W X Y Z bracketleft backslash bracketright asciicircum underscore grave a b c d e f g h
        i j k l m n o p q r s t u v w x y z braceleft bar braceright asciitilde . Adieresis Aring Ccedilla Eacute
        Ntilde Odieresis Udieresis aacute agrave acircumflex adieresis atilde aring ccedilla eacute egrave
        ecircumflex edieresis iacute igrave icircumflex idieresis ntilde oacute ograve ocircumflex odieresis otilde
        uacute ugrave ucircumflex udieresis dagger degree cent sterling section bullet paragraph germandbls
        registered copyright trademark acute dieresis notequal AE Oslash infinity plusminus lessequal greaterequal
        yen mu partialdiff summation product pi integral ordfeminine ordmasculine Omega ae oslash questiondown
        exclamdown logicalnot radical florin approxequal Delta guillemotleft guillemotright ellipsis space Agrave
        Atilde Otilde OE oe endash emdash quotedblleft quotedblright quoteleft quoteright divide lozenge ydieresis
        Ydieresis fraction currency guilsinglleft guilsinglright fi fl daggerdbl periodcentered quotesinglbase
        quotedblbase perthousand Acircumflex Ecircumflex Aacute Edieresis Egrave Iacute Icircumflex Idieresis
        Igrave Oacute Ocircumflex apple Ograve Uacute Ucircumflex Ugrave dotlessi circumflex tilde macron breve
        dotaccent ring cedilla hungarumlaut ogonek caron
        """

    private static let symbolNames = """
        . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . space exclam universal numbersign
        existential percent ampersand suchthat parenleft parenright asteriskmath plus comma minus period slash zero
        one two three four five six seven eight nine colon semicolon less equal greater question congruent Alpha
        Beta Chi Delta Epsilon Phi Gamma Eta Iota theta1 Kappa Lambda Mu Nu Omicron Pi Theta Rho Sigma Tau Upsilon
        sigma1 Omega Xi Psi Zeta bracketleft therefore bracketright perpendicular underscore radicalex alpha beta
        chi delta epsilon phi gamma eta iota phi1 kappa lambda mu nu omicron pi theta rho sigma tau upsilon omega1
        omega xi psi zeta braceleft bar braceright similar . . . . . . . . . . . . . . . . . . . . . . . . . . . .
        . . . . . Euro Upsilon1 minute lessequal fraction infinity florin club diamond heart spade arrowboth
        arrowleft arrowup arrowright arrowdown degree plusminus second greaterequal multiply proportional
        partialdiff bullet divide notequal equivalence approxequal ellipsis arrowvertex arrowhorizex carriagereturn
        aleph Ifraktur Rfraktur weierstrass circlemultiply circleplus emptyset intersection union propersuperset
        reflexsuperset notsubset propersubset reflexsubset element notelement angle gradient registerserif
        copyrightserif trademarkserif product radical dotmath logicalnot logicaland logicalor arrowdblboth
        arrowdblleft arrowdblup arrowdblright arrowdbldown lozenge angleleft registersans copyrightsans
        trademarksans summation parenlefttp parenleftex parenleftbt bracketlefttp bracketleftex bracketleftbt
        bracelefttp braceleftmid braceleftbt braceex . angleright integral integraltp integralex integralbt
        parenrighttp parenrightex parenrightbt bracketrighttp bracketrightex bracketrightbt bracerighttp
        bracerightmid bracerightbt .
        """
}
