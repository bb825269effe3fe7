package org.tongfa.check.personal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.tongfa.check.Finding;
import org.tongfa.check.TextCheck;
import org.tongfa.check.TextField;
import org.tongfa.check.Verdict;

/**
 * The personal-data check (个人信息): full ID numbers, mobile numbers and bank card numbers in any text
 * field, each blocked, warned about or let through as the column's policy says
 * ({@link PersonalDataProperties}), with the masked form as the suggestion. The excerpt shows the masked
 * form too, so a finding never repeats the full number. Stateless and thread-safe.
 */
@Component
public class PersonalDataCheck implements TextCheck {

    /** The check's name, as in {@link Finding#check()}. */
    public static final String NAME = "personal-data";

    private static final int EXCERPT_CONTEXT = 10;

    private final PersonalDataProperties properties;
    private final Clock clock;

    public PersonalDataCheck(PersonalDataProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> scan(String column, List<TextField> fields) {
        PersonalDataProperties.Policies policies = properties.of(column);
        LocalDate today = LocalDate.now(clock);
        List<Finding> findings = new ArrayList<>();
        for (TextField field : fields) {
            List<PersonalNumbers.Hit> hits = PersonalNumbers.find(field.text(), today);
            for (PersonalNumbers.Hit hit : hits) {
                Policy policy = policies.of(hit.kind());
                if (policy != Policy.ALLOW) {
                    findings.add(finding(field, hit, hits, policy == Policy.BLOCK ? Verdict.BLOCK : Verdict.WARN));
                }
            }
        }
        return findings;
    }

    private static Finding finding(TextField field, PersonalNumbers.Hit hit, List<PersonalNumbers.Hit> hits,
            Verdict verdict) {
        String excerpt = maskedExcerpt(field.text(), Math.max(0, hit.start() - EXCERPT_CONTEXT),
                Math.min(field.text().length(), hit.end() + EXCERPT_CONTEXT), hits);
        String message = "个人信息：含完整的" + hit.kind().label() + "，公开前请遮盖为“" + hit.masked() + "”或删除";
        return new Finding(NAME, verdict, field.name(), hit.start(), excerpt, message, hit.masked());
    }

    /**
     * The text from {@code from} to {@code to} with every number found in it masked: whole in the window,
     * its masked form; cut by the window's edge, a {@code *} for each character shown.
     */
    private static String maskedExcerpt(String text, int from, int to, List<PersonalNumbers.Hit> hits) {
        StringBuilder excerpt = new StringBuilder(to - from + 8);
        int at = from;
        for (PersonalNumbers.Hit hit : hits) {
            if (hit.end() <= from || hit.start() >= to) {
                continue;
            }
            if (hit.start() > at) {
                excerpt.append(text, at, hit.start());
            }
            if (hit.start() >= from && hit.end() <= to) {
                excerpt.append(hit.masked());
            } else {
                excerpt.append("*".repeat(Math.min(hit.end(), to) - Math.max(hit.start(), from)));
            }
            at = Math.min(hit.end(), to);
        }
        return excerpt.append(text, at, to).toString();
    }
}
