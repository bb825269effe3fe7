package org.tongfa.check.personal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What each column does with personal data (个人信息), bound from {@code tongfa.checks.personal-data.*}:
 * a policy ({@code block}, {@code warn} or {@code allow}) per kind for all columns, and overrides per
 * column, e.g. a 公示 column that must show mobile numbers:
 *
 * <pre>
 * tongfa.checks.personal-data:
 *   defaults: {id-number: block, mobile: warn, bank-card: block}
 *   columns:
 *     notices: {mobile: allow}
 * </pre>
 *
 * A full ID number is never published: {@code allow} for {@code id-number} is refused at start-up,
 * wherever it is written.
 *
 * @param defaults the policy of every column that does not override it (unset kinds: ID numbers and bank
 *        cards block, mobiles warn)
 * @param columns per column id, the kinds that column treats differently (unset kinds follow the defaults)
 */
@ConfigurationProperties("tongfa.checks.personal-data")
public record PersonalDataProperties(Policies defaults, Map<String, Policies> columns) {

    private static final String PREFIX = "tongfa.checks.personal-data.";

    public PersonalDataProperties {
        defaults = defaults == null ? Policies.STANDARD : defaults.over(Policies.STANDARD);
        refuseAllowedIdNumbers(PREFIX + "defaults", defaults);
        Map<String, Policies> resolved = new LinkedHashMap<>();
        if (columns != null) {
            for (Map.Entry<String, Policies> column : columns.entrySet()) {
                Policies policies = column.getValue() == null ? defaults : column.getValue().over(defaults);
                refuseAllowedIdNumbers(PREFIX + "columns." + column.getKey(), policies);
                resolved.put(column.getKey(), policies);
            }
        }
        columns = Map.copyOf(resolved);
    }

    /** The policies of {@code column} (the defaults for a column without overrides, or none). */
    public Policies of(String column) {
        return column == null ? defaults : columns.getOrDefault(column, defaults);
    }

    private static void refuseAllowedIdNumbers(String key, Policies policies) {
        if (policies.idNumber() == Policy.ALLOW) {
            throw new IllegalArgumentException(key + ".id-number: \"allow\" is refused: a full ID number "
                    + "(身份证号码) is never published; use block or warn (a masked number such as "
                    + "440802********1234 always passes)");
        }
    }

    /**
     * One policy per kind; in an override, an unset kind is {@code null} until resolved against the
     * defaults.
     */
    public record Policies(Policy idNumber, Policy mobile, Policy bankCard) {

        static final Policies STANDARD = new Policies(Policy.BLOCK, Policy.WARN, Policy.BLOCK);

        /** These policies with every unset kind taken from {@code base}. */
        Policies over(Policies base) {
            return new Policies(idNumber == null ? base.idNumber : idNumber, mobile == null ? base.mobile : mobile,
                    bankCard == null ? base.bankCard : bankCard);
        }

        /** The policy for {@code kind}. */
        public Policy of(PersonalDataKind kind) {
            return switch (kind) {
                case ID_NUMBER -> idNumber;
                case MOBILE -> mobile;
                case BANK_CARD -> bankCard;
            };
        }
    }
}
