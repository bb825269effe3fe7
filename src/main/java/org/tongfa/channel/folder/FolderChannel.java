package org.tongfa.channel.folder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.ItemSnapshot.AssetRef;
import org.tongfa.delivery.RetryLaterException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A drop folder. Each publication or update becomes one package directory
 * {@code <directory>/<itemId>-v<version>/} holding {@code item.json} and {@code assets/}; a retraction
 * becomes a tombstone file {@code <itemId>.retracted.json}. Everything is written under
 * {@code .incoming/} first and moved into place with one atomic rename, so an importer never sees a
 * half-written package, and a package that is already in place means an earlier attempt finished: the
 * channel is idempotent by construction.
 */
final class FolderChannel implements Channel {

    static final String INCOMING = ".incoming";
    private static final Logger log = LoggerFactory.getLogger(FolderChannel.class);

    private final String id;
    private final Path directory;
    private final JsonMapper json;

    FolderChannel(String id, Path directory, JsonMapper json) {
        this.id = id;
        this.directory = directory;
        this.json = json;
    }




    @Override
    public DeliveryReceipt deliver(Dispatch dispatch) throws RetryLaterException {
        try {
            return dispatch.action() == Action.RETRACT ? tombstone(dispatch) : writePackage(dispatch);
        } catch (IOException | UncheckedIOException e) {
            throw new RetryLaterException("cannot write to " + directory + ": " + e, e);
        }
    }

    private DeliveryReceipt writePackage(Dispatch dispatch) throws IOException {
        ItemSnapshot item = dispatch.item();
        String name = item.itemId() + "-v" + item.version();
        Path target = directory.resolve(name);
        if (Files.isDirectory(target)) {
            log.info("Package {} already in {} (an earlier attempt finished)", name, id);
            return new DeliveryReceipt(name, target.toUri().toString());
        }
        Path staging = directory.resolve(INCOMING).resolve(name + "." + UUID.randomUUID());
        Files.createDirectories(staging.resolve("assets"));
        try {
            List<AssetRef> assets = new ArrayList<>(item.images());
            if (item.cover() != null) {
                assets.add(item.cover());
            }
            Map<String, String> files = new LinkedHashMap<>();
            for (AssetRef asset : assets) {
                String file = "assets/" + asset.id() + extension(asset.contentType());
                if (files.putIfAbsent(asset.id(), file) == null) {
                    Files.write(staging.resolve(file), dispatch.assets().read(asset.id()));
                }
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("action", dispatch.action().name());
            document.put("idempotencyKey", dispatch.idempotencyKey());
            document.put("writtenAt", Instant.now().toString());
            document.put("assetFiles", files);
            document.put("item", item);
            Files.write(staging.resolve("item.json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
            moveIntoPlace(staging, target);
        } finally {
            deleteQuietly(staging);
        }
        return new DeliveryReceipt(name, target.toUri().toString());
    }

    private DeliveryReceipt tombstone(Dispatch dispatch) throws IOException {
        ItemSnapshot item = dispatch.item();
        String name = item.itemId() + ".retracted.json";
        Path target = directory.resolve(name);
        if (!Files.exists(target)) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("action", "RETRACT");
            document.put("idempotencyKey", dispatch.idempotencyKey());
            document.put("itemId", item.itemId());
            document.put("version", item.version());
            document.put("previousPackage", dispatch.previousRemoteId());
            document.put("retractedAt", Instant.now().toString());
            Path staging = directory.resolve(INCOMING).resolve(name + "." + UUID.randomUUID());
            Files.write(staging, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
            try {
                moveIntoPlace(staging, target);
            } finally {
                Files.deleteIfExists(staging);
            }
        }
        return new DeliveryReceipt(name, target.toUri().toString());
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            // Another attempt put the same package in place first: same content, nothing to do.
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the drop folder's file system cannot rename atomically", e);
        }
    }

    private static String extension(String contentType) {
        return switch (contentType) {
            case "image/png" -> ".png";
            case "image/jpeg" -> ".jpg";
            case "image/gif" -> ".gif";
            default -> ".bin";
        };
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // leftovers under .incoming are harmless and never imported
        }
    }
}
