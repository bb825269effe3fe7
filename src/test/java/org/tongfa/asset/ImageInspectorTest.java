package org.tongfa.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.tongfa.support.ImageBombs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The inspector knows an image by its bytes and refuses one that is cut short or damaged. */
class ImageInspectorTest {

    private static final ImageInspector.Limits LIMITS = new ImageInspector.Limits(128L << 20, 16384);

    private static byte[] encode(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x * 31 + y * 17) * 0x010203);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "gif"})
    void aWholeImageIsAccepted(String format) throws IOException {
        ImageInspector.Inspection inspection = ImageInspector.inspect(encode(format, 48, 32), LIMITS);

        assertThat(inspection.width()).isEqualTo(48);
        assertThat(inspection.height()).isEqualTo(32);
        assertThat(inspection.contentType()).startsWith("image/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "gif"})
    void anImageCutShortIsRefused(String format) throws IOException {
        byte[] whole = encode(format, 48, 32);

        for (int length : new int[] {whole.length - 1, whole.length / 2, 40}) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> ImageInspector.inspect(cut, LIMITS)).as("%s cut to %d bytes", format, length)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 60})
    void aPngWithAFlippedByteIsRefused(int position) throws IOException {
        byte[] png = encode("png", 48, 32);
        png[position] ^= 0x55;

        assertThatThrownBy(() -> ImageInspector.inspect(png, LIMITS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheDecodedSizeFromEachFormatsHeader() throws IOException {
        assertThat(ImageInspector.inspect(ImageBombs.png(300, 200, 16, ImageBombs.RGBA, 200, 0), LIMITS).decodedBytes())
                .isEqualTo(300L * 200 * 8);
        assertThat(ImageInspector.inspect(ImageBombs.png(300, 200, 8, 2, 200, 0), LIMITS).decodedBytes())
                .isEqualTo(300L * 200 * 3);
        assertThat(ImageInspector.inspect(ImageBombs.png(300, 200, 1, 0, 200, 0), LIMITS).decodedBytes())
                .isEqualTo(300L * 200);
        assertThat(ImageInspector.inspect(encode("jpg", 48, 32), LIMITS).decodedBytes()).isEqualTo(48L * 32 * 3);
        assertThat(ImageInspector.inspect(encode("gif", 48, 32), LIMITS).decodedBytes()).isEqualTo(48L * 32);
    }

    @Test
    void refusesEveryFormatDeclaringMoreThanTheDecodedLimit() {
        ImageInspector.Limits small = new ImageInspector.Limits(1_000_000, 16384);

        assertThatThrownBy(() -> ImageInspector.inspect(ImageBombs.png(501, 500, 8, ImageBombs.RGBA, 1, 0), small))
                .isInstanceOf(ImageInspector.TooLargeException.class).hasMessageContaining("1,002,000 bytes once decoded");
        assertThatThrownBy(() -> ImageInspector.inspect(ImageBombs.jpegDeclaring(600, 600), small))
                .isInstanceOf(ImageInspector.TooLargeException.class).hasMessageContaining("600x600");
        assertThatThrownBy(() -> ImageInspector.inspect(ImageBombs.gifDeclaring(1001, 1000), small))
                .isInstanceOf(ImageInspector.TooLargeException.class).hasMessageContaining("1001x1000");
        assertThat(ImageInspector.inspect(ImageBombs.png(500, 500, 8, ImageBombs.RGBA, 1, 0),
                new ImageInspector.Limits(1_000_000, 16384)).decodedBytes()).isEqualTo(1_000_000);
    }

    @Test
    void refusesAnImageWiderOrTallerThanTheMaximumDimension() {
        ImageInspector.Limits limits = new ImageInspector.Limits(1L << 40, 1000);

        assertThatThrownBy(() -> ImageInspector.inspect(ImageBombs.png(1001, 1, 8, 0, 1, 0), limits))
                .isInstanceOf(ImageInspector.TooLargeException.class).hasMessageContaining("max-dimension");
        assertThatThrownBy(() -> ImageInspector.inspect(ImageBombs.png(1, 1001, 8, 0, 1, 0), limits))
                .isInstanceOf(ImageInspector.TooLargeException.class);
        assertThat(ImageInspector.inspect(ImageBombs.png(1000, 1000, 8, 0, 1, 0), limits).width()).isEqualTo(1000);
    }
}
