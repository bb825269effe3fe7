package org.tongfa.asset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decides what an upload really is from its bytes (never from its name or declared type) and reads its
 * dimensions without decoding the whole picture.
 *
 * <p>A small file can declare a huge picture (a decompression bomb: a 1 MB PNG of zeros declaring
 * 10000 x 10000 RGBA at 16 bits decodes to 800 MB), so what counts is the size once decoded, computed
 * from the header alone: width x height x bytes per pixel, the latter from the PNG's bit depth and
 * colour type, the JPEG frame's precision and components, one palette index for a GIF.
 */
final class ImageInspector {

    record Inspection(String contentType, int width, int height, long decodedBytes) {
    }

    /**
     * What an upload may declare.
     *
     * @param maxDecodedBytes the largest size once decoded (width x height x bytes per pixel)
     * @param maxDimension the largest width or height in pixels
     */
    record Limits(long maxDecodedBytes, int maxDimension) {
    }

    /** An image that is readable but declares more than the {@link Limits} allow. */
    static final class TooLargeException extends IllegalArgumentException {

        TooLargeException(String message) {
            super(message);
        }
    }

    private ImageInspector() {
    }

    /**
     * @throws TooLargeException when the image declares more pixels or decoded bytes than allowed
     * @throws IllegalArgumentException with a reader-facing reason when the bytes are not a PNG, JPEG or
     *     GIF image that can be read
     */
    static Inspection inspect(byte[] bytes, Limits limits) {
        String type = sniff(bytes);
        if (type == null) {
            throw new IllegalArgumentException("is not an image: only PNG, JPEG and GIF are accepted");
        }
        // In memory: ImageIO's default cache would copy every upload to a temporary file first.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IllegalArgumentException("is not a readable " + type + " image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new IllegalArgumentException("has implausible dimensions " + width + "x" + height);
                }
                Header header = header(type, bytes);
                if (header == null) {
                    throw new IllegalArgumentException("is a " + type + " image without a readable header");
                }
                // A GIF's logical screen, which viewers allocate, may be larger than its first frame.
                int declaredWidth = Math.max(width, header.width());
                int declaredHeight = Math.max(height, header.height());
                if (declaredWidth > limits.maxDimension() || declaredHeight > limits.maxDimension()) {
                    throw new TooLargeException("declares " + declaredWidth + "x" + declaredHeight
                            + " pixels, more than " + limits.maxDimension() + " in width or height"
                            + " (tongfa.assets.max-dimension)");
                }
                long decoded = (long) declaredWidth * declaredHeight * header.bytesPerPixel();
                if (decoded > limits.maxDecodedBytes()) {
                    throw new TooLargeException(String.format(Locale.ROOT, "declares %dx%d pixels at %d bytes per pixel:"
                            + " %,d bytes once decoded, more than the %,d allowed (tongfa.assets.max-decoded-bytes)",
                            declaredWidth, declaredHeight, header.bytesPerPixel(), decoded, limits.maxDecodedBytes()));
                }
                if (!complete(type, bytes)) {
                    throw new IllegalArgumentException("is a truncated or damaged " + type + " image");
                }
                return new Inspection(type, width, height, decoded);
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

    /** Dimensions and the bytes one decoded pixel takes, as the file's header declares them. */
    record Header(int width, int height, int bytesPerPixel) {
    }

    /** The declared header, or {@code null} when it cannot be found. */
    static Header header(String type, byte[] b) {
        return switch (type) {
            case "image/png" -> pngHeader(b);
            case "image/jpeg" -> jpegHeader(b);
            case "image/gif" -> b.length < 10 ? null
                    // Decoders hold one palette index per pixel.
                    : new Header((b[6] & 0xff) | (b[7] & 0xff) << 8, (b[8] & 0xff) | (b[9] & 0xff) << 8, 1);
            default -> null;
        };
    }

    /** IHDR, which must be the first chunk: width, height, bit depth and colour type. */
    private static Header pngHeader(byte[] b) {
        if (b.length < 26 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            return null;
        }
        int depth = b[24] & 0xff;
        int channels = switch (b[25] & 0xff) {
            case 0, 3 -> 1; // grey; palette index
            case 2 -> 3; // RGB
            case 4 -> 2; // grey and alpha
            case 6 -> 4; // RGBA
            default -> -1;
        };
        if (channels < 0 || depth == 0 || depth > 16) {
            return null;
        }
        return new Header((int) Math.min(Integer.MAX_VALUE, int32(b, 16)), (int) Math.min(Integer.MAX_VALUE, int32(b, 20)),
                channels * (depth > 8 ? 2 : 1));
    }

    /** The frame header (SOFn): precision, height, width and the number of components. */
    private static Header jpegHeader(byte[] b) {
        int at = 2;
        while (at + 4 <= b.length) {
            if ((b[at] & 0xff) != 0xff) {
                return null;
            }
            int marker = b[at + 1] & 0xff;
            if (marker == 0xff) {
                at++; // fill byte
                continue;
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                at += 2; // no length
                continue;
            }
            int length = (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
            boolean frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (frame && at + 10 <= b.length) {
                int precision = b[at + 4] & 0xff;
                int height = (b[at + 5] & 0xff) << 8 | (b[at + 6] & 0xff);
                int width = (b[at + 7] & 0xff) << 8 | (b[at + 8] & 0xff);
                int components = b[at + 9] & 0xff;
                return new Header(width, height, Math.max(1, components) * (precision > 8 ? 2 : 1));
            }
            if (marker == 0xda || length < 2) {
                return null; // image data before any frame header
            }
            at += 2 + length;
        }
        return null;
    }

    private static long int32(byte[] b, int at) {
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
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
