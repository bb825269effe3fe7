package org.tongfa.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The inspector knows an image by its bytes and refuses one that is cut short or damaged. */
class ImageInspectorTest {

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
        ImageInspector.Inspection inspection = ImageInspector.inspect(encode(format, 48, 32));

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
            assertThatThrownBy(() -> ImageInspector.inspect(cut)).as("%s cut to %d bytes", format, length)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 60})
    void aPngWithAFlippedByteIsRefused(int position) throws IOException {
        byte[] png = encode("png", 48, 32);
        png[position] ^= 0x55;

        assertThatThrownBy(() -> ImageInspector.inspect(png)).isInstanceOf(IllegalArgumentException.class);
    }
}
