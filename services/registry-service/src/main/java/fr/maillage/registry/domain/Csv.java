package fr.maillage.registry.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads comma-separated values as RFC 4180 has them: fields in double quotes may hold commas,
 * line breaks and doubled quotes. Lenient where real files are messy: a quote inside an unquoted
 * field is kept as it is. Each record knows the line it starts on (the header is line 1).
 */
public final class Csv {

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
        int length = text.length();
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        int line = 1;
        while (i < length) {
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldStart = true;
            boolean recordEnded = false;
            String problem = null;
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
            if (quoted) {
                problem = "a quoted field opened on line " + startLine + " is never closed";
            }
            fields.add(field.toString());
            boolean blank = fields.size() == 1 && fields.get(0).isEmpty() && problem == null;
            if (!blank) {
                records.add(new Record(startLine, fields, problem));
            }
        }
        return records;
    }
}
