package org.tongfa.text;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which characters text may hold, checked once at input and enforced again wherever stored text is
 * rendered for readers.
 *
 * <p>Refused everywhere: C0 and C1 control characters (U+0000 to U+001F, U+007F to U+009F), unpaired
 * surrogates (a broken UTF-16 string) and noncharacters (U+FDD0 to U+FDEF and U+xFFFE, U+xFFFF on
 * every plane). None of them can be shown to a reader; XML 1.0 cannot even carry most of them, so one
 * of them in a title makes every RSS and Atom rendering fail; PostgreSQL refuses U+0000. Text pasted
 * from Word often carries U+000B (a manual line break) or U+0007. Tab, line feed and carriage return
 * are allowed only where a text has lines ({@link MultiLine}); one-line text also refuses the line and
 * paragraph separators U+2028 and U+2029.
 *
 * <p>Everything else is ordinary text: emoji and other characters outside the BMP, bidi marks,
 * zero-width joiners (emoji sequences need them), and markup characters, which renderers escape.
 *
 * <p>Stateless and thread-safe.
 */
public final class PlainText {

    private PlainText() {
    }

    /**
     * A field whose text breaks the rule.
     *
     * @param field the field's path in the request: {@code title}, {@code tags[1]},
     *     {@code overrides.website.title}, {@code disclosure.reason}
     * @param message what is wrong, naming the character and where it is
     */
    public record Problem(String field, String message) {
    }

    /**
     * What is wrong with {@code text}, naming the first offending character and its position (counted in
     * characters as a reader counts them), or empty when it may be stored.
     *
     * @param multiLine whether tab, line feed and carriage return are allowed
     */
    public static Optional<String> problem(String text, boolean multiLine) {
        if (text == null) {
            return Optional.empty();
        }
        int position = 0;
        for (int i = 0; i < text.length(); ) {
            position++;
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    return Optional.of("contains an unpaired surrogate " + hex(c) + " at character " + position
                            + ", a broken character: enter the text again");
                }
            }
            int cp = text.codePointAt(i);
            if (refused(cp, multiLine)) {
                return Optional.of("contains " + describe(cp) + " at character " + position + remedy(cp));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /**
     * Every string in a request, checked: records are walked component by component (a component
     * annotated {@link MultiLine} may hold lines), lists by index ({@code tags[1]}), maps by key
     * ({@code overrides.website.title}; the keys themselves are one-line text, reported on the map's
     * path). Other values (numbers, enums, times) hold no free text. So a field added to a request is
     * checked without anyone remembering to.
     *
     * @param request a request record, or any value of the kinds above
     * @return the problems, in the order of the request's fields; empty when all text may be stored
     */
    public static List<Problem> problems(Object request) {
        List<Problem> problems = new ArrayList<>();
        walk("", request, false, problems);
        return problems;
    }

    /**
     * {@code text} without the characters {@link #problem} refuses in text with lines: what every public
     * renderer writes, so that text stored before the rule (or by another path) still renders as valid
     * XML, HTML and JSON. Returns the same instance when there is nothing to remove; {@code null} stays
     * {@code null}.
     */
    public static String clean(String text) {
        if (text == null || problem(text, true).isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1)))) {
                i++;
                continue;
            }
            int cp = text.codePointAt(i);
            if (!refused(cp, true)) {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** Each string of {@code texts} {@linkplain #clean cleaned}; {@code null} becomes an empty list. */
    public static List<String> clean(List<String> texts) {
        if (texts == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            if (text != null) {
                out.add(clean(text));
            }
        }
        return out;
    }

    private static boolean refused(int cp, boolean multiLine) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return !multiLine;
        }
        if (cp == 0x2028 || cp == 0x2029) {
            return !multiLine;
        }
        return Character.getType(cp) == Character.CONTROL || noncharacter(cp);
    }

    private static boolean noncharacter(int cp) {
        return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
    }

    private static String describe(int cp) {
        return switch (cp) {
            case '\t' -> "a tab (U+0009)";
            case '\n', '\r', 0x2028, 0x2029 -> "a line break (" + hex(cp) + ")";
            default -> noncharacter(cp) ? "the noncharacter " + hex(cp) : "the control character " + hex(cp);
        };
    }

    private static String remedy(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029) {
            return ": this field is one line";
        }
        return ": remove it (text pasted from Word or a PDF often carries such characters)";
    }

    private static String hex(int cp) {
        return String.format("U+%04X", cp);
    }

    private static void walk(String path, Object value, boolean multiLine, List<Problem> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof CharSequence text) {
            problem(text.toString(), multiLine).ifPresent(message -> problems.add(new Problem(path, message)));
        } else if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                walk(path.isEmpty() ? component.getName() : path + "." + component.getName(), read(component, record),
                        component.isAnnotationPresent(MultiLine.class), problems);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                problem(key, false).ifPresent(message -> problems.add(new Problem(path, "has a key that " + message)));
                walk(path + "." + key, entry.getValue(), multiLine, problems);
            }
        } else if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                walk(path + "[" + i++ + "]", element, multiLine, problems);
            }
        } else if (value instanceof Object[] array) {
            for (int i = 0; i < array.length; i++) {
                walk(path + "[" + i + "]", array[i], multiLine, problems);
            }
        } else if (value instanceof Optional<?> optional) {
            optional.ifPresent(v -> walk(path, v, multiLine, problems));
        }
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            var accessor = component.getAccessor();
            accessor.trySetAccessible();
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component + " of " + record.getClass().getName(), e);
        }
    }
}
