import Testing
@testable import Partition

@Suite struct LanguageGuessTests {
    @Test(arguments: [
        ("en", "The committee reviewed the report and found that most of the claims in it were supported by the data, "
            + "which was collected over a period of two years from hospitals in the region. It is not clear whether"),
        ("de", "Der Ausschuss hat den Bericht geprüft und festgestellt, dass die meisten Aussagen nicht durch die Daten "
            + "gestützt werden, die über zwei Jahre in den Krankenhäusern der Region gesammelt wurden. Es ist auch"),
        ("fr", "Le comité a examiné le rapport et a constaté que la plupart des affirmations ne sont pas étayées par les "
            + "données recueillies pendant deux ans dans les hôpitaux de la région. Il est vrai que le travail"),
        ("es", "El comité revisó el informe y encontró que la mayoría de las afirmaciones no están respaldadas por los "
            + "datos que se recogieron durante dos años en los hospitales de la región. Lo que es más, el"),
        ("nl", "Het comité heeft het rapport bekeken en vastgesteld dat de meeste beweringen niet door de gegevens worden "
            + "ondersteund die in twee jaar in de ziekenhuizen van de regio zijn verzameld. Er is ook een"),
        ("ru", "Комитет рассмотрел доклад и установил, что большинство утверждений не подтверждается данными, которые "
            + "были собраны за два года в больницах региона. Это так же важно, как и то, что он был"),
        ("ja", "委員会は報告書を検討し、主張の大部分が地域の病院で二年間にわたって集められたデータによって裏付けられていないことを確認した。"),
        ("zh", "委员会审查了该报告，发现其中大多数说法没有得到该地区医院两年来收集的数据的支持。"),
        ("ko", "위원회는 보고서를 검토하고 대부분의 주장이 지역 병원에서 2년 동안 수집된 데이터로 뒷받침되지 않는다는 것을 발견했다."),
        ("el", "Η επιτροπή εξέτασε την έκθεση και διαπίστωσε ότι οι περισσότεροι ισχυρισμοί δεν υποστηρίζονται από τα δεδομένα."),
    ])
    func recognisesTheLanguage(expected: String, text: String) {
        #expect(LanguageGuess.language(of: text) == expected)
    }

    @Test func shortOrAmbiguousTextGetsNoGuess() {
        #expect(LanguageGuess.language(of: "") == nil)
        #expect(LanguageGuess.language(of: "Quarterly revenue report") == nil)
        #expect(LanguageGuess.language(of: "12 345 678 -- 9.1 / 33") == nil)
        // Numbers and identifiers only: no function words, no guess.
        let codes = (0..<100).map { "ABC-\($0) XR\($0)" }.joined(separator: " ")
        #expect(LanguageGuess.language(of: codes) == nil)
    }

    @Test func aDeclaredLanguageWinsAndAMissingOneIsGuessed() throws {
        let html = Array("<html lang=\"fr\"><body><p>The rest of this page is written in English, and the reader of it is told so by the markup of the page that it is in.</p></body></html>".utf8)
        let declared = try Partitioner.partition(html, as: .html, budget: PartitionBudget())
        #expect(declared.metadata.language == "fr")
        let text = Array("The rest of this page is written in English, and the reader of it is told so by nothing but the words that are in it.".utf8)
        let guessed = try Partitioner.partition(text, as: .text, budget: PartitionBudget())
        #expect(guessed.metadata.language == "en")
    }
}
