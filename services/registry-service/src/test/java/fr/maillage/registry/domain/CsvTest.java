package fr.maillage.registry.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
    void anUnclosedQuoteIsReportedOnItsRecordAndReadingGoesOnAtTheNextLine() {
        var records = Csv.parse("H1,H2\nok,1\nbad,\"never closed\nmore,2\r\nlast,3\n");

        assertThat(records).extracting(Csv.Record::line).containsExactly(1, 2, 3, 4, 5);
        assertThat(records.get(1).problem()).isNull();
        assertThat(records.get(2).problem()).contains("line 3");
        assertThat(records.get(3).fields()).containsExactly("more", "2");
        assertThat(records.get(3).problem()).isNull();
        assertThat(records.get(4).fields()).containsExactly("last", "3");
    }

    @Test
    void aQuoteClosedByALaterRowsQuoteMakesOneMalformedRecordAndTheRowsBetweenAreReadAgain() {
        // the quote of line 3 is closed by the first quote of line 5: read as one record, rows 4
        // and 5 would vanish inside it
        var records = Csv.parse("ID,NAME,NOTE\n1,ok,a\n2,\"lost quote,b\n3,fine,c\n4,d,\"quoted\"\n5,end,e\n");

        assertThat(records).extracting(Csv.Record::line).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(records.get(2).problem()).contains("line 3").contains("instead of 3");
        assertThat(records.subList(3, 6)).allSatisfy(record -> assertThat(record.problem()).isNull());
        assertThat(records.get(4).fields()).containsExactly("4", "d", "quoted");
    }

    @Test
    void aLastRecordWithoutItsLineBreakIsCheckedAsTheOthersAre() {
        var records = Csv.parse("A,B,C,D\n2,\"p,q,r\n3,x,\"y\",t");

        assertThat(records).extracting(Csv.Record::line).containsExactly(1, 2, 3);
        assertThat(records.get(1).problem()).contains("line 2");
        assertThat(records.get(2).fields()).containsExactly("3", "x", "y", "t");
    }

    @Test
    void aFileOfStrayQuotesIsReadInTimeProportionalToItsLength() {
        // each line opens a quote that the next closes and opens again: every record runs on, and
        // is read again from its next line, but never more than the bound of lines in a record
        String text = "H1,H2\n" + "a\"b,\"c\n".repeat(50_000);

        var records = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> Csv.parse(text));

        assertThat(records).hasSize(50_001);
        assertThat(records.subList(1, records.size())).allSatisfy(record -> assertThat(record.problem()).isNotNull());
        assertThat(Csv.parse("H1,H2\n\"" + "x\n".repeat(Csv.MAX_LINES_IN_A_RECORD) + "\",y\n").get(1).problem())
                .contains("more than " + Csv.MAX_LINES_IN_A_RECORD + " lines");
    }

    @Test
    void aFieldOverSeveralLinesIsOneRecordWhenItHasTheHeadersWidth() {
        var records = Csv.parse("ID,NAME,NOTE\n1,\"sur\ndeux lignes\",fin\n2,b,c\n");

        assertThat(records).extracting(Csv.Record::line).containsExactly(1, 2, 4);
        assertThat(records).allSatisfy(record -> assertThat(record.problem()).isNull());
    }

    @Test
    void anUnclosedQuoteOnTheLastLineEndsTheReading() {
        var records = Csv.parse("H1,H2\nbad,\"never closed");

        assertThat(records).hasSize(2);
        assertThat(records.get(1).problem()).contains("line 2");
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
