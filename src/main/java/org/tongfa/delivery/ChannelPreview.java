package org.tongfa.delivery;

import java.util.List;

/**
 * A channel that can show an editor what it would make of an item before it is sent: the same code
 * path as a delivery, stopped before anything leaves the service. Implemented by the {@link Channel}s
 * whose output can be shown (a page, a feed entry, a payload); a preview writes no file, calls no
 * partner, records nothing in the ledger and may be asked from any thread.
 */
public interface ChannelPreview {

    /**
     * What the channel would make of {@code item}.
     *
     * @param item a snapshot, typically of a version not yet released (its {@code publishedAt} may be
     *     {@code null}: the channel then shows the time of the preview)
     * @return one rendering per form the channel gives the item (a page and its elder mode, each feed format)
     */
    List<Rendering> preview(ItemSnapshot item);

    /**
     * One rendering.
     *
     * @param name what it is, in Chinese, such as {@code 网页} or {@code RSS}
     * @param contentType its media type
     * @param body the rendering itself, as text
     * @param warnings what the channel would change or refuse (a title over its limit, a link it drops),
     *     in Chinese; empty when nothing
     */
    record Rendering(String name, String contentType, String body, List<String> warnings) {

        public Rendering {
            warnings = List.copyOf(warnings);
        }
    }
}
