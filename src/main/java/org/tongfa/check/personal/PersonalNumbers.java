package org.tongfa.check.personal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK_CHARS = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    /** A run of digits; {@code end} includes a final X when the run is 17 digits followed by one. */
    private record Run(int start, int end, String digits) {
    }

    private PersonalNumbers() {
    }

    /**
     * The numbers in {@code text}, in offset order; {@code today} bounds a plausible birth date.
     *
     * <p>One pass cuts the text into chains of digit runs joined by one space or hyphen ({@code 138 1234
     * 5678}, {@code 6222-0212-3456-7890}); a chain that touches an X or {@code *} at either end belongs to a
     * longer or masked number and is skipped whole. Within a chain the longest stretch of runs that reads as
     * a number wins: an ID number before a bank card before a mobile.
     */
    static List<Hit> find(String text, LocalDate today) {
        String folded = halfWidth(text);
        List<Hit> hits = new ArrayList<>();
        int length = folded.length();
        int i = 0;
        while (i < length) {
            if (!digit(folded.charAt(i))) {
                i++;
                continue;
            }
            List<Run> chain = new ArrayList<>(4);
            int at = i;
            while (true) {
                int runEnd = at;
                while (runEnd < length && digit(folded.charAt(runEnd))) {
                    runEnd++;
                }
                int end = runEnd;
                if (runEnd - at == 17 && runEnd < length && (folded.charAt(runEnd) == 'X' || folded.charAt(runEnd) == 'x')) {
                    end++;
                }
                chain.add(new Run(at, end, folded.substring(at, runEnd)));
                if (end == runEnd && end + 1 < length && separator(folded.charAt(end)) && digit(folded.charAt(end + 1))) {
                    at = end + 1;
                } else {
                    i = end;
                    break;
                }
            }
            boolean taintedBefore = chain.get(0).start() > 0 && masking(folded.charAt(chain.get(0).start() - 1));
            int chainEnd = chain.get(chain.size() - 1).end();
            boolean taintedAfter = chainEnd < length && (masking(folded.charAt(chainEnd)) || digit(folded.charAt(chainEnd)));
            readChain(folded, chain, taintedBefore, taintedAfter, today, hits);
        }
        return hits;
    }

    private static void readChain(String folded, List<Run> chain, boolean taintedBefore, boolean taintedAfter,
            LocalDate today, List<Hit> hits) {
        int n = chain.size();
        int first = 0;
        while (first < n) {
            boolean found = false;
            for (int last = n - 1; last >= first && !found; last--) {
                if ((first == 0 && taintedBefore) || (last == n - 1 && taintedAfter)) {
                    continue;
                }
                Hit hit = read(folded, chain.subList(first, last + 1), today);
                if (hit != null) {
                    hits.add(hit);
                    first = last + 1;
                    found = true;
                }
            }
            if (!found) {
                first++;
            }
        }
    }

    /** The number a stretch of runs reads as, or {@code null}. */
    private static Hit read(String folded, List<Run> runs, LocalDate today) {
        int start = runs.get(0).start();
        int end = runs.get(runs.size() - 1).end();
        if (runs.size() == 1) {
            String number = folded.substring(start, end).toUpperCase();
            int length = number.length();
            if (length == 18 && validId18(number, today)) {
                return new Hit(PersonalDataKind.ID_NUMBER, start, end, number.substring(0, 6) + "********"
                        + number.substring(14));
            }
            if (length == 15 && validDate("19" + number.substring(6, 12), today)) {
                return new Hit(PersonalDataKind.ID_NUMBER, start, end, number.substring(0, 6) + "*****"
                        + number.substring(11));
            }
            if (length >= 16 && length <= 19 && number.charAt(length - 1) != 'X' && luhn(number)) {
                return card(start, end, number);
            }
        }
        StringBuilder digits = new StringBuilder(20);
        int[] groups = new int[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            digits.append(runs.get(i).digits());
            groups[i] = runs.get(i).digits().length();
        }
        if (runs.get(runs.size() - 1).end() != runs.get(runs.size() - 1).start() + groups[runs.size() - 1]) {
            return null; // ends with the X of an ID number that was not one
        }
        if (runs.size() >= 4 && groups[0] == 4 && groups[1] == 4 && groups[2] == 4 && groups[3] == 4
                && (runs.size() == 4 || (runs.size() == 5 && groups[4] <= 3)) && luhn(digits.toString())) {
            return card(start, end, digits.toString());
        }
        // a mobile: 11 digits (138 1234 5678, 138-12345678, ...), perhaps after 86 or +86 or 0086
        String national = digits.toString();
        int[] shape = groups;
        String prefix = null;
        if (national.length() == 13 && national.startsWith("86") && (groups[0] == 2 || groups[0] == 13)) {
            prefix = "86";
        } else if (national.length() == 15 && national.startsWith("0086") && (groups[0] == 4 || groups[0] == 15)) {
            prefix = "0086";
        }
        if (prefix != null) {
            national = national.substring(prefix.length());
            shape = groups[0] == prefix.length() ? Arrays.copyOfRange(groups, 1, groups.length)
                    : new int[] {national.length()};
            if (prefix.equals("86") && start > 0 && folded.charAt(start - 1) == '+') {
                start--;
            }
        }
        if (national.length() == 11 && national.charAt(0) == '1' && national.charAt(1) >= '3'
                && mobileShape(shape)) {
            return new Hit(PersonalDataKind.MOBILE, start, end, national.substring(0, 3) + "****"
                    + national.substring(7));
        }
        return null;
    }

    private static boolean mobileShape(int[] groups) {
        return Arrays.equals(groups, new int[] {11}) || Arrays.equals(groups, new int[] {3, 4, 4})
                || Arrays.equals(groups, new int[] {3, 8}) || Arrays.equals(groups, new int[] {7, 4});
    }

    private static Hit card(int start, int end, String digits) {
        return new Hit(PersonalDataKind.BANK_CARD, start, end, digits.substring(0, 6)
                + "*".repeat(digits.length() - 10) + digits.substring(digits.length() - 4));
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '-';
    }

    /** A character that makes the digits beside it part of a longer or masked number. */
    private static boolean masking(char c) {
        return c == 'X' || c == 'x' || c == '*';
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
