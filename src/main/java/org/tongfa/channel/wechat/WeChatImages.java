package org.tongfa.channel.wechat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes an image acceptable to {@code media/uploadimg}: JPEG or PNG under 1 MB. A GIF becomes a PNG
 * (its first frame); anything too big is re-encoded as JPEG and scaled down until it fits. WeChat
 * strips images it did not host, so an image that cannot be made to fit fails the delivery instead
 * of silently vanishing.
 */
final class WeChatImages {

    /** WeChat says "under 1 MB"; stay clearly below it. */
    static final int MAX_BYTES = 1_000_000;

    /** Bytes ready to upload and the file extension WeChat infers the type from. */
    record Prepared(byte[] bytes, String extension) {
    }

    private WeChatImages() {
    }

    /**
     * @throws IOException when the bytes are no readable image or cannot be made small enough
     */
    static Prepared prepare(byte[] bytes, String contentType) throws IOException {
        String type = contentType == null ? "" : contentType.toLowerCase();
        if (bytes.length < MAX_BYTES && type.equals("image/png")) {
            return new Prepared(bytes, "png");
        }
        if (bytes.length < MAX_BYTES && (type.equals("image/jpeg") || type.equals("image/jpg"))) {
            return new Prepared(bytes, "jpg");
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            throw new IOException("not a readable image (" + contentType + ")");
        }
        if (!type.equals("image/jpeg")) {
            byte[] png = encode(image, "png");
            if (png.length < MAX_BYTES) {
                return new Prepared(png, "png");
            }
        }
        BufferedImage current = opaque(image);
        for (int i = 0; i < 12; i++) {
            byte[] jpeg = jpeg(current, 0.85f);
            if (jpeg.length < MAX_BYTES) {
                return new Prepared(jpeg, "jpg");
            }
            current = scaled(current, 0.75);
        }
        throw new IOException("cannot make the image smaller than 1 MB");
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** JPEG has no transparency: paint on white. */
    private static BufferedImage opaque(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }

    private static BufferedImage scaled(BufferedImage image, double factor) {
        int width = Math.max(1, (int) (image.getWidth() * factor));
        int height = Math.max(1, (int) (image.getHeight() * factor));
        BufferedImage smaller = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = smaller.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return smaller;
    }
}
