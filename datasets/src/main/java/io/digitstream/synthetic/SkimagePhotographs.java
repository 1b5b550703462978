package io.digitstream.synthetic;

import java.util.List;

/**
 * The background photographs: twelve images shipped in scikit-image's data directory, taken from the Debian package
 * {@code python3-skimage} 0.19.3-8 ({@code /usr/lib/python3/dist-packages/skimage/data/}). Only photographs and
 * natural textures whose scikit-image docstrings state a public-domain or CC0 status are used (the package itself is
 * BSD-3-Clause, {@code /usr/share/doc/python3-skimage/copyright}); {@code moon} (no statement) and the Middlebury
 * {@code motorcycle} pair (no license stated) are left out. The SHA-256 values equal scikit-image's own registry
 * ({@code skimage/data/_registry.py}).
 *
 * <table>
 * <tr><th>file</th><th>what</th><th>license (per scikit-image)</th><th>set</th></tr>
 * <tr><td>astronaut.png</td><td>Eileen Collins, NASA</td><td>public domain</td><td>training</td></tr>
 * <tr><td>brick.png</td><td>brick wall, CC0Textures</td><td>CC0</td><td>training</td></tr>
 * <tr><td>chelsea.png</td><td>Chelsea the cat (Stefan van der Walt)</td><td>CC0</td><td>training</td></tr>
 * <tr><td>clock_motion.png</td><td>motion-blurred clock (Stefan van der Walt)</td><td>public domain</td><td>training</td></tr>
 * <tr><td>coins.png</td><td>Greek coins, Brooklyn Museum</td><td>no known copyright restrictions</td><td>training</td></tr>
 * <tr><td>grass.png</td><td>grass, DeviantArt linolafett</td><td>CC0</td><td>training</td></tr>
 * <tr><td>hubble_deep_field.jpg</td><td>Hubble eXtreme Deep Field, NASA</td><td>public domain</td><td>training</td></tr>
 * <tr><td>retina.jpg</td><td>fundus photograph (M. Häggström)</td><td>CC0</td><td>training</td></tr>
 * <tr><td>camera.png</td><td>photographer with camera (Lav Varshney)</td><td>CC0</td><td>test</td></tr>
 * <tr><td>coffee.png</td><td>coffee cup (Rachel Michetti)</td><td>CC0</td><td>test</td></tr>
 * <tr><td>gravel.png</td><td>gravel, CC0Textures</td><td>CC0</td><td>test</td></tr>
 * <tr><td>rocket.jpg</td><td>DSCOVR launch on Falcon 9, SpaceX</td><td>public domain</td><td>test</td></tr>
 * </table>
 *
 * <p>Training and test are disjoint (8 and 4 images), each with a texture, a gray photograph and color photographs,
 * so digits generated from MNIST test for evaluation sit on backgrounds the model never saw while training.
 */
final class SkimagePhotographs {
    static final String PACKAGE = "python3-skimage";
    static final String VERSION = "0.19.3-8";

    record Pinned(String file, String sha256, boolean test) {
        String name() {
            return file.substring(0, file.lastIndexOf('.'));
        }
    }

    static final List<Pinned> ALL = List.of(
            new Pinned("astronaut.png", "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5", false),
            new Pinned("brick.png", "7966caf324f6ba843118d98f7a07746d22f6a343430add0233eca5f6eaaa8fcf", false),
            new Pinned("chelsea.png", "596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb", false),
            new Pinned("clock_motion.png", "f029226b28b642e80113d86622e9b215ee067a0966feaf5e60604a1e05733955", false),
            new Pinned("coins.png", "f8d773fc9cfa6f4d8e5942dc34d0a0788fcaed2a4fefbbed0aef5398d7ef4cba", false),
            new Pinned("grass.png", "b6b6022426b38936c43a4ac09635cd78af074e90f42ffa8227ac8b7452d39f89", false),
            new Pinned("hubble_deep_field.jpg", "3a19c5dd8a927a9334bb1229a6d63711b1c0c767fb27e2286e7c84a3e2c2f5f4", false),
            new Pinned("retina.jpg", "38a07f36f27f095e818aea7b96d34202c05176d30253c66733f2e00379e9e0e6", false),
            new Pinned("camera.png", "b0793d2adda0fa6ae899c03989482bff9a42d3d5690fc7e3648f2795d730c23a", true),
            new Pinned("coffee.png", "cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7", true),
            new Pinned("gravel.png", "c48615b451bf1e606fbd72c0aa9f8cc0f068ab7111ef7d93bb9b0f2586440c12", true),
            new Pinned("rocket.jpg", "c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c", true));

    private SkimagePhotographs() {
    }

    static boolean isPinnedFile(String fileName) {
        return ALL.stream().anyMatch(pinned -> pinned.file().equals(fileName));
    }
}
