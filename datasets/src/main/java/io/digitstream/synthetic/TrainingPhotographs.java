package io.digitstream.synthetic;

import io.digitstream.debian.DebianPackage;
import io.digitstream.debian.PinnedFiles;
import io.digitstream.debian.PinnedFiles.Pinned;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Training-only background photographs beside scikit-image's: 25 photographs by fourteen photographers from three Debian
 * wallpaper packages, SHA-256-pinned and cached in {@code ~/.cache/digit-stream/training-photographs} (offline after
 * the first fetch; missing or damaged files are fetched again). Used at run time, never redistributed. They never
 * reach {@link Textures#testSet()}, so the figures of the evaluation sets generated from it stay comparable.
 *
 * <table>
 * <tr><th>package (bookworm)</th><th>files</th><th>license (per {@code /usr/share/doc/<package>/copyright})</th></tr>
 * <tr><td>{@code lomiri-wallpapers-16.04} 20.04.0-2, about 16 MB</td><td>14 of the 15 photographs in
 *     {@code /usr/share/backgrounds} (Ubuntu Touch's 2018 wallpaper contest: landscapes, plants, a bridge, a dog,
 *     brushes, a clock; A. Berasategi, P. Nerlich, S. Klootwijk, Bolly, Freespace, J. Mede, C. Engelhardt); not
 *     {@code umang_by_Abhishek_Mudgal.jpg}, a hazy sunset without one textured patch</td><td>CC-BY-4.0, CC-BY-SA-4.0
 *     or CC0-1.0, per file</td></tr>
 * <tr><td>{@code lomiri-wallpapers-20.04} 20.04.0-2, about 11 MB</td><td>{@code Kleiber_by_Lukas_Baubkus.jpg}
 *     (a nuthatch on a trunk; the package's other three are drawings)</td><td>CC-BY-SA-3.0</td></tr>
 * <tr><td>{@code plasma-workspace-wallpapers} 4:5.27.5-2, about 94 MB</td><td>the 2560x1600 version of 10 of the
 *     11 photographs among KDE's wallpapers (lakes, a pier, cups, leaves, moss, a forest path, a facade, a kite; R.
 *     Saukonpää, M. Wiklo, D. Popov, I. Hex, M. Klapetek, S. Sagi); not {@code DarkestHour}, near black, nor the
 *     drawings and renderings</td><td>GPL-2+ (each wallpaper's {@code metadata.json}: LGPLv3)</td></tr>
 * </table>
 *
 * <p>The photographs are shrunk on load to at most {@link #MAX_SIDE} pixels a side: that bounds the heap (the largest,
 * 6028x3391, would otherwise hold 20 MB of gray) and brings them near the scale of scikit-image's, so that a 28-pixel
 * patch shows a leaf or a stone rather than a blur inside one.
 */
public final class TrainingPhotographs {
    /** The longer side's bound after loading, in pixels. */
    public static final int MAX_SIDE = 1280;

    /** One package's directory and the files taken from it. */
    record Group(DebianPackage debianPackage, String directory, List<Pinned> files) {
    }

    private static final String PLASMA_IMAGE = "/contents/images/2560x1600.jpg";

    static final List<Group> GROUPS = List.of(
            new Group(new DebianPackage("lomiri-wallpapers-16.04", "20.04.0-2", "about 16 MB"),
                    "usr/share/backgrounds", List.of(
                    new Pinned("aitzgorri_by_Aitzol_Berasategi.jpg", "66268e7b48f8854d36a28765fac6e23ec1aee251daa6da1f64715f201020ad36"),
                    new Pinned("analogpattern_by_Peter_Nerlich.jpg", "15372488a192b2be2eafc67bd3ed31cbfca19abe3929e925607fcbc9cb4d4202"),
                    new Pinned("Bridge_by_Sander_Klootwijk.jpg", "bd86b081f9975e2b83527f71e49b9271a8ab40885428395969d9f7d834d7f050"),
                    new Pinned("Dragonfly_by_Bolly.jpg", "af5af17841009732def24b09bb1e669a1b09d2b4bdeee7812c371101c30d2bb3"),
                    new Pinned("free_by_Peter_Nerlich.jpg", "85a5453c2fed514c75973016f3d862aca62eb7ca087618822469274ac1092373"),
                    new Pinned("friends_by_Aitzol_Berasategi.jpg", "cc40e313c74e421edffe3403def413c16878ce14661cce7ec5915baeab35538d"),
                    new Pinned("greentock_by_Peter_Nerlich.jpg", "e7b20e2db9dcd6e2b278ca55873c2110b35d89cd38b04d0b18728726888e6889"),
                    new Pinned("life_by_Aitzol_Berasategi.jpg", "4c119350ead80201fe256850c3d316309ddfb4bdf10b235ce982dcde0c667c05"),
                    new Pinned("picosdeeuropa_by_Aitzol_Berasategi.jpg", "414d0072b2f6f2c555deafeaef6e45c4fed6fa9ad26eba6560ca8803959cf97a"),
                    new Pinned("Picture_0B_by_freespace.jpg", "c8c0ab18e48d9e0419fe42881112137f3afafc27dfddc29ec3a6d54c56d225ad"),
                    new Pinned("Picture_1A_by_freespace.jpg", "89e86af38d04daaef975665dc2127e9fa76f0fd68f4eea105a2d0ae3390b010b"),
                    new Pinned("seeding_by_Clements_Engelhardt.jpg", "a5634d1ab5e41a3568e92d4a894a500c92b891f9ff734e50bd224d6e185a605f"),
                    new Pinned("sunset_by_Aitzol_Berasategi.jpg", "474dab6a4b9f94dc76c29dfe30e9f5db4af0fd2e33fe5d695f8152b371efca18"),
                    new Pinned("Wine_by_Jakkub_Mede.jpg", "d2e96e6d4da40dd804b3d0ce295e94de04a2d7d9b6785d42cd9d92ba58bced74"))),
            new Group(new DebianPackage("lomiri-wallpapers-20.04", "20.04.0-2", "about 11 MB"),
                    "usr/share/backgrounds", List.of(
                    new Pinned("Kleiber_by_Lukas_Baubkus.jpg", "6572410c09f4492c74ccadde133565a14c0161617d5917d4c820c66d65a44ba7"))),
            new Group(new DebianPackage("plasma-workspace-wallpapers", "4:5.27.5-2", "about 94 MB"),
                    "usr/share/wallpapers", List.of(
                    plasma("BytheWater", "c272434ef39f2abf1ed48a15a8910088020f3165329a5092f3940ec9464bc05f"),
                    plasma("ColdRipple", "05bef6722fc0ed81292cceb3ed026c38d17e510f3c84be7d68610c2b1a723c3f"),
                    plasma("ColorfulCups", "6e0f3a72feb5a4a9fec191b77e34874c3c69e2d93040deb3f07773e73385023d"),
                    plasma("EveningGlow", "586682dcb362b9f620068f10138f87d0d3649939aef238adc5807cb951976a7a"),
                    plasma("FallenLeaf", "95603a6560c7e8d50e0e03b3f4adbe39c5258c72528e74e4ecaea1daf4e499de"),
                    plasma("Grey", "88c31d8944b7e6935d1b9a296654c692f0772cb512491713eb30a972a604c0ed"),
                    plasma("Kite", "bdca288ce296a981e80659c021cf707caddc702c0c8d4247e60bd618476d47f8"),
                    plasma("OneStandsOut", "cb507baf1dafdcae362264f3aba9483ed4be5f6c9fdd770f0ec0920c6d9e80fd"),
                    plasma("Path", "7477457d7f17b736259f1b021864778ad4ba802cf3214e6728181ff29126bba8"),
                    plasma("summer_1am", "c868b50789591dd42910153c768053f1ba0a98cb36bbfc2b7a96a1045d0477f8"))));

    private final Path cacheDir;
    private final Function<Group, PinnedFiles.Source> sources;

    TrainingPhotographs(Path cacheDir, Function<Group, PinnedFiles.Source> sources) {
        this.cacheDir = cacheDir;
        this.sources = sources;
    }

    /** From the Debian mirror into {@link #defaultCacheDir()}. */
    static TrainingPhotographs fromDebian() {
        return fromDebian(defaultCacheDir());
    }

    static TrainingPhotographs fromDebian(Path cacheDir) {
        return new TrainingPhotographs(cacheDir, group -> group.debianPackage().directory(group.directory()));
    }

    /** {@code $HOME/.cache/digit-stream/training-photographs}. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "digit-stream", "training-photographs");
    }

    /** Every pinned file, in order; cache names are unique across packages. */
    public static List<Pinned> files() {
        return GROUPS.stream().flatMap(group -> group.files().stream()).toList();
    }

    /**
     * E.g. {@code 25 training-only photographs (Debian packages lomiri-wallpapers-16.04 20.04.0-2, ...)}, naming every
     * package and version, without fetching anything.
     */
    static String description() {
        return files().size() + " training-only photographs (" + packages() + ")";
    }

    /** E.g. {@code Debian packages lomiri-wallpapers-16.04 20.04.0-2, ...}. */
    static String packages() {
        return "Debian packages " + GROUPS.stream()
                .map(group -> group.debianPackage().name() + " " + group.debianPackage().version())
                .collect(Collectors.joining(", "));
    }

    /** The image names, in order, without fetching anything. */
    static List<String> names() {
        return files().stream().map(pinned -> nameOf(pinned.fileName())).toList();
    }

    /** The photographs, shrunk to {@link #MAX_SIDE}, fetching the missing or damaged ones first. */
    List<Texture> load() throws IOException {
        List<Texture> photographs = new ArrayList<>();
        for (Group group : GROUPS) {
            List<Path> files = new PinnedFiles(sources.apply(group), group.files()).fetch(cacheDir);
            for (int i = 0; i < files.size(); i++) {
                photographs.add(Texture.load(nameOf(group.files().get(i).fileName()), files.get(i), false, MAX_SIDE));
            }
        }
        return photographs;
    }

    private static Pinned plasma(String wallpaper, String sha256) {
        return new Pinned(wallpaper + PLASMA_IMAGE, sha256, wallpaper + ".jpg");
    }

    private static String nameOf(String fileName) {
        return fileName.substring(0, fileName.lastIndexOf('.'));
    }
}
