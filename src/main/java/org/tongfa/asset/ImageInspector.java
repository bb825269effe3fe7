package org.tongfa.asset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
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
