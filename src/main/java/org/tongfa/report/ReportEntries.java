package org.tongfa.report;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tongfa.text.MultiLine;

/**
 * What the annual report needs that Tongfa cannot know, as entered ({@code PUT /api/v1/reports/annual/{year}}).
 * Sums are checked by {@link ReportChecks}: each row's 总计, the （七）总计 row, 一 + 二 = （七）总计 + 四 and
 * section 4's totals.
 *
 * @param overview 一、总体情况 (text)
 * @param licences 表 2b 行政许可 本年处理决定数量
 * @param penalties 表 2c 行政处罚 本年处理决定数量
 * @param enforcement 表 2c 行政强制 本年处理决定数量
 * @param fees 表 2d 行政事业性收费 本年收费金额（万元）, up to four decimals
 * @param requests section 3: per row key of {@link Format2021#REQUEST_ROWS}, the seven columns of
 *     {@link Format2021#REQUEST_COLUMNS} in order; every row present
 * @param appeals section 4: per group key of {@link Format2021#APPEAL_GROUPS}, the five columns of
 *     {@link Format2021#APPEAL_COLUMNS}; every group present
 * @param problems 五、存在的主要问题及改进情况 (text)
 * @param other 六、其他需要报告的事项 (text), commonly the information-processing fees (信息处理费) charged
 */
public record ReportEntries(
        @MultiLine @Size(max = 20_000) String overview,
        @Min(0) long licences,
        @Min(0) long penalties,
        @Min(0) long enforcement,
        @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal fees,
        Map<String, List<Long>> requests,
        Map<String, List<Long>> appeals,
        @MultiLine @Size(max = 20_000) String problems,
        @MultiLine @Size(max = 20_000) String other) {

    public ReportEntries {
        overview = overview == null ? "" : overview.strip();
        problems = problems == null ? "" : problems.strip();
        other = other == null ? "" : other.strip();
        fees = fees == null ? BigDecimal.ZERO : fees;
        // Not Map.copyOf: a row sent as null must reach the checks, which name it, not fail here.
        requests = requests == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(requests));
        appeals = appeals == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(appeals));
    }

    /** The value of section 3's cell, or 0 when absent (only after {@link ReportChecks} accepted the entries). */
    long request(String row, int column) {
        List<Long> values = requests.get(row);
        return values == null || values.size() <= column || values.get(column) == null ? 0 : values.get(column);
    }
}
