package org.tongfa.channel.wechat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOWriteProgressListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Makes an image acceptable to {@code media/uploadimg}: JPEG or PNG under 1 MB. A GIF becomes a PNG
 * (its first frame); anything too big is re-encoded as JPEG and scaled down until it fits. WeChat
 * strips images it did not host, so an image that cannot be made to fit fails the delivery instead
 * of silently vanishing.
 *
 * <p><b>Bounded memory.</b> A small file can declare a huge picture (a decompression bomb), so the
 * header is read first, without decoding: a picture that would take more than
 * {@link #MAX_SOURCE_DECODED_BYTES} is refused outright, and any other is decoded subsampled (every
 * n-th pixel of every n-th row) to at most {@link #MAX_DECODED_PIXELS}, which is more than a phone
 * shows. No image costs more than a few tens of megabytes, however large it claims to be.
 *
 * <p><b>Interruption.</b> Decoding and encoding stop when the thread is interrupted (the service is
 * stopping) and throw {@link InterruptedIOException} with the interrupt still set: the image is not
 * at fault. Every other failure is an {@link UnusableImageException}: the image itself can never be
 * made acceptable.
 */
final class WeChatImages {

    /** WeChat says "under 1 MB"; stay clearly below it. */
    static final int MAX_BYTES = 1_000_000;

    /** At most this many pixels are ever decoded (2048 x 2048): larger pictures are subsampled. */
    static final long MAX_DECODED_PIXELS = 2048L * 2048;

    /**
     * A picture declaring more than this once decoded whole is refused, not converted: subsampling
     * bounds memory but the reader still inflates every row, and uploads are capped far below this
     * ({@code tongfa.assets.max-decoded-bytes}), so only a bomb stored before that cap gets here.
     */
    static final long MAX_SOURCE_DECODED_BYTES = 512L * 1024 * 1024;

    /** Bytes ready to upload and the file extension WeChat infers the type from. */
    record Prepared(byte[] bytes, String extension) {
    }

    /** The image cannot be made acceptable to WeChat, whatever the number of attempts. */
    static final class UnusableImageException extends IOException {

        UnusableImageException(String message) {
            super(message);
        }
    }

    private WeChatImages() {
    }

    /**
     * @throws UnusableImageException when the bytes are no readable image, declare too large a
     *     picture, or cannot be made small enough
     * @throws InterruptedIOException when the thread was interrupted; its interrupt stays set
     */
    static Prepared prepare(byte[] bytes, String contentType) throws IOException {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (bytes.length < MAX_BYTES && type.equals("image/png")) {
            return new Prepared(bytes, "png");
        }
        if (bytes.length < MAX_BYTES && (type.equals("image/jpeg") || type.equals("image/jpg"))) {
            return new Prepared(bytes, "jpg");
        }
        checkInterrupted();
        BufferedImage image = decode(bytes, contentType);
        if (!type.equals("image/jpeg")) {
            byte[] png = encode(image, "png", null);
            if (png.length < MAX_BYTES) {
                return new Prepared(png, "png");
            }
        }
        BufferedImage current = opaque(image);
        for (int i = 0; i < 12; i++) {
            byte[] jpeg = encode(current, "jpeg", 0.85f);
            if (jpeg.length < MAX_BYTES) {
                return new Prepared(jpeg, "jpg");
            }
            checkInterrupted();
            current = scaled(current, 0.75);
        }
        throw new UnusableImageException("cannot make the image smaller than 1 MB");
    }

    /** The first image of {@code bytes}, subsampled to {@link #MAX_DECODED_PIXELS} at most. */
    private static BufferedImage decode(byte[] bytes, String contentType) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnusableImageException("not a readable image (" + contentType + ")");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // The header only: nothing is decoded yet.
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                int bytesPerPixel = bytesPerPixel(reader);
                long whole = (long) width * height * bytesPerPixel;
                if (width <= 0 || height <= 0 || whole > MAX_SOURCE_DECODED_BYTES) {
                    throw new UnusableImageException(String.format(Locale.ROOT, "declares %dx%d pixels at %d bytes"
                            + " per pixel (%,d bytes once decoded), more than the %,d bytes an image may take;"
                            + " replace it with a smaller one", width, height, bytesPerPixel, whole,
                            MAX_SOURCE_DECODED_BYTES));
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = subsampling(width, height);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                reader.addIIOReadProgressListener(new AbortReadOnInterrupt());
                BufferedImage image = reader.read(0, param);
                // An aborted read returns what it had so far: never use a partial picture.
                checkInterrupted();
                return image;
            } finally {
                reader.dispose();
            }
        } catch (UnusableImageException | InterruptedIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            checkInterrupted();
            // Everything is in memory: a failure here is the data's, not the machine's.
            throw new UnusableImageException("not a readable image (" + contentType + "): " + e.getMessage());
        }
    }

    /** What one pixel takes in the reader's own decoded form; unknown types count as four bytes. */
    private static int bytesPerPixel(ImageReader reader) throws IOException {
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            type = types.hasNext() ? types.next() : null;
        }
        if (type == null) {
            return 4;
        }
        SampleModel model = type.getSampleModel();
        return Math.max(1, DataBuffer.getDataTypeSize(model.getDataType()) / 8 * model.getNumDataElements());
    }

    /** The smallest step n for which every n-th pixel of every n-th row fits {@link #MAX_DECODED_PIXELS}. */
    static int subsampling(int width, int height) {
        int step = (int) Math.max(1, Math.ceil(Math.sqrt((double) width * height / MAX_DECODED_PIXELS)));
        while (((long) width + step - 1) / step * (((long) height + step - 1) / step) > MAX_DECODED_PIXELS) {
            step++;
        }
        return step;
    }

    /** PNG, or JPEG at {@code quality}, written in memory (ImageIO's default cache is a temporary file). */
    private static byte[] encode(BufferedImage image, String format, Float quality) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IllegalStateException("no " + format + " writer in this JVM");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.addIIOWriteProgressListener(new AbortWriteOnInterrupt());
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        checkInterrupted();
        return out.toByteArray();
    }

    private static void checkInterrupted() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            // The interrupt stays set for the caller and the thread's owner.
            throw new InterruptedIOException("interrupted while converting the image");
        }
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

    /** Stops a read between rows once the thread is interrupted. */
    private static final class AbortReadOnInterrupt implements IIOReadProgressListener {

        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            if (Thread.currentThread().isInterrupted()) {
                source.abort();
            }
        }

        @Override
        public void sequenceStarted(ImageReader source, int minIndex) {
        }

        @Override
        public void sequenceComplete(ImageReader source) {
        }

        @Override
        public void imageStarted(ImageReader source, int imageIndex) {
        }

        @Override
        public void imageComplete(ImageReader source) {
        }

        @Override
        public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageReader source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageReader source) {
        }

        @Override
        public void readAborted(ImageReader source) {
        }
    }

    /** Stops a write once the thread is interrupted. */
    private static final class AbortWriteOnInterrupt implements IIOWriteProgressListener {

        @Override
        public void imageProgress(ImageWriter source, float percentageDone) {
            if (Thread.currentThread().isInterrupted()) {
                source.abort();
            }
        }

        @Override
        public void imageStarted(ImageWriter source, int imageIndex) {
        }

        @Override
        public void imageComplete(ImageWriter source) {
        }

        @Override
        public void thumbnailStarted(ImageWriter source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageWriter source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageWriter source) {
        }

        @Override
        public void writeAborted(ImageWriter source) {
        }
    }
}
