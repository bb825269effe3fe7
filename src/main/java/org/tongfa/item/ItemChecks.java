package org.tongfa.item;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.springframework.stereotype.Component;
import org.tongfa.check.CheckReport;
import org.tongfa.check.CheckSubject;
import org.tongfa.check.Finding;
import org.tongfa.check.PrePublishChecks;
import org.tongfa.config.TongfaProperties;
import org.tongfa.item.ItemRefusal.Field;

/**
 * The item feature's side of the pre-publish checks (发布前检查): builds a {@link CheckSubject} from an
 * item's rows, runs {@link PrePublishChecks}, and words its blocks as a refusal's fields.
 */
@Component
class ItemChecks {

    private final ItemRepository items;
    private final PrePublishChecks checks;
    private final TongfaProperties properties;
    private final Clock clock;

    ItemChecks(ItemRepository items, PrePublishChecks checks, TongfaProperties properties, Clock clock) {
        this.items = items;
        this.checks = checks;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The report on the item's current version {@code version}, as if it were released to its channels
     * at its scheduled or requested time (now when none lies ahead).
     */
    CheckReport report(ItemRow row, ItemVersion version) {
        return report(row, version, targets(version), releaseTime(row, version));
    }

    /** {@link #reportForBlocks(ItemRow, ItemVersion, Set, Instant)} at the version's own targets and time. */
    CheckReport reportForBlocks(ItemRow row, ItemVersion version) {
        return reportForBlocks(row, version, targets(version), releaseTime(row, version));
    }

    /** When the current version would go out: its schedule, its own future publishAt, or now. */
    Instant releaseTime(ItemRow row, ItemVersion version) {
        Instant now = clock.instant();
        Instant at = row.scheduledAt() != null ? row.scheduledAt() : version.publishAt();
        return at != null && at.isAfter(now) ? at : now;
    }

    /** The item's own channels, or its column's. */
    Set<String> targets(ItemVersion version) {
        if (!version.channels().isEmpty()) {
            return new TreeSet<>(version.channels());
        }
        var column = properties.columns().get(version.column());
        return column == null ? Set.of() : new TreeSet<>(column.channels());
    }

    /** The report on {@code version} if it were released at {@code releaseAt} to {@code targets}. */
    CheckReport report(ItemRow row, ItemVersion version, Set<String> targets, Instant releaseAt) {
        return checks.run(subject(row, version, targets, releaseAt));
    }

    /**
     * The report where only a block matters (a submission, the release of {@code version} at
     * {@code releaseAt}), inside its transaction: every finding that can block, nothing fetched from outside
     * ({@link PrePublishChecks#runForBlocks}).
     */
    CheckReport reportForBlocks(ItemRow row, ItemVersion version, Set<String> targets, Instant releaseAt) {
        return checks.runForBlocks(subject(row, version, targets, releaseAt));
    }

    /** The blocking findings as the fields of a refusal, each with the check's Chinese message. */
    static List<Field> blocking(CheckReport report) {
        return report.blocks().stream().map(ItemChecks::asField).toList();
    }

    static Field asField(Finding f) {
        // Counted from 1, as the console counts (CheckFindings): the first character is 第 1 字.
        String where = f.offset() >= 0 ? "（第 " + (f.offset() + 1) + " 字处：" + f.excerpt() + "）" : "";
        String instead = f.suggestion() == null ? "" : "；建议：" + f.suggestion();
        return new Field(f.field(), "[" + f.check() + "] " + f.verdict().label() + "：" + f.message() + where + instead);
    }

    CheckSubject subject(ItemRow row, ItemVersion v, Set<String> targets, Instant releaseAt) {
        Document body = Jsoup.parseBodyFragment(v.bodyHtml());
        List<CheckSubject.Image> images = new ArrayList<>();
        for (Element img : body.select("img")) {
            images.add(new CheckSubject.Image(img.attr("src"), img.attr("alt")));
        }
        List<CheckSubject.Link> links = new ArrayList<>();
        for (Element a : body.select("a[href]")) {
            links.add(new CheckSubject.Link(a.attr("href"), "body"));
        }
        Map<String, CheckSubject.Override> overrides = new LinkedHashMap<>();
        v.overrides().forEach((channel, o) -> overrides.put(channel, new CheckSubject.Override(o.title(), o.summary())));
        List<CheckSubject.Relation> relations = items.links(row.id()).stream()
                .map(l -> new CheckSubject.Relation(l.itemId(), l.relation().name(), l.title(), l.status().name(), null))
                .toList();
        // A published item's publishAt is what readers see as its date; a draft's is the time it is due.
        Instant displayed = row.firstPublishedAt() != null ? v.publishAt() : null;
        return new CheckSubject(row.id(), v.version(), v.column(), v.disclosureType().name(), v.title(), v.summary(),
                v.author(), v.bodyHtml(), body.text(), images, links, overrides, List.copyOf(targets),
                v.documentNumber(), v.indexNumber(), relations, releaseAt, row.firstPublishedAt(), displayed);
    }
}
