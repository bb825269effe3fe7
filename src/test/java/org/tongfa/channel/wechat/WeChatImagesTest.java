package org.tongfa.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class WeChatImagesTest {

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
}
