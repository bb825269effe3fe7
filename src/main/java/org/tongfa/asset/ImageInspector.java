package org.tongfa.asset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decides what an upload really is from its bytes (never from its name or declared type) and reads its
 * dimensions without decoding the whole picture.
 */
final class ImageInspector {

    record Inspection(String contentType, int width, int height) {
    }

    private ImageInspector() {
    }

    /**
     * @throws IllegalArgumentException with a reader-facing reason when the bytes are not a PNG, JPEG or
     *     GIF image that can be read
     */
    static Inspection inspect(byte[] bytes) {
        String type = sniff(bytes);
        if (type == null) {
            throw new IllegalArgumentException("is not an image: only PNG, JPEG and GIF are accepted");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IllegalArgumentException("is not a readable " + type + " image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > 100_000_000L) {
                    throw new IllegalArgumentException("has implausible dimensions " + width + "x" + height);
                }
                if (!complete(type, bytes)) {
                    throw new IllegalArgumentException("is a truncated or damaged " + type + " image");
                }
                return new Inspection(type, width, height);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException bad) {
                throw bad;
            }
            throw new IllegalArgumentException("is a damaged " + type + " image");
        }
    }

    /**
     * Whether the file is whole, checked from its structure rather than by decoding every pixel: a PNG's
     * chunks must all be present with good checksums up to IEND, a JPEG must reach its end-of-image
     * marker, a GIF its trailer. The header alone (all the dimensions need) says nothing of the rest.
     */
    static boolean complete(String type, byte[] b) {
        return switch (type) {
            case "image/png" -> completePng(b);
            case "image/jpeg" -> endsWith(b, new byte[] {(byte) 0xff, (byte) 0xd9});
            case "image/gif" -> endsWith(b, new byte[] {0x3b});
            default -> false;
        };
    }

    private static boolean completePng(byte[] b) {
        int at = 8;
        while (at + 12 <= b.length) {
            long length = ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8)
                    | (b[at + 3] & 0xff);
            if (length > b.length - at - 12L) {
                return false;
            }
            CRC32 crc = new CRC32();
            crc.update(b, at + 4, 4 + (int) length);
            int end = at + 8 + (int) length;
            long stored = ((b[end] & 0xffL) << 24) | ((b[end + 1] & 0xff) << 16) | ((b[end + 2] & 0xff) << 8)
                    | (b[end + 3] & 0xff);
            if (crc.getValue() != stored) {
                return false;
            }
            if (b[at + 4] == 'I' && b[at + 5] == 'E' && b[at + 6] == 'N' && b[at + 7] == 'D') {
                return true;
            }
            at = end + 4;
        }
        return false;
    }

    /** Whether {@code marker} ends the file, ignoring zero padding some encoders append. */
    private static boolean endsWith(byte[] b, byte[] marker) {
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) {
            end--;
        }
        if (end < marker.length) {
            return false;
        }
        for (int i = 0; i < marker.length; i++) {
            if (b[end - marker.length + i] != marker[i]) {
                return false;
            }
        }
        return true;
    }

    private static String sniff(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "image/gif";
        }
        return null;
    }
}
