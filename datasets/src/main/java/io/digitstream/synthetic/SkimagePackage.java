package io.digitstream.synthetic;

import io.digitstream.debian.DebianPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gets scikit-image's data directory from the Debian package {@code python3-skimage}: from the installed package when
 * there is one, else by {@link DebianPackage#downloadAndExtract} (no root needed).
 */
final class SkimagePackage implements TextureSource {
    private static final String DATA_DIR = "usr/lib/python3/dist-packages/skimage/data";
    private static final Path INSTALLED = Path.of("/", DATA_DIR);
    private static final DebianPackage PACKAGE =
            new DebianPackage(SkimagePhotographs.PACKAGE, SkimagePhotographs.VERSION, "about 21 MB");

    @Override
    public String description() {
        return PACKAGE.description();
    }

    @Override
    public Path fetch(Path workDir) throws IOException {
        if (Files.isDirectory(INSTALLED) && SkimagePhotographs.ALL.stream()
                .allMatch(pinned -> Files.isRegularFile(INSTALLED.resolve(pinned.file())))) {
            return INSTALLED;
        }
        try {
            return PACKAGE.downloadAndExtract(workDir).resolve(DATA_DIR);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + " (or set " + Textures.DIR_ENV
                    + " to a folder of PNG/JPEG photographs)", e);
        }
    }
}
