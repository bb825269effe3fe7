package org.tongfa.compliance;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * What the freshness monitor reads of publication: always the server-recorded first publication time of
 * an item (首次发布时间), never the time of an edit. Implementations read committed data only and are
 * safe to call from any thread.
 */
interface PublicationRecords {

    /**
     * A column's live items.
     *
     * @param latestFirstPublication the newest first publication among them; {@code null} when none
     * @param liveItems how many are live (published, not withdrawn)
     */
    record ColumnPublication(Instant latestFirstPublication, long liveItems) {
        static final ColumnPublication BLANK = new ColumnPublication(null, 0);
    }

    /** Each of {@code columns} that has a live item; a column missing from the answer has none. */
    Map<String, ColumnPublication> columns(Collection<String> columns);

    /**
     * The newest first publication among the items live on a website channel in {@code columns}: the
     * home page shows the newest items of every column, so this is the newest item on it.
     */
    Optional<Instant> homePageLatest(String websiteChannel, Collection<String> columns);

    /**
     * When the newest article reached a WeChat account: per item, its first delivered publication on the
     * channel (an update of an article is not a new one).
     */
    Optional<Instant> latestArticle(String wechatChannel);
}
