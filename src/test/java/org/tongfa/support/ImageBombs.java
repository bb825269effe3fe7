package org.tongfa.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * Decompression bombs built byte by byte: small files whose headers declare pictures that would take
 * hundreds of megabytes once decoded. Every file is structurally whole (chunks, checksums, end
 * markers), so only a check of the declared, decoded size can refuse it.
 */
public final class ImageBombs {

    /** PNG colour type 6: red, green, blue and alpha. */
    public static final int RGBA = 6;

    private ImageBombs() {
    }

    /**
     * A PNG declaring {@code width} x {@code height} pixels of {@code colourType} at {@code bitDepth},
     * whose IDAT holds the zero-filled filter lines of only the first {@code rows} rows (all of them
     * when {@code rows >= height}), padded with a text chunk to at least {@code minSize} bytes.
     */
    public static byte[] png(int width, int height, int bitDepth, int colourType, int rows, int minSize) {
        int channels = switch (colourType) {
            case 0, 3 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> throw new IllegalArgumentException("colour type " + colourType);
        };
        long rowBytes = 1 + ((long) width * channels * bitDepth + 7) / 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = (byte) bitDepth;
        ihdr[9] = (byte) colourType;
        chunk(out, "IHDR", ihdr);
        chunk(out, "IDAT", zeros(rowBytes * Math.min(rows, height)));
        int padding = minSize - out.size() - 12 - 12;
        if (padding > 0) {
            byte[] text = new byte[padding];
            byte[] key = "Comment\0".getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(key, 0, text, 0, Math.min(key.length, text.length));
            for (int i = key.length; i < text.length; i++) {
                text[i] = 'x';
            }
            chunk(out, "tEXt", text);
        }
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A real JPEG whose frame header (SOF0) is rewritten to declare {@code width} x {@code height}. */
    public static byte[] jpegDeclaring(int width, int height) {
        byte[] jpeg = encode("jpeg");
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("no SOF0 in the encoded JPEG");
    }

    /** A real GIF whose logical screen and first image are rewritten to declare {@code width} x {@code height}. */
    public static byte[] gifDeclaring(int width, int height) {
        byte[] gif = encode("gif");
        putShortLe(gif, 6, width);
        putShortLe(gif, 8, height);
        int at = 13 + ((gif[10] & 0x80) != 0 ? 3 * (1 << ((gif[10] & 0x07) + 1)) : 0);
        while (at < gif.length && (gif[at] & 0xff) == 0x21) {
            // extension blocks: introducer, label, then sub-blocks until a zero length
            at += 2;
            while ((gif[at] & 0xff) != 0) {
                at += (gif[at] & 0xff) + 1;
            }
            at++;
        }
        if ((gif[at] & 0xff) != 0x2c) {
            throw new IllegalStateException("no image descriptor in the encoded GIF");
        }
        putShortLe(gif, at + 5, width);
        putShortLe(gif, at + 7, height);
        return gif;
    }

    private static byte[] encode(String format) {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code length} zero bytes deflated in a stream, never held uncompressed. */
    private static byte[] zeros(long length) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        byte[] block = new byte[64 * 1024];
        byte[] buffer = new byte[64 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long left = length; left > 0; left -= block.length) {
            deflater.setInput(block, 0, (int) Math.min(block.length, left));
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] length = new byte[4];
        putInt(length, 0, data.length);
        out.writeBytes(length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(name);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        byte[] sum = new byte[4];
        putInt(sum, 0, (int) crc.getValue());
        out.writeBytes(sum);
    }

    private static void putInt(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    private static void putShortLe(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
    }
}
