/// Glyph names to Unicode, following the Adobe Glyph List Specification: the names of the standard Latin, Greek,
/// Cyrillic (afii) and symbol sets and the TeX math names seen in pdfTeX output, plus the rules for `uniXXXX`,
/// `uXXXX[XX]`, `_`-joined ligature names and `.suffix` variants. The table is a subset of the AGL written from its
/// published mapping; it is parsed once on first use.
enum GlyphList {
    /// The Unicode text of glyph `name`, or nil when the name carries no known meaning (`.notdef`, `g123`).
    static func unicode(for name: String) -> [Unicode.Scalar]? {
        var base = Substring(name)
        if let dot = base.firstIndex(of: ".") { base = base[..<dot] }
        guard !base.isEmpty else { return nil }
        if let letters = ligatures[base] { return letters }
        if let value = table[String(base)], let scalar = Unicode.Scalar(value) { return [scalar] }
        if base.contains("_") {
            var result: [Unicode.Scalar] = []
            for part in base.split(separator: "_") {
                guard let scalars = component(String(part)) else { return nil }
                result += scalars
            }
            return result.isEmpty ? nil : result
        }
        return component(String(base))
    }

    /// Ligature glyph names read as their letters, as poppler reads them (text from `/ToUnicode` keeps whatever
    /// code points the writer chose, U+FB01 included).
    private static let ligatures: [Substring: [Unicode.Scalar]] = [
        "ff": ["f", "f"], "fi": ["f", "i"], "fl": ["f", "l"], "ffi": ["f", "f", "i"], "ffl": ["f", "f", "l"],
        "st": ["s", "t"],
    ]

    /// One component: a table name, `uniXXXX…` (one or more BMP values), `uXXXX` to `uXXXXXX`, or a single letter.
    private static func component(_ name: String) -> [Unicode.Scalar]? {
        if let value = table[name], let scalar = Unicode.Scalar(value) { return [scalar] }
        let utf8 = Array(name.utf8)
        if utf8.count == 1, let scalar = name.unicodeScalars.first, scalar.properties.isAlphabetic { return [scalar] }
        if utf8.count >= 7, utf8.count % 4 == 3, name.hasPrefix("uni") {
            var result: [Unicode.Scalar] = []
            var index = 3
            while index < utf8.count {
                guard let value = hexValue(utf8[index..<index + 4]), !(0xD800...0xDFFF).contains(value),
                      let scalar = Unicode.Scalar(value) else { return nil }
                result.append(scalar)
                index += 4
            }
            return result
        }
        if (5...7).contains(utf8.count), utf8[0] == 0x75, let value = hexValue(utf8[1...]),
           !(0xD800...0xDFFF).contains(value), let scalar = Unicode.Scalar(value) {
            return [scalar]
        }
        return nil
    }

    private static func hexValue(_ digits: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for digit in digits {
            guard let nibble = PDFLexer.hexValue(digit) else { return nil }
            value = value << 4 | UInt32(nibble)
        }
        return value
    }

    /// Name → code point, first mapping of the AGL where it lists several.
    static let table: [String: UInt32] = {
        var result: [String: UInt32] = [:]
        result.reserveCapacity(768)
        for entry in data.split(whereSeparator: { $0 == ";" || $0 == "\n" }) {
            let parts = entry.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, let value = UInt32(parts[1], radix: 16) else { continue }
            if result[String(parts[0])] == nil { result[String(parts[0])] = value }
        }
        return result
    }()

    private static let data = """
        space 0020;exclam 0021;quotedbl 0022;numbersign 0023;dollar 0024;percent 0025;ampersand 0026;quotesingle 0027;
        parenleft 0028;parenright 0029;asterisk 002A;plus 002B;comma 002C;hyphen 002D;period 002E;slash 002F;
        zero 0030;one 0031;two 0032;three 0033;four 0034;five 0035;six 0036;seven 0037;eight 0038;nine 0039;
        colon 003A;semicolon 003B;less 003C;equal 003D;greater 003E;question 003F;at 0040;bracketleft 005B;
        backslash 005C;bracketright 005D;asciicircum 005E;underscore 005F;grave 0060;braceleft 007B;bar 007C;
        braceright 007D;asciitilde 007E;nbspace 00A0;exclamdown 00A1;cent 00A2;sterling 00A3;currency 00A4;yen 00A5;
        brokenbar 00A6;section 00A7;dieresis 00A8;copyright 00A9;ordfeminine 00AA;guillemotleft 00AB;logicalnot 00AC;
        sfthyphen 00AD;registered 00AE;macron 00AF;degree 00B0;plusminus 00B1;twosuperior 00B2;threesuperior 00B3;
        acute 00B4;mu 00B5;paragraph 00B6;periodcentered 00B7;cedilla 00B8;onesuperior 00B9;ordmasculine 00BA;
        guillemotright 00BB;onequarter 00BC;onehalf 00BD;threequarters 00BE;questiondown 00BF;Agrave 00C0;Aacute 00C1;
        Acircumflex 00C2;Atilde 00C3;Adieresis 00C4;Aring 00C5;AE 00C6;Ccedilla 00C7;Egrave 00C8;Eacute 00C9;
        Ecircumflex 00CA;Edieresis 00CB;Igrave 00CC;Iacute 00CD;Icircumflex 00CE;Idieresis 00CF;Eth 00D0;Ntilde 00D1;
        Ograve 00D2;Oacute 00D3;Ocircumflex 00D4;Otilde 00D5;Odieresis 00D6;multiply 00D7;Oslash 00D8;Ugrave 00D9;
        Uacute 00DA;Ucircumflex 00DB;Udieresis 00DC;Yacute 00DD;Thorn 00DE;germandbls 00DF;agrave 00E0;aacute 00E1;
        acircumflex 00E2;atilde 00E3;adieresis 00E4;aring 00E5;ae 00E6;ccedilla 00E7;egrave 00E8;eacute 00E9;
        ecircumflex 00EA;edieresis 00EB;igrave 00EC;iacute 00ED;icircumflex 00EE;idieresis 00EF;eth 00F0;ntilde 00F1;
        ograve 00F2;oacute 00F3;ocircumflex 00F4;otilde 00F5;odieresis 00F6;divide 00F7;oslash 00F8;ugrave 00F9;
        uacute 00FA;ucircumflex 00FB;udieresis 00FC;yacute 00FD;thorn 00FE;ydieresis 00FF;Amacron 0100;amacron 0101;
        Abreve 0102;abreve 0103;Aogonek 0104;aogonek 0105;Cacute 0106;cacute 0107;Ccircumflex 0108;ccircumflex 0109;
        Cdotaccent 010A;cdotaccent 010B;Ccaron 010C;ccaron 010D;Dcaron 010E;dcaron 010F;Dcroat 0110;dcroat 0111;
        Emacron 0112;emacron 0113;Ebreve 0114;ebreve 0115;Edotaccent 0116;edotaccent 0117;Eogonek 0118;eogonek 0119;
        Ecaron 011A;ecaron 011B;Gcircumflex 011C;gcircumflex 011D;Gbreve 011E;gbreve 011F;Gdotaccent 0120;
        gdotaccent 0121;Gcommaaccent 0122;gcommaaccent 0123;Hcircumflex 0124;hcircumflex 0125;Hbar 0126;hbar 0127;
        Itilde 0128;itilde 0129;Imacron 012A;imacron 012B;Ibreve 012C;ibreve 012D;Iogonek 012E;iogonek 012F;
        Idotaccent 0130;dotlessi 0131;IJ 0132;ij 0133;Jcircumflex 0134;jcircumflex 0135;Kcommaaccent 0136;
        kcommaaccent 0137;kgreenlandic 0138;Lacute 0139;lacute 013A;Lcommaaccent 013B;lcommaaccent 013C;Lcaron 013D;
        lcaron 013E;Ldot 013F;ldot 0140;Lslash 0141;lslash 0142;Nacute 0143;nacute 0144;Ncommaaccent 0145;
        ncommaaccent 0146;Ncaron 0147;ncaron 0148;napostrophe 0149;Eng 014A;eng 014B;Omacron 014C;omacron 014D;
        Obreve 014E;obreve 014F;Ohungarumlaut 0150;ohungarumlaut 0151;OE 0152;oe 0153;Racute 0154;racute 0155;
        Rcommaaccent 0156;rcommaaccent 0157;Rcaron 0158;rcaron 0159;Sacute 015A;sacute 015B;Scircumflex 015C;
        scircumflex 015D;Scedilla 015E;scedilla 015F;Scaron 0160;scaron 0161;Tcommaaccent 0162;tcommaaccent 0163;
        Tcaron 0164;tcaron 0165;Tbar 0166;tbar 0167;Utilde 0168;utilde 0169;Umacron 016A;umacron 016B;Ubreve 016C;
        ubreve 016D;Uring 016E;uring 016F;Uhungarumlaut 0170;uhungarumlaut 0171;Uogonek 0172;uogonek 0173;
        Wcircumflex 0174;wcircumflex 0175;Ycircumflex 0176;ycircumflex 0177;Ydieresis 0178;Zacute 0179;zacute 017A;
        Zdotaccent 017B;zdotaccent 017C;Zcaron 017D;zcaron 017E;longs 017F;florin 0192;Scommaaccent 0218;
        scommaaccent 0219;dotlessj 0237;afii57929 02BC;afii64937 02BD;circumflex 02C6;caron 02C7;breve 02D8;
        dotaccent 02D9;ring 02DA;ogonek 02DB;tilde 02DC;hungarumlaut 02DD;gravecomb 0300;acutecomb 0301;
        tildecomb 0303;hookabovecomb 0309;dotbelowcomb 0323;Alpha 0391;Beta 0392;Gamma 0393;Delta 0394;Epsilon 0395;
        Zeta 0396;Eta 0397;Theta 0398;Iota 0399;Kappa 039A;Lambda 039B;Mu 039C;Nu 039D;Xi 039E;Omicron 039F;Pi 03A0;
        Rho 03A1;Sigma 03A3;Tau 03A4;Upsilon 03A5;Phi 03A6;Chi 03A7;Psi 03A8;Omega 03A9;Alphatonos 0386;
        Epsilontonos 0388;Etatonos 0389;Iotatonos 038A;Omicrontonos 038C;Upsilontonos 038E;Omegatonos 038F;
        iotadieresistonos 0390;Iotadieresis 03AA;Upsilondieresis 03AB;alphatonos 03AC;epsilontonos 03AD;etatonos 03AE;
        iotatonos 03AF;upsilondieresistonos 03B0;alpha 03B1;beta 03B2;gamma 03B3;delta 03B4;epsilon 03B5;zeta 03B6;
        eta 03B7;theta 03B8;iota 03B9;kappa 03BA;lambda 03BB;nu 03BD;xi 03BE;omicron 03BF;pi 03C0;rho 03C1;
        sigma1 03C2;sigma 03C3;tau 03C4;upsilon 03C5;phi 03C6;chi 03C7;psi 03C8;omega 03C9;iotadieresis 03CA;
        upsilondieresis 03CB;omicrontonos 03CC;upsilontonos 03CD;omegatonos 03CE;theta1 03D1;Upsilon1 03D2;phi1 03D5;
        omega1 03D6;afii10017 0410;afii10018 0411;afii10019 0412;afii10020 0413;afii10021 0414;afii10022 0415;
        afii10024 0416;afii10025 0417;afii10026 0418;afii10027 0419;afii10028 041A;afii10029 041B;afii10030 041C;
        afii10031 041D;afii10032 041E;afii10033 041F;afii10034 0420;afii10035 0421;afii10036 0422;afii10037 0423;
        afii10038 0424;afii10039 0425;afii10040 0426;afii10041 0427;afii10042 0428;afii10043 0429;afii10044 042A;
        afii10045 042B;afii10046 042C;afii10047 042D;afii10048 042E;afii10049 042F;afii10065 0430;afii10066 0431;
        afii10067 0432;afii10068 0433;afii10069 0434;afii10070 0435;afii10072 0436;afii10073 0437;afii10074 0438;
        afii10075 0439;afii10076 043A;afii10077 043B;afii10078 043C;afii10079 043D;afii10080 043E;afii10081 043F;
        afii10082 0440;afii10083 0441;afii10084 0442;afii10085 0443;afii10086 0444;afii10087 0445;afii10088 0446;
        afii10089 0447;afii10090 0448;afii10091 0449;afii10092 044A;afii10093 044B;afii10094 044C;afii10095 044D;
        afii10096 044E;afii10097 044F;afii10023 0401;afii10071 0451;Wgrave 1E80;wgrave 1E81;Wacute 1E82;wacute 1E83;
        Wdieresis 1E84;wdieresis 1E85;Ygrave 1EF2;ygrave 1EF3;figuredash 2012;endash 2013;emdash 2014;afii00208 2015;
        underscoredbl 2017;quoteleft 2018;quoteright 2019;quotesinglbase 201A;quotereversed 201B;quotedblleft 201C;
        quotedblright 201D;quotedblbase 201E;dagger 2020;daggerdbl 2021;bullet 2022;onedotenleader 2024;
        twodotenleader 2025;ellipsis 2026;perthousand 2030;minute 2032;second 2033;guilsinglleft 2039;
        guilsinglright 203A;exclamdbl 203C;fraction 2044;zerosuperior 2070;foursuperior 2074;fivesuperior 2075;
        sixsuperior 2076;sevensuperior 2077;eightsuperior 2078;ninesuperior 2079;nsuperior 207F;zeroinferior 2080;
        oneinferior 2081;twoinferior 2082;threeinferior 2083;fourinferior 2084;fiveinferior 2085;sixinferior 2086;
        seveninferior 2087;eightinferior 2088;nineinferior 2089;franc 20A3;lira 20A4;peseta 20A7;Euro 20AC;
        afii61248 2105;Ifraktur 2111;afii61289 2113;afii61352 2116;weierstrass 2118;Rfraktur 211C;prescription 211E;
        trademark 2122;estimated 212E;aleph 2135;onethird 2153;twothirds 2154;oneeighth 215B;threeeighths 215C;
        fiveeighths 215D;seveneighths 215E;arrowleft 2190;arrowup 2191;arrowright 2192;arrowdown 2193;arrowboth 2194;
        arrowupdn 2195;arrowupdnbse 21A8;carriagereturn 21B5;arrowdblleft 21D0;arrowdblup 21D1;arrowdblright 21D2;
        arrowdbldown 21D3;arrowdblboth 21D4;universal 2200;partialdiff 2202;existential 2203;emptyset 2205;
        gradient 2207;element 2208;notelement 2209;suchthat 220B;product 220F;summation 2211;minus 2212;
        asteriskmath 2217;radical 221A;proportional 221D;infinity 221E;orthogonal 221F;angle 2220;logicaland 2227;
        logicalor 2228;intersection 2229;union 222A;integral 222B;therefore 2234;similar 223C;congruent 2245;
        approxequal 2248;notequal 2260;equivalence 2261;lessequal 2264;greaterequal 2265;propersubset 2282;
        propersuperset 2283;notsubset 2284;reflexsubset 2286;reflexsuperset 2287;circleplus 2295;circlemultiply 2297;
        perpendicular 22A5;dotmath 22C5;house 2302;revlogicalnot 2310;integraltp 2320;integralbt 2321;angleleft 2329;
        angleright 232A;SF100000 2500;SF110000 2502;filledbox 25A0;H22073 25A1;triagup 25B2;triagrt 25BA;triagdn 25BC;
        triaglf 25C4;lozenge 25CA;circle 25CB;H18533 25CF;invbullet 25D8;invcircle 25D9;openbullet 25E6;
        smileface 263A;invsmileface 263B;sun 263C;female 2640;male 2642;spade 2660;club 2663;heart 2665;diamond 2666;
        musicalnote 266A;musicalnotedbl 266B;ff FB00;fi FB01;fl FB02;ffi FB03;ffl FB04;st FB06;dollaroldstyle F724;
        centoldstyle F7A2;nonbreakingspace 00A0;apple F8FF;radicalex F8E5;arrowvertex F8E6;arrowhorizex F8E7;
        registersans F8E8;copyrightsans F8E9;trademarksans F8EA;parenlefttp F8EB;parenleftex F8EC;parenleftbt F8ED;
        bracketlefttp F8EE;bracketleftex F8EF;bracketleftbt F8F0;bracelefttp F8F1;braceleftmid F8F2;braceleftbt F8F3;
        braceex F8F4;integralex F8F5;parenrighttp F8F6;parenrightex F8F7;parenrightbt F8F8;bracketrighttp F8F9;
        bracketrightex F8FA;bracketrightbt F8FB;bracerighttp F8FC;bracerightmid F8FD;bracerightbt F8FE;
        registerserif F6DA;copyrightserif F6D9;trademarkserif F6DB;middot 00B7;Tcedilla 0162;tcedilla 0163;
        commaaccent F6C3;afii57636 20AA;afii08941 20A4;afii57392 0660;afii57393 0661;afii57394 0662;afii57395 0663;
        afii57396 0664;visiblespace 2423;epsilon1 03F5;pi1 03D6;rho1 03F1;lscript 2113;diamondmath 22C4;
        minusplus 2213;circleminus 2296;circledivide 2298;circledot 2299;circlecopyrt 20DD;equivasymptotic 224D;
        precedesequal 227C;followsequal 227D;lessmuch 226A;greatermuch 226B;precedes 227A;follows 227B;
        arrownortheast 2197;arrowsoutheast 2198;similarequal 2243;arrownorthwest 2196;arrowsouthwest 2199;prime 2032;
        owner 220B;triangleinv 25BD;negationslash 0338;mapsto 21A6;latticetop 22A4;unionmulti 228E;
        turnstileleft 22A2;turnstileright 22A3;floorleft 230A;floorright 230B;ceilingleft 2308;ceilingright 2309;
        angbracketleft 27E8;angbracketright 27E9;bardbl 2225;arrowbothv 2195;arrowdblbothv 21D5;wreathproduct 2240;
        coproduct 2210;nabla 2207;unionsq 2294;intersectionsq 2293;subsetsqequal 2291;supersetsqequal 2292;star 22C6;
        arrowhookleft 21A9;arrowhookright 21AA;harpoonleftup 21BC;harpoonleftdown 21BD;harpoonrightup 21C0;
        harpoonrightdown 21C1;triangleright 25B7;triangleleft 25C1;flat 266D;natural 266E;sharp 266F;slurbelow 2322;
        slurabove 2323;epsilonvar 03F5;thetavar 03D1;phivar 03D5;rhovar 03F1;sigmavar 03C2;pivar 03D6;Ng 014A;ng 014B;
        Dmacron 0110;dmacron 0111;tie 2040;dotlessjmath 0237;quotedblleftbase 201E;perthousandzero 2031;cwm 200C;
        Germandbls 1E9E;checkmark 2713;numero 2116;degreecentigrade 2103;ohm 2126;micro 00B5;afii57397 0665;
        afii57398 0666;afii57399 0667;afii57400 0668;afii57401 0669;dong 20AB;
        """
}
