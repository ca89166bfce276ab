package fr.maillage.registry.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads comma-separated values as RFC 4180 has them: fields in double quotes may hold commas,
 * line breaks and doubled quotes. Lenient where real files are messy: a quote inside an unquoted
 * field is kept as it is. Each record knows the line it starts on (the header is line 1).
 * <p>
 * A quote that is not closed where it should be is contained: a record that runs over several
 * lines and then has a different number of fields than the header, or whose quote is never
 * closed, is malformed, and reading goes on at the line after the one it started on. Read on,
 * one stray quote would have made every later row part of it, and none of them reported. A record
 * may run over at most {@value #MAX_LINES_IN_A_RECORD} lines, its quoted fields together: each
 * malformed record is read again from its next line, so without a bound a file of stray quotes
 * would be read once per line (a bound per field would not do: each line may close a quoted field
 * and open the next).
 */
public final class Csv {

    static final int MAX_LINES_IN_A_RECORD = 20;

    private Csv() {
    }

    /** One record; {@code problem} is set when it could not be read whole (then fields are partial). */
    public record Record(int line, List<String> fields, String problem) {
        public Record {
            fields = List.copyOf(fields);
        }
    }

    public static List<Record> parse(String text) {
        List<Record> records = new ArrayList<>();
        Reader reader = new Reader(text);
        int width = -1;
        while (!reader.atEnd()) {
            int start = reader.position;
            int startLine = reader.line;
            Record record = reader.next();
            if (record == null) {
                continue; // a blank line
            }
            int lines = reader.breaksInQuotes + 1;
            if (width < 0) {
                width = record.fields().size();
                if (record.problem() == null && lines > 1) {
                    record = new Record(startLine, record.fields(), "a quoted field of the header line runs over "
                            + lines + " lines (a quote is not closed where it should be)");
                }
            } else if (record.problem() == null && lines > 1 && record.fields().size() != width) {
                record = new Record(startLine, record.fields(), "a quoted field opened on line " + startLine
                        + " runs over " + lines + " lines to a record of " + record.fields().size()
                        + " fields instead of " + width + " (a quote is not closed where it should be)");
            }
            if (record.problem() != null) {
                reader.restartAfterLineOf(start, startLine);
                record = new Record(startLine, List.of(), record.problem()); // its fields are not what the file meant
            }
            records.add(record);
        }
        return records;
    }

    private static final class Reader {
        private final String text;
        private int position;
        private int line = 1;
        /** Line breaks inside quoted fields of the last record read. */
        private int breaksInQuotes;

        Reader(String text) {
            this.text = text;
            this.position = text.startsWith("\uFEFF") ? 1 : 0;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        /** The record from here to its end of line; null for a blank line. */
        Record next() {
            int length = text.length();
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldStart = true;
            boolean recordEnded = false;
            breaksInQuotes = 0;
            int i = position;
            while (i < length && !recordEnded) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < length && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        quoted = false;
                    } else {
                        if (c == '\n' || (c == '\r' && (i + 1 >= length || text.charAt(i + 1) != '\n'))) {
                            line++;
                            if (++breaksInQuotes >= MAX_LINES_IN_A_RECORD) {
                                position = i + 1;
                                fields.add(field.toString());
                                return new Record(startLine, fields, "the record of line " + startLine
                                        + " runs over more than " + MAX_LINES_IN_A_RECORD + " lines inside quotes (a quote"
                                        + " is not closed where it should be)");
                            }
                        }
                        field.append(c);
                    }
                    i++;
                } else if (c == '"' && fieldStart) {
                    quoted = true;
                    fieldStart = false;
                    i++;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStart = true;
                    i++;
                } else if (c == '\r' || c == '\n') {
                    i += (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') ? 2 : 1;
                    line++;
                    recordEnded = true;
                } else {
                    field.append(c);
                    fieldStart = false;
                    i++;
                }
            }
            position = i;
            fields.add(field.toString());
            String problem = quoted ? "a quoted field opened on line " + startLine + " is never closed" : null;
            boolean blank = fields.size() == 1 && fields.get(0).isEmpty() && problem == null;
            return blank ? null : new Record(startLine, fields, problem);
        }

        /** Goes back to the physical line after the one a malformed record started on. */
        void restartAfterLineOf(int start, int startLine) {
            int i = start;
            while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                i++;
            }
            if (i < text.length()) {
                i += text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
            }
            position = i;
            line = startLine + 1;
        }
    }
}
