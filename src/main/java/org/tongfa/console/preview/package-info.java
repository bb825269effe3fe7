/**
 * The console's previews (预览): what each of an item's channels would make of a version, rendered by
 * that channel's own code ({@link org.tongfa.delivery.ChannelPreview}, the WeChat article, the real
 * lobby player fed with the one item), side by side; and the read-only preview link for a reviewer,
 * signed and expiring ({@link org.tongfa.console.preview.PreviewLinks}).
 */
package org.tongfa.console.preview;
