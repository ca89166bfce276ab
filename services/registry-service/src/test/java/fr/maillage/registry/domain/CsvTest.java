package fr.maillage.registry.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTest {

    @Test
    void quotedFieldsKeepTheirCommasQuotesAndLineBreaks() {
        var records = Csv.parse("ID,NAME,NOTE\n1,\"Atelier, partagé\",\"dit \"\"l'Atelier\"\"\"\n2,\"sur\ndeux lignes\",fin\n");

        assertThat(records).extracting(Csv.Record::fields).containsExactly(
                List.of("ID", "NAME", "NOTE"),
                List.of("1", "Atelier, partagé", "dit \"l'Atelier\""),
                List.of("2", "sur\ndeux lignes", "fin"));
    }

    @Test
    void eachRecordKnowsTheLineItStartsOn() {
        var records = Csv.parse("H1,H2\r\na,\"b\r\nb\"\r\nc,d\r\n\r\ne,f");

        assertThat(records).extracting(Csv.Record::line).containsExactly(1, 2, 4, 6);
        assertThat(records.get(3).fields()).containsExactly("e", "f");
    }

    @Test
    void emptyFieldsAndTrailingSeparatorsCount() {
        assertThat(Csv.parse("a,,c,\n").get(0).fields()).containsExactly("a", "", "c", "");
    }

    @Test
    void anUnclosedQuoteIsReportedOnItsRecord() {
        var records = Csv.parse("H1,H2\nok,1\nbad,\"never closed\nmore");

        assertThat(records).hasSize(3);
        assertThat(records.get(1).problem()).isNull();
        assertThat(records.get(2).line()).isEqualTo(3);
        assertThat(records.get(2).problem()).contains("line 3");
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumn() {
        assertThat(Csv.parse("\uFEFFID,NAME\n").get(0).fields()).containsExactly("ID", "NAME");
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsKept() {
        assertThat(Csv.parse("Le 5\" bar,x").get(0).fields()).containsExactly("Le 5\" bar", "x");
    }
}
