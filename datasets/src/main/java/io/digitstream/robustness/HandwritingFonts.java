package io.digitstream.robustness;

import io.digitstream.debian.DebianPackage;
import io.digitstream.debian.PinnedFiles;
import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Handwriting fonts from Debian, for {@code fonts-handwriting}: digits written by people other than MNIST's writers,
 * each face a person's hand made into a font. Licences per {@code /usr/share/doc/PACKAGE/copyright}: fonts-bwht
 * (six hands of the "Because We Had To" project, OFL-1.1), fonts-breip (OFL-1.0), fonts-dkg-handwriting (GPL-3+,
 * sources OFL-1.1), fonts-humor-sans (OFL-1.1), fonts-rufscript (GPL-3+ with font exception), fonts-sjfonts (GPL-2
 * with font exception), fonts-yusei-magic (a marker hand, OFL-1.1). Left out: fonts-femkeklaver (hollow outlines),
 * fonts-klee (typeset-regular digits, 21 MB). Used at run time, never redistributed; SHA-256-pinned, cached in
 * {@code ~/.cache/digit-stream/handwriting-fonts}.
 */
final class HandwritingFonts {

    /** One Debian package's pinned font files. */
    record FontPackage(DebianPackage debianPackage, String dir, List<PinnedFiles.Pinned> files) {
    }

    static final List<FontPackage> PACKAGES = List.of(
            new FontPackage(new DebianPackage("fonts-bwht", "0.1-3", "about 100 kB"), "usr/share/fonts/opentype/bwht",
                    List.of(pinned("BecauseWeBuild-Regular.otf", "202160d49b0cfbe8a812c5a75487058f7caba2398324214a1e6d34f24b68d855"),
                            pinned("BecauseWeConnect-Regular.otf", "c9c7135605a5c8cd143b611881c93383c6804166c4770810ab0c07dbbff3aac9"),
                            pinned("BecauseWeCreate-Regular.otf", "abdbea89b7de43bccae63975af1714a26a473584341d5c395fca1cb1c51ff48f"),
                            pinned("BecauseWeLearn-Regular.otf", "d5551a6a1449de4ee2e8ddcd0bcc3e7d292d24c61fc6515d8db9b03a65b127dd"),
                            pinned("BecauseWeMentor-Regular.otf", "b71888fd9a79936e44a55baf1bf0bb4e594827be890882c4fc9918409e8c2509"),
                            pinned("BecauseWeOrganize-Regular.otf", "f97f8557caa4de42f743d8d4ea0851993b12c112e8713fd6d6d08881e6a24c5e"))),
            new FontPackage(new DebianPackage("fonts-breip", "1:0.5.1-3", "about 60 kB"), "usr/share/fonts/truetype/breip",
                    List.of(pinned("Breip.ttf", "cded2aeeeb7d35baa8aa5b57df35a25836910498271d3d2eec502f6aa7033eb7"))),
            new FontPackage(new DebianPackage("fonts-dkg-handwriting", "0.17-1", "about 300 kB"),
                    "usr/share/fonts/truetype/fifthhorseman",
                    List.of(pinned("dkg.ttf", "93eb07f57b84f04fa975ebf49ecec43d9b2c85834a9b63864072c6b993efd131"),
                            pinned("dkgBI.ttf", "42699be9d77fc2b580b7bb83e664855e835b3306801187a6577f802409dd0f48"),
                            pinned("dkgBd.ttf", "62b88a2819923a5f0ab3944713122d0a0957a4081c0294d00c3205e225d5c3f2"),
                            pinned("dkgIt.ttf", "911843f094cbe0508dd5049e3e610020d97b395cdaa8ed088f0f3af8e3a6e661"))),
            new FontPackage(new DebianPackage("fonts-humor-sans", "1.0-4", "about 20 kB"),
                    "usr/share/fonts/truetype/humor-sans",
                    List.of(pinned("Humor-Sans.ttf", "2ded6a27448c9ed30aaff177744e2bcf1e52e0aab018b2a8be64565df633318f"))),
            new FontPackage(new DebianPackage("fonts-rufscript", "010-6", "about 20 kB"),
                    "usr/share/fonts/truetype/rufscript",
                    List.of(pinned("Rufscript010.ttf", "99b16515f19ab35d18049235797b0dbe3ec73535d455994442b206c96405050f"))),
            new FontPackage(new DebianPackage("fonts-sjfonts", "2.1-2", "about 100 kB"), "usr/share/fonts/truetype/sjfonts",
                    List.of(pinned("Delphine.ttf", "afeea795e392f6b8e0cc4ba3978375908d1f29f8d82f1b7b15d9fdc755a05288"),
                            pinned("SteveHand.ttf", "51e0820b832b2cd3db9dc9a759520c868166ae291f19afc3d94689e668d0435e"))),
            new FontPackage(new DebianPackage("fonts-yusei-magic", "1.000-20210130-2", "about 3 MB"),
                    "usr/share/fonts/truetype/yusei-magic",
                    List.of(pinned("YuseiMagic-Regular.ttf", "65e62d87973faaa92b473afd8fc36eeb81b738118e80223be0b2ecda74d05cb4"))));

    private HandwritingFonts() {
    }

    static List<Font> fetch() throws IOException {
        return fetch(Path.of(System.getProperty("user.home"), ".cache", "digit-stream", "handwriting-fonts"));
    }

    /** Every pinned face, in the order above. */
    static List<Font> fetch(Path cacheDir) throws IOException {
        List<Font> fonts = new ArrayList<>();
        for (FontPackage fontPackage : PACKAGES) {
            List<Path> files = new PinnedFiles(fontPackage.debianPackage().directory(fontPackage.dir()),
                    fontPackage.files()).fetch(cacheDir);
            for (Path file : files) {
                try {
                    fonts.add(Font.createFont(Font.TRUETYPE_FONT, file.toFile()));
                } catch (FontFormatException e) {
                    throw new IOException("cannot read font " + file + ": " + e.getMessage(), e);
                }
            }
        }
        return List.copyOf(fonts);
    }

    private static PinnedFiles.Pinned pinned(String file, String sha256) {
        return new PinnedFiles.Pinned(file, sha256);
    }
}
