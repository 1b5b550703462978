package io.digitstream.image;

import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * The JDK's own ImageIO readers. Whatever else is on the class path (DL4J brings a 2015 TwelveMonkeys JPEG plugin that
 * ImageIO would prefer) never sees untrusted bytes.
 */
public final class BuiltInImageReaders {

    private BuiltInImageReaders() {
    }

    /**
     * @param formatName an ImageIO format name: {@code PNG}, {@code JPEG}, {@code BMP}, {@code TIFF}, {@code GIF}
     * @return a new reader, to be disposed by the caller: the JDK's, or another plugin's if the JDK has none
     * @throws IllegalStateException if this JVM cannot read the format at all
     */
    public static ImageReader forFormat(String formatName) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(formatName);
        ImageReader fallback = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getOriginatingProvider().getClass().getName().startsWith("com.sun.imageio.plugins.")) {
                if (fallback != null) {
                    fallback.dispose();
                }
                return reader;
            }
            if (fallback == null) {
                fallback = reader;
            } else {
                reader.dispose();
            }
        }
        if (fallback == null) {
            throw new IllegalStateException("this JVM has no ImageIO reader for " + formatName);
        }
        return fallback;
    }
}
