package org.tongfa.item;

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
 */
@Component
class ItemSnapshots implements SnapshotSource {

    private final ItemRepository items;
    private final AssetStore assets;
    private final TongfaProperties properties;
    private final ReviewDesk review;

    ItemSnapshots(ItemRepository items, AssetStore assets, TongfaProperties properties, ReviewDesk review) {
        this.items = items;
        this.assets = assets;
        this.properties = properties;
        this.review = review;
    }

    @Override
    public ItemSnapshot snapshot(String itemId, int version, String channelId) {
        ItemRow row = items.find(itemId).orElseThrow(() -> new IllegalArgumentException("no item " + itemId));
        ItemVersion v = items.version(itemId, version)
                .orElseThrow(() -> new IllegalArgumentException("no version " + version + " of item " + itemId));
        ChannelOverride override = v.overrides().get(channelId);
        String title = override != null && override.title() != null && !override.title().isBlank()
                ? override.title() : v.title();
        String summary = override != null && override.summary() != null && !override.summary().isBlank()
                ? override.summary() : v.summary();

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
        // Channels are public or may pass what they get on: only live, proactively disclosed items are named.
        List<RelatedRef> related = items.publicLinks(itemId).stream()
                .map(l -> new RelatedRef(l.itemId(), l.relation().name(), clean(l.title()))).toList();
        return new ItemSnapshot(itemId, version, clean(title), clean(summary), clean(body.body().html()),
                clean(v.author()), clean(v.department()), v.column(), clean(columnName), v.disclosureType().name(),
                clean(v.indexNumber()), clean(v.documentNumber()), cover, images, PlainText.clean(v.tags()),
                v.priority().name(), row.firstPublishedAt(),
                v.releasedAt() != null ? v.releasedAt() : row.lastPublishedAt(), v.expireAt(), related, v.signedOn(),
                v.validity() == null ? null
                        : new ItemSnapshot.Validity(v.validity().status().name(), v.validity().date()),
                clean(v.topic()), review.reviewers(itemId, v));
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
