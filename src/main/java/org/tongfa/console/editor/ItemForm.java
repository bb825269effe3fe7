package org.tongfa.console.editor;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tongfa.common.BeijingTime;
import org.tongfa.console.ConsoleTimes;
import org.tongfa.console.FormErrors;
import org.tongfa.item.DisclosureType;
import org.tongfa.item.DocumentType;
import org.tongfa.item.ItemRequest;
import org.tongfa.item.ItemView;
import org.tongfa.item.Priority;
import org.tongfa.item.RelationType;
import org.tongfa.item.ValidityStatus;

/**
 * The editor's form as the person filled it in: every field as the text that was typed, so that a refused
 * form comes back exactly as it was sent. Field names are the API's field paths ({@code title},
 * {@code disclosure.reason}, {@code overrides.gzh.title}, {@code related[0].itemId}), so the API's field
 * problems land next to the right input. Times are {@code datetime-local} values in Beijing time.
 */
public final class ItemForm {

    private static final Pattern RELATED = Pattern.compile("related\\[(\\d+)]\\.(itemId|relation|title)");
    private static final Pattern TAG_SEPARATORS = Pattern.compile("[,，、;；]");
    private static final Map<String, String> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put("title", "标题");
        LABELS.put("summary", "摘要");
        LABELS.put("body", "正文");
        LABELS.put("author", "作者");
        LABELS.put("department", "发布机构");
        LABELS.put("column", "栏目");
        LABELS.put("disclosure", "公开属性");
        LABELS.put("disclosure.type", "公开属性");
        LABELS.put("disclosure.reason", "不予主动公开的理由");
        LABELS.put("indexNumber", "索引号");
        LABELS.put("documentNumber", "发文字号");
        LABELS.put("coverAssetId", "封面图片");
        LABELS.put("tags", "标签");
        LABELS.put("priority", "优先级");
        LABELS.put("publishAt", "定时发布时间");
        LABELS.put("expireAt", "到期时间");
        LABELS.put("channels", "发布渠道");
        LABELS.put("related", "关联稿件");
        LABELS.put("signedOn", "成文日期");
        LABELS.put("validity", "有效性");
        LABELS.put("validity.status", "有效性");
        LABELS.put("validity.date", "废止或失效日期");
        LABELS.put("topic", "主题分类");
        LABELS.put("documentType", "文件类型");
        LABELS.put("version", "版本");
    }

    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> channels = new ArrayList<>();
    private final List<Map<String, String>> related = new ArrayList<>();

    private ItemForm() {
    }

    /** An empty form: a new item. */
    static ItemForm blank() {
        ItemForm form = new ItemForm();
        form.values.put("disclosure.type", DisclosureType.PROACTIVE.name());
        form.values.put("priority", Priority.NORMAL.name());
        return form;
    }

    /**
     * The form as posted (or as an autosave kept it). Unknown names are ignored; related rows keep their
     * order and are numbered from 0 again, leaving out rows with no item, as the request will list them.
     */
    static ItemForm of(Map<String, List<String>> params) {
        ItemForm form = new ItemForm();
        Map<Integer, Map<String, String>> rows = new TreeMap<>();
        params.forEach((name, list) -> {
            String value = list == null || list.isEmpty() ? "" : list.get(0);
            Matcher row = RELATED.matcher(name);
            if (name.equals("channels")) {
                list.stream().filter(v -> v != null && !v.isBlank()).forEach(form.channels::add);
            } else if (row.matches()) {
                rows.computeIfAbsent(Integer.parseInt(row.group(1)), i -> new LinkedHashMap<>()).put(row.group(2), value);
            } else if (LABELS.containsKey(name) || name.startsWith("overrides.")) {
                form.values.put(name, value);
            }
        });
        rows.values().stream().filter(r -> !r.getOrDefault("itemId", "").isBlank()).forEach(form.related::add);
        return form;
    }

    /**
     * The form of an item's current version. Its channels are ticked only when they differ from its
     * column's ({@code columnChannels}): an item that goes where its column goes keeps following the column.
     */
    static ItemForm of(ItemView item, ConsoleTimes times, List<String> columnChannels) {
        ItemForm form = new ItemForm();
        Map<String, String> v = form.values;
        v.put("version", String.valueOf(item.version()));
        v.put("title", item.title());
        v.put("summary", item.summary());
        v.put("body", item.body());
        v.put("author", item.author());
        v.put("department", item.department());
        v.put("column", item.column());
        v.put("disclosure.type", item.disclosure().type().name());
        v.put("disclosure.reason", item.disclosure().reason());
        v.put("indexNumber", item.indexNumber());
        v.put("documentNumber", item.documentNumber());
        v.put("coverAssetId", item.coverAssetId());
        v.put("tags", String.join("，", item.tags()));
        v.put("priority", item.priority().name());
        v.put("publishAt", times.input(item.publishAt()));
        v.put("expireAt", times.input(item.expireAt()));
        v.put("signedOn", item.signedOn() == null ? "" : item.signedOn().toString());
        v.put("validity.status", item.validity() == null ? "" : item.validity().status().name());
        v.put("validity.date", item.validity() == null || item.validity().date() == null ? ""
                : item.validity().date().toString());
        v.put("topic", item.topic());
        v.put("documentType", item.documentType() == null ? "" : item.documentType().name());
        item.overrides().forEach((channel, o) -> {
            v.put("overrides." + channel + ".title", o.title());
            v.put("overrides." + channel + ".summary", o.summary());
        });
        if (!item.channels().equals(columnChannels)) {
            form.channels.addAll(item.channels());
        }
        for (ItemView.RelatedView link : item.related()) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("itemId", link.itemId());
            row.put("relation", link.relation().name());
            row.put("title", link.title());
            form.related.add(row);
        }
        return form;
    }

    // ---- what templates read --------------------------------------------------------------------------

    /** The field's value as typed, never {@code null}. */
    public String v(String name) {
        String value = values.get(name);
        return value == null ? "" : value;
    }

    public boolean hasChannel(String id) {
        return channels.contains(id);
    }

    public List<String> getChannels() {
        return channels;
    }

    public List<Map<String, String>> getRelated() {
        return related;
    }

    /**
     * The related rows as the editor shows them, one blank row last for one more link: each with its
     * values, its inputs' names and ids, and its problems in {@code errors} ({@code idErr}, {@code relErr}).
     */
    public List<Map<String, Object>> rows(FormErrors errors) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i <= related.size(); i++) {
            Map<String, String> values = i < related.size() ? related.get(i) : Map.of();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("number", i + 1);
            row.put("itemId", values.getOrDefault("itemId", ""));
            row.put("relation", values.getOrDefault("relation", RelationType.RELATED.name()));
            row.put("title", values.getOrDefault("title", ""));
            for (String part : List.of("itemId", "relation", "title")) {
                String name = "related[" + i + "]." + part;
                row.put(part + "Name", name);
                row.put(part + "Id", id(name));
                row.put(part + "ErrId", errorId(name));
                row.put(part + "Err", errorAt(errors, name));
            }
            rows.add(row);
        }
        return rows;
    }

    /** The element id of a field's input: {@code f-} and its path with every other character as {@code -}. */
    public String id(String field) {
        return "f-" + anchor(field).replaceAll("[^A-Za-z0-9]+", "-");
    }

    /** The element id of a field's error message. */
    public String errorId(String field) {
        return "e-" + id(field).substring(2);
    }

    /** The Chinese name of a field the API named ({@code related[1].itemId} is 关联稿件 2). */
    public String label(String field) {
        return fieldLabel(field);
    }

    /** The Chinese name of a field the API named, for any console page that names one. */
    public static String fieldLabel(String field) {
        Matcher row = Pattern.compile("related\\[(\\d+)].*").matcher(field);
        if (row.matches()) {
            return "关联稿件 " + (Integer.parseInt(row.group(1)) + 1);
        }
        Matcher override = Pattern.compile("overrides\\.([^.]+)(?:\\.(title|summary))?").matcher(field);
        if (override.matches()) {
            return "渠道“" + override.group(1) + "”的" + ("summary".equals(override.group(2)) ? "摘要" : "标题");
        }
        return LABELS.getOrDefault(field.replaceAll("\\[\\d+]$", ""), field);
    }

    /**
     * The field whose input shows a problem: a tag or a channel of the list shows at the list's input
     * ({@code tags[1]} at {@code tags}); everything else at its own.
     */
    static String anchor(String field) {
        if (field.matches("(tags|channels)\\[\\d+]")) {
            return field.substring(0, field.indexOf('['));
        }
        return field;
    }

    /** The problems to show at one input: its own and its list elements'. */
    public String errorAt(FormErrors errors, String field) {
        List<String> messages = new ArrayList<>();
        errors.getFields().forEach((name, message) -> {
            if (anchor(name).equals(field)) {
                messages.add(message);
            }
        });
        return messages.isEmpty() ? null : String.join("；", messages);
    }

    // ---- the request ----------------------------------------------------------------------------------

    /** The version the form was opened on, or {@code null} for a new item. */
    Integer version() {
        try {
            return v("version").isBlank() ? null : Integer.valueOf(v("version").strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The request the API would get for this form. What cannot be read as its type (a time, a date, a
     * choice) is added to {@code errors} under the field's name and sent as missing.
     */
    ItemRequest toRequest(FormErrors errors, List<String> channelIds) {
        DisclosureType disclosure = choice(DisclosureType.class, "disclosure.type", errors);
        ItemRequest.Disclosure disclosureValue = new ItemRequest.Disclosure(disclosure, text("disclosure.reason"));
        Map<String, ItemRequest.ChannelOverride> overrides = new LinkedHashMap<>();
        for (String channel : channelIds) {
            String title = text("overrides." + channel + ".title");
            String summary = text("overrides." + channel + ".summary");
            if (title != null || summary != null) {
                overrides.put(channel, new ItemRequest.ChannelOverride(title, summary));
            }
        }
        List<ItemRequest.Relation> relations = new ArrayList<>();
        for (int i = 0; i < related.size(); i++) {
            Map<String, String> row = related.get(i);
            RelationType type = null;
            try {
                type = RelationType.valueOf(row.getOrDefault("relation", "").strip());
            } catch (IllegalArgumentException e) {
                errors.add("related[" + i + "].relation", "请选择关联类型");
            }
            relations.add(new ItemRequest.Relation(row.get("itemId").strip(), type));
        }
        List<String> tags = new ArrayList<>();
        for (String tag : TAG_SEPARATORS.split(v("tags"))) {
            if (!tag.isBlank()) {
                tags.add(tag.strip());
            }
        }
        ValidityStatus validity = choice(ValidityStatus.class, "validity.status", errors);
        LocalDate validityDate = date("validity.date", errors);
        return new ItemRequest(text("title"), text("summary"), v("body"), text("author"), text("department"),
                text("column"), disclosureValue, text("indexNumber"), text("documentNumber"), text("coverAssetId"),
                tags, choice(Priority.class, "priority", errors), time("publishAt", errors), time("expireAt", errors),
                overrides, relations, channels, date("signedOn", errors),
                validity == null ? null : new ItemRequest.Validity(validity, validityDate), text("topic"),
                choice(DocumentType.class, "documentType", errors));
    }

    /** The value, or {@code null} when nothing was typed: an empty input is an absent field, as in JSON. */
    private String text(String name) {
        String value = v(name);
        return value.isBlank() ? null : value;
    }

    private <E extends Enum<E>> E choice(Class<E> type, String name, FormErrors errors) {
        String value = v(name).strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            errors.add(name, "请从列表中选择");
            return null;
        }
    }

    private Instant time(String name, FormErrors errors) {
        String value = v(name).strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).atZone(BeijingTime.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(name, "无法识别的时间，请按“2026-12-01 09:30”的格式填写");
            return null;
        }
    }

    private LocalDate date(String name, FormErrors errors) {
        String value = v(name).strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(name, "无法识别的日期，请按“2026-12-01”的格式填写");
            return null;
        }
    }
}
