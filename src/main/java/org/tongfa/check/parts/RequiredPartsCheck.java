package org.tongfa.check.parts;

import java.util.ArrayList;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tongfa.check.CheckProperties;
import org.tongfa.check.CheckSubject;
import org.tongfa.check.Finding;
import org.tongfa.check.ItemCheck;
import org.tongfa.check.Verdict;

/**
 * The parts an item must have before it goes out: 发文字号 and 索引号 for an item of a policy column
 * ({@code tongfa.checks.policy-columns}); for a 政策解读 (an item that {@code INTERPRETS} another) a
 * published policy; for every image an alt text (替代文本, read aloud to blind readers). Each missing
 * part blocks.
 */
@Component
@Order(20)
public class RequiredPartsCheck implements ItemCheck {

    static final String NAME = "parts";

    private final CheckProperties properties;

    public RequiredPartsCheck(CheckProperties properties) {
        this.properties = properties;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(CheckSubject subject) {
        List<Finding> findings = new ArrayList<>();
        if (properties.policyColumns().contains(subject.column())) {
            if (isBlank(subject.documentNumber())) {
                findings.add(Finding.about(NAME, Verdict.BLOCK, "documentNumber",
                        "政策文件缺少发文字号（栏目 " + subject.column() + "）"));
            }
            if (isBlank(subject.indexNumber())) {
                findings.add(Finding.about(NAME, Verdict.BLOCK, "indexNumber",
                        "政策文件缺少索引号（栏目 " + subject.column() + "）"));
            }
        }
        for (CheckSubject.Relation r : subject.relations()) {
            if ("INTERPRETS".equals(r.relation()) && !"PUBLISHED".equals(r.status())) {
                findings.add(new Finding(NAME, Verdict.BLOCK, "related", -1, r.title(),
                        "政策解读所解读的政策 " + r.itemId() + "（" + r.title() + "）状态为 " + r.status()
                                + "，尚未发布：请先发布该政策，或与其一同发布", null));
            }
        }
        for (int i = 0; i < subject.images().size(); i++) {
            if (isBlank(subject.images().get(i).alt())) {
                findings.add(new Finding(NAME, Verdict.BLOCK, "images[" + i + "].alt", -1,
                        subject.images().get(i).src(), "图片缺少替代文本（alt），读屏软件无法朗读", null));
            }
        }
        return findings;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
