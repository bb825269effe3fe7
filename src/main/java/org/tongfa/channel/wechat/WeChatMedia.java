package org.tongfa.channel.wechat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.material.WxMpMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.common.Sha256;
import org.tongfa.delivery.DeliveryFailure;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.delivery.ItemSnapshot.AssetRef;
import org.tongfa.delivery.RetryLaterException;

/**
 * Puts an item's images on WeChat, each at most once per account: a body image as an article image
 * ({@code media/uploadimg}, answered with a WeChat URL), the cover as a permanent {@code image}
 * material ({@code material/add_material}, answered with a media id). Uploads are cached by content
 * hash in {@code wechat_media}, so a re-delivery or another item with the same picture uploads
 * nothing. Each image is first made acceptable to WeChat by {@link WeChatImages}.
 */
final class WeChatMedia {

    /** A default cover file is read whole: WeChat takes image materials up to 10 MB. */
    static final long MAX_DEFAULT_COVER_BYTES = 10L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(WeChatMedia.class);

    private final String id;
    private final String appId;
    private final String defaultCover;
    private final WxMpService wx;
    private final WeChatStore store;
    private final WeChatCalls calls;
    private final Clock clock;
    private final Path tempDir;

    WeChatMedia(String id, WeChatChannelProperties settings, WxMpService wx, WeChatStore store, WeChatCalls calls,
            Clock clock, Path tempDir) {
        this.id = id;
        this.appId = settings.appId();
        this.defaultCover = settings.defaultCover();
        this.wx = wx;
        this.store = store;
        this.calls = calls;
        this.clock = clock;
        this.tempDir = tempDir;
    }

    /** The WeChat URL of a body image, uploaded unless an earlier upload of the same bytes is known. */
    String imageUrl(Dispatch dispatch, AssetRef asset) throws DeliveryFailure {
        Optional<WeChatStore.Media> cached = store.media(appId, "IMAGE", asset.sha256());
        if (cached.isPresent()) {
            return cached.get().url();
        }
        WeChatImages.Prepared prepared = prepare(dispatch.assets().read(asset.id()), asset.contentType(), asset.id());
        String url = withTempFile(prepared, file -> calls.call("media/uploadimg",
                () -> wx.getMaterialService().mediaImgUpload(file.toFile()).getUrl(), false));
        store.saveMedia(appId, "IMAGE", asset.sha256(), new WeChatStore.Media(null, url), clock.instant());
        return url;
    }

    /** The cover as a permanent image material (reused by content hash); the default cover without one. */
    String coverMediaId(Dispatch dispatch) throws DeliveryFailure {
        AssetRef cover = dispatch.item().cover();
        byte[] bytes;
        String contentType;
        String name;
        if (cover != null) {
            bytes = dispatch.assets().read(cover.id());
            contentType = cover.contentType();
            name = cover.id();
        } else if (defaultCover != null && !defaultCover.isBlank()) {
            String configured = defaultCover.strip();
            Path file = Path.of(configured);
            try {
                if (Files.isRegularFile(file)) {
                    if (Files.size(file) > MAX_DEFAULT_COVER_BYTES) {
                        throw new GiveUpException("wechat channel " + id + ": 默认封面 " + configured + " 超过 10 MB。"
                                + " The default cover is larger than 10 MB: check tongfa.channels." + id + ".default-cover.");
                    }
                    bytes = Files.readAllBytes(file);
                    contentType = Files.probeContentType(file);
                } else {
                    bytes = dispatch.assets().read(configured);
                    contentType = null;
                }
            } catch (IOException | IllegalArgumentException e) {
                if (WeChatCalls.interrupted(e)) {
                    // ClosedByInterruptException: the service is stopping, the file is fine.
                    throw calls.retryAfterInterruption("reading the default cover", false, e);
                }
                throw new GiveUpException("wechat channel " + id + ": 默认封面 " + configured + " 无法读取。"
                        + " The default cover cannot be read: check tongfa.channels." + id + ".default-cover.");
            }
            name = "default-cover";
        } else {
            throw new GiveUpException("wechat channel " + id + ": 稿件没有封面且未配置默认封面。 The item has no cover and"
                    + " no default cover is configured: add a cover or set tongfa.channels." + id + ".default-cover.");
        }
        String sha = Sha256.hex(bytes);
        Optional<WeChatStore.Media> cached = store.media(appId, "THUMB", sha);
        if (cached.isPresent()) {
            return cached.get().mediaId();
        }
        WeChatImages.Prepared prepared = prepare(bytes, contentType == null ? sniff(bytes) : contentType, name);
        String mediaId = withTempFile(prepared, file -> calls.call("material/add_material",
                () -> wx.getMaterialService().materialFileUpload("image",
                        new WxMpMaterial(file.getFileName().toString(), file.toFile(), null, null)).getMediaId(), false));
        store.saveMedia(appId, "THUMB", sha, new WeChatStore.Media(mediaId, null), clock.instant());
        return mediaId;
    }

    private WeChatImages.Prepared prepare(byte[] bytes, String contentType, String name) throws DeliveryFailure {
        if (Thread.currentThread().isInterrupted()) {
            throw calls.retryAfterInterruption("preparing image " + name, false, null);
        }
        try {
            return WeChatImages.prepare(bytes, contentType);
        } catch (WeChatImages.UnusableImageException e) {
            throw new GiveUpException("wechat channel " + id + ": 图片 " + name + " 无法转换为 1 MB 以下的 JPG/PNG。"
                    + " Image " + name + " cannot be made a JPEG/PNG under 1 MB: " + e.getMessage());
        } catch (IOException e) {
            // Only a fault of the image itself is final; an interrupt (the service stopping) never is.
            if (WeChatCalls.interrupted(e)) {
                throw calls.retryAfterInterruption("preparing image " + name, false, e);
            }
            throw new RetryLaterException("wechat channel " + id + ": preparing image " + name + " failed: " + e, e);
        }
    }

    /** WxJava uploads files only: the prepared bytes live in a temporary file for the one call. */
    private <T> T withTempFile(WeChatImages.Prepared prepared, FileCall<T> use) throws DeliveryFailure {
        Path file;
        try {
            file = Files.createTempFile(tempDir, "tongfa-wechat-", "." + prepared.extension());
            Files.write(file, prepared.bytes());
        } catch (IOException e) {
            if (WeChatCalls.interrupted(e)) {
                throw calls.retryAfterInterruption("writing a temporary file", false, e);
            }
            throw new RetryLaterException("wechat channel " + id + ": cannot write a temporary file: " + e.getMessage(), e);
        }
        try {
            return use.apply(file);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.debug("Could not delete {}: {}", file, e.toString());
            }
        }
    }

    /** The type of an image that came without one (a default cover): PNG or GIF by signature, else JPEG. */
    private static String sniff(byte[] bytes) {
        if (bytes.length > 3 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P') {
            return "image/png";
        }
        if (bytes.length > 3 && bytes[0] == 'G' && bytes[1] == 'I') {
            return "image/gif";
        }
        return "image/jpeg";
    }

    @FunctionalInterface
    private interface FileCall<T> {
        T apply(Path file) throws DeliveryFailure;
    }
}
