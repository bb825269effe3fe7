package org.tongfa.item;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.springframework.stereotype.Component;
import org.tongfa.asset.Asset;
import org.tongfa.asset.AssetStore;
import org.tongfa.config.TongfaProperties;
import org.tongfa.delivery.AssetReader;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.ItemSnapshot.AssetRef;
import org.tongfa.delivery.ItemSnapshot.RelatedRef;
import org.tongfa.delivery.SnapshotSource;
import org.tongfa.item.ItemRequest.ChannelOverride;
import org.tongfa.text.PlainText;

/**
 * Builds what a channel receives from a stored version: overrides applied, asset URLs absolute, text
 * cleaned of characters no channel can carry ({@link PlainText#clean}), and only live, proactively
 * disclosed (主动公开) items among the related ones. Every channel (website, feeds, webhook, drop folder,
 * WeChat, screens) gets its snapshot from here, so what one item says about another is filtered once.
 *
 * <p>A version is read and parsed once for all its channels ({@link VersionContents}); what may change after
 * it was written (disclosure attribute, release time, publication times, related items, reviewers) is read
 * for every snapshot, so a channel never gets a stale one.
 */
@Component
class ItemSnapshots implements SnapshotSource {

    /**
     * Characters of prepared versions held in memory (about 8 MB): a publication's channels ask for its
     * version within seconds of each other, so a few hundred typical bodies cover any burst.
     */
    private static final long MAX_CHARS_HELD = 4_000_000;
    /** What a prepared version costs beyond its texts, counted against the bound. */
    private static final long OVERHEAD_CHARS = 512;

    private final ItemRepository items;
    private final AssetStore assets;
    private final TongfaProperties properties;
    private final ReviewDesk review;
    private final VersionContents contents = new VersionContents(MAX_CHARS_HELD);

    ItemSnapshots(ItemRepository items, AssetStore assets, TongfaProperties properties, ReviewDesk review) {
        this.items = items;
        this.assets = assets;
        this.properties = properties;
        this.review = review;
    }

    /** Whether the version's content is held, so the next snapshot of it reads only what may change. */
    boolean holdsContentOf(String itemId, int version) {
        return contents.holds(itemId, version);
    }

    @Override
    public ItemSnapshot snapshot(String itemId, int version, String channelId) {
        Prepared p = contents.get(itemId, version, () -> prepare(itemId, version));
        ItemRepository.ReleaseState state = items.releaseState(itemId, version)
                .orElseThrow(() -> new IllegalArgumentException("no version " + version + " of item " + itemId));
        ChannelOverride override = p.overrides().get(channelId);
        String title = override != null && override.title() != null && !override.title().isBlank()
                ? override.title() : p.title();
        String summary = override != null && override.summary() != null && !override.summary().isBlank()
                ? override.summary() : p.summary();
        // Channels are public or may pass what they get on: only live, proactively disclosed items are named.
        List<RelatedRef> related = items.publicLinks(itemId).stream()
                .map(l -> new RelatedRef(l.itemId(), l.relation().name(), clean(l.title()))).toList();
        return new ItemSnapshot(itemId, version, clean(title), clean(summary), p.bodyHtml(), p.author(),
                p.department(), p.column(), p.columnName(), state.disclosureType().name(), p.indexNumber(),
                p.documentNumber(), p.cover(), p.images(), p.tags(), p.priority(), state.firstPublishedAt(),
                state.releasedAt() != null ? state.releasedAt() : state.lastPublishedAt(), p.expireAt(), related,
                p.signedOn(), p.validity(), p.topic(), review.reviewers(itemId, p.column(), version));
    }

    /**
     * What a stored version says whatever happens later, ready for any channel: the body with absolute asset
     * URLs, its images and cover found, text cleaned, overrides kept for each channel to pick from.
     */
    record Prepared(String title, String summary, Map<String, ChannelOverride> overrides, String bodyHtml,
            String author, String department, String column, String columnName, String indexNumber,
            String documentNumber, AssetRef cover, List<AssetRef> images, List<String> tags, String priority,
            Instant expireAt, LocalDate signedOn, ItemSnapshot.Validity validity, String topic) {
    }

    private VersionContents.Content prepare(String itemId, int version) {
        ItemVersion v = items.version(itemId, version)
                .orElseThrow(() -> new IllegalArgumentException("no version " + version + " of item " + itemId));
        Document body = Jsoup.parseBodyFragment(v.bodyHtml());
        body.outputSettings().prettyPrint(false);
        Map<String, String> altById = new LinkedHashMap<>();
        for (Element img : body.select("img[src^=/assets/]")) {
            String id = img.attr("src").substring("/assets/".length());
            altById.putIfAbsent(id, img.attr("alt"));
            img.attr("src", url("/assets/" + id));
        }
        Map<String, Asset> stored = new LinkedHashMap<>();
        List<String> wanted = new ArrayList<>(altById.keySet());
        if (v.coverAssetId() != null) {
            wanted.add(v.coverAssetId());
        }
        assets.findAll(wanted).forEach(a -> stored.put(a.id(), a));
        List<AssetRef> images = new ArrayList<>();
        altById.forEach((id, alt) -> {
            Asset a = stored.get(id);
            if (a != null) {
                images.add(ref(a, alt));
            }
        });
        AssetRef cover = v.coverAssetId() == null || !stored.containsKey(v.coverAssetId()) ? null
                : ref(stored.get(v.coverAssetId()), v.title());
        String columnName = properties.columns().containsKey(v.column())
                ? properties.columns().get(v.column()).name() : v.column();
        String html = clean(body.body().html());
        Map<String, ChannelOverride> overrides = v.overrides() == null ? Map.of() : Map.copyOf(v.overrides());
        Prepared prepared = new Prepared(v.title(), v.summary(), overrides, html, clean(v.author()),
                clean(v.department()), v.column(), clean(columnName), clean(v.indexNumber()),
                clean(v.documentNumber()), cover, List.copyOf(images), List.copyOf(PlainText.clean(v.tags())),
                v.priority().name(), v.expireAt(), v.signedOn(),
                v.validity() == null ? null : new ItemSnapshot.Validity(v.validity().status().name(), v.validity().date()),
                clean(v.topic()));
        long chars = html.length() + length(v.title()) + length(v.summary()) + OVERHEAD_CHARS
                + overrides.values().stream().mapToLong(o -> length(o.title()) + length(o.summary())).sum();
        return new VersionContents.Content(prepared, chars);
    }

    private static long length(String text) {
        return text == null ? 0 : text.length();
    }

    /** Versions stored before input was checked may hold characters no channel can carry. */
    private static String clean(String text) {
        return PlainText.clean(text);
    }

    @Override
    public AssetReader assets() {
        return assets;
    }

    private AssetRef ref(Asset a, String alt) {
        return new AssetRef(a.id(), a.contentType(), a.size(), a.sha256(), url(a.path()), alt == null ? "" : clean(alt));
    }

    private String url(String path) {
        return properties.publicBaseUrl().resolve(path).toString();
    }
}
