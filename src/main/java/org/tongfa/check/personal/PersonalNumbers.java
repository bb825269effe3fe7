package org.tongfa.check.personal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds full personal numbers in a text: 18-digit resident ID numbers whose GB 11643 check digit is right
 * and whose birth date is plausible, 15-digit old ID numbers with a plausible date, mainland mobile
 * numbers (with or without +86 and separators) and bank card numbers passing the Luhn check.
 *
 * <p>A number must stand alone: a digit, an X or a {@code *} right before or after it makes it part of a
 * longer number or of a masked one, which is not a match. Full-width digits count as digits.
 */
final class PersonalNumbers {

    /** One number found: where it is in the original text, its kind, and its masked form. */
    record Hit(PersonalDataKind kind, int start, int end, String masked) {
    }

    private static final String ALONE_BEFORE = "(?<![0-9Xx*])";
    private static final String ALONE_AFTER = "(?![0-9Xx*])";
    private static final Pattern ID_18 = Pattern.compile(ALONE_BEFORE + "\\d{17}[\\dXx]" + ALONE_AFTER);
    private static final Pattern ID_15 = Pattern.compile(ALONE_BEFORE + "\\d{15}" + ALONE_AFTER);
    private static final Pattern CARD = Pattern.compile(ALONE_BEFORE + "\\d{16,19}" + ALONE_AFTER);
    /** A card written in groups of four (6222 0212 3456 7890 123). */
    private static final Pattern CARD_GROUPED = Pattern.compile(
            "(?<![0-9Xx*]|\\d[ -])\\d{4}(?:[ -]\\d{4}){3}(?:[ -]\\d{1,3})?(?![0-9Xx*]|[ -]\\d)");
    private static final Pattern MOBILE = Pattern.compile(
            "(?<![0-9Xx*+])(?:(?:\\+|00)?86[ -]?)?(1[3-9]\\d)[ -]?(\\d{4})[ -]?(\\d{4})" + ALONE_AFTER);

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK_CHARS = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private PersonalNumbers() {
    }

    /** The numbers in {@code text}, in offset order; {@code today} bounds a plausible birth date. */
    static List<Hit> find(String text, LocalDate today) {
        String folded = halfWidth(text);
        List<Hit> hits = new ArrayList<>();
        Matcher m = ID_18.matcher(folded);
        while (m.find()) {
            String id = m.group().toUpperCase();
            if (validId18(id, today)) {
                add(hits, new Hit(PersonalDataKind.ID_NUMBER, m.start(), m.end(),
                        id.substring(0, 6) + "********" + id.substring(14)));
            }
        }
        m = ID_15.matcher(folded);
        while (m.find()) {
            if (validDate("19" + m.group().substring(6, 12), today)) {
                add(hits, new Hit(PersonalDataKind.ID_NUMBER, m.start(), m.end(),
                        m.group().substring(0, 6) + "*****" + m.group().substring(11)));
            }
        }
        for (Pattern card : List.of(CARD, CARD_GROUPED)) {
            m = card.matcher(folded);
            while (m.find()) {
                String digits = m.group().replaceAll("[ -]", "");
                if (digits.length() >= 16 && digits.length() <= 19 && luhn(digits)) {
                    add(hits, new Hit(PersonalDataKind.BANK_CARD, m.start(), m.end(), digits.substring(0, 6)
                            + "*".repeat(digits.length() - 10) + digits.substring(digits.length() - 4)));
                }
            }
        }
        m = MOBILE.matcher(folded);
        while (m.find()) {
            add(hits, new Hit(PersonalDataKind.MOBILE, m.start(), m.end(), m.group(1) + "****" + m.group(3)));
        }
        hits.sort(Comparator.comparingInt(Hit::start));
        return hits;
    }

    /** Adds {@code hit} unless a number found by an earlier (stronger) rule already covers part of it. */
    private static void add(List<Hit> hits, Hit hit) {
        for (Hit earlier : hits) {
            if (hit.start() < earlier.end() && earlier.start() < hit.end()) {
                return;
            }
        }
        hits.add(hit);
    }

    /** GB 11643: the weighted sum of the first 17 digits modulo 11 picks the check character. */
    static boolean validId18(String id, LocalDate today) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * WEIGHTS[i];
        }
        return Character.toUpperCase(id.charAt(17)) == CHECK_CHARS[sum % 11] && validDate(id.substring(6, 14), today);
    }

    /** {@code yyyyMMdd} is a real date between 1900 and today. */
    private static boolean validDate(String yyyymmdd, LocalDate today) {
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(yyyymmdd.substring(0, 4)),
                    Integer.parseInt(yyyymmdd.substring(4, 6)), Integer.parseInt(yyyymmdd.substring(6, 8)));
            return date.getYear() >= 1900 && !date.isAfter(today);
        } catch (DateTimeException e) {
            return false;
        }
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** Full-width ASCII forms and the ideographic space folded one for one, so offsets stay the same. */
    private static String halfWidth(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 0xFF01 && c <= 0xFF5E) || c == 0x3000) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = c == 0x3000 ? ' ' : (char) (c - 0xFEE0);
            }
        }
        return chars == null ? text : new String(chars);
    }
}
