package org.tongfa.console.review;

import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The Chinese words for an item's states, review steps and decisions, with the status class
 * ({@code ok}, {@code bad}, {@code warn}, {@code wait}, {@code off}) that repeats them by icon. In
 * templates: {@code ${@reviewLabels.state(v.state)}}.
 */
@Component("reviewLabels")
public class ReviewLabels {

    private static final Map<String, String> STATES = Map.of("DRAFT", "草稿", "IN_REVIEW", "审核中", "RETURNED", "已退回",
            "APPROVED", "已签发", "SCHEDULED", "已定时", "PUBLISHED", "已发布", "RETRACTED", "已撤回");
    private static final Map<String, String> STATE_CLASSES = Map.of("DRAFT", "off", "IN_REVIEW", "wait",
            "RETURNED", "warn", "APPROVED", "ok", "SCHEDULED", "wait", "PUBLISHED", "ok", "RETRACTED", "off");
    private static final Map<String, String> STEPS = Map.of("office", "科室审核", "confidentiality", "保密审查",
            "signer", "签发", "submit", "送审", "withdraw", "撤销签发", "retract", "撤回", "release", "直接发布");
    private static final Map<String, String> DECISIONS = Map.of("SUBMITTED", "已送审", "APPROVED", "通过",
            "RETURNED", "退回", "RETRACTED", "撤回", "RELEASED_UNREVIEWED", "未经审核发布");
    private static final Map<String, String> DISCLOSURES = Map.of("PROACTIVE", "主动公开", "ON_REQUEST", "依申请公开",
            "NOT_PUBLIC", "不公开");

    public String state(Object state) {
        return state == null ? "" : STATES.getOrDefault(state.toString(), state.toString());
    }

    public String stateClass(Object state) {
        return state == null ? "off" : STATE_CLASSES.getOrDefault(state.toString(), "off");
    }

    public String step(String step) {
        return step == null ? "" : STEPS.getOrDefault(step, step);
    }

    public String decision(Object decision) {
        return decision == null ? "" : DECISIONS.getOrDefault(decision.toString(), decision.toString());
    }

    public String decisionClass(Object decision) {
        if (decision == null) {
            return "off";
        }
        String d = decision.toString();
        return d.equals("APPROVED") ? "ok" : d.equals("RETURNED") || d.equals("RETRACTED") ? "warn" : "wait";
    }

    public String disclosure(Object type) {
        return type == null ? "" : DISCLOSURES.getOrDefault(type.toString(), type.toString());
    }
}
