package org.tongfa.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tongfa.support.ImageBombs;

class WeChatImagesTest {

    private static final long MB = 1024 * 1024;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /** Bytes this thread allocated while running {@code work}: what decoding really cost. */
    static long allocatedBy(Callable<?> work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
            work.call();
        } catch (Exception e) {
            // the caller asserts on the outcome separately
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void keepsSmallPngAndJpegAsTheyAre() throws Exception {
        byte[] png = WeChatTestSupport.PNG;

        WeChatImages.Prepared prepared = WeChatImages.prepare(png, "image/png");

        assertThat(prepared.bytes()).isSameAs(png);
        assertThat(prepared.extension()).isEqualTo("png");
    }

    @Test
    void turnsAGifIntoAPng() throws Exception {
        WeChatImages.Prepared prepared = WeChatImages.prepare(WeChatTestSupport.GIF, "image/gif");

        assertThat(prepared.extension()).isEqualTo("png");
        assertThat(ImageIO.read(new ByteArrayInputStream(prepared.bytes()))).isNotNull();
    }

    @Test
    void shrinksAJpegOverOneMegabyteUntilItFits() throws Exception {
        BufferedImage noise = new BufferedImage(1800, 1800, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < noise.getHeight(); y++) {
            for (int x = 0; x < noise.getWidth(); x++) {
                noise.setRGB(x, y, random.nextInt(0xffffff));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(noise, "jpeg", out);
        assertThat(out.size()).isGreaterThan(WeChatImages.MAX_BYTES);

        WeChatImages.Prepared prepared = WeChatImages.prepare(out.toByteArray(), "image/jpeg");

        assertThat(prepared.extension()).isEqualTo("jpg");
        assertThat(prepared.bytes().length).isLessThan(WeChatImages.MAX_BYTES);
        assertThat(ImageIO.read(new ByteArrayInputStream(prepared.bytes())).getWidth()).isLessThan(1800);
    }

    @Test
    void refusesADecompressionBombFromItsHeaderWithoutDecodingIt() {
        // 10000 x 10000 RGBA at 16 bits: 800 MB decoded, a 1.1 MB file (so it cannot pass through as it is).
        byte[] bomb = ImageBombs.png(10_000, 10_000, 16, ImageBombs.RGBA, 1, 1_100_000);
        assertThat(bomb.length).isGreaterThan(WeChatImages.MAX_BYTES);

        Throwable refused = catchThrowable(() -> WeChatImages.prepare(bomb, "image/png"));
        long allocated = allocatedBy(() -> WeChatImages.prepare(bomb, "image/png"));

        assertThat(refused).isInstanceOf(IOException.class).hasMessageContaining("10000x10000");
        assertThat(allocated).as("bytes allocated").isLessThan(32 * MB);
    }

    @Test
    void scalesDownALargeImageBySubsamplingWithoutDecodingItWhole() throws Exception {
        // 5000 x 5000 RGBA at 16 bits: 200 MB decoded whole.
        byte[] large = ImageBombs.png(5000, 5000, 16, ImageBombs.RGBA, 5000, 1_100_000);
        WeChatImages.Prepared[] prepared = new WeChatImages.Prepared[1];

        long allocated = allocatedBy(() -> prepared[0] = WeChatImages.prepare(large, "image/png"));

        assertThat(prepared[0]).isNotNull();
        assertThat(prepared[0].bytes().length).isLessThan(WeChatImages.MAX_BYTES);
        BufferedImage result = ImageIO.read(new ByteArrayInputStream(prepared[0].bytes()));
        assertThat(result.getWidth()).isLessThanOrEqualTo(2048).isGreaterThan(1000);
        assertThat(allocated).as("bytes allocated").isLessThan(120 * MB);
    }

    @Test
    void stopsConvertingWhenTheThreadIsInterruptedAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();

        Throwable stopped = catchThrowable(() -> WeChatImages.prepare(WeChatTestSupport.GIF, "image/gif"));

        assertThat(stopped).isInstanceOf(InterruptedIOException.class);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
}
