package org.tongfa.check;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Check subjects for tests: a plain news item, changed one part at a time. */
public final class Subjects {

    public static final Instant RELEASE = Instant.parse("2026-12-01T02:00:00Z");

    public String column = "news";
    public String title = "标题";
    public String summary = "摘要";
    public String bodyHtml = "<p>正文</p>";
    public String bodyText = "正文";
    public List<CheckSubject.Image> images = new ArrayList<>();
    public List<CheckSubject.Link> links = new ArrayList<>();
    public Map<String, CheckSubject.Override> overrides = new LinkedHashMap<>();
    public String documentNumber;
    public String indexNumber;
    public List<CheckSubject.Relation> relations = new ArrayList<>();
    public Instant releaseAt = RELEASE;
    public Instant firstPublishedAt;
    public Instant displayedPublishAt;

    public static Subjects news() {
        return new Subjects();
    }

    public Subjects body(String text) {
        bodyText = text;
        bodyHtml = "<p>" + text + "</p>";
        return this;
    }

    public Subjects link(String href) {
        links.add(new CheckSubject.Link(href, "body"));
        return this;
    }

    public CheckSubject build() {
        return new CheckSubject("item-1", 3, column, "PROACTIVE", title, summary, "记者", bodyHtml, bodyText, images,
                links, overrides, List.of("website"), documentNumber, indexNumber, relations, releaseAt,
                firstPublishedAt, displayedPublishAt);
    }
}
